package dev.pricing.core.demand;

import dev.pricing.core.demand.CandidatePriceFeature.Direction;
import dev.pricing.core.demand.internal.LogRatioForm;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The built-in candidate-price features, all relative to the list price {@code L} (feature
 * {@code product.list_price}) so that one model serves products of any price level. Reference and competitor
 * prices come from the standard {@code MarketFeatures}: the reference price {@code R = L exp(market.reference_log_gap)}
 * (the request's {@code Market.referencePrice}: the last price this customer saw, or the product's previous
 * price; the list price when absent), and the cheapest and median competitor prices
 * {@code C = L (1 + market.competitor_min_gap)}, {@code M = L (1 + market.competitor_median_gap)}, which count only
 * when {@code market.competitor_count > 0}.
 *
 * <table>
 *   <caption>Built-in features</caption>
 *   <tr><th>name</th><th>value</th><th>direction in p</th></tr>
 *   <tr><td>{@code ratio}</td><td>{@code p / L}</td><td>increasing</td></tr>
 *   <tr><td>{@code log_ratio}</td><td>{@code ln(max(p / L, 0.001))}</td><td>increasing</td></tr>
 *   <tr><td>{@code reference_gain}</td><td>{@code max(0, ln(R / p))}</td><td>decreasing</td></tr>
 *   <tr><td>{@code reference_loss}</td><td>{@code max(0, ln(p / R))}</td><td>increasing</td></tr>
 *   <tr><td>{@code above_cheapest}</td><td>{@code max(0, ln(p / C))}, 0 without competitors</td><td>increasing</td></tr>
 *   <tr><td>{@code above_median}</td><td>{@code max(0, ln(p / M))}, 0 without competitors</td><td>increasing</td></tr>
 *   <tr><td>{@code price_to_basket}</td><td>{@code ln(p / B)}, B the customer's average basket
 *     ({@code behaviour.monetary_log1p - behaviour.purchases_log1p}), 0 without purchases</td><td>increasing</td></tr>
 * </table>
 *
 * <p>Without a last-seen price the request's reference price is the list price ({@code PricingRequest.referencePrice()}),
 * so the gain and loss parts then kink at the list price. The hinges are logarithmic: the competitor hinges do not
 * depend on the list price at all, and scaling every list price scales the reference with it.
 *
 * <p>Not instantiable; the features are immutable and thread-safe.
 */
public final class CandidatePriceFeatures {
  /** The list-price feature every built-in reads. */
  public static final String LIST_PRICE = "product.list_price";
  /** The reference-price gap feature. */
  public static final String REFERENCE_GAP = "market.reference_log_gap";
  /** The cheapest-competitor gap feature. */
  public static final String COMPETITOR_MIN_GAP = "market.competitor_min_gap";
  /** The median-competitor gap feature. */
  public static final String COMPETITOR_MEDIAN_GAP = "market.competitor_median_gap";
  /** The competitor-count feature. */
  public static final String COMPETITOR_COUNT = "market.competitor_count";

  /** The behaviour feature holding {@code ln(1 + total spend)}. */
  public static final String MONETARY = "behaviour.monetary_log1p";
  /** The behaviour feature holding {@code ln(1 + purchases)}. */
  public static final String PURCHASES = "behaviour.purchases_log1p";

  private static final double MIN_RATIO = PriceFeatures.MIN_PRICE_RATIO;
  private static final double MIN_PRICE = 1e-3;

  private static final CandidatePriceFeature RATIO = new Builtin("ratio", List.of(LIST_PRICE), Direction.INCREASING) {
    @Override
    public double value(double p, double[] in, int o) {
      return Math.max(p / in[o], MIN_RATIO);
    }
  };
  private static final CandidatePriceFeature LOG_RATIO = new LogBuiltin("log_ratio", List.of(LIST_PRICE),
      Direction.INCREASING) {
    @Override
    public double shift(double[] in, int o) {
      return 0.0;
    }

    @Override
    public double fromLogRatio(double lr, double shift, double[] in, int o) {
      return lr;
    }
  };
  private static final CandidatePriceFeature REFERENCE_GAIN = new LogBuiltin("reference_gain",
      List.of(LIST_PRICE, REFERENCE_GAP), Direction.DECREASING) {
    @Override
    public double shift(double[] in, int o) {
      return in[o + 1];
    }

    @Override
    public double fromLogRatio(double lr, double shift, double[] in, int o) {
      return Math.max(0.0, -(lr - shift));
    }
  };
  private static final CandidatePriceFeature REFERENCE_LOSS = new LogBuiltin("reference_loss",
      List.of(LIST_PRICE, REFERENCE_GAP), Direction.INCREASING) {
    @Override
    public double shift(double[] in, int o) {
      return in[o + 1];
    }

    @Override
    public double fromLogRatio(double lr, double shift, double[] in, int o) {
      return Math.max(0.0, lr - shift);
    }
  };
  private static final CandidatePriceFeature ABOVE_CHEAPEST = new CompetitorHinge("above_cheapest",
      COMPETITOR_MIN_GAP);
  private static final CandidatePriceFeature ABOVE_MEDIAN = new CompetitorHinge("above_median",
      COMPETITOR_MEDIAN_GAP);

  private static final CandidatePriceFeature PRICE_TO_BASKET = new Builtin("price_to_basket",
      List.of(MONETARY, PURCHASES), Direction.INCREASING) {
    @Override
    public double value(double p, double[] in, int o) {
      // ln(1 + M) - ln(1 + P) ~ ln(M / P): the customer's average basket; no purchases, no basket
      return in[o + 1] > 0 ? Math.log(Math.max(p, MIN_PRICE)) - (in[o] - in[o + 1]) : 0.0;
    }
  };

