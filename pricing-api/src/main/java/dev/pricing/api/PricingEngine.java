package dev.pricing.api;

import dev.pricing.api.spi.DecisionListener;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.api.spi.EngineConfig;
import dev.pricing.api.spi.EngineProvider;
import dev.pricing.api.spi.FeatureExtractor;
import dev.pricing.api.spi.PriceExplorer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Prices one request at a time, from many threads: extracts features, scores candidate prices inside the
 * guardrails with a demand model, and returns the price that best serves the objective.
 *
 * <p>Build one per process (or per model) with {@link #builder()}, and share it: it is thread-safe, and
 * {@link #price(PricingRequest)} takes no lock and allocates only the decision it returns.
 *
 * <pre>{@code
 * try (PricingEngine engine = PricingEngine.builder()
 *     .demandModel(model)
 *     .guardrail(Guardrail.minimumMargin(0.10))
 *     .guardrail(Guardrail.maxChange(0.15))
 *     .ladder(PriceLadder.NINETY_NINE)
 *     .build()) {
 *   PriceDecision d = engine.price(request);
 *   if (d.fallback()) {
 *     metrics.count(d.reasons().get(0).id());   // the safe reference price was served
 *   }
 *   show(d.price(), d.disclosure());
 * }
 * }</pre>
 *
 * <p><b>Fail-safe is the default.</b> A failure while pricing (a component that throws or writes a
 * non-finite value, an open circuit, the time budget, a request that is invalid for this engine) does not
 * throw: the decision carries the safe reference price, {@link PriceDecision#fallback()} is true and its
 * first reason says why ({@link ReasonCode#fallback()}); {@link #health()} counts fallbacks by reason.
 * Requests are validated when they are built, so bad input normally fails there, with an
 * {@link IllegalArgumentException}, before it reaches the engine. Build with {@code failSafe(false)} to have
 * pricing failures thrown instead (offline, to find bad data).
 *
 * <p>{@link #close()} is idempotent; any other method called after it throws {@link IllegalStateException}.
 */
public interface PricingEngine extends AutoCloseable {

  /**
   * Decides the price for one request.
   *
   * <p>The price always lies on the ladder and inside every guardrail. When the guardrails contradict each
   * other for this request, or the model returns an invalid score, the decision carries the reference
   * price and a reason code instead of an exception. In fail-safe mode (the default, see
   * {@link Builder#failSafe(boolean)}) the same holds when a feature extractor or the model throws or
   * writes a non-finite value, or the time budget runs out: the decision carries the safe reference price
   * and a {@linkplain ReasonCode#fallback() fallback reason}, and the failure is counted in
   * {@link #health()}.
   *
   * @param request the request
   * @return the decision
   * @throws NullPointerException if the request is null
   * @throws IllegalArgumentException only with {@code failSafe(false)}: if the request cannot be priced
   *     (naming the field and value), for example a feature extractor produced a non-finite value, or
   *     {@link InvalidRequestException} if the request is invalid for this engine (an engine-level guardrail
   *     or the ladder in another currency)
   * @throws IllegalStateException if the engine is closed
   */
  PriceDecision price(PricingRequest request);

  /**
   * Prices a slate: one customer, many products, one market (a recommender page, a category listing).
   * Decision {@code i} equals what {@link #price(PricingRequest)} returns for
   * {@code PricingRequest.of(customer, products.get(i), market)} (apart from its decision id); the engine
   * extracts the customer's {@linkplain dev.pricing.api.spi.FeatureExtractor#customerOnly() customer-only}
   * features once for the whole slate. Each decision is counted, logged and handed to listeners as a single
   * one would be. To order the page by expected profit, or by a blend with a relevance score, pass the
   * result to {@link SlateRanking}.
   *
   * <p>The default implementation calls {@link #price(PricingRequest)} for each product.
   *
   * @param customer the customer
   * @param products the products, in page order
   * @param market the market
   * @return one decision per product, in the same order (unmodifiable)
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if a product is null (naming its index), or as {@link #price}
   * @throws IllegalStateException if the engine is closed
   */
  default List<PriceDecision> priceAll(Customer customer, List<Product> products, Market market) {
    Checks.notNull(customer, "customer");
    Checks.notNull(products, "products");
    Checks.notNull(market, "market");
    PriceDecision[] out = new PriceDecision[products.size()];
    for (int i = 0; i < out.length; i++) {
      Product p = products.get(i);
      if (p == null) {
        throw new IllegalArgumentException("products[" + i + "] must not be null");
      }
      out[i] = price(PricingRequest.of(customer, p, market));
    }
    return List.of(out);
  }

  /**
   * Prices a slate whose products each have their own market state (competitor prices, inventory): as
   * {@link #priceAll(Customer, List, Market)}, with {@code markets.get(i)} for {@code products.get(i)}.
   *
   * @param customer the customer
   * @param products the products, in page order
   * @param markets one market per product
   * @return one decision per product, in the same order (unmodifiable)
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the lists differ in length, or a product or market is null (naming its
   *     index), or as {@link #price}
   * @throws IllegalStateException if the engine is closed
   */
  default List<PriceDecision> priceAll(Customer customer, List<Product> products, List<Market> markets) {
    Checks.notNull(customer, "customer");
    Checks.notNull(products, "products");
    Checks.notNull(markets, "markets");
    if (markets.size() != products.size()) {
      throw new IllegalArgumentException("markets must have one market per product (" + products.size()
          + "), found " + markets.size());
    }
    PriceDecision[] out = new PriceDecision[products.size()];
    for (int i = 0; i < out.length; i++) {
      Product p = products.get(i);
      Market m = markets.get(i);
      if (p == null || m == null) {
        throw new IllegalArgumentException((p == null ? "products[" : "markets[") + i + "] must not be null");
      }
      out[i] = price(PricingRequest.of(customer, p, m));
    }
    return List.of(out);
  }

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

  /**
   * Records what happened after a decision: forwards the outcome to the explorer (online learning), if one
   * is configured, and then to every decision listener (the decision log). Thread-safe; may be called
   * concurrently with {@link #price}.
   *
   * @param outcome the outcome
   * @throws NullPointerException if the outcome is null
   * @throws IllegalArgumentException if an explorer is configured and the decision id is unknown to it or
   *     its outcome was already recorded
   * @throws IllegalStateException if the engine is closed
   */
  void record(Outcome outcome);

  /**
   * Returns a snapshot of the engine's counters: decisions, fallbacks by reason, component failures, open
   * circuit breakers, listener failures and the latency distribution.
   *
   * @return the snapshot
   */
  EngineHealth health();

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
   * <p>Follows the library's builder convention: each setter checks its own argument at once (an
   * {@link IllegalArgumentException} naming the option and the value), setting a single-valued option twice
   * is an {@link IllegalStateException} that shows the current and the new value, and {@link #build()}
   * checks what involves several options and that every required one was set (an
   * {@link IllegalStateException} naming it). Not thread-safe.
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
    private PriceExplorer explorer;
    private Boolean failSafe;
    private Duration timeBudget;
    private int[] breaker;
    private Duration breakerOpen;
    private Double personalisationCap;
    private Integer explanations;
    private Boolean priceEffects;
    private Map<String, Double> explanationReference;
    private int[] baselineCache;
    private Duration baselineCacheTtl;
    private Integer populationSample;

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
      Checks.requireUnset(this.model, model, "demandModel");
      this.model = Checks.notNull(model, "demandModel");
      return this;
    }

    /**
     * Adds a guardrail that applies to every product (products may add their own). A floor, ceiling or
     * MAP must name its currency ({@code Guardrail.floor("USD", "8.50")}); a product in another currency is
     * then refused as an invalid request ({@link ReasonCode#INVALID_REQUEST}).
     *
     * @param guardrail the guardrail
     * @return this builder
     * @throws IllegalArgumentException if it is a floor, ceiling or MAP without a currency
     */
    public Builder guardrail(Guardrail guardrail) {
      Checks.notNull(guardrail, "guardrail");
      if (Checks.absolute(guardrail) != null && Guardrail.currencyOf(guardrail).isEmpty()) {
        throw new IllegalArgumentException("guardrail " + guardrail + " must name its currency on an engine, for"
            + " example Guardrail." + (guardrail instanceof Guardrail.Floor ? "floor"
            : guardrail instanceof Guardrail.Ceiling ? "ceiling" : "minimumAdvertisedPrice") + "(\"USD\", \""
            + Checks.absolute(guardrail).toPlainString() + "\"); a guardrail without one belongs on a Product");
      }
      guardrails.add(guardrail);
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
      Checks.requireUnset(this.ladder, ladder, "ladder");
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
      Checks.requireUnset(this.objective, objective, "objective");
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
      Checks.requireUnset(this.uniform, uniform, "uniformPricing");
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
      Checks.requireUnset(this.shadow, shadow, "shadowMode");
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
      Checks.requireUnset(this.feeRate, rate, "paymentFeeRate");
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
      Checks.requireUnset(this.maxCandidates, count, "maxCandidates");
      if (count < EngineConfig.MIN_CANDIDATES || count > EngineConfig.MAX_CANDIDATES) {
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
      Checks.requireUnset(this.refine, refine, "refine");
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
      Checks.requireUnset(this.searchRange, new double[] {minRatio, maxRatio}, "searchRange");
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
     * Sets an explorer that chooses among the scored candidates to learn online (default none: the engine
     * serves the model's best candidate with propensity 1).
     *
     * @param explorer the explorer
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder explorer(PriceExplorer explorer) {
      Checks.requireUnset(this.explorer, explorer, "explorer");
      this.explorer = Checks.notNull(explorer, "explorer");
      return this;
    }

    /**
     * Turns fail-safe pricing on or off (default on). When on, a feature extractor or demand model that
     * throws or writes a non-finite value, or a decision that runs past the time budget, yields the safe
     * reference price (the reference price moved inside the guardrails and onto the ladder) with a
     * fallback reason code, and the failure is counted; {@link PricingEngine#price} then throws nothing but
     * {@link NullPointerException} for a null request and {@link IllegalStateException} after close. When
     * off, such failures throw {@link IllegalArgumentException} (useful offline, to find bad data).
     *
     * @param failSafe true to return fallbacks instead of throwing
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder failSafe(boolean failSafe) {
      Checks.requireUnset(this.failSafe, failSafe, "failSafe");
      this.failSafe = failSafe;
      return this;
    }

    /**
     * Sets a time budget per decision (default none). A decision whose components together run past it
     * returns the safe reference price with {@link ReasonCode#TIME_BUDGET_EXCEEDED}, and the slow component
     * is counted as failed. The engine checks the clock between components and cannot interrupt a
     * component that never returns: a component that may block must bound its own wait (the ONNX
     * extractors do).
     *
     * @param budget the budget, positive
     * @return this builder
     * @throws IllegalArgumentException if the budget is not positive
     * @throws IllegalStateException if already set
     */
    public Builder timeBudget(Duration budget) {
      Checks.requireUnset(this.timeBudget, budget, "timeBudget");
      Checks.notNull(budget, "timeBudget");
      if (budget.isNegative() || budget.isZero()) {
        throw new IllegalArgumentException("timeBudget must be positive, found " + budget);
      }
      this.timeBudget = budget;
      return this;
    }

    /**
     * Configures the circuit breakers (default: open after 5 consecutive failures, for 1 second). A
     * component (feature extractor or demand model) that fails this many times in a row is skipped until
     * {@code openFor} has passed; then one trial call is let through, and a success closes the circuit.
     *
     * @param consecutiveFailures failures in a row that open the circuit, at least 1
     * @param openFor how long the circuit stays open, positive
     * @return this builder
     * @throws IllegalArgumentException if a value is out of range
     * @throws IllegalStateException if already set
     */
    public Builder circuitBreaker(int consecutiveFailures, Duration openFor) {
      Checks.requireUnset(this.breaker == null ? null : List.of(this.breaker[0], this.breakerOpen),
          java.util.Arrays.asList(consecutiveFailures, openFor), "circuitBreaker");
      if (consecutiveFailures < 1) {
        throw new IllegalArgumentException("circuitBreaker.consecutiveFailures must be at least 1, found "
            + consecutiveFailures);
      }
      Checks.notNull(openFor, "circuitBreaker.openFor");
      if (openFor.isNegative() || openFor.isZero()) {
        throw new IllegalArgumentException("circuitBreaker.openFor must be positive, found " + openFor);
      }
      this.breaker = new int[] {consecutiveFailures};
      this.breakerOpen = openFor;
      return this;
    }

    /**
     * Caps how far personal data may move a price (default: no cap). With cap {@code c}, every personalised
     * price for the same product and market lies in {@code [b / sqrt(1 + c), b * sqrt(1 + c)]} around the
     * non-personal baseline price {@code b} (snapped inward to the ladder), so any two customers' prices
     * differ by at most a factor {@code 1 + c}: 0.10 means at most 10% apart. A price held by the cap reports
     * {@link GuardrailKind#PERSONALISATION_CAP}.
     *
     * @param maxSpread the largest relative spread between two customers' prices, in (0, 1]
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     */
    public Builder personalisationCap(double maxSpread) {
      Checks.requireUnset(this.personalisationCap, maxSpread, "personalisationCap");
      Checks.finite(maxSpread, "personalisationCap");
      if (!(maxSpread > 0 && maxSpread <= 1)) {
        throw new IllegalArgumentException("personalisationCap must be in (0, 1], found " + maxSpread);
      }
      this.personalisationCap = maxSpread;
      return this;
    }

    /**
     * Sets how many feature contributions each decision carries (default 2, which keeps a decision within the 512-byte allocation budget: each further one costs about 50 bytes; 0 turns explanations off).
     * Contributions need a model whose scorer is a {@link DemandModel.ContributionScorer}.
     *
     * @param topFeatures the number of features, in [0, 32]
     * @param priceEffects whether to also compute each one's effect on the price (one extra optimisation per
     *     feature: slower, but says "+4% price" rather than a score)
     * @return this builder
     * @throws IllegalArgumentException if out of range
     * @throws IllegalStateException if already set
     */
    public Builder explanations(int topFeatures, boolean priceEffects) {
      Checks.requireUnset(this.explanations == null ? null : List.of(this.explanations, this.priceEffects),
          List.of(topFeatures, priceEffects), "explanations");
      if (topFeatures < 0 || topFeatures > 32) {
        throw new IllegalArgumentException("explanations.topFeatures must be in [0, 32], found " + topFeatures);
      }
      this.explanations = topFeatures;
      this.priceEffects = priceEffects;
      return this;
    }

    /**
     * Sets the reference values that non-personal features are explained against (for example their
     * training means). Features not named here are not explained. Personal features are always explained
     * against their neutral values.
     *
     * @param reference feature name to reference value
     * @return this builder
     * @throws IllegalArgumentException if a value is not finite
     * @throws IllegalStateException if already set
     */
    public Builder explanationReference(Map<String, Double> reference) {
      Checks.requireUnset(this.explanationReference, reference, "explanationReference");
      Map<String, Double> copy = new LinkedHashMap<>();
      Checks.notNull(reference, "explanationReference").forEach((k, v) -> {
        Checks.notBlank(k, "explanationReference key");
        Checks.notNull(v, "explanationReference[" + k + "]");
        Checks.finite(v, "explanationReference[" + k + "]");
        copy.put(k, v);
      });
      this.explanationReference = Map.copyOf(copy);
      return this;
    }

    private static long saturatedNanos(Duration d) {
      try {
        return d.toNanos();
      } catch (ArithmeticException e) {
        return Long.MAX_VALUE / 2;
      }
    }

    /**
     * Sets the cache of non-personal baselines. The baseline (the price without personal data, which also
     * anchors the personalisation cap and decides whether a decision is personalised) depends on the product
     * and the market as the model sees them, not on the customer, so customers of the same product share it.
     * The key is the full neutral feature vector, the guardrail bounds, the unit cost and the currency, and
     * the model that computed it: a {@link PricingEngine#swapModel model swap} invalidates every entry.
     * Default: 8,192 states for 30 seconds (each entry holds a copy of the feature vector: about 4.5 MB at
     * 60 features when full).
     *
     * @param maxEntries how many states it holds, in [0, 1,048,576]; 0 turns the cache off
     * @param timeToLive how long an entry serves, positive
     * @return this builder
     * @throws IllegalArgumentException if a value is out of range, naming it
     * @throws IllegalStateException if already set
     */
    public Builder baselineCache(int maxEntries, Duration timeToLive) {
      Checks.requireUnset(this.baselineCache, new int[] {maxEntries}, "baselineCache");
      if (maxEntries < 0 || maxEntries > 1 << 20) {
        throw new IllegalArgumentException("baselineCache.maxEntries must be in [0, 1048576], found " + maxEntries);
      }
      Checks.notNull(timeToLive, "baselineCache.timeToLive");
      if (timeToLive.isNegative() || timeToLive.isZero()) {
        throw new IllegalArgumentException("baselineCache.timeToLive must be positive, found " + timeToLive);
      }
      this.baselineCache = new int[] {maxEntries};
      this.baselineCacheTtl = timeToLive;
      return this;
    }

    /**
     * Sets how many recent requests per product category the non-personal price averages over. The price
     * without personal data (the price in {@link #uniformPricing uniform mode}, and the baseline that anchors
     * the personalisation cap and decides whether a decision is personalised) maximises the expected objective
     * averaged over the customers who actually arrive: the personal features of the category's last
     * {@code size} requests, with this request's product, market and time features. Until a category has
     * {@code size} requests, and with 0, it is the neutral customer's price (personal features at their
     * neutral values). The averaging costs one model call per sample, paid when the
     * {@link #baselineCache baseline cache} misses; the price changes only when a full sample of new
     * requests has arrived or the cache entry expires. In uniform mode personal extractors run for the sample
     * only (every request until the category's first full sample, then every fourth of a thread), into a
     * buffer no explorer, listener or decision sees; no customer's price depends on their own features.
     * Memory: at most about 64 categories of {@code size} samples of the personal features, plus one copy per
     * pricing thread. Default {@value EngineConfig#DEFAULT_POPULATION_SAMPLE}.
     *
     * @param size samples per category, in [0, {@value EngineConfig#MAX_POPULATION_SAMPLE}]; 0 turns it off
     * @return this builder
     * @throws IllegalArgumentException if out of range, naming it and the value
     * @throws IllegalStateException if already set
     */
    public Builder populationSample(int size) {
      Checks.requireUnset(this.populationSample, size, "populationSample");
      if (size < 0 || size > EngineConfig.MAX_POPULATION_SAMPLE) {
        throw new IllegalArgumentException("populationSample must be in [0, " + EngineConfig.MAX_POPULATION_SAMPLE
            + "], found " + size);
      }
      this.populationSample = size;
      return this;
    }

    /**
     * Builds the engine.
     *
     * @return the engine
     * @throws IllegalStateException if no demand model was set
     * @throws IllegalArgumentException if the extractors' feature names collide, a denied feature is
     *     declared, the model needs features the schema lacks, or a floor or MAP lies above a ceiling
     * @throws IllegalStateException if no {@link EngineProvider} is on the class or module path
     */
    public PricingEngine build() {
      Checks.required(model, "demandModel");
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
          deniedFeatures,
          explorer,
          failSafe == null || failSafe,
          timeBudget == null ? 0 : timeBudget.toNanos(),
          breaker == null ? 5 : breaker[0],
          breakerOpen == null ? 1_000_000_000L : breakerOpen.toNanos(),
          personalisationCap == null ? 0 : personalisationCap,
          explanations == null ? 2 : explanations,
          priceEffects != null && priceEffects,
          explanationReference == null ? Map.of() : explanationReference,
          baselineCache == null ? 8192 : baselineCache[0],
          baselineCacheTtl == null ? 30_000_000_000L : saturatedNanos(baselineCacheTtl),
          populationSample == null ? EngineConfig.DEFAULT_POPULATION_SAMPLE : populationSample);
      EngineProvider provider = ServiceLoader.load(EngineProvider.class).stream()
          .map(ServiceLoader.Provider::get)
          .max(Comparator.comparingInt(EngineProvider::priority))
          .orElseThrow(() -> new IllegalStateException(
              "no dev.pricing.api.spi.EngineProvider found: add dev.pricing:pricing-core to the class path"));
      return provider.create(config);
    }
  }
}
