package dev.pricing.core.demand;

import dev.pricing.api.DemandKind;
import dev.pricing.api.FeatureSchema;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.api.spi.FeatureExtractor;
import dev.pricing.core.FeaturePipeline;
import dev.pricing.core.demand.internal.Metrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.tribuo.math.optimisers.AdaGrad;

/**
 * Trains a demand model with Tribuo from an offer log, using the caller's feature extractors so that
 * training and serving compute identical features.
 *
 * <p>The training schema is the concatenation of the extractors' {@code featureNames()}, in order, exactly
 * as the engine builds its schema. For each offer the trainer runs every extractor on the offer's context,
 * derives the price features from the offered price ({@link PriceFeatures}), and labels the example
 * "bought"/"not bought" (conversion) or {@code ln(units + smoothing)} (units). Linear models see standardised
 * features; trees see raw ones. After fitting a linear model, any price coefficient above 0 (demand rising
 * with price) is clamped to 0 by dropping that feature and refitting; the evaluation notes it.
 *
 * <p>Refuses, with an {@link IllegalArgumentException} that says why: an empty log; an extractor writing a
 * non-finite value (naming the feature and the offer); a non-positive list price; a split leaving either
 * side empty; a conversion log where every training offer converted or none did; a units log with zero
 * units and no smoothing; a log where the price term takes a single value (the price effect, hence the
 * elasticity, is not identifiable); with {@link Builder#inversePropensityWeighting}, an offer without a
 * propensity.
 *
 * <p>Immutable and thread-safe: {@link #train} may run concurrently on different logs (each call has its own
 * Tribuo trainer).
 */
public final class DemandModelTrainer {
  final DemandAlgorithm algorithm;
  final List<FeatureExtractor> extractors;
  final PriceFeatures priceFeatures;
  final ValidationSplit split;
  final int epochs;
  final double learningRate;
  final long seed;
  final int maxDepth;
  final float minLeafWeight;
  final double unitsSmoothing;
  final double confidenceLevel;
  final String version;
  final double maxPropensityWeight;
  final GlmOptions glm;
  final GbdtOptions gbdt;
  final EntityEffects entities;

  private DemandModelTrainer(Builder b) {
    this.glm = b.glm;
    this.gbdt = b.gbdt;
    this.entities = b.entities;
    this.algorithm = b.algorithm;
    this.extractors = List.copyOf(b.extractors);
    this.priceFeatures = b.priceFeatures != null ? b.priceFeatures : b.algorithm.defaultPriceFeatures();
    this.split = b.split;
    this.epochs = b.epochs;
    this.learningRate = b.learningRate;
    this.seed = b.seed;
    this.maxDepth = b.maxDepth;
    this.minLeafWeight = b.minLeafWeight;
    this.unitsSmoothing = b.unitsSmoothing;
    this.confidenceLevel = b.confidenceLevel;
    this.version = b.version;
    this.maxPropensityWeight = b.maxPropensityWeight;
    FeatureSchema schema = schemaOf(extractors);
    if (schema.indexOf(priceFeatures.listPriceFeature()) < 0) {
      throw new IllegalArgumentException("list price feature '" + priceFeatures.listPriceFeature()
          + "' is not produced by the extractors " + schema.names());
    }
    for (String s : priceFeatures.interactions()) {
      if (schema.indexOf(s) < 0) {
        throw new IllegalArgumentException("interaction feature '" + s + "' is not produced by the extractors "
            + schema.names());
      }
    }
  }

  /**
   * Starts a trainer.
   *
   * @param algorithm the model family
   * @return a builder
   * @throws NullPointerException if the algorithm is null
   */
  public static Builder builder(DemandAlgorithm algorithm) {
    return new Builder(Objects.requireNonNull(algorithm, "algorithm must not be null"));
  }

  /**
   * Returns the schema a list of extractors produces: their feature names concatenated in order, as the
   * engine builds it.
   *
   * @param extractors the extractors
   * @return the schema
   * @throws IllegalArgumentException if the list is empty or a name repeats
   */
  public static FeatureSchema schemaOf(List<FeatureExtractor> extractors) {
    Objects.requireNonNull(extractors, "extractors must not be null");
    if (extractors.isEmpty()) {
      throw new IllegalArgumentException("extractors must not be empty");
    }
    List<String> names = new ArrayList<>();
    for (FeatureExtractor e : extractors) {
      names.addAll(Objects.requireNonNull(e, "extractor must not be null").featureNames());
    }
    return FeatureSchema.of(names);
  }

