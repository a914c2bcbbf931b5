package dev.pricing.core.demand;

import dev.pricing.api.DemandKind;
import dev.pricing.api.FeatureSchema;
import dev.pricing.core.demand.internal.GbdtFit;
import dev.pricing.core.demand.internal.GbdtMatrix;
import dev.pricing.core.demand.internal.GbdtObjective;
import dev.pricing.core.demand.internal.GbdtParams;
import dev.pricing.core.demand.internal.GbdtPlan;
import dev.pricing.core.demand.internal.ModelInputs;
import dev.pricing.core.demand.internal.PricePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@link DemandAlgorithm#GBDT_CONVERSION} and {@link DemandAlgorithm#GBDT_UNITS}: XGBoost on the raw inputs and the
 * candidate-price features, with a monotone constraint on every price feature (non-increasing demand in a feature
 * that rises with price, non-decreasing in one that falls), early stopping on the latest tenth of the training
 * offers, then compiled to flat arrays ({@link GbdtPlan}) so that scoring needs no native code. Thread-safe.
 */
final class GbdtAlgorithm implements AlgorithmTrainer {
  private final DemandModelTrainer t;

  GbdtAlgorithm(DemandModelTrainer t) {
    this.t = t;
  }

  @Override
  public TrainingResult fit(FeatureSchema schema, TrainingRows rows, boolean[] validation, double[] weight,
      int trainN, int validN) {
    GbdtOptions options = t.gbdt;
    boolean conversion = t.algorithm.kind() == DemandKind.CONVERSION_PROBABILITY;
    int listIdx = schema.require(t.priceFeatures.listPriceFeature());
    t.checkPriceVaries(rows, validation, listIdx);
    List<CandidatePriceFeature> features = options.priceFeatures().isEmpty()
        ? GlmAlgorithm.availableDefaults(t.algorithm, schema) : options.priceFeatures();
    int n = schema.size();
    double[] fallback = rows.trainingMeans(validation, trainN);
    ModelInputs inputs = new ModelInputs(schema.names(), fallback, listIdx, fallback[listIdx]);
    PricePlan price = new PricePlan(features, schema.names());
    int m = price.count();
    int cols = n + m;
    int[] monotone = new int[cols];
    for (int j = 0; j < m; j++) {
      monotone[n + j] = price.increasing(j) ? -1 : 1;
    }
    boolean anyZero = false;
    for (int i = 0; i < rows.size; i++) {
      anyZero |= !validation[i] && rows.units[i] <= 0;
    }
    GlmAlgorithm.Fit baseFit = null;
    if (options.base() != null && (conversion || !anyZero)) {
      baseFit = GlmAlgorithm.fitPlan(conversion ? DemandAlgorithm.LOGISTIC_GLM : DemandAlgorithm.LOG_LOG_GLM,
          options.base().withPriceFeatures(features), schema, rows, validation, weight, trainN, 0,
          t.priceFeatures.listPriceFeature());
    }
    double[] offsets = baseFit == null ? null : new double[trainN];
    // the latest tenth of the training offers (in log order) decides when to stop
    int stopN = options.earlyStoppingRounds() > 0 ? Math.max(1, trainN / 10) : 0;
    int fitN = trainN - stopN;
    double[] fitX = new double[fitN * cols];
    double[] fitY = new double[fitN];
    double[] fitW = new double[fitN];
    double[] stopX = new double[Math.max(stopN, 1) * cols];
    double[] stopY = new double[Math.max(stopN, 1)];
    double[] stopW = new double[Math.max(stopN, 1)];
    double[] x = new double[n];
    double[] g = new double[price.width()];
    double[] row = new double[cols];
    GbdtPlan shape = null;
    double maxUnits = 0;
    int r = 0;
    for (int i = 0; i < rows.size; i++) {
      if (validation[i]) {
        continue;
      }
      rows.copy(i, x);
      inputs.sanitize(x);
      System.arraycopy(x, 0, row, 0, n);
      price.gather(x, g);
      price.values(rows.price[i], g, row, n);
      double y = conversion ? (rows.units[i] > 0 ? 1 : 0) : rows.units[i];
      if (offsets != null) {
        offsets[r] = GbdtPlan.baseMargin(baseFit.plan(), x, rows.price[i], g);
        price.gather(x, g);
      }
      maxUnits = Math.max(maxUnits, rows.units[i]);
      if (r < fitN) {
        System.arraycopy(row, 0, fitX, r * cols, cols);
        fitY[r] = y;
        fitW[r] = weight[i];
      } else {
        int k = r - fitN;
        System.arraycopy(row, 0, stopX, k * cols, cols);
        stopY[k] = y;
        stopW[k] = weight[i];
      }
      r++;
    }
    GbdtParams params = new GbdtParams(options.trees(), options.maxDepth(), options.eta(), options.minChildWeight(),
        options.subsample(), options.lambda(), 256, t.seed, 1, options.earlyStoppingRounds());
    GbdtMatrix fitMatrix = GbdtMatrix.of(fitX, fitN, cols, fitY, fitW);
    GbdtMatrix stopMatrix = stopN > 0 ? GbdtMatrix.of(stopX, stopN, cols, stopY, stopW) : null;
    if (offsets != null) {
      fitMatrix.withOffset(java.util.Arrays.copyOf(offsets, fitN));
      if (stopMatrix != null) {
        stopMatrix.withOffset(java.util.Arrays.copyOfRange(offsets, fitN, trainN));
      }
    }
    GbdtFit.Result result = GbdtFit.fit(fitMatrix, stopMatrix, monotone,
        conversion ? GbdtObjective.BINARY_LOGISTIC : GbdtObjective.COUNT_POISSON, params);
    double cap = conversion ? Double.POSITIVE_INFINITY : Math.max(1.0, maxUnits) * options.demandCapFactor();
    GbdtPlan plan = new GbdtPlan(inputs, price, result.ensemble(), cap, baseFit == null ? null : baseFit.plan());
    String solver = String.format(Locale.ROOT, "XGBoost %s, %d of %d rounds kept (depth %d, eta %s, early stopping "
        + "%d on %d offers), monotone in %s, %s", conversion ? "binary:logistic" : "count:poisson", result.treesKept(),
        result.roundsTrained(), options.maxDepth(), options.eta(), options.earlyStoppingRounds(), stopN,
        names(features), baseFit == null ? "trees alone" : "correcting " + baseFit.description());
    List<String> notes = new ArrayList<>();
    TrainingProvenance provenance = t.provenance(rows, trainN, validN, t.algorithm.id() + ": " + solver, notes);
    String v = t.version != null ? t.version : t.algorithm.id() + "-" + provenance.trainedAt();
    TrainedDemandModel trained = new TrainedDemandModel(t.algorithm, v, schema, features, plan, provenance, null);
    FitDiagnostics diagnostics = new FitDiagnostics(solver, result.treesKept(), true, Double.NaN, 0, 0);
    return t.finish(trained, rows, validation, weight, validN, notes, diagnostics, null);
  }

  private static List<String> names(List<CandidatePriceFeature> features) {
    List<String> out = new ArrayList<>();
    for (CandidatePriceFeature f : features) {
      out.add(f.name());
    }
    return out;
  }
}
