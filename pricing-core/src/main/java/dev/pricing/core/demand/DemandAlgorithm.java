package dev.pricing.core.demand;

import dev.pricing.api.DemandKind;

/** The demand-model families this package trains with Tribuo. Immutable and thread-safe (an enum). */
public enum DemandAlgorithm {
  /**
   * Logistic regression by SGD ({@code tribuo-classification-sgd}): P(buy) = sigmoid(w.x + slope * T(p)).
   * Price coefficients are constrained to be non-positive, so demand never rises with price.
   */
  LOGISTIC_SGD("logistic-sgd", DemandKind.CONVERSION_PROBABILITY),
  /**
   * A CART classification tree ({@code tribuo-classification-tree}); leaves hold P(buy). Scoring repairs
   * each candidate grid to be non-increasing in price.
   */
  CART_TREE("cart-tree", DemandKind.CONVERSION_PROBABILITY),
  /**
   * Log-log linear regression by SGD ({@code tribuo-regression-sgd}): ln(units) = w.x + e * ln(p / L);
   * {@code e} is the price elasticity, constrained to be non-positive.
   */
  LOG_LOG_SGD("loglog-sgd", DemandKind.EXPECTED_UNITS);

  static {
    // Every training run names an algorithm first: Tribuo's INFO logging is quieted before it can print.
    dev.pricing.core.demand.internal.TribuoLogging.ensureQuiet();
  }

  private final String id;
  private final DemandKind kind;

  DemandAlgorithm(String id, DemandKind kind) {
    this.id = id;
    this.kind = kind;
  }

  /**
   * Returns the stable external id (used in artifacts).
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  /**
   * Returns what the model's score means.
   *
   * @return the kind
   */
  public DemandKind kind() {
    return kind;
  }

  /**
   * Returns the default price features: {@link PriceTerm#RELATIVE} for conversion,
   * {@link PriceTerm#LOG_RELATIVE} for units.
   *
   * @return the defaults
   */
  public PriceFeatures defaultPriceFeatures() {
    return PriceFeatures.of(kind == DemandKind.EXPECTED_UNITS ? PriceTerm.LOG_RELATIVE : PriceTerm.RELATIVE);
  }

  /**
   * Returns the algorithm with this id.
   *
   * @param id the id
   * @return the algorithm
   * @throws IllegalArgumentException if none has that id
   */
  public static DemandAlgorithm ofId(String id) {
    for (DemandAlgorithm a : values()) {
      if (a.id.equals(id)) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown demand algorithm '" + id + "'");
  }
}
