package dev.pricing.core.engine;

import dev.pricing.api.FeatureSchema;
import dev.pricing.api.GuardrailKind;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.spi.PriceExplorer;

/**
 * One decision in flight: the request, what each stage found, and one thread's working memory, so that the
 * stages pass one object instead of long parameter lists and the hot path allocates only the decision it
 * returns. Reused by its thread for every decision ({@link #begin}); never shared between threads.
 */
final class RequestContext {
  // The request.
  PricingRequest request;
  ActiveModel model;
  long start;
  int digits;
  double scale;
  double cost;
  double ref;

  // Bounds stage: guardrail bounds in minor units and the guardrails that set them (null: search range).
  long loMinor;
  long hiMinor;
  GuardrailKind loKind;
  GuardrailKind hiKind;
  boolean noCompetitorData;
  /** The competitors' minimum and median price for competitor bands, NaN until computed for this request. */
  double competitorMin;
  double competitorMedian;
  /** The bounds snapped to the ladder, valid once {@link #boundsValid} is set (fallbacks use them). */
  boolean boundsValid;
  long loL;
  long hiL;

  // Features stage.
  final double[] x;
  final double[] xBase;
  /** A personal extractor failed or is switched off: its neutral values stand in. */
  boolean personalDegraded;
  /** Every feature of the request was extracted (finite), so listeners may see the vector. */
  boolean featuresValid;
  /** Personal path: personal features are used and the non-personal baseline is computed. */
  boolean personalPath;
  /** The exception of the extractor that just failed, for the log line; cleared right after. */
  RuntimeException lastFailure;

  // Slate: customer-only extractors ran once for this customer (their values are in customerX).
  boolean slate;
  final boolean[] customerDone;
  final boolean[] customerDegraded;
  final double[] customerX;
  /** A customer-only extractor ran (rather than being copied) for the current item of the slate. */
  boolean customerFresh;
  /** The model's customer part ({@code ActiveModel.split}) for this slate's customer, and its model. */
  double[] part = new double[4];
  ActiveModel partModel;

  // The reason bits gathered so far.
  int reasons;

  // Personalised search range (after the personalisation cap) and the guardrails that set it.
  long pLo;
  long pHi;
  GuardrailKind pLoKind;
  GuardrailKind pHiKind;

  // Probes scored with the decision's grid: one ladder step outside the range, and the baseline price.
  long below;
  long above;
  double belowDemand;
  double aboveDemand;
  /** The baseline's probes, one ladder step outside the guardrail bounds (Optimiser#optimiseWithProbes). */
  double lowProbeDemand;
  double highProbeDemand;
  boolean baselineDemandValid;
  double baselineDemand;
  /** The baseline optimisation returned an invalid score: the decision's own price stands in. */
  boolean baselineFailed;

  // Population (Baseline stage): the request's category ring, and the non-personal price's average demand
  // and binding (BaselineCache.Entry#binding) as the last baseline computation or cache hit left them.
  PopulationReservoir.Group group;
  double populationDemand;
  int populationBinding;
  /** This thread's decisions in uniform mode, for sampling every n-th into the reservoir. */
  int sampleTick;
  /** Uniform mode: the personal features extracted for the reservoir only (no other stage reads them). */
  final double[] sample;
  /** This thread's population scorer and its copy of a ring's samples. */
  final PopulationScorer population;

  // The decision as it forms.
  long id;
  long priceMinor;
  double demand;
  double value;
  double profit;
  int binding;
  long baselineMinor;
  double baselineProfit;
  boolean personalised;
  double propensity;

  // Result of the last optimisation (the optimiser's output channel, read right after each call).
  long bestMinor;
  double bestDemand;
  double bestValue;
  boolean refined;

  // Working memory.
  final long[] minor;
  final double[] prices;
  final double[] demands;
  final double[] probe = new double[2];
  final double[] probeOut = new double[2];
  final Candidates candidates;
  final double[] reference;
  final double[] contribution;
  final double[] xTmp;
  final int[] top;
  final double[] topAbs;
  final Optimiser.Refinement refinement;

