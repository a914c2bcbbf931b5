package dev.pricing.core.demand;

/**
 * One entity level's price slope (for a units model, its elasticity through the primary feature
 * {@code ln(p/L)}; the reference and competitor hinges stay pooled) under {@link EntityEffects}: raw, from its own
 * offers, and after partial pooling.
 *
 * <p>Immutable and thread-safe.
 *
 * @param level the level (for a cross, the parts joined by {@code |})
 * @param offers the level's training offers
 * @param raw the raw slope fitted on the level's offers alone (with everything else held at the pooled fit); NaN
 *     when it is not estimable (too few offers, or no price variation)
 * @param rawStandardError its standard error (NaN when not estimable)
 * @param shrunk the slope the model uses: after shrinkage toward the mean (or the raw one without pooling), bounded
 *     to the monotone side (never above 0 for a feature that rises with price)
 * @param lower the lower end of its interval: the empirical-Bayes posterior interval of the level's deviation from
 *     the pooled slope (without pooling, the raw Wald interval), conditional on the pooled fit's other coefficients;
 *     NaN for a level without a raw estimate and without pooling
 * @param upper the upper end of its interval (bounded like {@code shrunk})
 * @param shrinkage the weight {@code B = tau^2 / (tau^2 + se^2)} the raw slope kept (1 without pooling, 0 for a level
 *     without a raw estimate)
 * @param bounded whether the monotonicity bound moved the estimate
 */
public record EntityElasticity(String level, long offers, double raw, double rawStandardError, double shrunk,
    double lower, double upper, double shrinkage, boolean bounded) {}