  /**
   * Returns the training schema.
   *
   * @return the schema
   */
  public FeatureSchema schema() {
    return schemaOf(extractors);
  }

  /**
   * Trains and evaluates a model. The log is iterated once (a streaming CSV log is read once).
   *
   * @param log the offers
   * @return the model and its evaluation on the validation offers
   * @throws IllegalArgumentException if the log cannot train a model (see the class documentation)
   */
  public TrainingResult train(Iterable<OfferRecord> log) {
    Objects.requireNonNull(log, "log must not be null");
    // The one feature pipeline the engine extracts with: training and serving cannot drift.
    FeaturePipeline pipeline = FeaturePipeline.of(extractors);
    FeatureSchema schema = pipeline.schema();
    int n = schema.size();
    int listIdx = schema.require(priceFeatures.listPriceFeature());
    TrainingRows rows = new TrainingRows(n);
    double[] buf = new double[n];
    long index = 0;
    for (OfferRecord r : log) {
      Objects.requireNonNull(r, "offer " + index + " is null");
      Arrays.fill(buf, Double.NaN); // a slot an extractor leaves unwritten is caught as non-finite
      try {
        pipeline.extract(r.context(), buf);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("offer " + index + " (" + describe(r) + "): " + e.getMessage()
            + "; extractors must write finite values", e);
      }
      if (!(buf[listIdx] > 0)) {
        throw new IllegalArgumentException("offer " + index + " (" + describe(r) + "): list price feature '"
            + schema.name(listIdx) + "' must be positive, found " + buf[listIdx]);
      }
      if (maxPropensityWeight > 0 && r.propensity().isEmpty()) {
        throw new IllegalArgumentException("offer " + index + " (" + describe(r) + ") has no propensity, which "
            + "inverse-propensity weighting needs; log it or train without weighting");
      }
      EntityKey group = groupKey();
      if (group != null) {
        rows.add(buf, r.offeredPrice().doubleValue(), r.units(), r.time(), r.context().customer().id(),
            group.of(r.context()), r.propensity().orElse(1.0));
      } else {
        rows.add(buf, r.offeredPrice().doubleValue(), r.units(), r.time(), r.context().customer().id(),
            r.propensity().orElse(1.0));
      }
      index++;
    }
    return trainRows(schema, rows);
  }

  /** The group key of a group split, or null. */
  private EntityKey groupKey() {
    if (split instanceof ValidationSplit.ByGroup g) {
      return g.key();
    }
    if (split instanceof ValidationSplit.LatestWithinGroup g) {
      return g.key();
    }
    return null;
  }

  /**
   * Returns which offers of a log this trainer's split holds out, computed by the code {@link #train} uses (for
   * {@link ValidationSplit.NoHoldOut}, none). The extractors are not run.
   *
   * @param log the offers, in the order {@link #train} would see them
   * @return bit {@code i} set when offer {@code i} is held out
   */
  public java.util.BitSet heldOut(Iterable<OfferRecord> log) {
    Objects.requireNonNull(log, "log must not be null");
    TrainingRows rows = new TrainingRows(0);
    double[] none = new double[0];
    EntityKey group = groupKey();
    for (OfferRecord r : log) {
      if (group != null) {
        rows.add(none, r.offeredPrice().doubleValue(), r.units(), r.time(), r.context().customer().id(),
            group.of(r.context()), 1.0);
      } else {
        rows.add(none, r.offeredPrice().doubleValue(), r.units(), r.time(), r.context().customer().id(), 1.0);
      }
    }
    boolean[] v = assign(rows);
    java.util.BitSet out = new java.util.BitSet(rows.size);
    for (int i = 0; i < rows.size; i++) {
      if (v[i]) {
        out.set(i);
      }
    }
    return out;
  }

