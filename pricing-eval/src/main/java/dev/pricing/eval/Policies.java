package dev.pricing.eval;

import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import java.util.Objects;

/**
 * Simple pricing policies: the list price, a fixed ratio to list, and any {@link PricingEngine}.
 *
 * <p>Factories reject null or blank names and out-of-range ratios with an {@link IllegalArgumentException}.
 * The returned policies are immutable and thread-safe (an engine policy is as thread-safe as the engine,
 * which is).
 */
public final class Policies {
  private Policies() {}

  /** @return the policy that always offers the product's list price */
  public static PricingPolicy listPrice() {
    return new Named("list price", r -> PriceDistribution.point(r.product().listPrice().doubleValue()));
  }

  /**
   * Returns the policy that offers {@code ratio} times the list price, rounded to the cent.
   *
   * @param name the policy's name
   * @param ratio the ratio, finite and in (0, 10]
   * @return the policy
   */
  public static PricingPolicy ratioToList(String name, double ratio) {
    if (!(ratio > 0 && ratio <= 10)) {
      throw new IllegalArgumentException("ratio must be in (0, 10], found " + ratio);
    }
    return new Named(name, r -> PriceDistribution.point(
        Math.round(r.product().listPrice().doubleValue() * ratio * 100) / 100.0));
  }

  /**
   * Returns the policy that offers the price an engine decides.
   *
   * @param name the policy's name
   * @param engine the engine; must stay open while the policy is used
   * @return the policy
   */
  public static PricingPolicy engine(String name, PricingEngine engine) {
    Objects.requireNonNull(engine, "engine");
    return new Named(name, r -> PriceDistribution.point(engine.price(r).price().doubleValue()));
  }

  static String requireName(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank, found '" + name + "'");
    }
    return name;
  }

  /** A policy given by a name and a function. */
  record Named(String name, java.util.function.Function<PricingRequest, PriceDistribution> f)
      implements PricingPolicy {
    Named {
      requireName(name);
      Objects.requireNonNull(f, "f");
    }

    @Override
    public PriceDistribution distribution(PricingRequest request) {
      return f.apply(request);
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
