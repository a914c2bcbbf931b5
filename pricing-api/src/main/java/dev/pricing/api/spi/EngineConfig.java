package dev.pricing.api.spi;

import dev.pricing.api.Guardrail;
import dev.pricing.api.Objective;
import dev.pricing.api.PriceLadder;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An engine's configuration as collected and validated by {@link dev.pricing.api.PricingEngine.Builder}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param extractors the feature extractors, in order; empty means the provider's standard set
 * @param demandModel the demand model
 * @param guardrails guardrails applied to every product
 * @param ladder the price ladder
 * @param objective the objective
 * @param uniformPricing whether personal features are neutralised for every request
 * @param shadowMode whether the reference price is served and the decision only proposed
 * @param paymentFeeRate the payment fee as a fraction of the price
 * @param maxCandidates the most candidate prices scored per decision
 * @param refine whether to refine between grid candidates with a continuous optimiser
 * @param searchMinRatio the lowest price searched, as a multiple of the reference price
 * @param searchMaxRatio the highest price searched, as a multiple of the reference price
 * @param listeners decision listeners
 * @param deniedFeatures feature names that must not be declared by any extractor
 * @param explorer the explorer, or null for none
 * @param failSafe whether failures yield the safe reference price instead of an exception
 * @param timeBudgetNanos the time budget per decision in nanoseconds, 0 for none
 * @param breakerFailures consecutive failures that open a component's circuit
 * @param breakerOpenNanos how long an open circuit skips its component, in nanoseconds
 * @param personalisationCap the largest spread between personalised prices, 0 for no cap
 * @param explanationFeatures how many feature contributions a decision carries
 * @param explanationPriceEffects whether contributions include their price effect
 * @param explanationReference reference values for explaining non-personal features
 * @param baselineCacheSize how many product and market states the non-personal baseline cache holds (0: none)
 * @param baselineCacheTtlNanos how long a cached baseline serves, in nanoseconds
 */
public record EngineConfig(
    List<FeatureExtractor> extractors,
    DemandModel demandModel,
    List<Guardrail> guardrails,
    PriceLadder ladder,
    Objective objective,
    boolean uniformPricing,
    boolean shadowMode,
    double paymentFeeRate,
    int maxCandidates,
    boolean refine,
    double searchMinRatio,
    double searchMaxRatio,
    List<DecisionListener> listeners,
    List<String> deniedFeatures,
    PriceExplorer explorer,
    boolean failSafe,
    long timeBudgetNanos,
    int breakerFailures,
    long breakerOpenNanos,
    double personalisationCap,
    int explanationFeatures,
    boolean explanationPriceEffects,
    Map<String, Double> explanationReference,
    int baselineCacheSize,
    long baselineCacheTtlNanos) {

  /** @throws NullPointerException if a component is null */
  public EngineConfig {
    extractors = List.copyOf(extractors);
    Objects.requireNonNull(demandModel, "demandModel");
    guardrails = List.copyOf(guardrails);
    Objects.requireNonNull(ladder, "ladder");
    Objects.requireNonNull(objective, "objective");
    listeners = List.copyOf(listeners);
    deniedFeatures = List.copyOf(deniedFeatures);
    explanationReference = Map.copyOf(explanationReference);
  }
}