  /**
   * Trains and evaluates a model from logged feature vectors (for example a
   * {@link dev.pricing.core.log.DecisionLog} with stored features), with exactly the code {@link #train} uses
   * once features are extracted: same split, weighting, checks, fitting and evaluation. The extractors are
   * not run; each example's schema must equal {@link #schema()}. Given the same offers in the same order,
   * {@code trainLogged} and {@code train} return models with identical predictions (except under
   * {@link ValidationSplit.ByCustomer}, which hashes the customer key: a pseudonym here, the raw id there).
   *
   * @param log the logged offers, iterated once
   * @return the model and its evaluation on the validation offers
   * @throws IllegalArgumentException if an example's schema differs from the trainer's, or the log cannot train
   *     a model (see the class documentation)
   */
  public TrainingResult trainLogged(Iterable<LoggedExample> log) {
    Objects.requireNonNull(log, "log must not be null");
    FeatureSchema schema = schemaOf(extractors);
    int listIdx = schema.require(priceFeatures.listPriceFeature());
    EntityKey group = groupKey();
    if (group != null && !group.spec().equals("customer.id")) {
      throw new IllegalArgumentException("split " + split + " groups by " + group + ", which a logged example does "
          + "not carry; trainLogged can group by customer.id (the pseudonym) only");
    }
    TrainingRows rows = new TrainingRows(schema.size());
    long index = 0;
    for (LoggedExample e : log) {
      Objects.requireNonNull(e, "example " + index + " is null");
      if (!e.features().schema().equals(schema)) {
        throw new IllegalArgumentException("example " + index + " (customer " + e.customerKey() + ", time " + e.time()
            + "): features " + e.features().schema().names() + " differ from the trainer's schema " + schema.names());
      }
      double[] x = e.features().toArray();
      if (!(x[listIdx] > 0)) {
        throw new IllegalArgumentException("example " + index + " (customer " + e.customerKey() + ", time " + e.time()
            + "): list price feature '" + schema.name(listIdx) + "' must be positive, found " + x[listIdx]);
      }
      if (maxPropensityWeight > 0 && e.propensity().isEmpty()) {
        throw new IllegalArgumentException("example " + index + " (customer " + e.customerKey() + ", time " + e.time()
            + ") has no propensity, which inverse-propensity weighting needs; log it or train without weighting");
      }
      rows.add(x, e.offeredPrice().doubleValue(), e.units(), e.time(), e.customerKey(), e.propensity().orElse(1.0));
      index++;
    }
    return trainRows(schema, rows);
  }

  private TrainingResult trainRows(FeatureSchema schema, TrainingRows rows) {
    if (rows.size == 0) {
      throw new IllegalArgumentException("the offer log is empty: there is nothing to train on");
    }
    if (split instanceof ValidationSplit.NoHoldOut) {
      // train on every row; the evaluation runs on a copy of them (in-sample), through the algorithms' own path
      int all = rows.size;
      TrainingRows doubled = rows.twice();
      boolean[] copy = new boolean[doubled.size];
      Arrays.fill(copy, all, doubled.size, true);
      double[] weight = weights(doubled, copy, all);
      checkOutcomes(doubled, copy, all);
      TrainingResult r = algorithmTrainer().fit(schema, doubled, copy, weight, all, all);
      DemandEvaluation e = r.evaluation();
      List<String> notes = new ArrayList<>();
      notes.add("no hold-out (ValidationSplit.trainOnAll()): trained on all " + all + " offers and evaluated on the "
          + "same offers, in-sample; these figures are optimistic");
      notes.addAll(e.notes());
      return new TrainingResult(r.model(), new DemandEvaluation(e.algorithm(), e.rows(), e.meanOutcome(),
          e.meanPrediction(), e.auc(), e.logLoss(), e.calibration(), e.mae(), e.rmse(), e.priceSensitivity(), notes),
          r.diagnostics(), r.entities());
    }
    boolean[] validation = assign(rows);
    int trainN = 0;
    for (int i = 0; i < rows.size; i++) {
      trainN += validation[i] ? 0 : 1;
    }
    int validN = rows.size - trainN;
    if (trainN == 0 || validN == 0) {
      throw new IllegalArgumentException("the split " + split + " leaves " + trainN + " training and " + validN
          + " validation offers out of " + rows.size + "; both must be non-empty");
    }
    checkOutcomes(rows, validation, trainN);
    double[] weight = weights(rows, validation, trainN);
    return algorithmTrainer().fit(schema, rows, validation, weight, trainN, validN);
  }

  /**
   * Returns per-offer training weights: 1 without weighting; otherwise {@code min(1/propensity, max)},
   * normalised to mean 1 over the training offers (so SGD step sizes keep their meaning).
   */
  private double[] weights(TrainingRows rows, boolean[] validation, int trainN) {
    double[] w = new double[rows.size];
    Arrays.fill(w, 1.0);
    if (maxPropensityWeight == 0) {
      return w;
    }
    double sum = 0;
    for (int i = 0; i < rows.size; i++) {
      w[i] = Math.min(1.0 / rows.propensity[i], maxPropensityWeight);
      if (!validation[i]) {
        sum += w[i];
      }
    }
    double mean = sum / trainN;
    for (int i = 0; i < rows.size; i++) {
      w[i] /= mean;
    }
    return w;
  }

