package dev.pricing.api;

import dev.pricing.api.spi.DecisionListener;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.api.spi.EngineConfig;
import dev.pricing.api.spi.EngineProvider;
import dev.pricing.api.spi.FeatureExtractor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Prices one request at a time, from many threads: extracts features, scores candidate prices inside the
 * guardrails with a demand model, and returns the price that best serves the objective.
 *
 * <p>Build one per process (or per model) with {@link #builder()}, and share it: it is thread-safe, and
 * {@link #price(PricingRequest)} takes no lock and allocates only the decision it returns.
 *
 * {@snippet :
 * try (PricingEngine engine = PricingEngine.builder()
 *     .demandModel(model)
 *     .guardrail(Guardrail.minimumMargin(0.10))
 *     .guardrail(Guardrail.maxChange(0.15))
 *     .ladder(PriceLadder.NINETY_NINE)
 *     .build()) {
 *   PriceDecision d = engine.price(request);
 *   show(d.price(), d.disclosure());
 * }
 * }
 *
 * <p>{@link #close()} is idempotent; any other method called after it throws {@link IllegalStateException}.
 */
public interface PricingEngine extends AutoCloseable {

  /**
   * Decides the price for one request.
   *
   * <p>The price always lies on the ladder and inside every guardrail. When the guardrails contradict each
   * other for this request, or the model returns an invalid score, the decision carries the reference
   * price and a reason code instead of an exception.
   *
   * @param request the request
   * @return the decision
   * @throws NullPointerException if the request is null
   * @throws IllegalArgumentException if the request cannot be priced (naming the field and value), for
   *     example a feature extractor produced a non-finite value or a ladder point cannot be expressed in
   *     the product's currency
   * @throws IllegalStateException if the engine is closed
   */
  PriceDecision price(PricingRequest request);

  /**
   * Returns the feature vector the engine computes for a request (for inspection and explanations).
   *
   * @param request the request
   * @return the vector over {@link #schema()}
   * @throws IllegalArgumentException if an extractor produced a non-finite value
   * @throws IllegalStateException if the engine is closed
   */
  FeatureVector features(PricingRequest request);

  /**
   * Returns the feature schema frozen when the engine was built.
   *
   * @return the schema
   */
  FeatureSchema schema();

  /**
   * Returns the version of the demand model currently used.
   *
   * @return the version
   */
  String modelVersion();

  /**
   * Swaps in a new demand model without stopping traffic: each decision uses exactly one model, the old
   * or the new one, and reports its version. The model is bound to the schema before the swap; if that
   * fails, the running model stays.
   *
   * @param model the new model
   * @throws IllegalArgumentException if the model needs features the schema lacks
   * @throws IllegalStateException if the engine is closed
   */
  void swapModel(DemandModel model);

  /** Releases the engine's resources. Idempotent. */
  @Override
  void close();

  /**
   * Starts building an engine.
   *
   * @return a new builder
   */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Collects an engine's configuration, validating each setting eagerly, and builds the engine with the
   * {@link EngineProvider} found on the class or module path (pricing-core provides one).
   *
   * <p>Setting a single-valued option twice throws {@link IllegalStateException}. Not thread-safe.
   */
  final class Builder {
    private final List<FeatureExtractor> extractors = new ArrayList<>();
    private final List<Guardrail> guardrails = new ArrayList<>();
    private final List<DecisionListener> listeners = new ArrayList<>();
    private final List<String> deniedFeatures = new ArrayList<>();
    private DemandModel model;
    private PriceLadder ladder;
    private Objective objective;
    private Boolean uniform;
    private Boolean shadow;
    private Double feeRate;
    private Integer maxCandidates;
    private Boolean refine;
    private double[] searchRange;

    Builder() {}

    /**
     * Adds a feature extractor. Without any, the provider's standard extractors are used.
     *
     * @param extractor the extractor
     * @return this builder
     */
    public Builder extractor(FeatureExtractor extractor) {
      extractors.add(Checks.notNull(extractor, "extractor"));
      return this;
    }

    /**
     * Adds feature extractors, in order.
     *
     * @param extractors the extractors
     * @return this builder
     */
    public Builder extractors(List<? extends FeatureExtractor> extractors) {
      Checks.notNull(extractors, "extractors").forEach(this::extractor);
      return this;
    }

    /**
     * Sets the demand model (required).
     *
     * @param model the model
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder demandModel(DemandModel model) {
      requireUnset(this.model, "demandModel");
      this.model = Checks.notNull(model, "demandModel");
      return this;
    }

    /**
     * Adds a guardrail that applies to every product (products may add their own).
     *
     * @param guardrail the guardrail
     * @return this builder
     */
    public Builder guardrail(Guardrail guardrail) {
      guardrails.add(Checks.notNull(guardrail, "guardrail"));
      return this;
    }

    /**
     * Sets the price ladder (default {@link PriceLadder#NINETY_NINE}).
     *
     * @param ladder the ladder
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder ladder(PriceLadder ladder) {
      requireUnset(this.ladder, "ladder");
      this.ladder = Checks.notNull(ladder, "ladder");
      return this;
    }

    /**
     * Sets the objective (default {@link Objective#profit()}).
     *
     * @param objective the objective
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder objective(Objective objective) {
      requireUnset(this.objective, "objective");
      this.objective = Checks.notNull(objective, "objective");
      return this;
    }

    /**
     * Turns uniform-price mode on or off (default off). In uniform mode personal extractors write their
     * neutral values, so every customer sees the same price for the same product and market, and no
     * decision is personalised.
     *
     * @param uniform true for uniform pricing
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder uniformPricing(boolean uniform) {
      requireUnset(this.uniform, "uniformPricing");
      this.uniform = uniform;
      return this;
    }

    /**
     * Turns shadow mode on or off (default off). In shadow mode the engine decides as usual but serves the
     * request's reference price; the decision reports both ({@link PriceDecision#proposedPrice()}), so
     * listeners can log what the engine would have done before it goes live.
     *
     * @param shadow true for shadow mode
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder shadowMode(boolean shadow) {
      requireUnset(this.shadow, "shadowMode");
      this.shadow = shadow;
      return this;
    }

    /**
     * Sets the payment fee as a fraction of the price (default 0), counted as a cost in profit.
     *
     * @param rate the fee rate, in [0, 1)
     * @return this builder
     * @throws IllegalArgumentException if the rate is outside [0, 1)
     * @throws IllegalStateException if already set
     */
    public Builder paymentFeeRate(double rate) {
      requireUnset(this.feeRate, "paymentFeeRate");
      this.feeRate = Checks.fractionBelowOne(rate, "paymentFeeRate");
      return this;
    }

    /**
     * Sets the most candidate prices scored per decision (default 48). When the ladder inside the
     * guardrails has more points, the engine scores an even grid of this many and refines the best with
     * a one-dimensional optimiser.
     *
     * @param count between 2 and 1024
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     */
    public Builder maxCandidates(int count) {
      requireUnset(this.maxCandidates, "maxCandidates");
      if (count < 2 || count > 1024) {
        throw new IllegalArgumentException("maxCandidates must be in [2, 1024], found " + count);
      }
      this.maxCandidates = count;
      return this;
    }

    /**
     * Turns the continuous refinement between grid candidates on or off (default on).
     *
     * @param refine true to refine
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder refine(boolean refine) {
      requireUnset(this.refine, "refine");
      this.refine = refine;
      return this;
    }

    /**
     * Sets how far from the reference price the engine searches where no guardrail bounds the price
     * (default 0.5 to 2.0 times the reference). Guardrails narrow this further; a price held at the edge of
     * this range says {@link ReasonCode#SEARCH_LIMIT}.
     *
     * @param minRatio the lowest price as a multiple of the reference price, in [0, 1]
     * @param maxRatio the highest price as a multiple of the reference price, at least 1 and at most 100
     * @return this builder
     * @throws IllegalArgumentException if a ratio is out of range
     * @throws IllegalStateException if already set
     */
    public Builder searchRange(double minRatio, double maxRatio) {
      requireUnset(this.searchRange, "searchRange");
      Checks.fraction(minRatio, "searchRange.minRatio");
      Checks.finite(maxRatio, "searchRange.maxRatio");
      if (maxRatio < 1 || maxRatio > 100) {
        throw new IllegalArgumentException("searchRange.maxRatio must be in [1, 100], found " + maxRatio);
      }
      this.searchRange = new double[] {minRatio, maxRatio};
      return this;
    }

    /**
     * Adds a listener called with every decision, on the pricing thread.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(DecisionListener listener) {
      listeners.add(Checks.notNull(listener, "listener"));
      return this;
    }

    /**
     * Names a feature that must never influence a price (for example a protected attribute). Building
     * fails if any extractor declares it.
     *
     * @param featureName the feature name
     * @return this builder
     */
    public Builder denyFeature(String featureName) {
      deniedFeatures.add(Checks.notBlank(featureName, "featureName"));
      return this;
    }

    /**
     * Builds the engine.
     *
     * @return the engine
     * @throws NullPointerException if no demand model was set
     * @throws IllegalArgumentException if the extractors' feature names collide, a denied feature is
     *     declared, the model needs features the schema lacks, or a floor or MAP lies above a ceiling
     * @throws IllegalStateException if no {@link EngineProvider} is on the class or module path
     */
    public PricingEngine build() {
      Checks.notNull(model, "demandModel");
      Checks.consistentBounds(guardrails, "guardrails");
      EngineConfig config = new EngineConfig(
          extractors,
          model,
          guardrails,
          ladder == null ? PriceLadder.NINETY_NINE : ladder,
          objective == null ? Objective.profit() : objective,
          uniform != null && uniform,
          shadow != null && shadow,
          feeRate == null ? 0 : feeRate,
          maxCandidates == null ? 48 : maxCandidates,
          refine == null || refine,
          searchRange == null ? 0.5 : searchRange[0],
          searchRange == null ? 2.0 : searchRange[1],
          listeners,
          deniedFeatures);
      EngineProvider provider = ServiceLoader.load(EngineProvider.class).stream()
          .map(ServiceLoader.Provider::get)
          .max(Comparator.comparingInt(EngineProvider::priority))
          .orElseThrow(() -> new IllegalStateException(
              "no dev.pricing.api.spi.EngineProvider found: add dev.pricing:pricing-core to the class path"));
      return provider.create(config);
    }

    private static void requireUnset(Object current, String option) {
      if (current != null) {
        throw new IllegalStateException(option + " was already set to " + current);
      }
    }
  }
}
