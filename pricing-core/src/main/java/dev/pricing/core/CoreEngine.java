package dev.pricing.core;

import dev.pricing.api.EngineHealth;
import dev.pricing.api.FeatureContribution;
import dev.pricing.api.FeatureSchema;
import dev.pricing.api.Outcome;
import dev.pricing.api.FeatureVector;
import dev.pricing.api.Guardrail;
import dev.pricing.api.GuardrailKind;
import dev.pricing.api.InvalidRequestException;
import dev.pricing.api.Objective;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.PriceLadder;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import dev.pricing.api.ReasonCode;
import dev.pricing.api.spi.DecisionListener;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.api.spi.EngineConfig;
import dev.pricing.api.spi.FeatureExtractor;
import dev.pricing.api.spi.PriceExplorer;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariatePointValuePair;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The engine of pricing-core. Thread-safe: configuration is immutable, the model is swapped through one
 * volatile reference, and each thread works in its own {@link Scratch}.
 */
final class CoreEngine implements PricingEngine {
  private static final System.Logger LOG = System.getLogger(CoreEngine.class.getName());
  private static final double[] POW10 = {1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
  /** Absorbs binary rounding when a bound such as 4.99 * 100 becomes 499.00000000000006. */
  private static final double MINOR_EPS = 1e-6;
  /** One shared Optional per guardrail kind (index = ordinal; last = none), so decisions allocate none. */
  private static final List<Optional<GuardrailKind>> BINDING;
  private static final ReasonCode[] REASON_ORDER = {
      ReasonCode.SHADOW_MODE, ReasonCode.INVALID_REQUEST, ReasonCode.COMPONENT_FAILED, ReasonCode.TIME_BUDGET_EXCEEDED, ReasonCode.CIRCUIT_OPEN,
      ReasonCode.INFEASIBLE_GUARDRAILS, ReasonCode.MODEL_OUTPUT_INVALID, ReasonCode.GUARDRAIL_BINDING,
      ReasonCode.PERSONALISATION_CAP, ReasonCode.SEARCH_LIMIT, ReasonCode.EXPLORED, ReasonCode.DEGRADED,
      ReasonCode.PERSONALISED, ReasonCode.UNIFORM_MODE, ReasonCode.OPTIMISED, ReasonCode.REFINED,
      ReasonCode.NO_COMPETITOR_DATA};
  /** Latencies above a minute are recorded as a minute. */
  private static final long MAX_RECORDED_NANOS = 60_000_000_000L;
  private static final String MODEL_COMPONENT = "demand-model";
  private static final int FALLBACK_BITS;
  /** Keeps decision-id ranges of engines built in the same JVM apart (see {@link #firstDecisionId()}). */
  private static final AtomicLong LAST_ID_SEED = new AtomicLong();

  static {
    List<Optional<GuardrailKind>> b = new ArrayList<>();
    for (GuardrailKind k : GuardrailKind.values()) {
      b.add(Optional.of(k));
    }
    b.add(Optional.empty());
    BINDING = List.copyOf(b);
    int f = 0;
    for (ReasonCode r : ReasonCode.values()) {
      if (r.fallback()) {
        f |= 1 << r.ordinal();
      }
    }
    FALLBACK_BITS = f;
    if (java.util.EnumSet.copyOf(List.of(REASON_ORDER)).size() != ReasonCode.values().length
        || REASON_ORDER.length != ReasonCode.values().length) {
      throw new ExceptionInInitializerError("REASON_ORDER must list every ReasonCode once");
    }
  }

  private final FeatureExtractor[] extractors;
  private final int[] offsets;
  private final boolean[] personalExtractor;
  private final boolean anyPersonal;
  private final FeatureSchema schema;
  private final Guardrail[] guardrails;
  private final PriceLadder ladder;
  private final java.util.Currency ladderCurrency;
  private final Objective objective;
  private final boolean uniform;
  private final boolean shadow;
  private final double fee;
  private final int maxCandidates;
  private final boolean refine;
  private final double searchMin;
  private final double searchMax;
  private final DecisionListener[] listeners;
  private final ThreadLocal<Scratch> scratch;
  private final AtomicLong idBlocks = new AtomicLong(firstDecisionId());
  private final AtomicReferenceArray<List<ReasonCode>> reasonLists =
      new AtomicReferenceArray<>(1 << ReasonCode.values().length);
  private final LongAdder listenerFailures = new LongAdder();
  private final PriceExplorer explorer;
  private final boolean[] wantsFeatures;
  private final boolean featureListeners;
  private final boolean failSafe;
  private final long timeBudget;
  /** sqrt(1 + cap): personalised prices lie in [baseline / capRoot, baseline * capRoot]; 0 for no cap. */
  private final double capRoot;
  private final int topFeatures;
  private final boolean priceEffects;
  private final boolean[] personalFeature;
  private final boolean[] hasReference;
  private final double[] referenceValue;
  private final CircuitBreaker[] breakers;
  private final CircuitBreaker modelBreaker;
  private final LongAdder decisions = new LongAdder();
  private final LongAdder fallbacks = new LongAdder();
  private final LongAdder[] fallbackByReason = new LongAdder[ReasonCode.values().length];
  private final LongAdder engineFailures = new LongAdder();
  private final LongAdder explorerFailures = new LongAdder();
  private final Recorder latency = new Recorder(MAX_RECORDED_NANOS, 2);
  private final Histogram latencyTotal = new Histogram(MAX_RECORDED_NANOS, 2);
  private Histogram latencyInterval;
  private volatile ActiveModel active;
  private volatile boolean closed;

  /** A model and its scorer compiled for this engine's schema: swapped as one. */
  private record ActiveModel(DemandModel model, DemandModel.Scorer scorer, String version) {}

  CoreEngine(EngineConfig config) {
    List<FeatureExtractor> xs = config.extractors().isEmpty() ? FeatureExtractors.standard() : config.extractors();
    this.extractors = xs.toArray(new FeatureExtractor[0]);
    this.offsets = new int[extractors.length];
    this.personalExtractor = new boolean[extractors.length];
    List<String> names = new ArrayList<>();
    boolean personal = false;
    for (int i = 0; i < extractors.length; i++) {
      List<String> own = extractors[i].featureNames();
      if (own == null || own.isEmpty()) {
        throw new IllegalArgumentException("feature extractor " + extractors[i] + " declares no features");
      }
      offsets[i] = names.size();
      names.addAll(own);
      personalExtractor[i] = extractors[i].personal();
      personal |= personalExtractor[i];
      for (String name : own) {
        if (config.deniedFeatures().contains(name)) {
          throw new IllegalArgumentException("feature '" + name + "' declared by extractor " + extractors[i]
              + " is denied and must not influence a price");
        }
      }
    }
    this.schema = FeatureSchema.of(names);
    this.anyPersonal = personal;
    this.guardrails = config.guardrails().toArray(new Guardrail[0]);
    this.ladder = config.ladder();
    this.ladderCurrency = config.ladder().currency().orElse(null);
    this.objective = config.objective();
    this.uniform = config.uniformPricing();
    this.shadow = config.shadowMode();
    this.fee = config.paymentFeeRate();
    this.maxCandidates = config.maxCandidates();
    this.refine = config.refine();
    this.searchMin = config.searchMinRatio();
    this.searchMax = config.searchMaxRatio();
    this.listeners = config.listeners().toArray(new DecisionListener[0]);
    this.wantsFeatures = new boolean[listeners.length];
    boolean any = false;
    for (int i = 0; i < listeners.length; i++) {
      wantsFeatures[i] = listeners[i].wantsFeatures();
      any |= wantsFeatures[i];
    }
    this.featureListeners = any;
    this.explorer = config.explorer();
    this.failSafe = config.failSafe();
    this.timeBudget = config.timeBudgetNanos();
    this.capRoot = config.personalisationCap() > 0 ? Math.sqrt(1 + config.personalisationCap()) : 0;
    this.topFeatures = config.explanationFeatures();
    this.priceEffects = config.explanationPriceEffects();
    int size = schema.size();
    this.personalFeature = new boolean[size];
    this.hasReference = new boolean[size];
    this.referenceValue = new double[size];
    this.breakers = new CircuitBreaker[extractors.length];
    for (int i = 0; i < extractors.length; i++) {
      int end = i + 1 < offsets.length ? offsets[i + 1] : size;
      for (int j = offsets[i]; j < end; j++) {
        personalFeature[j] = personalExtractor[i];
      }
      breakers[i] = new CircuitBreaker(String.valueOf(extractors[i]), config.breakerFailures(),
          config.breakerOpenNanos());
    }
    this.modelBreaker = new CircuitBreaker(MODEL_COMPONENT, config.breakerFailures(), config.breakerOpenNanos());
    config.explanationReference().forEach((name, value) -> {
      int j = schema.indexOf(name);
      if (j < 0) {
        throw new IllegalArgumentException("explanationReference names feature '" + name
            + "' which the engine's schema lacks; schema: " + schema.names());
      }
      hasReference[j] = true;
      referenceValue[j] = value;
    });
    for (int r = 0; r < fallbackByReason.length; r++) {
      fallbackByReason[r] = new LongAdder();
    }
    this.active = bind(config.demandModel());
    int candidates = maxCandidates;
    int top = topFeatures;
    this.scratch = ThreadLocal.withInitial(() -> new Scratch(size, candidates, top));
  }

  /**
   * The first decision id of a new engine: the wall clock in milliseconds times 2^16, so an engine started
   * after a restart continues above the previous run's ids (unless it made more than 65,536 decisions per
   * millisecond of uptime), and at least 2^32 above the previous engine built in this JVM.
   */
  private static long firstDecisionId() {
    long fromClock = System.currentTimeMillis() << 16;
    return LAST_ID_SEED.accumulateAndGet(fromClock, (prev, clock) -> Math.max(prev + (1L << 32), clock));
  }

  private ActiveModel bind(DemandModel model) {
    Objects.requireNonNull(model, "demandModel");
    String version = Objects.requireNonNull(model.version(), "demandModel.version()");
    DemandModel.Scorer scorer = Objects.requireNonNull(model.bind(schema), "demandModel.bind(schema)");
    return new ActiveModel(model, scorer, version);
  }

  @Override
  public PriceDecision price(PricingRequest request) {
    ensureOpen();
    Objects.requireNonNull(request, "request");
    long start = System.nanoTime();
    Scratch s = scratch.get();
    PriceDecision decision;
    try {
      decision = decide(request, s, active, start);
    } catch (RuntimeException e) {
      if (!failSafe) {
        throw e;
      }
      // A failure outside any guarded component (a guardrail that cannot be evaluated for this request, a
      // ladder point the currency cannot express): serve the safe price rather than fail the checkout.
      LOG.log(System.Logger.Level.WARNING, "pricing failed for product " + request.product().id()
          + "; serving the safe reference price", e);
      engineFailures.increment();
      decision = fallback(request, s, active, bit(ReasonCode.COMPONENT_FAILED));
    }
    long elapsed = System.nanoTime() - start;
    latency.recordValue(Math.min(Math.max(elapsed, 0), MAX_RECORDED_NANOS));
    decisions.increment();
    if (decision.fallback()) {
      fallbacks.increment();
      List<ReasonCode> rs = decision.reasons();
      for (int i = 0, n = rs.size(); i < n; i++) {
        if (rs.get(i).fallback()) {
          fallbackByReason[rs.get(i).ordinal()].increment();
        }
      }
    }
    FeatureVector features = null;
    if (featureListeners && s.featuresValid) {
      features = FeatureVector.of(schema, s.x);
    }
    for (int i = 0; i < listeners.length; i++) {
      DecisionListener l = listeners[i];
      try {
        if (wantsFeatures[i]) {
          l.onDecision(request, decision, features);
        } else {
          l.onDecision(request, decision);
        }
      } catch (RuntimeException e) {
        listenerFailures.increment();
        LOG.log(System.Logger.Level.WARNING, "decision listener " + l + " failed; decision unaffected", e);
      }
    }
    return decision;
  }

  private PriceDecision decide(PricingRequest request, Scratch s, ActiveModel m, long start) {
    Product product = request.product();
    int digits = product.currency().getDefaultFractionDigits();
    double scale = POW10[digits];
    double cost = product.unitCost().doubleValue();
    BigDecimal referencePrice = request.referencePrice();
    double ref = referencePrice.doubleValue();
    long refMinor = Math.round(ref * scale);

    s.boundsValid = false;
    s.featuresValid = false;
    if (!requestFitsEngine(request)) {
      // The request's fault, not a component's: no breaker counts it (see InvalidRequestException).
      if (!failSafe) {
        throw invalidForEngine(request);
      }
      return fallback(request, s, m, bit(ReasonCode.INVALID_REQUEST));
    }
    computeBounds(request, s, scale, ref, cost);
    long loL = ladder.ceil(s.loMinor, digits);
    long hiL = s.hiMinor < 0 ? -1 : ladder.floor(s.hiMinor, digits);
    s.loL = loL;
    s.hiL = hiL;
    s.boundsValid = true;
    int reasons = s.noCompetitorData ? bit(ReasonCode.NO_COMPETITOR_DATA) : 0;
    if (uniform) {
      reasons |= bit(ReasonCode.UNIFORM_MODE);
    }

    int extracted = extractGuarded(request, s, start);
    if ((extracted & FALLBACK_BITS) != 0) {
      return fallback(request, s, m, reasons | extracted);
    }
    reasons |= extracted;
    s.featuresValid = true;
    boolean personalPath = anyPersonal && !uniform && !s.personalDegraded;

    if (loL == Long.MAX_VALUE || hiL < 0 || loL > hiL) {
      return fallback(request, s, m, reasons | bit(ReasonCode.INFEASIBLE_GUARDRAILS));
    }
    if (modelBreaker.isOpen(start)) {
      return fallback(request, s, m, reasons | bit(ReasonCode.CIRCUIT_OPEN));
    }
    long modelStart = timeBudget > 0 ? System.nanoTime() : 0;
    try {
      PriceDecision d = optimiseAndExplain(request, s, m, reasons, personalPath, loL, hiL, digits, scale, cost);
      if (timeBudget > 0) {
        long now = System.nanoTime();
        if (now - start > timeBudget) {
          if (now - modelStart > timeBudget / 2) {
            modelFailure(now);
          }
          return fallback(request, s, m, reasons | bit(ReasonCode.TIME_BUDGET_EXCEEDED));
        }
      }
      if (d.reasons().contains(ReasonCode.MODEL_OUTPUT_INVALID)) {
        modelFailure(System.nanoTime());
      } else {
        modelBreaker.success();
      }
      return d;
    } catch (RuntimeException e) {
      if (!failSafe) {
        throw e;
      }
      if (e instanceof InvalidRequestException) {
        return fallback(request, s, m, reasons | bit(ReasonCode.INVALID_REQUEST));
      }
      if (modelBreaker.failure(System.nanoTime())) {
        LOG.log(System.Logger.Level.WARNING, "demand model " + m.version + " failed for product " + product.id()
            + "; serving the safe reference price (further failures are counted in health())", e);
      }
      return fallback(request, s, m, reasons | bit(ReasonCode.COMPONENT_FAILED));
    }
  }

  /** The optimisation, binding detection, baseline, cap, exploration and explanation of one decision. */
  private PriceDecision optimiseAndExplain(PricingRequest request, Scratch s, ActiveModel m, int reasons,
      boolean personalPath, long loL, long hiL, int digits, double scale, double cost) {
    long pLo = loL;
    long pHi = hiL;
    GuardrailKind pLoKind = s.loKind;
    GuardrailKind pHiKind = s.hiKind;
    long baseline = -1;
    if (personalPath) {
      neutralise(request, s.x, s.xBase);
    }
    if (personalPath && capRoot > 0) {
      // The cap needs the baseline first: it is the same for every customer of this product and market.
      if (!optimise(m.scorer, s.xBase, s, loL, hiL, digits, scale, cost)) {
        return fallback(request, s, m, reasons | bit(ReasonCode.MODEL_OUTPUT_INVALID));
      }
      baseline = s.bestMinor;
      long capLo = ladder.ceil((long) Math.ceil(baseline / capRoot - MINOR_EPS), digits);
      long capHi = ladder.floor((long) Math.floor(baseline * capRoot + MINOR_EPS), digits);
      if (capLo > pLo && capLo <= baseline) {
        pLo = capLo;
        pLoKind = GuardrailKind.PERSONALISATION_CAP;
      }
      if (capHi < pHi && capHi >= baseline) {
        pHi = capHi;
        pHiKind = GuardrailKind.PERSONALISATION_CAP;
      }
    }

    if (!optimise(m.scorer, s.x, s, pLo, pHi, digits, scale, cost)) {
      return fallback(request, s, m, reasons | bit(ReasonCode.MODEL_OUTPUT_INVALID));
    }
    long price = s.bestMinor;
    double demand = s.bestDemand;
    double bestValue = s.bestValue;
    reasons |= bit(ReasonCode.OPTIMISED);
    if (s.refined) {
      reasons |= bit(ReasonCode.REFINED);
    }

    // Binding: the price sits on a bound and the objective one ladder step beyond it is better.
    int binding = -1;
    if (price == pLo) {
      long below = ladder.floor(pLo - 1, digits);
      if (below >= 0 && objectiveAt(m.scorer, s.x, below / scale, cost, s) > bestValue) {
        if (pLoKind != null) {
          binding = pLoKind.ordinal();
          reasons |= bit(pLoKind == GuardrailKind.PERSONALISATION_CAP
              ? ReasonCode.PERSONALISATION_CAP : ReasonCode.GUARDRAIL_BINDING);
        } else {
          reasons |= bit(ReasonCode.SEARCH_LIMIT);
        }
      }
    }
    if (price == pHi && binding < 0) {
      long above = ladder.ceil(pHi + 1, digits);
      if (above != Long.MAX_VALUE && objectiveAt(m.scorer, s.x, above / scale, cost, s) > bestValue) {
        if (pHiKind != null) {
          binding = pHiKind.ordinal();
          reasons |= bit(pHiKind == GuardrailKind.PERSONALISATION_CAP
              ? ReasonCode.PERSONALISATION_CAP : ReasonCode.GUARDRAIL_BINDING);
        } else {
          reasons |= bit(ReasonCode.SEARCH_LIMIT);
        }
      }
    }

    long id = nextId(s);
    double propensity = 1.0;
    if (explorer != null) {
      long chosen = explore(request, id, m, s, pLo, pHi, price, digits, scale, cost);
      propensity = s.propensity;
      if (chosen != price) {
        price = chosen;
        demand = s.chosenDemand;
        binding = -1;
        reasons &= ~(bit(ReasonCode.GUARDRAIL_BINDING) | bit(ReasonCode.SEARCH_LIMIT)
            | bit(ReasonCode.PERSONALISATION_CAP) | bit(ReasonCode.REFINED));
        reasons |= bit(ReasonCode.EXPLORED);
      }
    }

    double profit = profit(price / scale, cost, demand);
    double baselineProfit = profit;
    boolean personalised = false;
    if (personalPath) {
      if (baseline < 0 && optimise(m.scorer, s.xBase, s, loL, hiL, digits, scale, cost)) {
        baseline = s.bestMinor;
      }
      if (baseline >= 0) {
        double d = demandAt(m.scorer, s.x, baseline / scale, s);
        baselineProfit = Double.isFinite(d) && d >= 0 ? profit(baseline / scale, cost, d) : 0;
        personalised = baseline != price;
        if (personalised) {
          reasons |= bit(ReasonCode.PERSONALISED);
        }
      } else {
        baseline = price;
      }
    } else {
      baseline = price;
    }
    List<FeatureContribution> contributions = explain(s, m, personalPath, price, loL, hiL, digits, scale, cost);
    return finish(request, id, m, demand, profit, price, digits, baselineProfit, reasons, binding, personalised,
        baseline, propensity, contributions);
  }

  /**
   * The safe reference price: the reference price moved inside the guardrails and onto the ladder when the
   * bounds are known and feasible, else the reference price itself. Expectations are zero: no model vouches
   * for this price.
   */
  private PriceDecision fallback(PricingRequest request, Scratch s, ActiveModel m, int reasons) {
    int digits = request.product().currency().getDefaultFractionDigits();
    BigDecimal referencePrice = request.referencePrice();
    long priceMinor = -1;
    if (s.boundsValid && s.loL != Long.MAX_VALUE && s.hiL >= 0 && s.loL <= s.hiL) {
      try {
        long refMinor = Math.round(referencePrice.doubleValue() * POW10[digits]);
        long p = Math.max(s.loL, Math.min(s.hiL, refMinor));
        p = ladder.floor(p, digits);
        priceMinor = p < s.loL ? s.loL : p;
      } catch (RuntimeException e) {
        priceMinor = -1;
      }
    }
    BigDecimal price = priceMinor >= 0 ? BigDecimal.valueOf(priceMinor, digits) : referencePrice.setScale(digits,
        java.math.RoundingMode.HALF_EVEN);
    if (priceMinor < 0) {
      // Infeasible or unknown bounds: the reference price, but never below cost unless a guardrail allows it.
      double costFloor = GuardrailBounds.costFloor(guardrails, request, request.product().unitCost().doubleValue(),
          fee);
      long floorMinor = costFloor == Double.NEGATIVE_INFINITY ? Long.MIN_VALUE
          : (long) Math.ceil(costFloor * POW10[digits] - MINOR_EPS);
      // price has the currency's scale here, so its unscaled value is the price in minor units.
      if (price.unscaledValue().longValue() < floorMinor) {
        price = BigDecimal.valueOf(ladderCeilOrSelf(floorMinor, digits), digits);
      }
    }
    return decision(request, nextId(s), m, price, 0, 0, price, 0, reasons, -1, false, 1.0, List.of());
  }

  /** The ladder price at or above {@code minor}, or {@code minor} itself if the ladder cannot say. */
  private long ladderCeilOrSelf(long minor, int digits) {
    try {
      long c = ladder.ceil(minor, digits);
      return c == Long.MAX_VALUE ? minor : c;
    } catch (RuntimeException e) {
      return minor;
    }
  }

  /**
   * Whether the engine-level money guardrails and the price ladder are in the request's currency (or name
   * none). A mismatch is the request's fault: see {@link InvalidRequestException}.
   */
  private boolean requestFitsEngine(PricingRequest request) {
    java.util.Currency currency = request.product().currency();
    if (ladderCurrency != null && !ladderCurrency.equals(currency)) {
      return false;
    }
    for (Guardrail g : guardrails) {
      Optional<java.util.Currency> c = Guardrail.currencyOf(g);
      if (c.isPresent() && !c.get().equals(currency)) {
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
    for (Guardrail g : guardrails) {
      Optional<java.util.Currency> c = Guardrail.currencyOf(g);
      if (c.isPresent() && !c.get().getCurrencyCode().equals(currency)) {
        return new InvalidRequestException("product.currency " + currency + " of product " + request.product().id()
            + " does not match the engine's guardrail " + g);
      }
    }
    return new InvalidRequestException("request for product " + request.product().id() + " does not fit the engine");
  }

  private PriceDecision finish(PricingRequest request, long id, ActiveModel m, double demand, double profit,
      long priceMinor, int digits, double baselineProfit, int reasons, int binding, boolean personalised,
      long baselineMinor, double propensity, List<FeatureContribution> contributions) {
    BigDecimal price = BigDecimal.valueOf(priceMinor, digits);
    BigDecimal baseline = baselineMinor == priceMinor ? price : BigDecimal.valueOf(baselineMinor, digits);
    return decision(request, id, m, price, demand, profit, baseline, baselineProfit, reasons, binding, personalised,
        propensity, contributions);
  }

  private PriceDecision decision(PricingRequest request, long id, ActiveModel m, BigDecimal price, double demand,
      double profit, BigDecimal baseline, double baselineProfit, int reasons, int binding, boolean personalised,
      double propensity, List<FeatureContribution> contributions) {
    int digits = price.scale();
    BigDecimal served = price;
    if (shadow) {
      served = request.referencePrice().setScale(digits, java.math.RoundingMode.HALF_EVEN);
      reasons |= bit(ReasonCode.SHADOW_MODE);
      personalised = false;
    }
    return new PriceDecision(
        id,
        request.product().id(),
        request.product().currency(),
        served,
        price,
        request.referencePrice(),
        demand,
        price.doubleValue() * demand,
        profit,
        baseline,
        baselineProfit,
        BINDING.get(binding < 0 ? BINDING.size() - 1 : binding),
        reasonList(reasons),
        m.version,
        personalised,
        propensity,
        contributions);
  }

  /**
   * Scores the ladder inside [loL, hiL] (all of it when it has at most maxCandidates points, else an even
   * grid refined with Brent's method) and leaves the best price in the scratch. Returns false if the model
   * returned an invalid score.
   */
  private boolean optimise(DemandModel.Scorer scorer, double[] x, Scratch s, long loL, long hiL, int digits,
      double scale, double cost) {
    int n = ladderGrid(s.minor, loL, hiL, digits);
    boolean exhaustive = n > 0;
    n = Math.abs(n);
    for (int i = 0; i < n; i++) {
      s.prices[i] = s.minor[i] / scale;
    }
    scorer.score(x, s.prices, n, s.demand);
    int best = -1;
    double bestValue = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      double d = s.demand[i];
      if (!(d >= 0) || d == Double.POSITIVE_INFINITY) {
        return false;
      }
      double v = objective.value(s.prices[i], cost, fee, d);
      if (v > bestValue) {
        bestValue = v;
        best = i;
      }
    }
    s.bestMinor = s.minor[best];
    s.bestDemand = s.demand[best];
    s.bestValue = bestValue;
    s.refined = false;
    if (!exhaustive && refine && n >= 3) {
      refineBest(scorer, x, s, best, n, loL, hiL, digits, scale, cost);
    }
    return true;
  }

  /**
   * Writes the candidate prices in [lo, hi] (minor units, ascending) into {@code minor}: every ladder point
   * when there are at most maxCandidates, else an even grid of that many snapped to the ladder. Returns the
   * count, negated when the grid is not exhaustive.
   */
  private int ladderGrid(long[] minor, long lo, long hi, int digits) {
    int n = 0;
    long p = lo;
    while (p <= hi && n < maxCandidates) {
      minor[n++] = p;
      p = ladder.ceil(p + 1, digits);
    }
    if (p > hi) {
      return n;
    }
    n = 0;
    long span = hi - lo;
    for (int k = 0; k < maxCandidates; k++) {
      long target = lo + Math.round(span * (k / (double) (maxCandidates - 1)));
      long c = Math.min(ladder.ceil(target, digits), hi);
      if (n == 0 || c != minor[n - 1]) {
        minor[n++] = c;
      }
    }
    return -n;
  }

  /**
   * Refines the best grid candidate between its neighbours. When the ladder has few enough points in that
   * bracket they are all scored in one call (exact, allocation-free); otherwise the ladder is effectively
   * continuous there and Brent's method (commons-math3) finds the continuous optimum, which is then
   * snapped to the ladder points on either side.
   */
  private void refineBest(DemandModel.Scorer scorer, double[] x, Scratch s, int best, int n, long loL, long hiL,
      int digits, double scale, double cost) {
    long lo = s.minor[Math.max(best - 1, 0)];
    long hi = s.minor[Math.min(best + 1, n - 1)];
    int m = 0;
    long p = ladder.ceil(lo + 1, digits);
    while (p < hi && m < maxCandidates) {
      s.minor[m] = p;
      s.prices[m++] = p / scale;
      p = ladder.ceil(p + 1, digits);
    }
    if (p >= hi) {
      scorer.score(x, s.prices, m, s.demand);
      for (int i = 0; i < m; i++) {
        consider(s, s.minor[i], s.prices[i], s.demand[i], cost);
      }
      return;
    }
    Scratch.RefineFunction f = s.refineFunction;
    f.scorer = scorer;
    f.x = x;
    f.objective = objective;
    f.cost = cost;
    f.fee = fee;
    UnivariatePointValuePair opt = s.brent.optimize(s.maxEval, s.refineObjective, GoalType.MAXIMIZE,
        new SearchInterval(lo / scale, hi / scale, s.bestMinor / scale));
    long at = Math.round(opt.getPoint() * scale);
    long down = Math.max(ladder.floor(at, digits), loL);
    long up = Math.min(ladder.ceil(at, digits), hiL);
    s.probe[0] = down / scale;
    s.probe[1] = up / scale;
    scorer.score(x, s.probe, 2, s.probeOut);
    consider(s, down, s.probe[0], s.probeOut[0], cost);
    consider(s, up, s.probe[1], s.probeOut[1], cost);
  }

  /** Takes a refinement candidate if its score is valid and it beats the current best. */
  private void consider(Scratch s, long minor, double price, double demand, double cost) {
    if (demand >= 0 && demand != Double.POSITIVE_INFINITY && minor != s.bestMinor) {
      double v = objective.value(price, cost, fee, demand);
      if (v > s.bestValue) {
        s.bestValue = v;
        s.bestMinor = minor;
        s.bestDemand = demand;
        s.refined = true;
      }
    }
  }

  /** Intersects the search range and every guardrail; records which guardrail set each bound. */
  private void computeBounds(PricingRequest request, Scratch s, double scale, double ref, double cost) {
    double lo = ref * searchMin;
    double hi = ref * searchMax;
    s.loKind = null;
    s.hiKind = null;
    s.noCompetitorData = false;
    for (Guardrail g : guardrails) {
      lo = applyLower(g, request, s, lo, ref, cost);
      hi = applyUpper(g, request, s, hi, ref);
    }
    List<Guardrail> own = request.product().guardrails();
    for (int i = 0, n = own.size(); i < n; i++) {
      Guardrail g = own.get(i);
      lo = applyLower(g, request, s, lo, ref, cost);
      hi = applyUpper(g, request, s, hi, ref);
    }
    double costFloor = GuardrailBounds.costFloor(guardrails, request, cost, fee);
    if (costFloor > lo) {
      // Margin 0: never below cost unless a guardrail allows it (a negative minimum margin).
      lo = costFloor;
      s.loKind = GuardrailKind.MINIMUM_MARGIN;
    }
    s.loMinor = lo == Double.POSITIVE_INFINITY ? Long.MAX_VALUE : (long) Math.ceil(lo * scale - MINOR_EPS);
    s.hiMinor = (long) Math.floor(hi * scale + MINOR_EPS);
  }

  private double applyLower(Guardrail g, PricingRequest request, Scratch s, double lo, double ref, double cost) {
    if (GuardrailBounds.lacksCompetitorData(g, request)) {
      s.noCompetitorData = true;
    }
    double v = GuardrailBounds.lower(g, request, ref, cost, fee);
    if (v > lo || (v == lo && s.loKind == null)) {
      s.loKind = g.kind();
      return v;
    }
    return lo;
  }

  private double applyUpper(Guardrail g, PricingRequest request, Scratch s, double hi, double ref) {
    double v = GuardrailBounds.upper(g, request, ref);
    if (v < hi || (v == hi && s.hiKind == null)) {
      s.hiKind = g.kind();
      return v;
    }
    return hi;
  }

  /** Writes all features; personal extractors write their neutral values when {@code neutral} is set. */
  private void extract(PricingRequest request, double[] x, boolean neutral) {
    for (int i = 0; i < extractors.length; i++) {
      if (neutral && personalExtractor[i]) {
        extractors[i].extractNeutral(request, x, offsets[i]);
      } else {
        extractors[i].extract(request, x, offsets[i]);
      }
    }
    int j = firstNonFinite(x, 0, x.length);
    if (j >= 0) {
      throw nonFinite(request, x, j);
    }
  }

  private IllegalArgumentException nonFinite(PricingRequest request, double[] x, int j) {
    return new IllegalArgumentException("feature '" + schema.name(j) + "' written by extractor " + extractorOf(j)
        + " must be finite, found " + x[j] + " (product " + request.product().id() + ")");
  }

  /**
   * Runs every extractor under its circuit breaker. Returns reason bits: a fallback bit if a non-personal
   * extractor failed, overran the budget or is switched off, {@link ReasonCode#DEGRADED} if a personal one
   * did (its neutral values are used instead).
   */
  private int extractGuarded(PricingRequest request, Scratch s, long start) {
    double[] x = s.x;
    s.personalDegraded = false;
    int reasons = 0;
    for (int i = 0; i < extractors.length; i++) {
      FeatureExtractor e = extractors[i];
      CircuitBreaker breaker = breakers[i];
      int from = offsets[i];
      int to = i + 1 < offsets.length ? offsets[i + 1] : x.length;
      if (breaker.isOpen(start)) {
        if (personalExtractor[i] && neutralOk(request, e, x, from, to)) {
          s.personalDegraded = true;
          reasons |= bit(ReasonCode.DEGRADED);
          continue;
        }
        return bit(ReasonCode.CIRCUIT_OPEN);
      }
      long t0 = timeBudget > 0 ? System.nanoTime() : 0;
      boolean ok;
      try {
        if (uniform && personalExtractor[i]) {
          e.extractNeutral(request, x, from);
        } else {
          e.extract(request, x, from);
        }
        ok = finite(x, from, to);
        if (!ok && !failSafe) {
          throw nonFinite(request, x, firstNonFinite(x, from, to));
        }
      } catch (RuntimeException ex) {
        if (!failSafe) {
          throw ex;
        }
        if (ex instanceof InvalidRequestException) {
          // The request's fault: this extractor's breaker neither counts it nor resets.
          return bit(ReasonCode.INVALID_REQUEST);
        }
        s.lastFailure = ex;
        ok = false;
      }
      boolean overran = timeBudget > 0 && System.nanoTime() - t0 > timeBudget;
      if (ok && !overran) {
        breaker.success();
        continue;
      }
      if (breaker.failure(System.nanoTime())) {
        LOG.log(System.Logger.Level.WARNING, "feature extractor " + e + (overran ? " overran the time budget"
            : " failed") + " for product " + request.product().id() + " (further failures are counted in health()"
            + " and logged when its circuit opens)", s.lastFailure);
      }
      s.lastFailure = null;
      if (personalExtractor[i] && neutralOk(request, e, x, from, to)) {
        s.personalDegraded = true;
        reasons |= bit(ReasonCode.DEGRADED);
        continue;
      }
      return bit(overran ? ReasonCode.TIME_BUDGET_EXCEEDED : ReasonCode.COMPONENT_FAILED);
    }
    if (timeBudget > 0 && System.nanoTime() - start > timeBudget) {
      return bit(ReasonCode.TIME_BUDGET_EXCEEDED);
    }
    return reasons;
  }

  /** Writes a personal extractor's neutral values in place of a failed extraction; false if that fails too. */
  private boolean neutralOk(PricingRequest request, FeatureExtractor e, double[] x, int from, int to) {
    try {
      e.extractNeutral(request, x, from);
      return finite(x, from, to);
    } catch (RuntimeException ex) {
      return false;
    }
  }

  private static boolean finite(double[] x, int from, int to) {
    return firstNonFinite(x, from, to) < 0;
  }

  private static int firstNonFinite(double[] x, int from, int to) {
    for (int j = from; j < to; j++) {
      if (!Double.isFinite(x[j])) {
        return j;
      }
    }
    return -1;
  }

  private void modelFailure(long now) {
    if (modelBreaker.failure(now)) {
      LOG.log(System.Logger.Level.WARNING, "the demand model returned invalid scores or overran the time budget;"
          + " serving the safe reference price (further failures are counted in health())");
    }
  }

  /**
   * Offers the explorer the ladder prices inside [lo, hi] (an even grid of at most maxCandidates when there
   * are more, always including the greedy price) and returns the chosen price; leaves its propensity and
   * demand in the scratch. An explorer that throws or answers out of range is counted and the greedy price
   * is served.
   */
  private long explore(PricingRequest request, long id, ActiveModel m, Scratch s, long lo, long hi, long greedy,
      int digits, double scale, double cost) {
    Scratch.Candidates c = s.candidates;
    int n = Math.abs(ladderGrid(c.minor, lo, hi, digits));
    int g = java.util.Arrays.binarySearch(c.minor, 0, n, greedy);
    if (g < 0) {
      g = -g - 1;
      System.arraycopy(c.minor, g, c.minor, g + 1, n - g);
      c.minor[g] = greedy;
      n++;
    }
    for (int i = 0; i < n; i++) {
      c.prices[i] = c.minor[i] / scale;
    }
    m.scorer.score(s.x, c.prices, n, c.demand);
    for (int i = 0; i < n; i++) {
      double d = c.demand[i];
      c.value[i] = d >= 0 && d != Double.POSITIVE_INFINITY ? objective.value(c.prices[i], cost, fee, d)
          : Double.NEGATIVE_INFINITY;
    }
    c.count = n;
    c.greedy = g;
    c.cost = cost;
    s.propensity = 1.0;
    s.chosenDemand = c.demand[g];
    try {
      PriceExplorer.Choice choice = explorer.choose(request, id, c);
      if (choice == null || choice.index() >= n || !(c.demand[choice.index()] >= 0)) {
        throw new IllegalArgumentException("explorer " + explorer + " chose " + choice + " among " + n
            + " candidates");
      }
      s.propensity = choice.propensity();
      s.chosenDemand = c.demand[choice.index()];
      return c.minor[choice.index()];
    } catch (RuntimeException e) {
      explorerFailures.increment();
      LOG.log(System.Logger.Level.WARNING, "explorer " + explorer + " failed; serving the model's price", e);
      s.propensity = 1.0;
      s.chosenDemand = c.demand[g];
      return greedy;
    }
  }

  /**
   * The top feature contributions to the chosen price: personal features against their neutral values,
   * others against the configured reference. Optionally each one's price effect, by re-optimising with that
   * feature alone at its reference value.
   */
  private List<FeatureContribution> explain(Scratch s, ActiveModel m, boolean personalPath, long price, long loL,
      long hiL, int digits, double scale, double cost) {
    if (topFeatures == 0 || !(m.scorer instanceof DemandModel.ContributionScorer cs)) {
      return List.of();
    }
    double[] x = s.x;
    double[] r = s.reference;
    for (int j = 0; j < x.length; j++) {
      r[j] = personalFeature[j] ? (personalPath ? s.xBase[j] : x[j]) : (hasReference[j] ? referenceValue[j] : x[j]);
    }
    double[] out = s.contribution;
    cs.contributions(x, r, price / scale, out);
    int[] top = s.top;
    int k = 0;
    while (k < topFeatures) {
      int best = -1;
      double bestAbs = 1e-12;
      for (int j = 0; j < out.length; j++) {
        double a = Math.abs(out[j]);
        if (a > bestAbs && Double.isFinite(a) && !taken(top, k, j)) {
          best = j;
          bestAbs = a;
        }
      }
      if (best < 0) {
        break;
      }
      top[k++] = best;
    }
    if (k == 0) {
      return List.of();
    }
    FeatureContribution c0 = contribution(s, m, 0, price, loL, hiL, digits, scale, cost);
    if (k == 1) {
      return List.of(c0);
    }
    FeatureContribution c1 = contribution(s, m, 1, price, loL, hiL, digits, scale, cost);
    if (k == 2) {
      return List.of(c0, c1);
    }
    FeatureContribution c2 = contribution(s, m, 2, price, loL, hiL, digits, scale, cost);
    if (k == 3) {
      return List.of(c0, c1, c2);
    }
    FeatureContribution[] list = new FeatureContribution[k];
    list[0] = c0;
    list[1] = c1;
    list[2] = c2;
    for (int i = 3; i < k; i++) {
      list[i] = contribution(s, m, i, price, loL, hiL, digits, scale, cost);
    }
    return List.of(list);
  }

  /** The i-th top contribution (its feature index in the scratch), with its price effect if asked for. */
  private FeatureContribution contribution(Scratch s, ActiveModel m, int i, long price, long loL, long hiL,
      int digits, double scale, double cost) {
    int j = s.top[i];
    double[] x = s.x;
    double[] r = s.reference;
    OptionalDouble effect = OptionalDouble.empty();
    if (priceEffects) {
      double[] xj = s.xTmp;
      System.arraycopy(x, 0, xj, 0, x.length);
      xj[j] = r[j];
      if (optimise(m.scorer, xj, s, loL, hiL, digits, scale, cost)) {
        effect = OptionalDouble.of((double) price / s.bestMinor - 1);
      }
    }
    return new FeatureContribution(schema.name(j), x[j], r[j], s.contribution[j], effect);
  }

  private static boolean taken(int[] top, int k, int j) {
    for (int i = 0; i < k; i++) {
      if (top[i] == j) {
        return true;
      }
    }
    return false;
  }

  /**
   * Writes the baseline vector: the request's non-personal features copied from {@code x}, the personal
   * extractors' neutral values over them. Non-personal extractors are not run twice.
   */
  private void neutralise(PricingRequest request, double[] x, double[] base) {
    System.arraycopy(x, 0, base, 0, x.length);
    for (int i = 0; i < extractors.length; i++) {
      if (personalExtractor[i]) {
        extractors[i].extractNeutral(request, base, offsets[i]);
        int end = i + 1 < offsets.length ? offsets[i + 1] : base.length;
        for (int j = offsets[i]; j < end; j++) {
          if (!Double.isFinite(base[j])) {
            throw new IllegalArgumentException("neutral value of feature '" + schema.name(j) + "' written by extractor "
                + extractors[i] + " must be finite, found " + base[j]);
          }
        }
      }
    }
  }

  private FeatureExtractor extractorOf(int feature) {
    int k = 0;
    for (int i = 0; i < offsets.length; i++) {
      if (offsets[i] <= feature) {
        k = i;
      }
    }
    return extractors[k];
  }

  private double demandAt(DemandModel.Scorer scorer, double[] x, double price, Scratch s) {
    s.probe[0] = price;
    scorer.score(x, s.probe, 1, s.probeOut);
    return s.probeOut[0];
  }

  private double objectiveAt(DemandModel.Scorer scorer, double[] x, double price, double cost, Scratch s) {
    double d = demandAt(scorer, x, price, s);
    return d >= 0 && d != Double.POSITIVE_INFINITY ? objective.value(price, cost, fee, d) : Double.NEGATIVE_INFINITY;
  }

  private double profit(double price, double cost, double demand) {
    return (price - cost - fee * price) * demand;
  }

  private long nextId(Scratch s) {
    if (s.nextId == s.idLimit) {
      s.nextId = idBlocks.getAndAdd(Scratch.ID_BLOCK);
      s.idLimit = s.nextId + Scratch.ID_BLOCK;
    }
    return s.nextId++;
  }

  private static int bit(ReasonCode r) {
    return 1 << r.ordinal();
  }

  /** Returns the immutable reason list for a set of reasons, built once per distinct set. */
  private List<ReasonCode> reasonList(int bits) {
    List<ReasonCode> list = reasonLists.get(bits);
    if (list == null) {
      List<ReasonCode> built = new ArrayList<>();
      // Most important first: fallbacks, then what bound the price, then how it was found.
      ReasonCode[] order = REASON_ORDER;
      for (ReasonCode r : order) {
        if ((bits & bit(r)) != 0) {
          built.add(r);
        }
      }
      list = List.copyOf(built);
      reasonLists.compareAndSet(bits, null, list);
    }
    return list;
  }

  @Override
  public FeatureVector features(PricingRequest request) {
    ensureOpen();
    Objects.requireNonNull(request, "request");
    double[] x = new double[schema.size()];
    extract(request, x, uniform);
    return FeatureVector.of(schema, x);
  }

  @Override
  public FeatureSchema schema() {
    return schema;
  }

  @Override
  public String modelVersion() {
    return active.version;
  }

  @Override
  public void swapModel(DemandModel model) {
    ensureOpen();
    ActiveModel next = bind(model);
    ActiveModel previous = active;
    active = next;
    // The breaker judged the old model; the new one starts with a closed circuit.
    modelBreaker.reset();
    LOG.log(System.Logger.Level.INFO, "demand model swapped: " + previous.version + " -> " + next.version);
  }

  /**
   * Returns how many listener calls threw (the decisions were unaffected).
   *
   * @return the count
   */
  long listenerFailures() {
    return listenerFailures.sum();
  }

  @Override
  public void record(Outcome outcome) {
    ensureOpen();
    Objects.requireNonNull(outcome, "outcome");
    if (explorer != null) {
      explorer.record(outcome);
    }
    for (DecisionListener l : listeners) {
      try {
        l.onOutcome(outcome);
      } catch (RuntimeException e) {
        listenerFailures.increment();
        LOG.log(System.Logger.Level.WARNING, "decision listener " + l + " failed on an outcome", e);
      }
    }
  }

  @Override
  public EngineHealth health() {
    long now = System.nanoTime();
    Map<ReasonCode, Long> byReason = new EnumMap<>(ReasonCode.class);
    for (ReasonCode r : ReasonCode.values()) {
      long n = fallbackByReason[r.ordinal()].sum();
      if (n > 0) {
        byReason.put(r, n);
      }
    }
    Map<String, Long> failures = new LinkedHashMap<>();
    List<String> open = new ArrayList<>();
    for (CircuitBreaker b : breakers) {
      collect(b, now, failures, open);
    }
    collect(modelBreaker, now, failures, open);
    if (explorerFailures.sum() > 0) {
      failures.merge("explorer", explorerFailures.sum(), Long::sum);
    }
    if (engineFailures.sum() > 0) {
      failures.merge("engine", engineFailures.sum(), Long::sum);
    }
    Histogram h;
    synchronized (latencyTotal) {
      latencyInterval = latency.getIntervalHistogram(latencyInterval);
      latencyTotal.add(latencyInterval);
      h = latencyTotal.copy();
    }
    long drops = 0;
    for (DecisionListener l : listeners) {
      try {
        drops += l.dropped();
      } catch (RuntimeException e) {
        listenerFailures.increment();
      }
    }
    return new EngineHealth(decisions.sum(), fallbacks.sum(), byReason, failures, open, listenerFailures.sum(),
        drops, h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue());
  }

  private static void collect(CircuitBreaker b, long now, Map<String, Long> failures, List<String> open) {
    long n = b.failures();
    if (n > 0) {
      failures.merge(b.component(), n, Long::sum);
    }
    if (b.openNow(now)) {
      open.add(b.component());
    }
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
    return "PricingEngine{features=" + schema.size() + ", model=" + active.version + ", ladder=" + ladder
        + ", objective=" + objective + ", uniform=" + uniform + ", shadow=" + shadow + "}";
  }
}