  private static String describe(OfferRecord r) {
    return "customer " + r.context().customer().id() + ", product " + r.context().product().id() + ", time "
        + r.time();
  }

  private boolean[] assign(TrainingRows rows) {
    boolean[] v = new boolean[rows.size];
    if (split instanceof ValidationSplit.ByTime t) {
      long cut = t.cutoff().getEpochSecond() * 1000 + t.cutoff().getNano() / 1_000_000;
      for (int i = 0; i < rows.size; i++) {
        v[i] = rows.time[i] >= cut;
      }
    } else if (split instanceof ValidationSplit.LatestFraction f) {
      long[] sorted = Arrays.copyOf(rows.time, rows.size);
      Arrays.sort(sorted);
      int k = (int) Math.floor(rows.size * (1 - f.fraction()));
      long cut = sorted[Math.min(k, rows.size - 1)];
      for (int i = 0; i < rows.size; i++) {
        v[i] = rows.time[i] >= cut;
      }
    } else if (split instanceof ValidationSplit.ByGroup g) {
      for (int i = 0; i < rows.size; i++) {
        long h = mix(rows.group[i] ^ g.salt());
        v[i] = (h >>> 11) * 0x1.0p-53 < g.fraction();
      }
    } else if (split instanceof ValidationSplit.LatestWithinGroup g) {
      java.util.Map<Long, List<Long>> times = new java.util.HashMap<>();
      for (int i = 0; i < rows.size; i++) {
        times.computeIfAbsent(rows.group[i], k -> new ArrayList<>()).add(rows.time[i]);
      }
      java.util.Map<Long, Long> cut = new java.util.HashMap<>();
      times.forEach((k, list) -> {
        long[] sorted = list.stream().mapToLong(Long::longValue).sorted().toArray();
        int at = (int) Math.floor(sorted.length * (1 - g.fraction()));
        cut.put(k, sorted[Math.min(at, sorted.length - 1)]);
      });
      for (int i = 0; i < rows.size; i++) {
        v[i] = rows.time[i] >= cut.get(rows.group[i]);
      }
    } else if (split instanceof ValidationSplit.ByCustomer c) {
      for (int i = 0; i < rows.size; i++) {
        long h = mix(rows.customerHash[i] ^ c.salt());
        double u = (h >>> 11) * 0x1.0p-53;
        v[i] = u < c.fraction();
      }
    }
    return v;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  private void checkOutcomes(TrainingRows rows, boolean[] validation, int trainN) {
    int positive = 0;
    int zero = 0;
    for (int i = 0; i < rows.size; i++) {
      if (!validation[i]) {
        positive += rows.units[i] > 0 ? 1 : 0;
        zero += rows.units[i] > 0 ? 0 : 1;
      }
    }
    if (algorithm.kind() == DemandKind.CONVERSION_PROBABILITY) {
      if (positive == 0 || positive == trainN) {
        throw new IllegalArgumentException("all " + trainN + " training offers " + (positive == 0 ? "did not convert"
            : "converted") + ": a conversion model needs both outcomes to learn anything");
      }
    } else {
      if (positive == 0) {
        throw new IllegalArgumentException("all " + trainN + " training offers sold 0 units: a units model needs "
            + "some sales");
      }
      if (zero > 0 && unitsSmoothing == 0 && algorithm != DemandAlgorithm.GBDT_UNITS) {
        throw new IllegalArgumentException(zero + " training offers sold 0 units, whose logarithm is undefined; "
            + "set unitsSmoothing(> 0) to model ln(units + smoothing), or drop them");
      }
    }
  }

  private AlgorithmTrainer algorithmTrainer() {
    switch (algorithm) {
      case LOGISTIC_SGD:
      case LOG_LOG_SGD:
        return new SgdAlgorithm(this);
      case CART_TREE:
        return new CartAlgorithm(this);
      case LOGISTIC_GLM:
      case LOG_LOG_GLM:
        return entities != null ? new EntityGlmAlgorithm(this) : new GlmAlgorithm(this);
      default:
        return new GbdtAlgorithm(this);
    }
  }

  /** The prefix of candidate-price feature names in evaluations. */
  static final String DERIVED_CANDIDATE_PREFIX = "demand.candidate.";

  void checkPriceVaries(TrainingRows rows, boolean[] validation, int listIdx) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < rows.size; i++) {
      if (!validation[i]) {
        double r = rows.price[i] / rows.x(i, listIdx);
        min = Math.min(min, r);
        max = Math.max(max, r);
      }
    }
    if (!(max - min > 1e-9 * Math.max(1, Math.abs(max)))) {
      throw new IllegalArgumentException("every training offer has the same price relative to list (p/L = " + min
          + "): the effect of price on demand, and so the elasticity, is not identifiable; log offers at two or "
          + "more price points");
    }
  }

  TrainingProvenance provenance(TrainingRows rows, int trainN, int validN, String trainerDescription,
      List<String> notes) {
    Instant first = Instant.ofEpochMilli(Arrays.stream(rows.time, 0, rows.size).min().orElseThrow());
    Instant last = Instant.ofEpochMilli(Arrays.stream(rows.time, 0, rows.size).max().orElseThrow());
    return new TrainingProvenance(Instant.now(), trainN, validN, first, last, split.toString(), trainerDescription,
        seed, notes);
  }

  /**
   * Evaluates a model on the held-out offers with the generic scorer, applies the sanity gate (absurd held-out
   * predictions refuse the model) and attaches the numeric average elasticity.
   */
  TrainingResult finish(TrainedDemandModel trained, TrainingRows rows, boolean[] validation, double[] weight,
      int validN, List<String> notes, FitDiagnostics diagnostics, PriceSensitivity coefficient) {
    FeatureSchema schema = trained.trainingSchema();
    DemandModel.Scorer scorer = trained.bind(schema);
    int n = schema.size();
    double[] x = new double[n];
    double[] prices = new double[3];
    double[] out = new double[3];
    double[] pred = new double[validN];
    double[] actual = new double[validN];
    boolean[] positive = new boolean[validN];
    long absurd = 0;
    double elasticity = 0;
    int elasticityN = 0;
    int v = 0;
    for (int i = 0; i < rows.size; i++) {
      if (!validation[i]) {
        continue;
      }
      rows.copy(i, x);
      double p = rows.price[i];
      prices[0] = p;
      prices[1] = p * 0.99;
      prices[2] = p * 1.01;
      scorer.score(x, prices, 3, out);
      if (!Double.isFinite(out[0]) || out[0] < 0) {
        absurd++;
        pred[v] = 0;
      } else {
        pred[v] = out[0];
        if (out[1] > 0 && out[2] > 0 && Double.isFinite(out[1]) && Double.isFinite(out[2])) {
          elasticity += (Math.log(out[2]) - Math.log(out[1])) / (Math.log(1.01) - Math.log(0.99));
          elasticityN++;
        }
      }
      actual[v] = rows.units[i];
      positive[v] = rows.units[i] > 0;
      v++;
    }
    if (absurd > 0) {
      throw new IllegalArgumentException(absurd + " of " + validN + " held-out predictions of the " + algorithm.id()
          + " model are absurd (not finite, negative, or above its demand cap): refusing the model; check the "
          + "features for extreme values or raise the ridge");
    }
    List<String> allNotes = new ArrayList<>(notes);
    double meanOutcome = Arrays.stream(actual).average().orElse(Double.NaN);
    double meanPrediction = Arrays.stream(pred).average().orElse(Double.NaN);
    HeldOutMetrics metrics = HeldOutMetrics.of(algorithm.kind(), pred, actual, positive, validN, allNotes);
    OptionalDouble average = elasticityN > 0 ? OptionalDouble.of(elasticity / elasticityN) : OptionalDouble.empty();
    if (coefficient == null && average.isPresent()) {
      allNotes.add(String.format(Locale.ROOT, "average point elasticity at the offered prices %.4f (numeric, from the "
          + "compiled scorer; trees have no price coefficient)", average.getAsDouble()));
    }
    Optional<PriceSensitivity> sensitivity = Optional.ofNullable(coefficient).map(c -> new PriceSensitivity(
        c.feature(), c.coefficient(), c.standardError(), c.lower(), c.upper(), c.confidenceLevel(), c.clamped(), average));
    DemandEvaluation evaluation = new DemandEvaluation(algorithm, validN, meanOutcome, meanPrediction,
        metrics.auc(), metrics.logLoss(), metrics.calibration(), metrics.mae(), metrics.rmse(), sensitivity,
        allNotes);
    return new TrainingResult(trained, evaluation, Optional.of(new FitDiagnostics(diagnostics.solver(),
        diagnostics.iterations(), diagnostics.converged(), diagnostics.gradient(), diagnostics.shareAtSlopeBound(),
        absurd)));
  }

  /**
   * The trainer's settings, readably: the algorithm, how many extractors and features, the price features, the
   * split, and the options that apply to the algorithm.
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("DemandModelTrainer{algorithm=").append(algorithm.id())
        .append(", extractors=").append(extractors.size()).append(" (").append(schemaOf(extractors).size())
        .append(" features), priceFeatures=").append(priceFeatures).append(", split=").append(split)
        .append(", seed=").append(seed).append(", confidenceLevel=").append(confidenceLevel);
    if (algorithm == DemandAlgorithm.LOGISTIC_SGD || algorithm == DemandAlgorithm.LOG_LOG_SGD) {
      sb.append(", epochs=").append(epochs).append(", learningRate=").append(learningRate);
    }
    if (algorithm == DemandAlgorithm.CART_TREE) {
      sb.append(", maxDepth=").append(maxDepth).append(", minLeafWeight=").append(minLeafWeight);
    }
    if (algorithm.isGlm()) {
      sb.append(", glm=").append(glm);
    }
    if (entities != null) {
      sb.append(", entities=").append(entities);
    }
    if (algorithm.isGbdt()) {
      sb.append(", gbdt=").append(gbdt);
    }
    if (algorithm.kind() == DemandKind.EXPECTED_UNITS) {
      sb.append(", unitsSmoothing=").append(unitsSmoothing);
    }
    if (maxPropensityWeight > 0) {
      sb.append(", inversePropensityWeighting=").append(maxPropensityWeight);
    }
    if (version != null) {
      sb.append(", version='").append(version).append('\'');
    }
    return sb.append('}').toString();
  }

  /**
   * A builder of {@link DemandModelTrainer}. Not thread-safe; each setter validates eagerly (an
   * {@link IllegalArgumentException} naming the option and the value), and {@link #build()} checks what
   * involves several options.
   */
  public static final class Builder {
    private final dev.pricing.core.internal.BuilderOptions settings =
        new dev.pricing.core.internal.BuilderOptions("trainer");
    private final DemandAlgorithm algorithm;
    private List<FeatureExtractor> extractors;
    private PriceFeatures priceFeatures;
    private ValidationSplit split = ValidationSplit.latestFraction(0.2);
    private int epochs = 10;
    private double learningRate = 0.5;
    private long seed = 12345L;
    private int maxDepth = 8;
    private float minLeafWeight = 50f;
    private double unitsSmoothing = 0;
    private double confidenceLevel = 0.95;
    private String version;
    private double maxPropensityWeight;
    private GlmOptions glm = GlmOptions.DEFAULTS;
    private GbdtOptions gbdt = GbdtOptions.DEFAULTS;
    private EntityEffects entities;

    private Builder(DemandAlgorithm algorithm) {
      this.algorithm = algorithm;
    }

    /**
     * Sets the feature extractors (required): the same ones, in the same order, as the engine will use.
     *
     * @param extractors the extractors
     * @return this builder
     * @throws IllegalArgumentException if the list is empty or their feature names repeat
     */
    public Builder extractors(List<FeatureExtractor> extractors) {
      schemaOf(extractors);
      settings.once("extractors", extractors);
      this.extractors = List.copyOf(extractors);
      return this;
    }

    /**
     * Sets how price enters (default: {@link DemandAlgorithm#defaultPriceFeatures()}).
     *
     * @param priceFeatures the price features
     * @return this builder
     */
    public Builder priceFeatures(PriceFeatures priceFeatures) {
      settings.once("priceFeatures", priceFeatures);
      this.priceFeatures = Objects.requireNonNull(priceFeatures, "priceFeatures must not be null");
      return this;
    }

    /**
     * Sets the validation split (default: the latest 20% of offers by time).
     *
     * @param split the split
     * @return this builder
     */
    public Builder split(ValidationSplit split) {
      settings.once("split", split);
      this.split = Objects.requireNonNull(split, "split must not be null");
      return this;
    }

    /**
     * Sets the SGD epochs (default 10; linear models only).
     *
     * @param epochs at least 1
     * @return this builder
     */
    public Builder epochs(int epochs) {
      requireSgd("epochs");
      if (epochs < 1) {
        throw new IllegalArgumentException("epochs must be at least 1, found " + epochs);
      }
      settings.once("epochs", epochs);
      this.epochs = epochs;
      return this;
    }

    /**
     * Sets the AdaGrad learning rate (default 0.5; linear models only).
     *
     * @param learningRate positive
     * @return this builder
     */
    public Builder learningRate(double learningRate) {
      requireSgd("learningRate");
      if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
        throw new IllegalArgumentException("learningRate must be positive, found " + learningRate);
      }
      settings.once("learningRate", learningRate);
      this.learningRate = learningRate;
      return this;
    }

    /**
     * Sets the random seed (default 12345).
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder seed(long seed) {
      settings.once("seed", seed);
      this.seed = seed;
      return this;
    }

    /**
     * Sets the tree's maximum depth (default 8; trees only).
     *
     * @param maxDepth at least 1
     * @return this builder
     */
    public Builder maxDepth(int maxDepth) {
      requireAlgorithm("maxDepth", DemandAlgorithm.CART_TREE);
      if (maxDepth < 1) {
        throw new IllegalArgumentException("maxDepth must be at least 1, found " + maxDepth);
      }
      settings.once("maxDepth", maxDepth);
      this.maxDepth = maxDepth;
      return this;
    }

    /**
     * Sets the minimum number of offers in a tree leaf (default 50; trees only). Larger leaves give
     * smoother, better-calibrated probabilities.
     *
     * @param minLeafWeight positive
     * @return this builder
     */
    public Builder minLeafWeight(double minLeafWeight) {
      requireAlgorithm("minLeafWeight", DemandAlgorithm.CART_TREE);
      if (!(minLeafWeight > 0) || !Double.isFinite(minLeafWeight)) {
        throw new IllegalArgumentException("minLeafWeight must be positive, found " + minLeafWeight);
      }
      settings.once("minLeafWeight", minLeafWeight);
      this.minLeafWeight = (float) minLeafWeight;
      return this;
    }

    /**
     * Sets the constant {@code c} in the units target {@code ln(units + c)} (default 0, which refuses offers
     * with 0 units; units models only). Predictions subtract it again.
     *
     * @param smoothing non-negative
     * @return this builder
     */
    public Builder unitsSmoothing(double smoothing) {
      if (algorithm.kind() != DemandKind.EXPECTED_UNITS) {
        throw new IllegalArgumentException("unitsSmoothing applies to units models, not to " + algorithm.id());
      }
      if (!(smoothing >= 0) || !Double.isFinite(smoothing)) {
        throw new IllegalArgumentException("unitsSmoothing must be finite and non-negative, found " + smoothing);
      }
      settings.once("unitsSmoothing", smoothing);
      this.unitsSmoothing = smoothing;
      return this;
    }

    /**
     * Sets the level of the price coefficient's confidence interval (default 0.95).
     *
     * @param level in (0, 1)
     * @return this builder
     */
    public Builder confidenceLevel(double level) {
      if (!(level > 0 && level < 1)) {
        throw new IllegalArgumentException("confidenceLevel must be in (0, 1), found " + level);
      }
      settings.once("confidenceLevel", level);
      this.confidenceLevel = level;
      return this;
    }

    /**
     * Adds entity effects (GLM algorithms only; default none): per-level effects of {@link EntityIds} features and,
     * optionally, per-level price slopes with partial pooling.
     *
     * @param effects the entity effects
     * @return this builder
     * @throws IllegalArgumentException if the algorithm is not a GLM
     */
    public Builder entities(EntityEffects effects) {
      if (!algorithm.isGlm()) {
        throw new IllegalArgumentException("entity effects apply to " + DemandAlgorithm.LOGISTIC_GLM.id() + " and "
            + DemandAlgorithm.LOG_LOG_GLM.id() + ", not to " + algorithm.id());
      }
      settings.once("entities", effects);
      this.entities = Objects.requireNonNull(effects, "effects must not be null");
      return this;
    }

    /**
     * Sets the options of a converged GLM (default {@link GlmOptions#DEFAULTS}; GLM algorithms only).
     *
     * @param options the options
     * @return this builder
     * @throws IllegalArgumentException if the algorithm is not a GLM
     */
    public Builder glm(GlmOptions options) {
      if (!algorithm.isGlm()) {
        throw new IllegalArgumentException("GLM options apply to " + DemandAlgorithm.LOGISTIC_GLM.id() + " and "
            + DemandAlgorithm.LOG_LOG_GLM.id() + ", not to " + algorithm.id());
      }
      settings.once("glm", options);
      this.glm = Objects.requireNonNull(options, "options must not be null");
      requireCeilingApplies(options, "GLM option ceiling");
      return this;
    }

    /**
     * Sets the options of the monotone boosted trees (default {@link GbdtOptions#DEFAULTS}; GBDT algorithms
     * only).
     *
     * @param options the options
     * @return this builder
     * @throws IllegalArgumentException if the algorithm is not a GBDT
     */
    public Builder gbdt(GbdtOptions options) {
      if (!algorithm.isGbdt()) {
        throw new IllegalArgumentException("GBDT options apply to " + DemandAlgorithm.GBDT_CONVERSION.id() + " and "
            + DemandAlgorithm.GBDT_UNITS.id() + ", not to " + algorithm.id());
      }
      settings.once("gbdt", options);
      this.gbdt = Objects.requireNonNull(options, "options must not be null");
      if (options.base() != null) {
        requireCeilingApplies(options.base(), "GBDT base option ceiling");
      }
      return this;
    }

    private void requireCeilingApplies(GlmOptions options, String option) {
      if (options.ceiling() && algorithm.kind() != DemandKind.CONVERSION_PROBABILITY) {
        throw new IllegalArgumentException(option + " applies to conversion models only, not to " + algorithm.id());
      }
    }

    private void requireSgd(String option) {
      if (algorithm != DemandAlgorithm.LOGISTIC_SGD && algorithm != DemandAlgorithm.LOG_LOG_SGD) {
        throw new IllegalArgumentException(option + " applies to " + DemandAlgorithm.LOGISTIC_SGD.id() + " and "
            + DemandAlgorithm.LOG_LOG_SGD.id() + ", not to " + algorithm.id());
      }
    }

    private void requireAlgorithm(String option, DemandAlgorithm only) {
      if (algorithm != only) {
        throw new IllegalArgumentException(option + " applies to " + only.id() + ", not to " + algorithm.id());
      }
    }

    /**
     * Sets the model version reported in decisions (default: algorithm id and training time).
     *
     * @param version not blank
     * @return this builder
     */
    public Builder version(String version) {
      Objects.requireNonNull(version, "version must not be null");
      if (version.isBlank()) {
        throw new IllegalArgumentException("version must not be blank, found '" + version + "'");
      }
      settings.once("version", version);
      this.version = version;
      return this;
    }

    /**
     * Weights each training offer by the inverse of its logged propensity, {@code min(1/propensity, cap)},
     * normalised to mean 1 (default: no weighting). This corrects for a logging policy whose prices
     * depended on things the model does not see, at the cost of variance (the evaluation notes the effective
     * sample size). Every training offer must then carry a propensity. Tribuo uses the weights in the SGD
     * steps and in the tree's impurity; the price coefficient's interval uses the weighted information
     * (not a sandwich estimator), so it is approximate under weighting.
     *
     * @param cap the largest weight before normalising, at least 1 (for example 20)
     * @return this builder
     */
    public Builder inversePropensityWeighting(double cap) {
      if (!(cap >= 1) || !Double.isFinite(cap)) {
        throw new IllegalArgumentException("inversePropensityWeighting cap must be finite and at least 1, found "
            + cap);
      }
      settings.once("inversePropensityWeighting", cap);
      this.maxPropensityWeight = cap;
      return this;
    }

    /**
     * Builds the trainer.
     *
     * @return the trainer
     * @throws IllegalStateException if no extractors were set ({@code trainer.extractors is required but was not
     *     set})
     * @throws IllegalArgumentException if the price features name a feature the extractors lack
     */
    public DemandModelTrainer build() {
      if (extractors == null) {
        throw new IllegalStateException("trainer.extractors is required but was not set");
      }
      if (entities != null && glm.ceiling()) {
        throw new IllegalArgumentException("trainer.entities and GLM option ceiling cannot be combined yet (the "
            + "entity GLM fits no purchase ceiling): drop one");
      }
      return new DemandModelTrainer(this);
    }
  }
}
