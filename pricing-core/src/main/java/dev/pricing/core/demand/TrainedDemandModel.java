package dev.pricing.core.demand;

import dev.pricing.api.DemandKind;
import dev.pricing.api.FeatureSchema;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.core.demand.internal.Derivation;
import dev.pricing.core.demand.internal.GbdtObjective;
import dev.pricing.core.demand.internal.GbdtPlan;
import dev.pricing.core.demand.internal.EntityTerms;
import dev.pricing.core.demand.internal.GlmPlan;
import dev.pricing.core.demand.internal.LinearPlan;
import dev.pricing.core.demand.internal.Link;
import dev.pricing.core.demand.internal.ModelInputs;
import dev.pricing.core.demand.internal.PricePlan;
import dev.pricing.core.demand.internal.Prices;
import dev.pricing.core.demand.internal.TreePlan;
import dev.pricing.core.demand.internal.TribuoBridge;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.common.sgd.AbstractLinearSGDModel;
import org.tribuo.common.tree.TreeModel;

/**
 * A demand model trained by {@link DemandModelTrainer} (Tribuo's SGD and CART models, the converged GLMs, or the
 * monotone boosted trees), or loaded from an artifact: a {@link DemandModel} the engine binds and scores on the hot
 * path.
 *
 * <p>{@link #bind(FeatureSchema)} flattens the Tribuo model into arrays (weights for linear models, parallel
 * node arrays for trees) resolved against the engine's schema; the returned scorer scores a whole grid of
 * candidate prices per call without allocating (a tree scoring an unsorted grid uses a per-thread scratch
 * array allocated once), equals Tribuo's own prediction (see {@link #predictWithTribuo}), and is
 * non-increasing in price: linear models have non-positive price coefficients, tree grids are repaired by a
 * running minimum over ascending prices.
 *
 * <p>Inputs that are not finite at scoring time (and a non-positive list price) are replaced by their
 * training mean and counted in {@link #defaultedInputs()}. A negative or non-finite candidate price is
 * refused with an {@link IllegalArgumentException}.
 *
 * <p>Immutable and thread-safe; {@code bind} may be called while a scorer of this or another model serves
 * traffic (it only reads the model), which is what an engine's hot swap needs.
 */
public final class TrainedDemandModel implements DemandModel {
  private final DemandAlgorithm algorithm;
  private final String version;
  private final FeatureSchema schema;
  private final Derivation derivation;
  private final Model<?> tribuo;
  private final double smear;
  private final double smoothing;
  private final TrainingProvenance provenance;
  private final LinearPlan linear;
  private final TreePlan tree;
  private final GlmPlan glm;
  private final GbdtPlan gbdt;
  private final List<CandidatePriceFeature> candidateFeatures;
  private final byte[] artifact;
  private final String checksum;
  private final LongAdder defaulted = new LongAdder();

  TrainedDemandModel(DemandAlgorithm algorithm, String version, FeatureSchema schema, Derivation derivation,
      Model<?> tribuo, double smear, double smoothing, TrainingProvenance provenance) {
    this(algorithm, version, schema, derivation, tribuo, smear, smoothing, provenance, null);
  }

