package dev.pricing.eval;

import dev.pricing.api.PricingRequest;
import java.util.Objects;

/**
 * One entry of an offer log as off-policy evaluation needs it: the context, the price the logging policy
 * offered, the probability with which it offered that price, and the observed reward (for example profit).
 *
 * <p>Rejects a null request, a negative or non-finite price, a propensity that is NaN, zero, negative or
 * above 1, and a non-finite reward, with an {@link IllegalArgumentException} naming the field and value.
 * Immutable and thread-safe.
 *
 * @param request the context
 * @param price the price offered
 * @param propensity the logging policy's probability of that price, in (0, 1]
 * @param reward the observed reward
 */
public record LoggedOffer(PricingRequest request, double price, double propensity, double reward) {

  /** Validates every component. */
  public LoggedOffer {
    Objects.requireNonNull(request, "request");
    if (!Double.isFinite(price) || price < 0) {
      throw new IllegalArgumentException("price must be finite and non-negative, found " + price);
    }
    requirePropensity(propensity);
    if (!Double.isFinite(reward)) {
      throw new IllegalArgumentException("reward must be finite, found " + reward);
    }
  }

  static void requirePropensity(double propensity) {
    if (!(propensity > 0 && propensity <= 1)) {
      throw new IllegalArgumentException("propensity must be in (0, 1], found " + propensity);
    }
  }
}
