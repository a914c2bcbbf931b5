package dev.pricing.api.spi;

import dev.pricing.api.Guardrail;
import dev.pricing.api.Objective;
import dev.pricing.api.PriceLadder;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An engine's configuration as collected by {@link dev.pricing.api.PricingEngine.Builder}. It validates
 * itself with the same rules as the builder, so a provider handed one built by other code still receives
 * a configuration it can run.
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
 * @param populationSample how many recent requests per product category the non-personal price averages
 *     expected profit over (0: price for the neutral customer instead)
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
    long baselineCacheTtlNanos,
    int populationSample) {

  /** The smallest {@code maxCandidates}. */
  public static final int MIN_CANDIDATES = 2;
  /** The largest {@code maxCandidates}. */
  public static final int MAX_CANDIDATES = 1024;
  /** The most feature contributions a decision may carry. */
  public static final int MAX_EXPLANATION_FEATURES = 32;
  /** The largest {@code populationSample}. */
  public static final int MAX_POPULATION_SAMPLE = 4096;
  /** The default {@code populationSample}. */
  public static final int DEFAULT_POPULATION_SAMPLE = 64;

  /**
   * The configuration without a population sample size: {@link #DEFAULT_POPULATION_SAMPLE}.
   *
   * @param extractors see the record's components
   * @param demandModel see the record's components
   * @param guardrails see the record's components
   * @param ladder see the record's components
   * @param objective see the record's components
   * @param uniformPricing see the record's components
   * @param shadowMode see the record's components
   * @param paymentFeeRate see the record's components
   * @param maxCandidates see the record's components
   * @param refine see the record's components
   * @param searchMinRatio see the record's components
   * @param searchMaxRatio see the record's components
   * @param listeners see the record's components
   * @param deniedFeatures see the record's components
   * @param explorer see the record's components
   * @param failSafe see the record's components
   * @param timeBudgetNanos see the record's components
   * @param breakerFailures see the record's components
   * @param breakerOpenNanos see the record's components
   * @param personalisationCap see the record's components
   * @param explanationFeatures see the record's components
   * @param explanationPriceEffects see the record's components
   * @param explanationReference see the record's components
   * @param baselineCacheSize see the record's components
   * @param baselineCacheTtlNanos see the record's components
   */
  public EngineConfig(List<FeatureExtractor> extractors, DemandModel demandModel, List<Guardrail> guardrails,
      PriceLadder ladder, Objective objective, boolean uniformPricing, boolean shadowMode, double paymentFeeRate,
      int maxCandidates, boolean refine, double searchMinRatio, double searchMaxRatio,
      List<DecisionListener> listeners, List<String> deniedFeatures, PriceExplorer explorer, boolean failSafe,
      long timeBudgetNanos, int breakerFailures, long breakerOpenNanos, double personalisationCap,
      int explanationFeatures, boolean explanationPriceEffects, Map<String, Double> explanationReference,
      int baselineCacheSize, long baselineCacheTtlNanos) {
    this(extractors, demandModel, guardrails, ladder, objective, uniformPricing, shadowMode, paymentFeeRate,
        maxCandidates, refine, searchMinRatio, searchMaxRatio, listeners, deniedFeatures, explorer, failSafe,
        timeBudgetNanos, breakerFailures, breakerOpenNanos, personalisationCap, explanationFeatures,
        explanationPriceEffects, explanationReference, baselineCacheSize, baselineCacheTtlNanos,
        DEFAULT_POPULATION_SAMPLE);
  }

  /**
   * Validates and copies every component.
   *
   * @throws NullPointerException naming the component if it (or an element of a list) is null, except
   *     {@code explorer}, which may be null
   * @throws IllegalArgumentException naming the component and the value if it is out of range: fee rate in
   *     [0, 1), candidates in [2, 1024], search range {@code 0 <= min <= 1 <= max <= 100}, breaker failures at
   *     least 1 and open time positive, time budget non-negative, cap in [0, 1], explanations in [0, 32],
   *     finite explanation references, and no engine-level money guardrail without a currency
   */
  public EngineConfig {
    extractors = List.copyOf(Objects.requireNonNull(extractors, "extractors"));
    Objects.requireNonNull(demandModel, "demandModel");
    guardrails = List.copyOf(Objects.requireNonNull(guardrails, "guardrails"));
    for (Guardrail g : guardrails) {
      if (Guardrail.currencyOf(g).isEmpty() && (g instanceof Guardrail.Floor || g instanceof Guardrail.Ceiling
          || g instanceof Guardrail.MinimumAdvertisedPrice)) {
        throw new IllegalArgumentException("guardrails: engine-level " + g + " must name its currency, for example"
            + " Guardrail." + (g instanceof Guardrail.Floor ? "floor" : g instanceof Guardrail.Ceiling ? "ceiling"
            : "minimumAdvertisedPrice") + "(\"USD\", \"" + moneyOf(g) + "\")");
      }
    }
    Objects.requireNonNull(ladder, "ladder");
    Objects.requireNonNull(objective, "objective");
    listeners = List.copyOf(Objects.requireNonNull(listeners, "listeners"));
    deniedFeatures = List.copyOf(Objects.requireNonNull(deniedFeatures, "deniedFeatures"));
    explanationReference = Map.copyOf(Objects.requireNonNull(explanationReference, "explanationReference"));
    if (!(paymentFeeRate >= 0 && paymentFeeRate < 1)) {
      throw new IllegalArgumentException("paymentFeeRate must be in [0, 1), found " + paymentFeeRate);
    }
    if (maxCandidates < MIN_CANDIDATES || maxCandidates > MAX_CANDIDATES) {
      throw new IllegalArgumentException("maxCandidates must be in [" + MIN_CANDIDATES + ", " + MAX_CANDIDATES
          + "], found " + maxCandidates);
    }
    if (!(searchMinRatio >= 0 && searchMinRatio <= 1)) {
      throw new IllegalArgumentException("searchRange.minRatio must be in [0, 1], found " + searchMinRatio);
    }
    if (!(searchMaxRatio >= 1 && searchMaxRatio <= 100)) {
      throw new IllegalArgumentException("searchRange.maxRatio must be in [1, 100], found " + searchMaxRatio);
    }
    if (timeBudgetNanos < 0) {
      throw new IllegalArgumentException("timeBudgetNanos must not be negative, found " + timeBudgetNanos);
    }
    if (breakerFailures < 1) {
      throw new IllegalArgumentException("circuitBreaker.consecutiveFailures must be at least 1, found "
          + breakerFailures);
    }
    if (breakerOpenNanos <= 0) {
      throw new IllegalArgumentException("circuitBreaker.openFor must be positive, found " + breakerOpenNanos
          + " ns");
    }
    if (!(personalisationCap >= 0 && personalisationCap <= 1)) {
      throw new IllegalArgumentException("personalisationCap must be in (0, 1], or 0 for none, found "
          + personalisationCap);
    }
    if (populationSample < 0 || populationSample > MAX_POPULATION_SAMPLE) {
      throw new IllegalArgumentException("populationSample must be in [0, " + MAX_POPULATION_SAMPLE + "], found "
          + populationSample);
    }
    if (explanationFeatures < 0 || explanationFeatures > MAX_EXPLANATION_FEATURES) {
      throw new IllegalArgumentException("explanations.topFeatures must be in [0, " + MAX_EXPLANATION_FEATURES
          + "], found " + explanationFeatures);
    }
    explanationReference.forEach((k, v) -> {
      if (k.isBlank() || !Double.isFinite(v)) {
        throw new IllegalArgumentException("explanationReference[" + k + "] must be a finite value of a named"
            + " feature, found " + v);
      }
    });
  }

  private static String moneyOf(Guardrail g) {
    if (g instanceof Guardrail.Floor f) {
      return f.price().toPlainString();
    } else if (g instanceof Guardrail.Ceiling c) {
      return c.price().toPlainString();
    } else if (g instanceof Guardrail.MinimumAdvertisedPrice m) {
      return m.price().toPlainString();
    }
    return "";
  }
}