  /**
   * Creates a model; {@code artifact} is the verified artifact it was loaded from, or null to encode one
   * (a reloaded model keeps its original bytes, so its checksum is the file's: Tribuo's protobuf encoding of
   * an equal model need not be byte-identical).
   */
  TrainedDemandModel(DemandAlgorithm algorithm, String version, FeatureSchema schema, Derivation derivation,
      Model<?> tribuo, double smear, double smoothing, TrainingProvenance provenance, byte[] artifact) {
    this.algorithm = Objects.requireNonNull(algorithm, "algorithm must not be null");
    this.version = Objects.requireNonNull(version, "version must not be null");
    if (version.isBlank()) {
      throw new IllegalArgumentException("version must not be blank");
    }
    this.schema = Objects.requireNonNull(schema, "schema must not be null");
    this.derivation = Objects.requireNonNull(derivation, "derivation must not be null");
    this.tribuo = Objects.requireNonNull(tribuo, "tribuo must not be null");
    this.provenance = Objects.requireNonNull(provenance, "provenance must not be null");
    if (!derivation.inputs().equals(schema.names())) {
      throw new IllegalArgumentException("derivation inputs " + derivation.inputs() + " differ from the schema "
          + schema.names());
    }
    if (!(smear > 0) || !Double.isFinite(smear) || !(smoothing >= 0) || !Double.isFinite(smoothing)) {
      throw new IllegalArgumentException("invalid units retransformation: smear " + smear + ", smoothing "
          + smoothing);
    }
    this.smear = smear;
    this.smoothing = smoothing;
    if (algorithm == DemandAlgorithm.CART_TREE) {
      if (!(tribuo instanceof TreeModel<?>) || !tribuo.validate(Label.class)) {
        throw new IllegalArgumentException("a " + algorithm.id() + " model must be a Tribuo classification "
            + "TreeModel, found " + tribuo.getClass().getName());
      }
      @SuppressWarnings("unchecked")
      TreeModel<Label> t = (TreeModel<Label>) tribuo;
      this.tree = TribuoBridge.treePlan(t, derivation);
      this.linear = null;
    } else {
      if (!(tribuo instanceof AbstractLinearSGDModel<?> lin)) {
        throw new IllegalArgumentException("a " + algorithm.id() + " model must be a Tribuo linear SGD model, "
            + "found " + tribuo.getClass().getName());
      }
      boolean classifier = tribuo.validate(Label.class);
      if (classifier != (algorithm.kind() == DemandKind.CONVERSION_PROBABILITY)) {
        throw new IllegalArgumentException("the Tribuo model's output type does not match " + algorithm.id());
      }
      double[] w = TribuoBridge.linearWeights(lin, derivation);
      int d = derivation.derivedCount();
      for (int i = derivation.inputCount(); i < d; i++) {
        if (w[i] > 0) {
          throw new IllegalArgumentException("price feature '" + derivation.derivedName(i) + "' has a positive "
              + "coefficient " + w[i] + ": demand would rise with price");
        }
      }
      this.linear = new LinearPlan(derivation, Arrays.copyOf(w, d), w[d],
          classifier ? Link.LOGISTIC : Link.LOG_UNITS, smear, smoothing);
      this.tree = null;
    }
    this.glm = null;
    this.gbdt = null;
    this.candidateFeatures = List.of();
    this.artifact = artifact != null ? artifact.clone() : ArtifactFormat.encode(this);
    this.checksum = HexFormat.of().formatHex(ArtifactFormat.payloadDigest(this.artifact));
  }

  /**
   * Creates a generalised linear model over candidate-price features (the GLM algorithms); {@code artifact} is
   * the verified artifact it was loaded from, or null to encode one.
   */
  TrainedDemandModel(DemandAlgorithm algorithm, String version, FeatureSchema schema,
      List<CandidatePriceFeature> candidateFeatures, GlmPlan glm, TrainingProvenance provenance, byte[] artifact) {
    this(algorithm, version, schema, candidateFeatures, Objects.requireNonNull(glm, "glm must not be null"), null,
        provenance, artifact);
  }

  /**
   * Creates a monotone boosted-tree model over candidate-price features; {@code artifact} is the verified artifact
   * it was loaded from, or null to encode one.
   */
  TrainedDemandModel(DemandAlgorithm algorithm, String version, FeatureSchema schema,
      List<CandidatePriceFeature> candidateFeatures, GbdtPlan gbdt, TrainingProvenance provenance, byte[] artifact) {
    this(algorithm, version, schema, candidateFeatures, null, Objects.requireNonNull(gbdt, "gbdt must not be null"),
        provenance, artifact);
  }

