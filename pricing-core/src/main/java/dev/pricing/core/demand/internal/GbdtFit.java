package dev.pricing.core.demand.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Trains a boosted tree ensemble with XGBoost ({@code ml.dmlc:xgboost4j}, its plain Java API) and compiles
 * it into a {@link GbdtEnsemble}. The booster and its matrices live in native memory only inside
 * {@link #fit}; they are freed before it returns.
 *
 * <p>Trees use the {@code hist} method with {@code monotone_constraints} from the caller, so with -1 on a
 * price column every tree, and hence the ensemble, is non-increasing in that column for every input. With
 * one thread (the default) and a seed the model is the same on every run.
 *
 * <p>Early stopping (when {@link GbdtParams#earlyStoppingRounds()} is positive and a validation matrix is
 * given) is done here, round by round, on the objective's metric ({@link GbdtObjective#evalMetric()}, lower
 * is better): training stops when the metric has not improved for that many rounds, and the compiled
 * ensemble keeps the trees up to the best round.
 *
 * <p>Stateless; thread-safe (each call has its own booster).
 */
public final class GbdtFit {
  static {
    // xgboost4j_2.13-x.jar cannot be an automatic module (its derived name "xgboost4j.2.13" is invalid), so
    // it always sits in the unnamed module; a named dev.pricing.core must read that module to link to it.
    Module self = GbdtFit.class.getModule();
    ClassLoader loader = GbdtFit.class.getClassLoader();
    if (self.isNamed() && loader != null) {
      self.addReads(loader.getUnnamedModule());
    }
  }

  private GbdtFit() {}

  /**
   * What {@link #fit} produced.
   *
   * @param ensemble the compiled ensemble (the first {@code treesKept} trees)
   * @param modelJson XGBoost's own saved JSON model with every round trained (load it with
   *     {@code XGBoost.loadModel(bytes)}; {@code GbdtEnsemble.fromXgboostJson(modelJson, treesKept)} rebuilds
   *     {@code ensemble})
   * @param roundsTrained the number of rounds trained
   * @param treesKept the number of trees compiled: the best round + 1 with early stopping, else all
   * @param validationMetric the validation metric after each round trained (empty without validation)
   */
  public record Result(GbdtEnsemble ensemble, byte[] modelJson, int roundsTrained, int treesKept,
      double[] validationMetric) {
    /** Copies the arrays. */
    public Result {
      modelJson = modelJson.clone();
      validationMetric = validationMetric.clone();
    }

    @Override
    public byte[] modelJson() {
      return modelJson.clone();
    }

    @Override
    public double[] validationMetric() {
      return validationMetric.clone();
    }
  }

  /**
   * Trains and compiles.
   *
   * @param train the training rows
   * @param validation rows for early stopping and the reported metric, or null
   * @param monotone one constraint per column: -1 non-increasing, 0 none, +1 non-decreasing
   * @param objective conversion ({@code binary:logistic}, labels 0/1) or units ({@code count:poisson},
   *     labels >= 0)
   * @param params the booster parameters
   * @return the compiled ensemble and what training did
   * @throws IllegalArgumentException naming a bad argument: a null, a column count that differs, a
   *     constraint not in {-1, 0, 1}, a label outside the objective's range
   * @throws IllegalStateException if the native library fails
   */
  public static Result fit(GbdtMatrix train, GbdtMatrix validation, int[] monotone, GbdtObjective objective,
      GbdtParams params) {
    if (train == null) {
      throw new IllegalArgumentException("train must not be null");
    }
    if (objective == null) {
      throw new IllegalArgumentException("objective must not be null");
    }
    if (params == null) {
      throw new IllegalArgumentException("params must not be null");
    }
    int cols = train.cols();
    if (monotone == null || monotone.length != cols) {
      throw new IllegalArgumentException("monotone.length must be train.cols() = " + cols + ", got "
          + (monotone == null ? "null" : String.valueOf(monotone.length)));
    }
    for (int c = 0; c < cols; c++) {
      if (monotone[c] < -1 || monotone[c] > 1) {
        throw new IllegalArgumentException("monotone[" + c + "] must be -1, 0 or 1, got " + monotone[c]);
      }
    }
    if (validation != null && validation.cols() != cols) {
      throw new IllegalArgumentException("validation.cols() must be " + cols + ", got " + validation.cols());
    }
    checkLabels("train", train, objective);
    if (validation != null) {
      checkLabels("validation", validation, objective);
    }
    Map<String, Object> p = boosterParams(objective, params, monotone);
    DMatrix dtrain = null;
    DMatrix dval = null;
    Booster booster = null;
    try {
      dtrain = matrix(train);
      dval = validation == null ? null : matrix(validation);
      DMatrix[] watch = dval == null ? new DMatrix[0] : new DMatrix[] {dval};
      String[] names = dval == null ? new String[0] : new String[] {"validation"};
      Map<String, DMatrix> cache = new HashMap<>();
      if (dval != null) {
        cache.put("validation", dval);
      }
      // Zero rounds: creates the booster with its parameters and caches; the rounds follow below.
      booster = XGBoost.train(dtrain, p, 0, cache, null, null);
      double[] metric = new double[params.trees()];
      float[] metricOut = new float[1];
      int best = -1;
      double bestValue = Double.POSITIVE_INFINITY;
      int rounds = 0;
      for (int iter = 0; iter < params.trees(); iter++) {
        booster.update(dtrain, iter);
        rounds++;
        if (dval == null) {
          continue;
        }
        booster.evalSet(watch, names, iter, metricOut);
        metric[iter] = metricOut[0];
        if (metric[iter] < bestValue) {
          bestValue = metric[iter];
          best = iter;
        }
        if (params.earlyStoppingRounds() > 0 && iter - best >= params.earlyStoppingRounds()) {
          break;
        }
      }
      byte[] json = booster.toByteArray("json");
      int kept = dval != null && params.earlyStoppingRounds() > 0 ? best + 1 : rounds;
      GbdtEnsemble ensemble = GbdtEnsemble.fromXgboostJson(json, kept);
      if (ensemble.featureCount() != cols) {
        throw new IllegalStateException("booster reports " + ensemble.featureCount() + " features, trained on "
            + cols);
      }
      return new Result(ensemble, json, rounds, kept, dval == null ? new double[0] : Arrays.copyOf(metric, rounds));
    } catch (XGBoostError e) {
      throw new IllegalStateException("XGBoost failed: " + e.getMessage(), e);
    } finally {
      if (booster != null) {
        booster.dispose();
      }
      if (dtrain != null) {
        dtrain.dispose();
      }
      if (dval != null) {
        dval.dispose();
      }
    }
  }

  /**
   * XGBoost's own prediction for rows, from a model saved as JSON: the reference that {@link GbdtEnsemble}
   * reproduces. For tests and parity checks; allocates native memory for the call.
   *
   * @param modelJson the saved model
   * @param treeLimit how many trees to use (0 for all)
   * @param rows row-major values, NaN is missing
   * @param nrows the number of rows
   * @param ncols the number of columns
   * @param outputMargin true for margins, false for demand (probability or expected units)
   * @return one value per row
   * @throws IllegalArgumentException if the shape is wrong
   * @throws IllegalStateException if the native library fails
   */
  public static float[] boosterPredict(byte[] modelJson, int treeLimit, float[] rows, int nrows, int ncols,
      boolean outputMargin) {
    if (modelJson == null || rows == null || nrows < 1 || ncols < 1 || (long) nrows * ncols != rows.length) {
      throw new IllegalArgumentException("rows.length must be nrows * ncols with nrows, ncols >= 1");
    }
    if (treeLimit < 0) {
      throw new IllegalArgumentException("treeLimit must be >= 0, got " + treeLimit);
    }
    Booster b = null;
    DMatrix d = null;
    try {
      b = XGBoost.loadModel(modelJson);
      d = new DMatrix(rows, nrows, ncols, Float.NaN);
      float[][] pred = b.predict(d, outputMargin, treeLimit);
      float[] out = new float[nrows];
      for (int r = 0; r < nrows; r++) {
        out[r] = pred[r][0];
      }
      return out;
    } catch (XGBoostError | java.io.IOException e) {
      throw new IllegalStateException("XGBoost failed: " + e.getMessage(), e);
    } finally {
      if (b != null) {
        b.dispose();
      }
      if (d != null) {
        d.dispose();
      }
    }
  }

  static Map<String, Object> boosterParams(GbdtObjective objective, GbdtParams params, int[] monotone) {
    Map<String, Object> p = new HashMap<>();
    p.put("objective", objective.xgboostName());
    p.put("eval_metric", objective.evalMetric());
    p.put("tree_method", "hist");
    p.put("max_depth", params.maxDepth());
    p.put("eta", params.eta());
    p.put("min_child_weight", params.minChildWeight());
    p.put("subsample", params.subsample());
    p.put("lambda", params.lambda());
    p.put("max_bin", params.maxBin());
    p.put("seed", params.seed());
    p.put("nthread", params.threads());
    p.put("verbosity", 0);
    StringBuilder m = new StringBuilder("(");
    for (int c = 0; c < monotone.length; c++) {
      m.append(c == 0 ? "" : ",").append(monotone[c]);
    }
    p.put("monotone_constraints", m.append(')').toString());
    return p;
  }

  private static DMatrix matrix(GbdtMatrix m) throws XGBoostError {
    DMatrix d = new DMatrix(m.values(), m.rows(), m.cols(), Float.NaN);
    d.setLabel(m.labels());
    if (m.weighted()) {
      d.setWeight(m.weights());
    }
    if (m.offset() != null) {
      d.setBaseMargin(m.offset());
    }
    return d;
  }

  private static void checkLabels(String which, GbdtMatrix m, GbdtObjective objective) {
    float[] y = m.labels();
    for (int r = 0; r < y.length; r++) {
      if (objective == GbdtObjective.SQUARED_ERROR) {
        if (!Float.isFinite(y[r])) {
          throw new IllegalArgumentException(which + " label[" + r + "] must be finite for reg:squarederror, got "
              + y[r]);
        }
        continue;
      }
      if (objective == GbdtObjective.BINARY_LOGISTIC ? !(y[r] == 0f || y[r] == 1f) : !(y[r] >= 0f)) {
        throw new IllegalArgumentException(which + " label[" + r + "] must be "
            + (objective == GbdtObjective.BINARY_LOGISTIC ? "0 or 1" : ">= 0") + " for "
            + objective.xgboostName() + ", got " + y[r]);
      }
    }
  }
}
