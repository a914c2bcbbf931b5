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
  LOG_LOG_SGD("loglog-sgd", DemandKind.EXPECTED_UNITS),
  /**
   * Logistic regression solved to convergence (projected Newton, i.e. IRLS, with a ridge penalty) over the inputs
   * and {@linkplain CandidatePriceFeature candidate-price features}; the primary price slope may vary with chosen
   * inputs (either sign) and is bounded so that demand never rises with price.
   */
  LOGISTIC_GLM("logistic-glm", DemandKind.CONVERSION_PROBABILITY),
  /**
   * Log-log regression solved exactly (least squares with a ridge penalty and sign bounds) over the inputs and
   * candidate-price features, {@code ln(units) = w.x + e * ln(p / L) + ...}: {@code e} is the price elasticity.
   */
  LOG_LOG_GLM("loglog-glm", DemandKind.EXPECTED_UNITS),
  /**
   * Gradient-boosted trees (XGBoost, {@code binary:logistic}) with a monotone constraint on every candidate-price
   * feature, compiled to flat arrays for scoring: P(buy) never rises with price for any input.
   */
  GBDT_CONVERSION("gbdt-conversion", DemandKind.CONVERSION_PROBABILITY),
  /**
   * Gradient-boosted trees (XGBoost, {@code count:poisson}) for expected units, monotone in every
   * candidate-price feature.
   */
  GBDT_UNITS("gbdt-units", DemandKind.EXPECTED_UNITS);

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
   * Returns whether this is one of the converged GLMs.
   *
   * @return true for {@link #LOGISTIC_GLM} and {@link #LOG_LOG_GLM}
   */
  public boolean isGlm() {
    return this == LOGISTIC_GLM || this == LOG_LOG_GLM;
  }

  /**
   * Returns whether this is one of the boosted-tree algorithms.
   *
   * @return true for {@link #GBDT_CONVERSION} and {@link #GBDT_UNITS}
   */
  public boolean isGbdt() {
    return this == GBDT_CONVERSION || this == GBDT_UNITS;
  }

  /**
   * Returns whether price enters through {@linkplain CandidatePriceFeature candidate-price features} (the GLM and
   * boosted-tree algorithms) rather than {@link PriceFeatures} (the SGD and CART algorithms).
   *
   * @return true for the GLM and boosted-tree algorithms
   */
  public boolean usesCandidatePriceFeatures() {
    return isGlm() || isGbdt();
  }

  /**
   * Returns the default candidate-price features: the relative price first ({@code p / L} for conversion,
   * {@code ln(p / L)} for units: the primary feature, whose slope can vary by segment), then the gain and loss
   * against the reference price, the gaps above the cheapest and the median competitor, and the price against the
   * customer's average basket.
   *
   * @return the defaults; empty for the SGD and CART algorithms
   */
  public java.util.List<CandidatePriceFeature> defaultCandidatePriceFeatures() {
    if (!usesCandidatePriceFeatures()) {
      return java.util.List.of();
    }
    CandidatePriceFeature primary = kind == DemandKind.EXPECTED_UNITS ? CandidatePriceFeatures.logRatio()
        : CandidatePriceFeatures.ratio();
    return java.util.List.of(primary, CandidatePriceFeatures.referenceGain(), CandidatePriceFeatures.referenceLoss(),
        CandidatePriceFeatures.aboveCheapest(), CandidatePriceFeatures.aboveMedian(),
        CandidatePriceFeatures.priceToBasket());
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
