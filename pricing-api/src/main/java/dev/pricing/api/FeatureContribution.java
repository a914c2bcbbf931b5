package dev.pricing.api;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * How much one feature moved a decision, relative to a reference value of that feature.
 *
 * <p>{@code scoreContribution} is the feature's share of the demand model's score at the chosen price, in
 * the model's own units (the logit for conversion models, log units for unit models): the contributions
 * of all features sum to {@code score(x) - score(reference)}. The decomposition is exact for linear models
 * and path-based (the change in node value along the tree path) for trees. For personal features the
 * reference is the feature's neutral value, so personal contributions explain why the price differs from
 * the non-personal baseline; for other features it is the engine's configured explanation reference (see
 * {@link PricingEngine.Builder#explanationReference(java.util.Map)}).
 *
 * <p>{@code priceEffect}, when present, is the relative change of the chosen price caused by this feature:
 * the engine re-optimised with only this feature at its reference value and found price {@code p0}, so the
 * effect is {@code price / p0 - 1} (0.04 means the feature raised the price by 4%).
 *
 * <p>Immutable and thread-safe.
 *
 * @param feature the feature name
 * @param value the feature's value in this request
 * @param referenceValue the value it is compared with
 * @param scoreContribution the contribution to the model's score, finite
 * @param priceEffect the relative price change this feature caused, if computed
 */
public record FeatureContribution(
    String feature, double value, double referenceValue, double scoreContribution, OptionalDouble priceEffect) {

  /**
   * Validates every component.
   *
   * @throws NullPointerException if the name or price effect is null
   * @throws IllegalArgumentException naming the value if a number is not finite
   */
  public FeatureContribution {
    Checks.notBlank(feature, "feature");
    Checks.finite(value, "value");
    Checks.finite(referenceValue, "referenceValue");
    Checks.finite(scoreContribution, "scoreContribution");
    Checks.notNull(priceEffect, "priceEffect");
    if (priceEffect.isPresent()) {
      Checks.finite(priceEffect.getAsDouble(), "priceEffect");
    }
  }

  /**
   * Returns a human-readable line, for example {@code "inventory_cover_days 3.00 (ref 14.00): +4.0% price"}
   * or, without a price effect, {@code "recency_days 3.00 (ref 0.00): +0.412 demand score"}.
   *
   * @return the line
   */
  public String describe() {
    String head = String.format(Locale.ROOT, "%s %.2f (ref %.2f): ", feature, value, referenceValue);
    if (priceEffect.isPresent()) {
      return head + String.format(Locale.ROOT, "%+.1f%% price", 100 * priceEffect.getAsDouble());
    }
    return head + String.format(Locale.ROOT, "%+.3f demand score", scoreContribution);
  }
}
