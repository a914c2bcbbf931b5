package dev.pricing.core.demand;

import dev.pricing.api.DemandKind;
import dev.pricing.api.FeatureSchema;
import dev.pricing.core.demand.internal.CeilingSolver;
import dev.pricing.core.demand.internal.GlmPlan;
import dev.pricing.core.demand.internal.GlmSolver;
import dev.pricing.core.demand.internal.Link;
import dev.pricing.core.demand.internal.ModelInputs;
import dev.pricing.core.demand.internal.PricePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Fits {@link DemandAlgorithm#LOGISTIC_GLM} and {@link DemandAlgorithm#LOG_LOG_GLM}: standardises the inputs, the
 * candidate-price features and the slope interactions, solves the penalised likelihood to convergence with
 * {@link GlmSolver} under sign bounds on the price slopes, and folds the solution back to raw coefficients.
 *
 * <p>Stateless and thread-safe.
 */
final class GlmAlgorithm implements AlgorithmTrainer {
  private final DemandModelTrainer t;

  /** What a fit returns besides the plan. */
  record Fit(GlmPlan plan, List<CandidatePriceFeature> features, FitDiagnostics diagnostics,
      double primaryCoefficient, double primaryStandardError, double elasticity, double elasticityStandardError,
      String description) {}

  GlmAlgorithm(DemandModelTrainer t) {
    this.t = t;
  }

  @Override
  public TrainingResult fit(FeatureSchema schema, TrainingRows rows, boolean[] validation, double[] weight,
      int trainN, int validN) {
    List<String> notes = new ArrayList<>();
    t.checkPriceVaries(rows, validation, schema.require(t.priceFeatures.listPriceFeature()));
    GlmAlgorithm.Fit fit = fitPlan(t.algorithm, t.glm, schema, rows, validation, weight, trainN,
        t.algorithm.kind() == DemandKind.EXPECTED_UNITS ? t.unitsSmoothing : 0, t.priceFeatures.listPriceFeature());
    if (fit.diagnostics().shareAtSlopeBound() > 0) {
      notes.add(String.format(Locale.ROOT, "the price slope was bounded (demand would otherwise rise with price) for "
          + "%.2f%% of training offers", 100 * fit.diagnostics().shareAtSlopeBound()));
    }
    TrainingProvenance provenance = t.provenance(rows, trainN, validN, fit.description(), notes);
    String v = t.version != null ? t.version : t.algorithm.id() + "-" + provenance.trainedAt();
    TrainedDemandModel trained = new TrainedDemandModel(t.algorithm, v, schema, fit.features(), fit.plan(), provenance,
        null);
    PriceSensitivity coefficient = t.algorithm.kind() == DemandKind.EXPECTED_UNITS
        ? waldSensitivity("elasticity", fit.elasticity(), fit.elasticityStandardError(), false)
        : waldSensitivity(fit.features().get(0).name(), fit.primaryCoefficient(), fit.primaryStandardError(),
            fit.primaryStandardError() == 0);
    return t.finish(trained, rows, validation, weight, validN, notes, fit.diagnostics(), coefficient);
  }

  private PriceSensitivity waldSensitivity(String feature, double coefficient, double se, boolean atBound) {
    double quantile = new NormalDistribution(0, 1).inverseCumulativeProbability(1 - (1 - t.confidenceLevel) / 2);
    return new PriceSensitivity(DemandModelTrainer.DERIVED_CANDIDATE_PREFIX + feature, coefficient, se, coefficient - quantile * se,
        coefficient + quantile * se, t.confidenceLevel, atBound, OptionalDouble.empty());
  }


  static Fit fitPlan(DemandAlgorithm algorithm, GlmOptions options, FeatureSchema schema, TrainingRows rows,
      boolean[] validation, double[] weight, int trainN, double unitsSmoothing, String listPriceFeature) {
    boolean conversion = algorithm.kind() == DemandKind.CONVERSION_PROBABILITY;
    List<CandidatePriceFeature> features = options.priceFeatures().isEmpty()
        ? availableDefaults(algorithm, schema) : options.priceFeatures();
    int n = schema.size();
    int listIdx = schema.require(listPriceFeature);
    // fallbacks: training means
    double[] fallback = rows.trainingMeans(validation, trainN);
    ModelInputs inputs = new ModelInputs(schema.names(), fallback, listIdx, fallback[listIdx]);
    PricePlan price = new PricePlan(features, schema.names());
    int m = price.count();
    int[] slopeIdx = new int[options.slopeInputs().size()];
    for (int q = 0; q < slopeIdx.length; q++) {
      String name = options.slopeInputs().get(q);
      slopeIdx[q] = schema.names().indexOf(name);
      if (slopeIdx[q] < 0) {
        throw new IllegalArgumentException("slope input '" + name + "' is not produced by the extractors "
            + schema.names());
      }
    }
    int qn = slopeIdx.length;
    int cols = n + m + qn;
    // input standardisation for the slope interactions
    double[] muX = new double[n];
    double[] sdX = new double[n];
    moments(rows, validation, trainN, n, muX, sdX);
    // raw design
    double[] z = new double[trainN * cols];
    double[] y = new double[trainN];
    double[] w = new double[trainN];
    double[] x = new double[n];
    double[] g = new double[price.width()];
    double maxUnits = 0;
    int r = 0;
    for (int i = 0; i < rows.size; i++) {
      if (validation[i]) {
        continue;
      }
      rows.copy(i, x);
      inputs.sanitize(x);
      int o = r * cols;
      System.arraycopy(x, 0, z, o, n);
      price.gather(x, g);
      price.values(rows.price[i], g, z, o + n);
      double f0 = z[o + n];
      for (int q = 0; q < qn; q++) {
        int k = slopeIdx[q];
        z[o + n + m + q] = f0 * (x[k] - muX[k]) / sdX[k];
      }
      y[r] = conversion ? (rows.units[i] > 0 ? 1 : 0) : Math.log(rows.units[i] + unitsSmoothing);
      w[r] = weight[i];
      maxUnits = Math.max(maxUnits, rows.units[i]);
      r++;
    }
    // column standardisation
    double[] mean = new double[cols];
    double[] sd = new double[cols];
    standardise(z, trainN, cols, mean, sd);
    double[] lower = new double[cols];
    double[] upper = new double[cols];
    for (int c = 0; c < cols; c++) {
      lower[c] = Double.NEGATIVE_INFINITY;
      upper[c] = Double.POSITIVE_INFINITY;
    }
    for (int j = 0; j < m; j++) {
      if (price.increasing(j)) {
        upper[n + j] = 0;
      } else {
        lower[n + j] = 0;
      }
    }
    GlmSolver.Solution sol = GlmSolver.solve(conversion ? GlmSolver.Family.LOGISTIC : GlmSolver.Family.GAUSSIAN, z,
        trainN, cols, y, w, options.ridge(), lower, upper, options.maxIterations(), options.tolerance());
    String solver = String.format(Locale.ROOT, "projected Newton (%s), ridge %s, tolerance %s",
        conversion ? "IRLS" : "least squares", options.ridge(), options.tolerance());
    if (!sol.converged()) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "the %s fit did not converge in %d iterations "
          + "(largest projected gradient %.3g per unit weight, criterion %.3g); raise maxIterations or the ridge, "
          + "or remove collinear features", algorithm.id(), sol.iterations(), sol.gradientNorm(), options.tolerance()));
    }
    CeilingSolver.Fit ceiling = null;
    if (options.ceiling()) {
      if (!conversion) {
        throw new IllegalArgumentException("GLM option ceiling applies to conversion models only, not to "
            + algorithm.id());
      }
      ceiling = fitCeiling(z, trainN, cols, n, y, w, options, lower, upper, sol);
      if (!ceiling.converged()) {
        throw new IllegalArgumentException(String.format(Locale.ROOT, "the %s fit with a purchase ceiling did not "
            + "converge in %d iterations (largest projected gradient %.3g per unit weight, criterion %.3g); raise "
            + "maxIterations or the ridge", algorithm.id(), ceiling.iterations(), ceiling.gradientNorm(),
            options.tolerance()));
      }
      solver = String.format(Locale.ROOT, "projected Fisher scoring with a purchase ceiling, ridge %s, tolerance %s "
          + "(from the plain fit: %s, %d iterations)", options.ridge(), options.tolerance(), solver, sol.iterations());
      sol = ceiling.price();
    }
    // fold back to raw coefficients
    double[] b = sol.coefficients();
    Raw raw = unstandardise(sol.intercept(), b, mean, sd, null, n, m, slopeIdx, muX, sdX);
    double constant = raw.constant();
    double[] wRaw = raw.weights();
    double[] beta = raw.price();
    double[] gamma = raw.slopes();
    double smear = 1.0;
    double smoothing = conversion ? 0 : unitsSmoothing;
    Link link = conversion ? Link.LOGISTIC : Link.LOG_UNITS;
    double cap = conversion ? Double.POSITIVE_INFINITY : Math.max(1.0, maxUnits) * options.demandCapFactor();
    double[] ceilingWeights = null;
    double ceilingConstant = 0;
    if (ceiling != null) {
      double[] v = ceiling.ceiling().coefficients();
      ceilingWeights = new double[n];
      ceilingConstant = ceiling.ceiling().intercept();
      for (int i = 0; i < n; i++) {
        ceilingWeights[i] = v[i] / sd[i];
        ceilingConstant -= ceilingWeights[i] * mean[i];
      }
    }
    GlmPlan plain = new GlmPlan(inputs, price, constant, wRaw, beta, slopeIdx, gamma, link, 1.0, smoothing,
        Double.POSITIVE_INFINITY);
    BoundAndSmear fitted = boundAndSmear(plain, rows, validation, weight, inputs, x, g, conversion,
        unitsSmoothing);
    long atBound = fitted.atBound();
    if (!conversion) {
      smear = fitted.smear();
    }
    GlmPlan plan = new GlmPlan(inputs, price, constant, wRaw, beta, slopeIdx, gamma, link, smear, smoothing, cap,
        ceilingConstant, ceilingWeights);
    FitDiagnostics diagnostics = new FitDiagnostics(solver, sol.iterations(),
        true, sol.gradientNorm(),
        (double) atBound / trainN, 0);
    double se = Math.sqrt(Math.max(0, sol.covariance()[n][n])) / sd[n];
    double[] elasticity = averageElasticity(rows, validation, trainN, inputs, price, slopeIdx, muX, sdX, n, cols, sd, b,
        sol.covariance());
    String description = String.format(Locale.ROOT, "%s over %d inputs, %d price features %s, %d slope inputs %s; "
        + "%s; converged in %d iterations", algorithm.id(), n, m, names(features), qn, options.slopeInputs(), solver,
        sol.iterations());
    return new Fit(plan, features, diagnostics, sol.atBound()[n] ? 0.0 : b[n] / sd[n], sol.atBound()[n] ? 0 : se,
        elasticity[0], elasticity[1], description);
  }

  /**
   * Standardises a row-major design in place: fills {@code mean} and {@code sd} (zeroed on entry) with each
   * column's mean and standard deviation (1 for a constant column) and rescales the columns to mean 0, sd 1.
   */
  static void standardise(double[] z, int rows, int cols, double[] mean, double[] sd) {
    for (int i = 0; i < rows; i++) {
      int o = i * cols;
      for (int c = 0; c < cols; c++) {
        mean[c] += z[o + c];
      }
    }
    for (int c = 0; c < cols; c++) {
      mean[c] /= rows;
    }
    for (int i = 0; i < rows; i++) {
      int o = i * cols;
      for (int c = 0; c < cols; c++) {
        double d = z[o + c] - mean[c];
        sd[c] += d * d;
      }
    }
    for (int c = 0; c < cols; c++) {
      double s = Math.sqrt(sd[c] / rows);
      sd[c] = s > 1e-12 * Math.max(1, Math.abs(mean[c])) ? s : 1.0;
    }
    for (int i = 0; i < rows; i++) {
      int o = i * cols;
      for (int c = 0; c < cols; c++) {
        z[o + c] = (z[o + c] - mean[c]) / sd[c];
      }
    }
  }
  /**
   * Returns the average elasticity {@code d ln(demand) / d ln(p)} at the offered training prices through every price
   * feature, and its Wald standard error: for the log link the elasticity is linear in the standardised price
   * coefficients, so its variance follows from their covariance.
   *
   * @param first the design column of the first price feature (the price features, then the slope interactions,
   *     run to {@code cols})
   * @param sd the design columns' standard deviations
   * @param b the standardised coefficients
   * @param cov their covariance
   * @return {elasticity, standard error}
   */
  static double[] averageElasticity(TrainingRows rows, boolean[] validation, int trainN, ModelInputs inputs,
      PricePlan price, int[] slopeIdx, double[] muX, double[] sdX, int first, int cols, double[] sd, double[] b,
      double[][] cov) {
    int m = price.count();
    double[] x = new double[inputs.size()];
    double[] g = new double[price.width()];
    double[] a = new double[cols];
    double h = 1e-4;
    for (int i = 0; i < rows.size; i++) {
      if (validation[i]) {
        continue;
      }
      rows.copy(i, x);
      inputs.sanitize(x);
      price.gather(x, g);
      double p = rows.price[i];
      for (int j = 0; j < m; j++) {
        double d = (price.value(j, p * Math.exp(h), g) - price.value(j, p * Math.exp(-h), g)) / (2 * h);
        a[first + j] += d;
        if (j == 0) {
          for (int q = 0; q < slopeIdx.length; q++) {
            int k = slopeIdx[q];
            a[first + m + q] += d * (x[k] - muX[k]) / sdX[k];
          }
        }
      }
    }
    double elasticity = 0;
    for (int c = first; c < cols; c++) {
      a[c] /= trainN * sd[c];
      elasticity += a[c] * b[c];
    }
    double variance = 0;
    for (int c = first; c < cols; c++) {
      for (int e = first; e < cols; e++) {
        variance += a[c] * cov[c][e] * a[e];
      }
    }
    return new double[] {elasticity, Math.sqrt(Math.max(0, variance))};
  }

  /**
   * Fits {@code P = kappa(u) sigma(s(z))} with {@link CeilingSolver} (projected Fisher scoring, the same
   * convergence criterion as the plain fit), the ceiling over the standardised inputs (the first {@code n}
   * design columns), starting from the plain solution with a ceiling of 0.9.
   */
  static CeilingSolver.Fit fitCeiling(double[] z, int rows, int cols, int n, double[] y, double[] w,
      GlmOptions options, double[] lower, double[] upper, GlmSolver.Solution start) {
    double[] u = new double[rows * n];
    for (int i = 0; i < rows; i++) {
      System.arraycopy(z, i * cols, u, i * n, n);
    }
    return CeilingSolver.solve(z, cols, u, n, rows, y, w, options.ridge(), lower, upper, options.maxIterations(),
        options.tolerance(), start, 0.9);
  }


  /**
   * Returns the algorithm's default price features whose inputs the schema has (the primary one always: without
   * the list price nothing can be trained), so that extractors without market features still train.
   */
  static List<CandidatePriceFeature> availableDefaults(DemandAlgorithm algorithm, FeatureSchema schema) {
    List<CandidatePriceFeature> out = new ArrayList<>();
    List<CandidatePriceFeature> defaults = algorithm.defaultCandidatePriceFeatures();
    for (int j = 0; j < defaults.size(); j++) {
      CandidatePriceFeature f = defaults.get(j);
      if (j == 0 || schema.names().containsAll(f.inputs())) {
        out.add(f);
      }
    }
    return out;
  }

  private static List<String> names(List<CandidatePriceFeature> features) {
    List<String> out = new ArrayList<>();
    for (CandidatePriceFeature f : features) {
      out.add(f.name());
    }
    return out;
  }

  /**
   * A GLM's coefficients on the raw inputs, from a fit on standardised columns: the intercept, the weight of each
   * input, of each price feature, and of each slope interaction (whose standardisation of the slope input moves into
   * the primary price coefficient).
   */
  record Raw(double constant, double[] weights, double[] price, double[] slopes) {}

  /**
   * Undoes the column standardisation of a GLM fit. The design's columns are {@code nd} inputs (the inputs at
   * {@code dense}, or the first {@code n} when {@code dense} is null), then {@code m} price features, then one
   * interaction of the primary price feature with each standardised slope input.
   */
  static Raw unstandardise(double intercept, double[] b, double[] mean, double[] sd, int[] dense, int n, int m,
      int[] slopeIdx, double[] muX, double[] sdX) {
    int nd = dense == null ? n : dense.length;
    double constant = intercept;
    double[] wRaw = new double[n];
    for (int k = 0; k < nd; k++) {
      int i = dense == null ? k : dense[k];
      wRaw[i] = b[k] / sd[k];
      constant -= wRaw[i] * mean[k];
    }
    double[] beta = new double[m];
    for (int j = 0; j < m; j++) {
      beta[j] = b[nd + j] / sd[nd + j];
      constant -= beta[j] * mean[nd + j];
    }
    double[] gamma = new double[slopeIdx.length];
    for (int q = 0; q < slopeIdx.length; q++) {
      int c = nd + m + q;
      double coef = b[c] / sd[c];
      constant -= coef * mean[c];
      int k = slopeIdx[q];
      gamma[q] = coef / sdX[k];
      beta[0] -= gamma[q] * muX[k];
    }
    return new Raw(constant, wRaw, beta, gamma);
  }

  /**
   * What a fitted plan (without smearing) says about the training offers: how many sit at the price-slope bound,
   * and for units models Duan's smearing factor, the weighted mean of {@code exp(residual)} on the log scale (1 for
   * conversion). {@code x} and {@code g} are scratch buffers of the inputs' and the price features' width.
   */
  record BoundAndSmear(long atBound, double smear) {}

  static BoundAndSmear boundAndSmear(GlmPlan plain, TrainingRows rows, boolean[] validation, double[] weight,
      ModelInputs inputs, double[] x, double[] g, boolean conversion, double unitsSmoothing) {
    long atBound = 0;
    double smearSum = 0;
    double weightSum = 0;
    for (int i = 0; i < rows.size; i++) {
      if (validation[i]) {
        continue;
      }
      rows.copy(i, x);
      inputs.sanitize(x);
      if (plain.slopeAtBound(x)) {
        atBound++;
      }
      if (!conversion) {
        smearSum += weight[i] * Math.exp(Math.log(rows.units[i] + unitsSmoothing) - plain.predictor(x, rows.price[i], g));
        weightSum += weight[i];
      }
    }
    return new BoundAndSmear(atBound, conversion ? 1.0 : smearSum / weightSum);
  }

  static void moments(TrainingRows rows, boolean[] validation, int trainN, int n, double[] mu, double[] sd) {
    System.arraycopy(rows.trainingMeans(validation, trainN), 0, mu, 0, n);
    for (int i = 0; i < rows.size; i++) {
      if (!validation[i]) {
        for (int j = 0; j < n; j++) {
          double d = rows.x(i, j) - mu[j];
          sd[j] += d * d;
        }
      }
    }
    for (int j = 0; j < n; j++) {
      double s = Math.sqrt(sd[j] / trainN);
      sd[j] = s > 1e-12 ? s : 1.0;
    }
  }

}
