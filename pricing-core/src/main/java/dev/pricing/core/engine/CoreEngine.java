package dev.pricing.core.engine;

import dev.pricing.api.InvalidRequestException;
import dev.pricing.api.Customer;
import dev.pricing.api.EngineHealth;
import dev.pricing.api.FeatureContribution;
import dev.pricing.api.FeatureSchema;
import dev.pricing.api.FeatureVector;
import dev.pricing.api.Guardrail;
import dev.pricing.api.Market;
import dev.pricing.api.Outcome;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.PriceLadder;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import dev.pricing.api.ReasonCode;
import dev.pricing.api.spi.EngineConfig;
import dev.pricing.api.spi.FeatureExtractor;
import dev.pricing.api.spi.PriceExplorer;
import dev.pricing.core.FeatureExtractors;
import dev.pricing.core.FeaturePipeline;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The engine of pricing-core: a short pipeline over package-private stages, each decision carried by one
 * per-thread {@link RequestContext}:
 * <pre>
 *   bounds -> guarded features -> [fallback?] -> model guard {
 *       baseline.prepare -> optimiser (with probes) -> binding -> id -> exploration -> baseline.finish -> explainer
 *   } -> assembly -> telemetry -> listeners
 * </pre>
 * Thread-safe: configuration is immutable, the model is swapped through one volatile reference, the stages
 * are immutable or atomic, and each thread works in its own context.
 */