  /** This thread's counters and latency ring (see {@link Telemetry}). */
  final Telemetry.Local local;

  // Decision ids, taken from the engine's counter in blocks.
  long nextId;
  long idLimit;

  RequestContext(FeatureSchema schema, int extractors, int maxCandidates, int topFeatures, Optimiser optimiser,
      PopulationReservoir reservoir, Telemetry.Local local) {
    this.local = local;
    int features = schema.size();
    this.sample = reservoir == null ? null : new double[features];
    this.population = reservoir == null ? null
        : new PopulationScorer(features, reservoir.size(), reservoir.dimension(), maxCandidates + 4);
    this.x = new double[features];
    this.xBase = new double[features];
    this.customerX = new double[features];
    this.customerDone = new boolean[extractors];
    this.customerDegraded = new boolean[extractors];
    // The grid, and room for three probes (below, above, baseline) scored in the same call.
    this.minor = new long[maxCandidates + 4];
    this.prices = new double[maxCandidates + 4];
    this.demands = new double[maxCandidates + 4];
    this.candidates = new Candidates(maxCandidates + 2, schema, x);
    this.reference = new double[features];
    this.contribution = new double[features];
    this.xTmp = new double[features];
    this.top = new int[Math.max(topFeatures, 1)];
    this.topAbs = new double[Math.max(topFeatures, 1)];
    this.refinement = optimiser.newRefinement();
  }

  /** Starts a decision: clears what the previous one left. */
  void begin(PricingRequest request, ActiveModel model, long start) {
    this.request = request;
    this.model = model;
    this.start = start;
    this.boundsValid = false;
    this.featuresValid = false;
    this.personalDegraded = false;
    this.personalPath = false;
    this.reasons = 0;
    this.binding = -1;
    this.baselineMinor = -1;
    this.baselineProfit = 0;
    this.baselineFailed = false;
    this.baselineDemandValid = false;
    this.personalised = false;
    this.group = null;
    this.propensity = 1.0;
    this.lastFailure = null;
  }

  /** Starts a slate: customer-only features will be extracted by its first item. */
  void beginSlate() {
    slate = true;
    java.util.Arrays.fill(customerDone, false);
    partModel = null;
  }

  void endSlate() {
    slate = false;
    partModel = null;
  }

  /** @return whether the ladder has a price inside the guardrail bounds */
  boolean feasible() {
    return loL != Long.MAX_VALUE && hiL >= 0 && loL <= hiL;
  }

  /**
   * The explorer's view of one decision's candidates and of the engine's feature vector (valid during the
   * explorer call only).
   */
  static final class Candidates implements PriceExplorer.Candidates {
    final long[] minor;
    final double[] prices;
    final double[] demand;
    final double[] value;
    private final FeatureSchema schema;
    private final double[] x;
    int count;
    int greedy;
    double cost;

    Candidates(int capacity, FeatureSchema schema, double[] x) {
      minor = new long[capacity];
      prices = new double[capacity];
      demand = new double[capacity];
      value = new double[capacity];
      this.schema = schema;
      this.x = x;
    }

    private int check(int i) {
      if (i < 0 || i >= count) {
        throw new IndexOutOfBoundsException("candidate index " + i + " outside [0, " + count + ")");
      }
      return i;
    }

    @Override
    public int count() {
      return count;
    }

    @Override
    public long priceMinor(int i) {
      return minor[check(i)];
    }

    @Override
    public double price(int i) {
      return prices[check(i)];
    }

    @Override
    public double demand(int i) {
      return demand[check(i)];
    }

    @Override
    public double value(int i) {
      return value[check(i)];
    }

    @Override
    public int greedy() {
      return greedy;
    }

    @Override
    public double unitCost() {
      return cost;
    }

    @Override
    public FeatureSchema featureSchema() {
      return schema;
    }

    @Override
    public double feature(int index) {
      if (index < 0 || index >= x.length) {
        throw new IndexOutOfBoundsException("feature index " + index + " outside [0, " + x.length + ")");
      }
      return x[index];
    }
  }
}
