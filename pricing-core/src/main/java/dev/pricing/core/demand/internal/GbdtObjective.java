package dev.pricing.core.demand.internal;

/**
 * The learning objective of a boosted ensemble, with its XGBoost name and its link from the margin
 * (the sum of tree outputs and the base margin) to demand. Immutable and thread-safe (an enum).
 */
public enum GbdtObjective {
  /** Conversion probability: {@code binary:logistic}, demand {@code 1 / (1 + exp(-margin))}. */
  BINARY_LOGISTIC("binary:logistic", "logloss"),
  /** Expected units: {@code count:poisson}, demand {@code exp(margin)}. */
  COUNT_POISSON("count:poisson", "poisson-nloglik"),
  /**
   * A conditional mean: {@code reg:squarederror}, prediction = margin. Never a demand model: the nuisance
   * regressions of {@link dev.pricing.core.demand.DebiasedElasticity} use it.
   */
  SQUARED_ERROR("reg:squarederror", "rmse");

  /** The cap on the margin before {@code exp}, so that expected units stay finite. */
  public static final double MAX_LOG_UNITS = 700;

  private final String xgboostName;
  private final String evalMetric;

  GbdtObjective(String xgboostName, String evalMetric) {
    this.xgboostName = xgboostName;
    this.evalMetric = evalMetric;
  }

  /** Returns XGBoost's name of the objective ({@code binary:logistic} or {@code count:poisson}). */
  public String xgboostName() {
    return xgboostName;
  }

  /** Returns the XGBoost evaluation metric used for early stopping (lower is better). */
  public String evalMetric() {
    return evalMetric;
  }

  /**
   * Maps a margin to demand.
   *
   * @param margin the margin
   * @return the probability (logistic), the expected units (Poisson) or the mean (squared error)
   */
  public double link(double margin) {
    if (this == BINARY_LOGISTIC) {
      return 1.0 / (1.0 + Math.exp(-margin));
    }
    if (this == SQUARED_ERROR) {
      return margin;
    }
    return Math.exp(Math.min(margin, MAX_LOG_UNITS));
  }

  /**
   * The margin XGBoost starts every prediction from, given the model's {@code base_score} (which is on the
   * demand scale): {@code -log(1/b - 1)} or {@code log(b)}, computed in float as XGBoost does.
   *
   * @param baseScore the saved {@code base_score}
   * @return the base margin
   * @throws IllegalArgumentException if the base score is outside the objective's range
   */
  public float baseMargin(float baseScore) {
    if (this == BINARY_LOGISTIC) {
      if (!(baseScore > 0f && baseScore < 1f)) {
        throw new IllegalArgumentException("base_score must be in (0, 1) for binary:logistic, got " + baseScore);
      }
      float odds = 1.0f / baseScore - 1.0f;
      return (float) -Math.log(odds);
    }
    if (this == SQUARED_ERROR) {
      if (!Float.isFinite(baseScore)) {
        throw new IllegalArgumentException("base_score must be finite for reg:squarederror, got " + baseScore);
      }
      return baseScore;
    }
    if (!(baseScore > 0f) || Float.isInfinite(baseScore)) {
      throw new IllegalArgumentException("base_score must be finite and > 0 for count:poisson, got " + baseScore);
    }
    return (float) Math.log(baseScore);
  }

  /**
   * Finds the objective by its XGBoost name.
   *
   * @param name e.g. {@code binary:logistic}
   * @return the objective
   * @throws IllegalArgumentException naming an objective this library does not compile
   */
  public static GbdtObjective ofXgboostName(String name) {
    for (GbdtObjective o : values()) {
      if (o.xgboostName.equals(name)) {
        return o;
      }
    }
    throw new IllegalArgumentException("objective must be binary:logistic, count:poisson or reg:squarederror, got "
        + name);
  }
}
