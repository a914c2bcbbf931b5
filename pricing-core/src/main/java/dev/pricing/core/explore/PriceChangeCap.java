package dev.pricing.core.explore;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits how often an explorer changes the price it serves. Market time (the request's
 * {@code market.time()}) is cut into windows of {@code interval}, aligned to the Unix epoch; within one
 * window the explorer serves the price it chose first in that window:
 *
 * <ul>
 *   <li>{@link Scope#PRODUCT}: one price per product per window, for every customer. A product's served
 *       price therefore changes at most once per interval (at a window boundary), and every customer sees
 *       the same price for it within a window.
 *   <li>{@link Scope#CUSTOMER}: one price per (customer, product) per window. The same customer sees the
 *       same price for a product within a window; different customers may see different prices.
 * </ul>
 *
 * <p>When the sticky price is no longer among the candidates (the guardrails moved, for example because the
 * reference price changed), the explorer chooses afresh and starts a new sticky price for the rest of the
 * window; {@code BanditExplorer.capBreaks()} counts those.
 *
 * <p><b>Propensity.</b> A sticky decision reports the propensity of the randomised choice that started its
 * window (made for another request, or for the same customer earlier). That is the probability with which
 * this price was drawn for the window, but the decisions within a window share one draw: they are one
 * randomisation unit, not independent samples. Off-policy estimates over a capped explorer's log are
 * unbiased only when the target policy is also constant within the window; their intervals must be
 * computed per window (cluster), not per request.
 *
 * <p>Immutable and thread-safe.
 *
 * @param interval the window length, at least one second
 * @param scope who shares a sticky price
 */
public record PriceChangeCap(Duration interval, Scope scope) {

  /** Who shares a sticky price within a window. */
  public enum Scope {
    /** Every customer of a product. */
    PRODUCT,
    /** One customer for one product. */
    CUSTOMER
  }

  /**
   * Validates the components.
   *
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException naming the value if the interval is shorter than one second
   */
  public PriceChangeCap {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(scope, "scope");
    if (interval.getSeconds() < 1) {
      throw new IllegalArgumentException("interval must be at least 1 second, found " + interval);
    }
  }

  /**
   * Returns a per-product cap: at most one price change per interval, the same price for every customer
   * within a window.
   *
   * @param interval the window length
   * @return the cap
   */
  public static PriceChangeCap perProduct(Duration interval) {
    return new PriceChangeCap(interval, Scope.PRODUCT);
  }

  /**
   * Returns a per-customer cap: the same customer sees the same price for a product within a window.
   *
   * @param interval the window length
   * @return the cap
   */
  public static PriceChangeCap perCustomer(Duration interval) {
    return new PriceChangeCap(interval, Scope.CUSTOMER);
  }
}