  /** A model over candidate-price features: exactly one of {@code glm} and {@code gbdt} is set. */
  private TrainedDemandModel(DemandAlgorithm algorithm, String version, FeatureSchema schema,
      List<CandidatePriceFeature> candidateFeatures, GlmPlan glm, GbdtPlan gbdt, TrainingProvenance provenance,
      byte[] artifact) {
    this.algorithm = Objects.requireNonNull(algorithm, "algorithm must not be null");
    this.version = Objects.requireNonNull(version, "version must not be null");
    if (version.isBlank()) {
      throw new IllegalArgumentException("version must not be blank");
    }
    this.schema = Objects.requireNonNull(schema, "schema must not be null");
    this.provenance = Objects.requireNonNull(provenance, "provenance must not be null");
    this.glm = glm;
    this.gbdt = gbdt;
    this.candidateFeatures = List.copyOf(candidateFeatures);
    boolean conversion = algorithm.kind() == DemandKind.CONVERSION_PROBABILITY;
    List<String> inputs;
    boolean logistic;
    if (glm != null) {
      if (!algorithm.isGlm()) {
        throw new IllegalArgumentException("algorithm " + algorithm.id() + " is not a GLM");
      }
      inputs = glm.inputs().names();
      logistic = glm.link() == Link.LOGISTIC;
    } else {
      if (!algorithm.isGbdt()) {
        throw new IllegalArgumentException("algorithm " + algorithm.id() + " is not a GBDT");
      }
      inputs = gbdt.inputs().names();
      logistic = gbdt.ensemble().objective() == GbdtObjective.BINARY_LOGISTIC;
    }
    if (!inputs.equals(schema.names())) {
      throw new IllegalArgumentException("model inputs " + inputs + " differ from the schema " + schema.names());
    }
    if (logistic != conversion) {
      throw new IllegalArgumentException("the model's output (" + (logistic ? "probability" : "units")
          + ") does not match " + algorithm.id());
    }
    this.derivation = null;
    this.tribuo = null;
    this.smear = glm != null ? glm.smear() : 1.0;
    this.smoothing = glm != null ? glm.smoothing() : 0.0;
    this.linear = null;
    this.tree = null;
    this.artifact = artifact != null ? artifact.clone() : ArtifactFormat.encode(this);
    this.checksum = HexFormat.of().formatHex(ArtifactFormat.payloadDigest(this.artifact));
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public DemandKind kind() {
    return algorithm.kind();
  }

  /**
   * Returns the model family.
   *
   * @return the algorithm
   */
  public DemandAlgorithm algorithm() {
    return algorithm;
  }

  /**
   * Returns the schema the model was trained on (the concatenated names of the training extractors).
   *
   * @return the schema
   */
  public FeatureSchema trainingSchema() {
    return schema;
  }

  /**
   * Returns how price enters the model.
   *
   * @return the price features
   */
  public PriceFeatures priceFeatures() {
    if (derivation == null) {
      throw new IllegalStateException(algorithm.id() + " models use candidate-price features; see "
          + "candidatePriceFeatures()");
    }
    return derivation.priceFeatures();
  }

  /**
   * Returns the candidate-price features the model computes for each candidate price (the GLM and boosted-tree
   * algorithms); empty for the SGD and CART models, whose price enters through {@link #priceFeatures()}.
   *
   * @return the features, in model order
   */
  public List<CandidatePriceFeature> candidatePriceFeatures() {
    return candidateFeatures;
  }

  /**
   * Returns where the model came from.
   *
   * @return the provenance
   */
  public TrainingProvenance provenance() {
    return provenance;
  }

  /**
   * Returns the SHA-256 of the artifact's payload, in hex: equal for equal models, and what
   * {@link #load} verifies.
   *
   * @return the checksum
   */
  public String checksum() {
    return checksum;
  }

  /**
   * Returns how many scoring inputs were replaced by their training mean because they were not finite
   * (or, for the list price, not positive), over every scorer bound from this instance.
   *
   * @return the count
   */
  public long defaultedInputs() {
    return defaulted.sum();
  }

  /**
   * {@inheritDoc}
   *
   * <p>The schema may differ from the training schema (other features, another order): the model resolves
   * the features it reads by name.
   */
  @Override
  public Scorer bind(FeatureSchema engineSchema) {
    Objects.requireNonNull(engineSchema, "schema must not be null");
    if (glm != null) {
      return glm.bind(engineSchema, defaulted);
    }
    if (gbdt != null) {
      return gbdt.bind(engineSchema, defaulted);
    }
    return linear != null ? linear.bind(engineSchema, defaulted) : tree.bind(engineSchema, defaulted);
  }

  /**
   * Scores candidate prices with Tribuo's own {@code predict}, one example per price, then the same
   * post-processing as the compiled scorer (the link for linear models; the monotone repair for trees when
   * {@code repair} is set). For verification and debugging: slow and allocating.
   *
   * @param features values over the {@link #trainingSchema()}; non-finite values are replaced as in scoring
   * @param prices candidate prices
   * @param repair whether to apply the trees' monotone repair
   * @return the demand at each price
   * @throws IllegalArgumentException if the vector has the wrong length or a price is invalid
   */
  public double[] predictWithTribuo(double[] features, double[] prices, boolean repair) {
    if (tribuo == null) {
      throw new IllegalStateException(algorithm.id() + " is not a Tribuo model");
    }
    double[] x = derivation.sanitizedCopy(features);
    double[] out = new double[prices.length];
    Prices.check(prices, prices.length, out);
    for (int i = 0; i < prices.length; i++) {
      double raw = TribuoBridge.predictRaw(tribuo, derivation, x, prices[i]);
      // Classifiers (logistic, tree) already return P(bought); the units regressor returns ln-units.
      out[i] = algorithm == DemandAlgorithm.LOG_LOG_SGD ? Link.LOG_UNITS.apply(raw, smear, smoothing) : raw;
    }
    if (repair && algorithm == DemandAlgorithm.CART_TREE) {
      Prices.repairMonotone(prices, prices.length, out);
    }
    return out;
  }

  /**
   * Returns the price coefficients on the raw (unstandardised) scale: the price term first, then each
   * interaction in {@link PriceFeatures#interactions()} order. Empty for trees.
   *
   * @return the coefficients, all non-positive
   */
  public List<Double> priceCoefficients() {
    List<Double> out = new ArrayList<>();
    if (glm != null) {
      for (double b : glm.slopes()) {
        out.add(b);
      }
    }
    if (linear != null) {
      out.add(linear.termWeight());
      for (int k = 0; k < derivation.interactionCount(); k++) {
        out.add(linear.interactionWeight(k));
      }
    }
    return List.copyOf(out);
  }

  /**
   * Returns the artifact: format header, checksum, schema, price derivation, provenance, version, and the
   * Tribuo model as protobuf.
   *
   * @return a copy of the bytes
   */
  public byte[] toBytes() {
    return artifact.clone();
  }

  /**
   * Writes the artifact to a file (replacing it).
   *
   * @param file the file
   * @throws IOException if writing fails
   */
  public void save(Path file) throws IOException {
    Files.write(Objects.requireNonNull(file, "file must not be null"), artifact);
  }

  /**
   * Builds a GLM ({@link DemandAlgorithm#LOGISTIC_GLM} or {@link DemandAlgorithm#LOG_LOG_GLM}) from coefficients
   * fitted elsewhere, for example on a Spark cluster: the result scores, explains and is encoded exactly as a GLM
   * this library's trainer fitted with the same coefficients, so its {@link #toBytes()} is the library's own
   * artifact (format 2), which {@link #fromBytes} and {@link #load} read back and {@code PricingEngine} binds
   * unchanged. The provenance should say where and on what the model was trained (for example the platform, the
   * row count and a hash of the inputs in its notes).
   *
   * @param algorithm {@link DemandAlgorithm#LOGISTIC_GLM} or {@link DemandAlgorithm#LOG_LOG_GLM}
   * @param version the model version, not blank
   * @param schema the training schema (the extractors' concatenated feature names, in order)
   * @param coefficients the raw coefficients
   * @param provenance where the model came from
   * @return the model
   * @throws IllegalArgumentException naming the field and the value: the algorithm is not a GLM, the coefficients
   *     do not match the schema's size, a price feature, slope input or the list price is not in the schema, the
   *     list price's fallback is not positive, or a conversion model carries units retransformation values
   */
  public static TrainedDemandModel fromGlmCoefficients(DemandAlgorithm algorithm, String version,
      FeatureSchema schema, GlmCoefficients coefficients, TrainingProvenance provenance) {
    Objects.requireNonNull(algorithm, "algorithm must not be null");
    Objects.requireNonNull(schema, "schema must not be null");
    Objects.requireNonNull(coefficients, "coefficients must not be null");
    Objects.requireNonNull(provenance, "provenance must not be null");
    if (!algorithm.isGlm()) {
      throw new IllegalArgumentException("algorithm must be " + DemandAlgorithm.LOGISTIC_GLM.id() + " or "
          + DemandAlgorithm.LOG_LOG_GLM.id() + ", found " + algorithm.id());
    }
    boolean conversion = algorithm.kind() == DemandKind.CONVERSION_PROBABILITY;
    GlmPlan plan = glmPlan(schema, coefficients, conversion);
    return new TrainedDemandModel(algorithm, version, schema, coefficients.priceFeatures(), plan, provenance, null);
  }

  /**
   * Builds a monotone boosted-tree model ({@link DemandAlgorithm#GBDT_CONVERSION} or
   * {@link DemandAlgorithm#GBDT_UNITS}) from an XGBoost model trained elsewhere, for example by XGBoost4J-Spark on a
   * cluster: the trees are compiled to flat arrays exactly as for a model this library's trainer fitted, and
   * {@link #toBytes()} is the library's own artifact. The trees must read the schema's inputs then the price
   * features, in that order ({@code inputs + priceFeatures} columns), and must have been trained with a monotone
   * constraint on every price feature ({@code -1} for a feature that rises with price, {@code +1} for one that
   * falls); the scorer's monotone repair guards the grid either way.
   *
   * @param algorithm {@link DemandAlgorithm#GBDT_CONVERSION} ({@code binary:logistic}) or
   *     {@link DemandAlgorithm#GBDT_UNITS} ({@code count:poisson})
   * @param version the model version, not blank
   * @param schema the training schema
   * @param priceFeatures the candidate-price features, in column order
   * @param listPriceFeature the schema feature holding the list price
   * @param inputFallbacks per schema feature, the value used when a scoring input is not finite (the training mean)
   * @param xgboostModelJson the XGBoost model saved as JSON ({@code Booster.toByteArray("json")})
   * @param base the GLM whose linear predictor was each row's XGBoost base margin, or null when the trees stand alone;
   *     its price features must be {@code priceFeatures} and its smoothing 0
   * @param maxDemand units: the demand above which an output is absurd ({@code +Infinity} for none)
   * @param provenance where the model came from
   * @return the model
   * @throws IllegalArgumentException naming the field and the value: the algorithm is not a GBDT, the JSON is not a
   *     supported XGBoost model, its objective or width does not match, or the base GLM does not fit the schema
   */
  public static TrainedDemandModel fromXgboostJson(DemandAlgorithm algorithm, String version, FeatureSchema schema,
      List<CandidatePriceFeature> priceFeatures, String listPriceFeature, double[] inputFallbacks,
      byte[] xgboostModelJson, GlmCoefficients base, double maxDemand, TrainingProvenance provenance) {
    Objects.requireNonNull(algorithm, "algorithm must not be null");
    Objects.requireNonNull(schema, "schema must not be null");
    Objects.requireNonNull(provenance, "provenance must not be null");
    Objects.requireNonNull(xgboostModelJson, "xgboostModelJson must not be null");
    if (!algorithm.isGbdt()) {
      throw new IllegalArgumentException("algorithm must be " + DemandAlgorithm.GBDT_CONVERSION.id() + " or "
          + DemandAlgorithm.GBDT_UNITS.id() + ", found " + algorithm.id());
    }
    boolean conversion = algorithm.kind() == DemandKind.CONVERSION_PROBABILITY;
    // The trees' inputs are checked through a plan without a base: a GLM with zero coefficients carries them.
    GlmCoefficients layout = new GlmCoefficients(priceFeatures, List.of(), listPriceFeature, 0,
        new double[schema.size()], new double[CandidatePriceFeatures.validate(priceFeatures).size()], new double[0],
        Objects.requireNonNull(inputFallbacks, "inputFallbacks must not be null"), 1, 0, Double.POSITIVE_INFINITY);
    GlmPlan shape = glmPlan(schema, layout, conversion);
    GlmPlan basePlan = null;
    if (base != null) {
      List<String> names = new ArrayList<>();
      for (CandidatePriceFeature f : base.priceFeatures()) {
        names.add(f.name());
      }
      List<String> treeNames = new ArrayList<>();
      for (CandidatePriceFeature f : layout.priceFeatures()) {
        treeNames.add(f.name());
      }
      if (!names.equals(treeNames)) {
        throw new IllegalArgumentException("base GLM price features " + names + " differ from the trees' "
            + treeNames);
      }
      basePlan = glmPlan(schema, base, conversion);
    }
    dev.pricing.core.demand.internal.GbdtEnsemble ensemble =
        dev.pricing.core.demand.internal.GbdtEnsemble.fromXgboostJson(xgboostModelJson);
    boolean logistic = ensemble.objective() == GbdtObjective.BINARY_LOGISTIC;
    if (logistic != conversion) {
      throw new IllegalArgumentException("the XGBoost objective " + ensemble.objective() + " does not match "
          + algorithm.id());
    }
    GbdtPlan plan = new GbdtPlan(shape.inputs(), shape.price(), ensemble,
        conversion ? Double.POSITIVE_INFINITY : maxDemand, basePlan);
    return new TrainedDemandModel(algorithm, version, schema, layout.priceFeatures(), plan, provenance, null);
  }

  private static GlmPlan glmPlan(FeatureSchema schema, GlmCoefficients coefficients, boolean conversion) {
    int n = schema.size();
    if (coefficients.inputWeights().length != n) {
      throw new IllegalArgumentException("inputWeights has " + coefficients.inputWeights().length + " entries for a "
          + "schema of " + n + " features " + schema.names());
    }
    int listIdx = schema.indexOf(coefficients.listPriceFeature());
    if (listIdx < 0) {
      throw new IllegalArgumentException("listPriceFeature '" + coefficients.listPriceFeature() + "' is not in the "
          + "schema " + schema.names());
    }
    double[] fallback = coefficients.inputFallbacks();
    if (conversion && (coefficients.smear() != 1.0 || coefficients.smoothing() != 0.0
        || coefficients.maxDemand() != Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("a conversion model has smear 1, smoothing 0 and no demand cap, found smear "
          + coefficients.smear() + ", smoothing " + coefficients.smoothing() + ", maxDemand "
          + coefficients.maxDemand());
    }
    int[] slopeIdx = new int[coefficients.slopeInputs().size()];
    for (int q = 0; q < slopeIdx.length; q++) {
      String name = coefficients.slopeInputs().get(q);
      slopeIdx[q] = schema.indexOf(name);
      if (slopeIdx[q] < 0) {
        throw new IllegalArgumentException("slope input '" + name + "' is not in the schema " + schema.names());
      }
    }
    ModelInputs inputs = new ModelInputs(schema.names(), fallback, listIdx, fallback[listIdx]);
    PricePlan price = new PricePlan(coefficients.priceFeatures(), schema.names());
    return new GlmPlan(inputs, price, coefficients.constant(), coefficients.inputWeights(),
        coefficients.priceSlopes(), slopeIdx, coefficients.slopeWeights(), conversion ? Link.LOGISTIC : Link.LOG_UNITS,
        coefficients.smear(), coefficients.smoothing(), coefficients.maxDemand());
  }

  /**
   * Reads an artifact from bytes. Uses protobuf, never Java deserialization; only the three Tribuo model
   * classes this package trains are accepted.
   *
   * @param bytes the artifact
   * @return the model
   * @throws ModelArtifactException if the bytes are not an artifact, the checksum does not match, or the
   *     content is inconsistent
   */
  public static TrainedDemandModel fromBytes(byte[] bytes) throws ModelArtifactException {
    return fromBytes(bytes, List.of());
  }

  /**
   * Reads an artifact whose model may use user-defined candidate-price features: each feature the artifact
   * names is looked up among the built-ins ({@link CandidatePriceFeatures}) and then in {@code custom}; an
   * artifact that names a feature found in neither is refused, because the engine could not compute it.
   *
   * @param bytes the artifact
   * @param custom the user-defined price features this process can compute
   * @return the model
   * @throws ModelArtifactException if the artifact is corrupted, inconsistent, or uses an unknown price feature
   */
  public static TrainedDemandModel fromBytes(byte[] bytes, List<CandidatePriceFeature> custom)
      throws ModelArtifactException {
    return ArtifactFormat.decode(Objects.requireNonNull(bytes, "bytes must not be null"),
        Objects.requireNonNull(custom, "custom must not be null"));
  }

  /**
   * Reads an artifact from a file.
   *
   * @param file the file
   * @return the model
   * @throws ModelArtifactException if the artifact is corrupted or inconsistent
   * @throws IOException if the file cannot be read
   */
  public static TrainedDemandModel load(Path file) throws IOException {
    return fromBytes(Files.readAllBytes(Objects.requireNonNull(file, "file must not be null")));
  }

  /**
   * Reads an artifact from a file and checks that it was trained on the expected schema (the concatenated
   * names of the extractors the caller will serve with).
   *
   * @param file the file
   * @param expected the expected training schema
   * @return the model
   * @throws ModelArtifactException if the artifact is corrupted or its schema differs, naming the
   *     differences
   * @throws IOException if the file cannot be read
   */
  public static TrainedDemandModel load(Path file, FeatureSchema expected) throws IOException {
    Objects.requireNonNull(expected, "expected must not be null");
    TrainedDemandModel m = load(file);
    if (!m.schema.equals(expected)) {
      List<String> missing = new ArrayList<>(m.schema.names());
      missing.removeAll(expected.names());
      List<String> extra = new ArrayList<>(expected.names());
      extra.removeAll(m.schema.names());
      throw new ModelArtifactException("artifact " + file + " (version " + m.version + ") was trained on schema "
          + m.schema.names() + " but " + expected.names() + " was expected; features only in the artifact: "
          + missing + ", only expected: " + extra + (missing.isEmpty() && extra.isEmpty() ? " (order differs)" : ""));
    }
    return m;
  }

  Derivation derivation() {
    return derivation;
  }

  Model<?> tribuoModel() {
    return tribuo;
  }

  double smear() {
    return smear;
  }

  double smoothing() {
    return smoothing;
  }

  GlmPlan glmPlan() {
    return glm;
  }

  /**
   * Returns the vocabulary of an entity-code input, or null when the model has no entity table for it.
   */
  List<String> entityLevels(String feature) {
    if (glm == null) {
      return null;
    }
    EntityTerms e = glm.entities();
    for (int f = 0; f < e.fields(); f++) {
      if (e.feature(f).equals(feature)) {
        return e.levels(f);
      }
    }
    return null;
  }

  /**
   * Returns the entity-code inputs of a GLM trained with {@link EntityEffects}.
   *
   * @return their feature names, {@code entity.<spec>}, in the model's order; empty for any other model
   */
  public List<String> entityFeatures() {
    if (glm == null) {
      return List.of();
    }
    List<String> out = new java.util.ArrayList<>();
    for (int f = 0; f < glm.entities().fields(); f++) {
      out.add(glm.entities().feature(f));
    }
    return List.copyOf(out);
  }

  GbdtPlan gbdtPlan() {
    return gbdt;
  }

  LinearPlan linearPlan() {
    return linear;
  }

  TreePlan treePlan() {
    return tree;
  }

  @Override
  public String toString() {
    return "TrainedDemandModel[" + algorithm.id() + ", version " + version + ", " + schema.size() + " features, "
        + "checksum " + checksum.substring(0, 12) + "]";
  }
}