  /**
   * A built-in of the form {@code g(ln(max(p / L, min)), shift)} ({@link LogRatioForm}): its value is defined
   * through that form, so that a grid that shares the logarithm across features computes the same value.
   */
  private abstract static class LogBuiltin extends Builtin implements LogRatioForm {
    LogBuiltin(String name, List<String> inputs, Direction direction) {
      super(name, inputs, direction);
    }

    @Override
    public final double value(double p, double[] in, int o) {
      return fromLogRatio(Math.log(Math.max(p / in[o], MIN_RATIO)), shift(in, o), in, o);
    }

    @Override
    public final void fill(double[] lr, int count, double[] in, int o, double[] out, int stride, int column) {
      double shift = shift(in, o);
      for (int k = 0; k < count; k++) {
        out[k * stride + column] = fromLogRatio(lr[k], shift, in, o);
      }
    }
  }

  /**
   * {@code max(0, ln(p / C))} with {@code C = L (1 + gap)} ({@code ln(p / L) - ln(1 + gap)}, both ratios floored so
   * that a zero price or competitor price stays finite), 0 without competitors.
   */
  private static final class CompetitorHinge extends LogBuiltin {
    CompetitorHinge(String name, String gap) {
      super(name, List.of(LIST_PRICE, gap, COMPETITOR_COUNT), Direction.INCREASING);
    }

    @Override
    public double shift(double[] in, int o) {
      return Math.log(Math.max(1.0 + in[o + 1], MIN_RATIO));
    }

    @Override
    public double fromLogRatio(double lr, double shift, double[] in, int o) {
      return in[o + 2] > 0 ? Math.max(0.0, lr - shift) : 0.0;
    }
  }

  private static final List<CandidatePriceFeature> BUILTINS = List.of(RATIO, LOG_RATIO, REFERENCE_GAIN,
      REFERENCE_LOSS, ABOVE_CHEAPEST, ABOVE_MEDIAN, PRICE_TO_BASKET);

  private CandidatePriceFeatures() {}

  /** Returns {@code p / L}. @return the feature */
  public static CandidatePriceFeature ratio() {
    return RATIO;
  }

  /** Returns {@code ln(p / L)}. @return the feature */
  public static CandidatePriceFeature logRatio() {
    return LOG_RATIO;
  }

  /** Returns the gain below the reference price, {@code max(0, ln(R / p))}. @return the feature */
  public static CandidatePriceFeature referenceGain() {
    return REFERENCE_GAIN;
  }

  /** Returns the loss above the reference price, {@code max(0, ln(p / R))}. @return the feature */
  public static CandidatePriceFeature referenceLoss() {
    return REFERENCE_LOSS;
  }

  /** Returns the log gap above the cheapest competitor, {@code max(0, ln(p / C))}. @return the feature */
  public static CandidatePriceFeature aboveCheapest() {
    return ABOVE_CHEAPEST;
  }

  /** Returns the log gap above the median competitor, {@code max(0, ln(p / M))}. @return the feature */
  public static CandidatePriceFeature aboveMedian() {
    return ABOVE_MEDIAN;
  }

  /**
   * Returns the price against the customer's average basket, {@code ln(p / B)}: where willingness to pay scales
   * with what a customer usually spends, this is where demand falls off. @return the feature
   */
  public static CandidatePriceFeature priceToBasket() {
    return PRICE_TO_BASKET;
  }

  /**
   * Returns every built-in feature.
   *
   * @return ratio, log ratio, reference gain and loss, above cheapest, above median, price to basket
   */
  public static List<CandidatePriceFeature> standard() {
    return BUILTINS;
  }

  /**
   * Returns the built-in feature with this name.
   *
   * @param name the name
   * @return the feature, or null when no built-in has it
   */
  static CandidatePriceFeature builtin(String name) {
    for (CandidatePriceFeature f : BUILTINS) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    return null;
  }

  /**
   * Checks a list of features: not empty, names unique and not blank, inputs not empty.
   *
   * @param features the features
   * @return an immutable copy
   * @throws IllegalArgumentException naming the offending feature
   */
  static List<CandidatePriceFeature> validate(List<CandidatePriceFeature> features) {
    Objects.requireNonNull(features, "priceFeatures must not be null");
    if (features.isEmpty()) {
      throw new IllegalArgumentException("priceFeatures must not be empty: a demand model needs the price");
    }
    Map<String, CandidatePriceFeature> seen = new HashMap<>();
    List<CandidatePriceFeature> out = new ArrayList<>();
    for (CandidatePriceFeature f : features) {
      Objects.requireNonNull(f, "priceFeatures must not contain null");
      String name = Objects.requireNonNull(f.name(), "a price feature's name must not be null");
      if (name.isBlank() || !name.matches("[A-Za-z0-9_.:-]+")) {
        throw new IllegalArgumentException("price feature name '" + name + "' must be non-blank letters, digits "
            + "or _.:-");
      }
      if (seen.put(name, f) != null) {
        throw new IllegalArgumentException("price feature '" + name + "' appears twice");
      }
      if (f.inputs() == null || f.inputs().isEmpty()) {
        throw new IllegalArgumentException("price feature '" + name + "' reads no input; it needs at least the "
            + "list price");
      }
      Objects.requireNonNull(f.direction(), "price feature '" + name + "' has no direction");
      out.add(f);
    }
    return List.copyOf(out);
  }

  /** A built-in: named, with fixed inputs and direction. */
  private abstract static class Builtin implements CandidatePriceFeature {
    private final String name;
    private final List<String> inputs;
    private final Direction direction;

    Builtin(String name, List<String> inputs, Direction direction) {
      this.name = name;
      this.inputs = inputs;
      this.direction = direction;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public List<String> inputs() {
      return inputs;
    }

    @Override
    public Direction direction() {
      return direction;
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