public final class CoreEngine implements PricingEngine {
  private static final System.Logger LOG = System.getLogger(CoreEngine.class.getName());
  /** 10^digits for a currency's minor unit (ISO 4217 uses at most 4 digits). */
  private static final double[] POW10 = {1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
  /** Categories with a population ring of their own (the rest share one). */
  static final int POPULATION_GROUPS = 64;
  /** Uniform mode, once a category's ring is full: every n-th decision of a thread extracts a sample. */
  static final int UNIFORM_SAMPLE_PERIOD = 4;

  private final FeaturePipeline pipeline;
  private final FeatureSchema schema;
  private final boolean uniform;
  private final boolean shadow;
  private final boolean failSafe;
  private final Bounds bounds;
  private final GuardedExtraction features;
  private final ModelGuard modelGuard;
  private final Optimiser optimiser;
  private final Baseline baseline;
  private final ExplorationStep exploration;
  private final PriceExplorer explorer;
  private final Explainer explainer;
  private final DecisionIds ids = new DecisionIds();
  private final DecisionAssembly assembly;
  private final Telemetry telemetry = new Telemetry();
  private final Listeners listeners;
  private final ThreadLocal<RequestContext> contexts;
  private final String ladderName;
  private final Guardrail[] engineGuardrails;
  private final PriceLadder ladder;
  private final java.util.Currency ladderCurrency;
  private final java.util.Currency[] requiredCurrencies;
  private final String objectiveName;
  /** Per feature: written by a customer-only extractor (a slate's customer split is over these). */
  private final boolean[] customerFeature;
  private volatile ActiveModel active;
  private volatile boolean closed;

  private CoreEngine(EngineConfig config) {
    List<FeatureExtractor> xs = config.extractors().isEmpty() ? FeatureExtractors.standard() : config.extractors();
    this.pipeline = FeaturePipeline.of(xs, config.deniedFeatures());
    this.schema = pipeline.schema();
    this.uniform = config.uniformPricing();
    this.shadow = config.shadowMode();
    this.failSafe = config.failSafe();
    this.bounds = new Bounds(config.guardrails(), config.ladder(), config.searchMinRatio(), config.searchMaxRatio(),
        config.paymentFeeRate());
    this.features = new GuardedExtraction(pipeline, uniform, failSafe, config.timeBudgetNanos(),
        config.breakerFailures(), config.breakerOpenNanos());
    CandidateGrid grid = new CandidateGrid(config.ladder(), config.maxCandidates());
    this.optimiser = new Optimiser(grid, config.objective(), config.paymentFeeRate(), config.refine());
    BaselineCache cache = config.baselineCacheSize() > 0
        ? new BaselineCache(config.baselineCacheSize(), config.baselineCacheTtlNanos()) : null;
    PopulationReservoir reservoir = config.populationSample() > 0 && pipeline.anyPersonal()
        ? new PopulationReservoir(pipeline, config.populationSample(), POPULATION_GROUPS) : null;
    this.baseline = new Baseline(pipeline, optimiser, config.ladder(), config.personalisationCap(), cache,
        reservoir, uniform, UNIFORM_SAMPLE_PERIOD);
    this.explorer = config.explorer();
    this.exploration = explorer == null ? null : new ExplorationStep(explorer, grid, optimiser, uniform);
    this.explainer = new Explainer(pipeline, optimiser, config.explanationFeatures(),
        config.explanationPriceEffects(), config.explanationReference());
    this.assembly = new DecisionAssembly(config.ladder(), shadow, new Reasons(), ids);
    this.assembly.costFloorFrom(bounds);
    this.engineGuardrails = config.guardrails().toArray(new Guardrail[0]);
    this.ladder = config.ladder();
    this.ladderCurrency = config.ladder().currency().orElse(null);
    // Every currency the engine-level money guardrails and the ladder name, computed once (Currency instances
    // are canonical, so the hot path compares identities).
    java.util.Set<java.util.Currency> named = new java.util.LinkedHashSet<>();
    if (ladderCurrency != null) {
      named.add(ladderCurrency);
    }
    for (Guardrail g : engineGuardrails) {
      Guardrail.currencyOf(g).ifPresent(named::add);
    }
    this.requiredCurrencies = named.toArray(new java.util.Currency[0]);
    this.modelGuard = new ModelGuard(config.breakerFailures(), config.breakerOpenNanos(), failSafe,
        config.timeBudgetNanos(), assembly);
    this.listeners = new Listeners(config.listeners(), schema, telemetry);
    this.ladderName = String.valueOf(config.ladder());
    this.objectiveName = String.valueOf(config.objective());
    this.customerFeature = new boolean[schema.size()];
    for (int i = 0; i < pipeline.extractorCount(); i++) {
      if (pipeline.customerOnly(i)) {
        java.util.Arrays.fill(customerFeature, pipeline.from(i), pipeline.to(i), true);
      }
    }
    this.active = ActiveModel.bind(config.demandModel(), schema, customerFeature);
    int extractors = pipeline.extractorCount();
    int candidates = config.maxCandidates();
    int top = config.explanationFeatures();
    this.contexts = ThreadLocal.withInitial(() -> new RequestContext(schema, extractors, candidates, top, optimiser,
        reservoir, telemetry.register()));
  }

  /**
   * Builds the engine for a configuration (called by {@link dev.pricing.core.CoreEngineProvider}).
   *
   * @param config the configuration
   * @return the engine
   * @throws IllegalArgumentException if the configuration is inconsistent with the extractors or the model
   */
  public static PricingEngine create(EngineConfig config) {
    return new CoreEngine(Objects.requireNonNull(config, "config"));
  }

  @Override
  public PriceDecision price(PricingRequest request) {
    ensureOpen();
    Objects.requireNonNull(request, "request");
    return priceOne(contexts.get(), request);
  }

  @Override
  public List<PriceDecision> priceAll(Customer customer, List<Product> products, Market market) {
    ensureOpen();
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(products, "products");
    Objects.requireNonNull(market, "market");
    PricingRequest[] requests = new PricingRequest[products.size()];
    for (int i = 0; i < requests.length; i++) {
      Product p = products.get(i);
      if (p == null) {
        throw new IllegalArgumentException("products[" + i + "] must not be null");
      }
      requests[i] = PricingRequest.of(customer, p, market);
    }
    return slate(requests);
  }

  @Override
  public List<PriceDecision> priceAll(Customer customer, List<Product> products, List<Market> markets) {
    ensureOpen();
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(products, "products");
    Objects.requireNonNull(markets, "markets");
    if (markets.size() != products.size()) {
      throw new IllegalArgumentException("markets must have one market per product (" + products.size()
          + "), found " + markets.size());
    }
    PricingRequest[] requests = new PricingRequest[products.size()];
    for (int i = 0; i < requests.length; i++) {
      Product p = products.get(i);
      Market m = markets.get(i);
      if (p == null || m == null) {
        throw new IllegalArgumentException((p == null ? "products[" : "markets[") + i + "] must not be null");
      }
      requests[i] = PricingRequest.of(customer, p, m);
    }
    return slate(requests);
  }

  /** One customer's requests: customer-only features are extracted by the first and reused by the rest. */
  private List<PriceDecision> slate(PricingRequest[] requests) {
    RequestContext c = contexts.get();
    PriceDecision[] out = new PriceDecision[requests.length];
    c.beginSlate();
    try {
      for (int i = 0; i < requests.length; i++) {
        out[i] = priceOne(c, requests[i]);
      }
    } finally {
      c.endSlate();
    }
    return List.of(out);
  }

  /** One decision through the pipeline, then telemetry and listeners. */
  private PriceDecision priceOne(RequestContext c, PricingRequest request) {
    long start = System.nanoTime();
    c.begin(request, active, start);
    PriceDecision decision;
    try {
      decision = decide(c);
    } catch (RuntimeException e) {
      if (!failSafe) {
        throw e;
      }
      // A failure outside any guarded component (a guardrail that cannot be evaluated for this request, a
      // ladder point the currency cannot express): serve the safe price rather than fail the checkout.
      LOG.log(System.Logger.Level.WARNING, "pricing failed for product " + request.product().id()
          + "; serving the safe reference price", e);
      telemetry.engineFailure();
      decision = assembly.fallback(c, Reasons.bit(ReasonCode.COMPONENT_FAILED));
    }
    telemetry.record(decision, System.nanoTime() - start, c.local);
    listeners.decision(c, decision);
    return decision;
  }

  private PriceDecision decide(RequestContext c) {
    Product product = c.request.product();
    if (!requestFitsEngine(c.request)) {
      // The request's fault, not a component's: no breaker counts it (see InvalidRequestException).
      if (!failSafe) {
        throw invalidForEngine(c.request);
      }
      return assembly.fallback(c, Reasons.bit(ReasonCode.INVALID_REQUEST));
    }
    c.digits = product.currency().getDefaultFractionDigits();
    c.scale = POW10[c.digits];
    c.cost = product.unitCost().doubleValue();
    c.ref = c.request.referencePrice().doubleValue();
    bounds.apply(c);
    if (uniform) {
      c.reasons |= Reasons.bit(ReasonCode.UNIFORM_MODE);
    }
    int extracted = features.extract(c);
    if ((extracted & Reasons.FALLBACK_BITS) != 0) {
      return assembly.fallback(c, c.reasons | extracted);
    }
    c.reasons |= extracted;
    c.featuresValid = true;
    c.personalPath = pipeline.anyPersonal() && !uniform && !c.personalDegraded;
    baseline.observe(c);
    if (!c.feasible()) {
      return assembly.fallback(c, c.reasons | Reasons.bit(ReasonCode.INFEASIBLE_GUARDRAILS));
    }
    if (modelGuard.open(c)) {
      return assembly.fallback(c, c.reasons | Reasons.bit(ReasonCode.CIRCUIT_OPEN));
    }
    return modelGuard.run(c, this::optimiseAndExplain);
  }

  /**
   * Whether the engine-level money guardrails and the price ladder are in the request's currency (or name
   * none). A mismatch is the request's fault: see {@link InvalidRequestException}.
   */
  private boolean requestFitsEngine(PricingRequest request) {
    java.util.Currency currency = request.product().currency();
    for (java.util.Currency required : requiredCurrencies) {
      if (required != currency) {
        return false;
      }
    }
    return true;
  }

  private InvalidRequestException invalidForEngine(PricingRequest request) {
    String currency = request.product().currency().getCurrencyCode();
    if (ladderCurrency != null && !ladderCurrency.getCurrencyCode().equals(currency)) {
      return new InvalidRequestException("product.currency " + currency + " of product " + request.product().id()
          + " does not match the engine's price ladder " + ladder);
    }
    for (Guardrail g : engineGuardrails) {
      Optional<java.util.Currency> cur = Guardrail.currencyOf(g);
      if (cur.isPresent() && !cur.get().getCurrencyCode().equals(currency)) {
        return new InvalidRequestException("product.currency " + currency + " of product " + request.product().id()
            + " does not match the engine's guardrail " + g);
      }
    }
    return new InvalidRequestException("request for product " + request.product().id() + " does not fit the engine");
  }

  /** The model part of a decision: baseline, optimisation, binding, exploration, explanation. */
  private PriceDecision optimiseAndExplain(RequestContext c) {
    if (!c.personalPath && baseline.population(c)) {
      // Without personal data, once the category has a population: its cached price, average demand and
      // binding guardrail (see Baseline).
      c.reasons |= Reasons.bit(ReasonCode.OPTIMISED);
    } else {
      if (!baseline.prepare(c) || !optimiser.optimiseDecision(c)) {
        return assembly.fallback(c, c.reasons | Reasons.bit(ReasonCode.MODEL_OUTPUT_INVALID));
      }
      c.priceMinor = c.bestMinor;
      c.demand = c.bestDemand;
      c.value = c.bestValue;
      c.reasons |= Reasons.bit(ReasonCode.OPTIMISED) | (c.refined ? Reasons.bit(ReasonCode.REFINED) : 0);
      optimiser.detectBinding(c);
    }
    c.id = ids.next(c);
    if (exploration != null) {
      exploration.step(c);
    }
    c.profit = optimiser.profit(c.priceMinor / c.scale, c.cost, c.demand);
    baseline.finish(c);
    List<FeatureContribution> contributions = explainer.explain(c);
    return assembly.decision(c, contributions);
  }

  @Override
  public FeatureVector features(PricingRequest request) {
    ensureOpen();
    Objects.requireNonNull(request, "request");
    double[] x = new double[schema.size()];
    pipeline.extract(request, x, uniform);
    return FeatureVector.of(schema, x);
  }

  @Override
  public FeatureSchema schema() {
    return schema;
  }

  /**
   * Returns the engine's feature pipeline (the one trainers and evaluation code should extract with).
   *
   * @return the pipeline
   */
  public FeaturePipeline pipeline() {
    return pipeline;
  }

  @Override
  public String modelVersion() {
    return active.version();
  }

  @Override
  public void swapModel(dev.pricing.api.spi.DemandModel model) {
    ensureOpen();
    ActiveModel next = ActiveModel.bind(model, schema, customerFeature);
    ActiveModel previous = active;
    active = next;
    baseline.invalidate();
    // The breaker judged the old model; the new one starts with a closed circuit.
    modelGuard.reset();
    LOG.log(System.Logger.Level.INFO, "demand model swapped: " + previous.version() + " -> " + next.version());
  }

  @Override
  public void record(Outcome outcome) {
    ensureOpen();
    Objects.requireNonNull(outcome, "outcome");
    if (explorer != null) {
      explorer.record(outcome);
    }
    listeners.outcome(outcome);
  }

  @Override
  public EngineHealth health() {
    long now = System.nanoTime();
    Map<ReasonCode, Long> byReason = new EnumMap<>(ReasonCode.class);
    for (ReasonCode r : ReasonCode.values()) {
      long n = telemetry.fallbacks(r);
      if (n > 0) {
        byReason.put(r, n);
      }
    }
    Map<String, Long> failures = new LinkedHashMap<>();
    List<String> open = new ArrayList<>();
    features.collect(now, failures, open);
    modelGuard.collect(now, failures, open);
    if (exploration != null && exploration.failures() > 0) {
      failures.merge("explorer", exploration.failures(), Long::sum);
    }
    if (telemetry.engineFailures() > 0) {
      failures.merge("engine", telemetry.engineFailures(), Long::sum);
    }
    long[] latency = telemetry.latencyPercentiles();
    return new EngineHealth(telemetry.decisions(), telemetry.fallbacks(), byReason, failures, open,
        telemetry.listenerFailures(), listeners.dropped(), latency[0], latency[1], latency[2], latency[3]);
  }

  /**
   * Returns how many baseline lookups the cache answered and missed (0, 0 without a cache).
   *
   * @return {hits, misses}
   */
  long[] baselineCacheStats() {
    return baseline.cache() == null ? new long[2] : telemetry.cacheStats();
  }

  /**
   * Returns the population reservoir's counters (zeros when it is off).
   *
   * @return {samples recorded, samples dropped (slot busy), samples whose extraction failed}
   */
  long[] populationStats() {
    PopulationReservoir r = baseline.reservoir();
    return r == null ? new long[3] : new long[] {r.recorded(), r.dropped(), r.failedSamples()};
  }

  @Override
  public void close() {
    closed = true;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("price() called on a closed PricingEngine");
    }
  }

  @Override
  public String toString() {
    return "PricingEngine{features=" + schema.size() + ", model=" + active.version() + ", ladder=" + ladderName
        + ", objective=" + objectiveName + ", uniform=" + uniform + ", shadow=" + shadow + "}";
  }
}
