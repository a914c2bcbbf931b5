package dev.pricing.core;

import dev.pricing.api.EngineHealth;
import dev.pricing.api.FeatureSchema;
import dev.pricing.api.Outcome;
import dev.pricing.api.FeatureVector;
import dev.pricing.api.Guardrail;
import dev.pricing.api.GuardrailKind;
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
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariatePointValuePair;

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

  static {
    List<Optional<GuardrailKind>> b = new ArrayList<>();
    for (GuardrailKind k : GuardrailKind.values()) {
      b.add(Optional.of(k));
    }
    b.add(Optional.empty());
    BINDING = List.copyOf(b);
  }

  private final FeatureExtractor[] extractors;
  private final int[] offsets;
  private final boolean[] personalExtractor;
  private final boolean anyPersonal;
  private final FeatureSchema schema;
  private final Guardrail[] guardrails;
  private final PriceLadder ladder;
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
  private final AtomicLong idBlocks = new AtomicLong();
  private final AtomicReferenceArray<List<ReasonCode>> reasonLists =
      new AtomicReferenceArray<>(1 << ReasonCode.values().length);
  private final LongAdder listenerFailures = new LongAdder();
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
    this.objective = config.objective();
    this.uniform = config.uniformPricing();
    this.shadow = config.shadowMode();
    this.fee = config.paymentFeeRate();
    this.maxCandidates = config.maxCandidates();
    this.refine = config.refine();
    this.searchMin = config.searchMinRatio();
    this.searchMax = config.searchMaxRatio();
    this.listeners = config.listeners().toArray(new DecisionListener[0]);
    this.active = bind(config.demandModel());
    int size = schema.size();
    int candidates = maxCandidates;
    this.scratch = ThreadLocal.withInitial(() -> new Scratch(size, candidates));
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
    ActiveModel m = active;
    Scratch s = scratch.get();
    Product product = request.product();
    int digits = product.currency().getDefaultFractionDigits();
    double scale = POW10[digits];
    double cost = product.unitCost().doubleValue();
    BigDecimal referencePrice = request.referencePrice();
    double ref = referencePrice.doubleValue();
    long refMinor = Math.round(ref * scale);

    extract(request, s.x, uniform);
    computeBounds(request, s, scale, ref, cost);
    long loL = ladder.ceil(s.loMinor, digits);
    long hiL = s.hiMinor < 0 ? -1 : ladder.floor(s.hiMinor, digits);
    int reasons = s.noCompetitorData ? bit(ReasonCode.NO_COMPETITOR_DATA) : 0;
    if (uniform) {
      reasons |= bit(ReasonCode.UNIFORM_MODE);
    }

    if (loL == Long.MAX_VALUE || hiL < 0 || loL > hiL) {
      double d = demandAt(m.scorer, s.x, ref, s);
      double demand = Double.isFinite(d) && d >= 0 ? d : 0;
      double profit = profit(ref, cost, demand);
      return finish(request, s, m, referencePrice, demand, profit, refMinor, digits, profit,
          reasons | bit(ReasonCode.INFEASIBLE_GUARDRAILS), -1, false, refMinor);
    }

    if (!optimise(m.scorer, s.x, s, loL, hiL, digits, scale, cost)) {
      long fallback = Math.max(loL, Math.min(hiL, refMinor));
      fallback = ladder.floor(fallback, digits);
      if (fallback < loL) {
        fallback = loL;
      }
      return finish(request, s, m, null, 0, 0, fallback, digits, 0,
          reasons | bit(ReasonCode.MODEL_OUTPUT_INVALID), -1, false, fallback);
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
    if (price == loL) {
      long below = ladder.floor(loL - 1, digits);
      if (below >= 0 && objectiveAt(m.scorer, s.x, below / scale, cost, s) > bestValue) {
        if (s.loKind != null) {
          binding = s.loKind.ordinal();
          reasons |= bit(ReasonCode.GUARDRAIL_BINDING);
        } else {
          reasons |= bit(ReasonCode.SEARCH_LIMIT);
        }
      }
    }
    if (price == hiL && binding < 0) {
      long above = ladder.ceil(hiL + 1, digits);
      if (above != Long.MAX_VALUE && objectiveAt(m.scorer, s.x, above / scale, cost, s) > bestValue) {
        if (s.hiKind != null) {
          binding = s.hiKind.ordinal();
          reasons |= bit(ReasonCode.GUARDRAIL_BINDING);
        } else {
          reasons |= bit(ReasonCode.SEARCH_LIMIT);
        }
      }
    }

    double profit = profit(price / scale, cost, demand);
    long baseline = price;
    double baselineProfit = profit;
    boolean personalised = false;
    if (anyPersonal && !uniform) {
      neutralise(request, s.x, s.xBase);
      if (optimise(m.scorer, s.xBase, s, loL, hiL, digits, scale, cost)) {
        baseline = s.bestMinor;
        double d = demandAt(m.scorer, s.x, baseline / scale, s);
        baselineProfit = Double.isFinite(d) && d >= 0 ? profit(baseline / scale, cost, d) : 0;
        personalised = baseline != price;
        if (personalised) {
          reasons |= bit(ReasonCode.PERSONALISED);
        }
      }
    }
    return finish(request, s, m, null, demand, profit, price, digits, baselineProfit, reasons, binding,
        personalised, baseline);
  }

  private PriceDecision finish(PricingRequest request, Scratch s, ActiveModel m, BigDecimal exactPrice,
      double demand, double profit, long priceMinor, int digits, double baselineProfit, int reasons, int binding,
      boolean personalised, long baselineMinor) {
    BigDecimal price = exactPrice != null ? exactPrice.setScale(digits) : BigDecimal.valueOf(priceMinor, digits);
    BigDecimal baseline = baselineMinor == priceMinor ? price : BigDecimal.valueOf(baselineMinor, digits);
    double p = price.doubleValue();
    BigDecimal served = price;
    if (shadow) {
      served = request.referencePrice().setScale(digits);
      reasons |= bit(ReasonCode.SHADOW_MODE);
      personalised = false;
    }
    PriceDecision decision = new PriceDecision(
        nextId(s),
        request.product().id(),
        request.product().currency(),
        served,
        price,
        request.referencePrice(),
        demand,
        p * demand,
        profit,
        baseline,
        baselineProfit,
        BINDING.get(binding < 0 ? BINDING.size() - 1 : binding),
        reasonList(reasons),
        m.version,
        personalised,
        1.0,
        List.of());
    for (DecisionListener l : listeners) {
      try {
        l.onDecision(request, decision);
      } catch (RuntimeException e) {
        listenerFailures.increment();
        LOG.log(System.Logger.Level.WARNING, "decision listener " + l + " failed; decision unaffected", e);
      }
    }
    return decision;
  }

  /**
   * Scores the ladder inside [loL, hiL] (all of it when it has at most maxCandidates points, else an even
   * grid refined with Brent's method) and leaves the best price in the scratch. Returns false if the model
   * returned an invalid score.
   */
  private boolean optimise(DemandModel.Scorer scorer, double[] x, Scratch s, long loL, long hiL, int digits,
      double scale, double cost) {
    int n = 0;
    long p = loL;
    while (p <= hiL && n < maxCandidates) {
      s.minor[n] = p;
      s.prices[n++] = p / scale;
      p = ladder.ceil(p + 1, digits);
    }
    boolean exhaustive = p > hiL;
    if (!exhaustive) {
      n = 0;
      long span = hiL - loL;
      for (int k = 0; k < maxCandidates; k++) {
        long target = loL + Math.round(span * (k / (double) (maxCandidates - 1)));
        long c = Math.min(ladder.ceil(target, digits), hiL);
        if (n == 0 || c != s.minor[n - 1]) {
          s.minor[n] = c;
          s.prices[n++] = c / scale;
        }
      }
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
    for (int j = 0; j < x.length; j++) {
      if (!Double.isFinite(x[j])) {
        throw new IllegalArgumentException("feature '" + schema.name(j) + "' written by extractor "
            + extractorOf(j) + " must be finite, found " + x[j] + " (product " + request.product().id() + ")");
      }
    }
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
      ReasonCode[] order = {
          ReasonCode.SHADOW_MODE, ReasonCode.INFEASIBLE_GUARDRAILS, ReasonCode.MODEL_OUTPUT_INVALID, ReasonCode.GUARDRAIL_BINDING,
          ReasonCode.SEARCH_LIMIT, ReasonCode.PERSONALISED, ReasonCode.UNIFORM_MODE, ReasonCode.OPTIMISED,
          ReasonCode.REFINED, ReasonCode.NO_COMPETITOR_DATA};
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
    return new EngineHealth(0, 0, java.util.Map.of(), java.util.Map.of(), List.of(), listenerFailures.sum(), 0, 0, 0, 0);
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
