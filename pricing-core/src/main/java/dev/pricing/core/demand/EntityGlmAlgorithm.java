package dev.pricing.core.demand;

import dev.pricing.api.DemandKind;
import dev.pricing.api.FeatureSchema;
import dev.pricing.api.spi.FeatureExtractor;
import dev.pricing.core.demand.internal.EmpiricalBayes;
import dev.pricing.core.demand.internal.EntityGlmSolver;
import dev.pricing.core.demand.internal.EntityTerms;
import dev.pricing.core.demand.internal.GlmPlan;
import dev.pricing.core.demand.internal.GlmSolver;
import dev.pricing.core.demand.internal.Link;
import dev.pricing.core.demand.internal.ModelInputs;
import dev.pricing.core.demand.internal.PricePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Fits {@link DemandAlgorithm#LOGISTIC_GLM} and {@link DemandAlgorithm#LOG_LOG_GLM} with {@link EntityEffects}: the
 * same model as {@link GlmAlgorithm} (standardised inputs, candidate-price features with sign bounds, slope
 * inputs), plus one effect per level of each entity-code input, solved by {@link EntityGlmSolver} without one-hot
 * columns; then, for the slope entity, per-level slopes with empirical-Bayes pooling ({@link EmpiricalBayes}).
 *
 * <p>Stateless and thread-safe.
 */
final class EntityGlmAlgorithm implements AlgorithmTrainer {
  private final DemandModelTrainer t;

  EntityGlmAlgorithm(DemandModelTrainer t) {
    this.t = t;
  }

  @Override
  public TrainingResult fit(FeatureSchema schema, TrainingRows rows, boolean[] validation, double[] weight,
      int trainN, int validN) {
    EntityEffects opts = t.entities;
    GlmOptions options = t.glm;
    DemandAlgorithm algorithm = t.algorithm;
    boolean conversion = algorithm.kind() == DemandKind.CONVERSION_PROBABILITY;
    double unitsSmoothing = conversion ? 0 : t.unitsSmoothing;
    int listIdx = schema.require(t.priceFeatures.listPriceFeature());
    t.checkPriceVaries(rows, validation, listIdx);
    List<CandidatePriceFeature> features = options.priceFeatures().isEmpty()
        ? GlmAlgorithm.availableDefaults(algorithm, schema) : options.priceFeatures();
    int n = schema.size();
    double[] fallback = rows.trainingMeans(validation, trainN);
    // entity fields and their vocabularies (from the EntityIds extractors that produce them)
    int fields = opts.features().size();
    int[] entIdx = new int[fields];
    List<List<String>> vocab = new ArrayList<>();
    int[] levelCount = new int[fields];
    boolean[] isEntity = new boolean[n];
    for (int f = 0; f < fields; f++) {
      String name = opts.features().get(f);
      entIdx[f] = schema.indexOf(name);
      if (entIdx[f] < 0) {
        throw new IllegalArgumentException("entity feature '" + name + "' is not produced by the extractors "
            + schema.names());
      }
      EntityIds ids = null;
      for (FeatureExtractor e : t.extractors) {
        if (e instanceof EntityIds x && x.featureName().equals(name)) {
          ids = x;
        }
      }
      if (ids == null) {
        throw new IllegalArgumentException("entity feature '" + name + "' must come from an EntityIds extractor, "
            + "which holds its vocabulary");
      }
      vocab.add(ids.levels());
      levelCount[f] = ids.levels().size();
      isEntity[entIdx[f]] = true;
      // level codes are read as codes, never as numbers: their fallback is the pooled level
      fallback[entIdx[f]] = 0;
    }
    int slopeField = opts.slopes().map(opts.features()::indexOf).orElse(-1);
    ModelInputs inputs = new ModelInputs(schema.names(), fallback, listIdx, fallback[listIdx]);
    PricePlan price = new PricePlan(features, schema.names());
    int m = price.count();
    int[] slopeIdx = new int[options.slopeInputs().size()];
    for (int q = 0; q < slopeIdx.length; q++) {
      String name = options.slopeInputs().get(q);
      slopeIdx[q] = schema.names().indexOf(name);
      if (slopeIdx[q] < 0 || isEntity[slopeIdx[q]]) {
        throw new IllegalArgumentException("slope input '" + name + "' is not a numeric input of the extractors "
            + schema.names());
      }
    }
    int qn = slopeIdx.length;
    int[] dense = new int[n - countTrue(isEntity)];
    for (int i = 0, k = 0; i < n; i++) {
      if (!isEntity[i]) {
        dense[k++] = i;
      }
    }
    int nd = dense.length;
    int cols = nd + m + qn;
    double[] muX = new double[n];
    double[] sdX = new double[n];
    GlmAlgorithm.moments(rows, validation, trainN, n, muX, sdX);
    double[] z = new double[trainN * cols];
    double[] y = new double[trainN];
    double[] w = new double[trainN];
    double[] f0 = new double[trainN];
    double[] u = new double[trainN * qn];
    int[][] codes = new int[fields][trainN];
    int[] rowOf = new int[trainN];
    double[] x = new double[n];
    double[] g = new double[price.width()];
    double[] pv = new double[m];
    double maxUnits = 0;
    int r = 0;
    for (int i = 0; i < rows.size; i++) {
      if (validation[i]) {
        continue;
      }
      rows.copy(i, x);
      inputs.sanitize(x);
      int o = r * cols;
      for (int k = 0; k < nd; k++) {
        z[o + k] = x[dense[k]];
      }
      price.gather(x, g);
      price.values(rows.price[i], g, pv, 0);
      System.arraycopy(pv, 0, z, o + nd, m);
      f0[r] = pv[0];
      for (int q = 0; q < qn; q++) {
        int k = slopeIdx[q];
        u[r * qn + q] = (x[k] - muX[k]) / sdX[k];
        z[o + nd + m + q] = pv[0] * u[r * qn + q];
      }
      for (int f = 0; f < fields; f++) {
        codes[f][r] = EntityTerms.code(x[entIdx[f]], levelCount[f]);
      }
      y[r] = conversion ? (rows.units[i] > 0 ? 1 : 0) : Math.log(rows.units[i] + unitsSmoothing);
      w[r] = weight[i];
      rowOf[r] = i;
      maxUnits = Math.max(maxUnits, rows.units[i]);
      r++;
    }
    double[] mean = new double[cols];
    double[] sd = new double[cols];
    GlmAlgorithm.standardise(z, trainN, cols, mean, sd);
    double[] lower = new double[cols];
    double[] upper = new double[cols];
    for (int c = 0; c < cols; c++) {
      lower[c] = Double.NEGATIVE_INFINITY;
      upper[c] = Double.POSITIVE_INFINITY;
    }
    for (int j = 0; j < m; j++) {
      if (price.increasing(j)) {
        upper[nd + j] = 0;
      } else {
        lower[nd + j] = 0;
      }
    }
    GlmSolver.Family family = conversion ? GlmSolver.Family.LOGISTIC : GlmSolver.Family.GAUSSIAN;
    EntityGlmSolver.Solution sol = EntityGlmSolver.solve(family, z, trainN, cols, codes, levelCount, y, w,
        options.ridge(), opts.levelRidge(), lower, upper, options.maxIterations(), options.tolerance());
    if (!sol.converged()) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "the %s fit with entity effects did not converge "
          + "in %d iterations (largest projected gradient %.3g per unit weight, criterion %.3g); raise maxIterations "
          + "or the ridge", algorithm.id(), sol.iterations(), sol.gradientNorm(), options.tolerance()));
    }
    // fold back to raw coefficients
    double[] b = sol.coefficients();
    GlmAlgorithm.Raw raw = GlmAlgorithm.unstandardise(sol.intercept(), b, mean, sd, dense, n, m, slopeIdx, muX, sdX);
    double constant = raw.constant();
    double[] wRaw = raw.weights();
    double[] beta = raw.price();
    double[] gamma = raw.slopes();
    double[][] effects = sol.effects();
    double quantile = new NormalDistribution(0, 1).inverseCumulativeProbability(1 - (1 - t.confidenceLevel) / 2);
    double pooledSe = sol.atBound()[nd] ? 0 : Math.sqrt(Math.max(0, sol.covariance()[nd][nd])) / sd[nd];
    // the pooled primary slope at the training mean of the slope inputs (standardised interactions have mean 0)
    double pooled = b[nd] / sd[nd];
    double[] delta = new double[0];
    List<String> notes = new ArrayList<>();
    EntityReport report;
    List<Integer> counts = new ArrayList<>();
    for (int c : levelCount) {
      counts.add(c);
    }
    if (slopeField >= 0) {
      int k = levelCount[slopeField];
      delta = new double[k + 1];
      List<EntityElasticity> levels = new ArrayList<>();
      PerLevel per = perLevelSlopes(conversion, sol, codes[slopeField], k, y, w, f0, u, trainN, nd, m, qn, b, sd,
          effects[slopeField]);
      boolean partial = opts.pooling() == EntityEffects.SlopePooling.PARTIAL;
      EmpiricalBayes.Fit eb = per.usable > 0 ? EmpiricalBayes.fit(per.raw, per.se) : null;
      boolean increasing = price.increasing(0);
      for (int level = 1; level <= k; level++) {
        int j = level - 1;
        double est;
        double sdPost;
        double keep;
        if (partial && eb != null) {
          est = eb.shrunk()[j];
          sdPost = eb.posteriorSd()[j];
          keep = eb.weight()[j];
        } else if (Double.isFinite(per.raw[j])) {
          est = per.raw[j];
          sdPost = per.se[j];
          keep = 1;
        } else {
          est = 0;
          sdPost = Double.NaN;
          keep = 0;
        }
        double total = pooled + est;
        // conditional on the pooled fit: the primary coefficient alone can be poorly determined when hinge
        // features share its direction, while a level's deviation from it is not
        double half = quantile * sdPost;
        double lo = total - half;
        double hi = total + half;
        boolean bounded = increasing ? total > 0 : total < 0;
        double bt = increasing ? Math.min(total, 0) : Math.max(total, 0);
        if (increasing) {
          hi = Math.min(hi, 0);
          lo = Math.min(lo, bt);
        } else {
          lo = Math.max(lo, 0);
          hi = Math.max(hi, bt);
        }
        delta[level] = bt - pooled;
        double rawTotal = Double.isFinite(per.raw[j]) ? pooled + per.raw[j] : Double.NaN;
        levels.add(new EntityElasticity(vocab.get(slopeField).get(j), per.offers[j], rawTotal, per.se[j], bt, lo, hi,
            keep, bounded));
      }
      // refit the slope entity's level effects at the new slopes
      refitLevels(conversion, sol.eta(), codes[slopeField], k, y, w, f0, delta, effects[slopeField],
          opts.levelRidge());
      double tau2 = partial && eb != null ? eb.tau2() : Double.NaN;
      double mu = partial && eb != null ? eb.mu() : Double.NaN;
      report = new EntityReport(counts, opts.slopes().get(), opts.pooling(), pooled, pooled - quantile * pooledSe,
          pooled + quantile * pooledSe, pooled + (Double.isNaN(mu) ? 0 : mu), tau2, t.confidenceLevel, levels);
      notes.add(String.format(Locale.ROOT, "per-level slopes of %s (%s pooling): %d of %d levels estimable, "
          + "between-level sd %.4f", opts.slopes().get(), opts.pooling().name().toLowerCase(Locale.ROOT), per.usable, k,
          Math.sqrt(Double.isNaN(tau2) ? 0 : tau2)));
    } else {
      report = new EntityReport(counts, "", opts.pooling(), pooled, pooled - quantile * pooledSe,
          pooled + quantile * pooledSe, pooled, Double.NaN, t.confidenceLevel, List.of());
    }
    EntityTerms terms = new EntityTerms(entIdx, opts.features(), vocab, effects, slopeField, delta);
    Link link = conversion ? Link.LOGISTIC : Link.LOG_UNITS;
    double cap = conversion ? Double.POSITIVE_INFINITY : Math.max(1.0, maxUnits) * options.demandCapFactor();
    GlmPlan plain = new GlmPlan(inputs, price, constant, wRaw, beta, slopeIdx, gamma, link, 1.0, unitsSmoothing,
        Double.POSITIVE_INFINITY, terms);
    GlmAlgorithm.BoundAndSmear fitted = GlmAlgorithm.boundAndSmear(plain, rows, validation, weight, inputs, x, g,
        conversion, unitsSmoothing);
    long atBound = fitted.atBound();
    double smear = fitted.smear();
    GlmPlan plan = new GlmPlan(inputs, price, constant, wRaw, beta, slopeIdx, gamma, link, smear, unitsSmoothing, cap,
        terms);
    String solver = String.format(Locale.ROOT, "projected Newton with %d entity fields %s (Schur complement), ridge %s, "
        + "level ridge %s, tolerance %s", fields, counts, options.ridge(), opts.levelRidge(), options.tolerance());
    FitDiagnostics diagnostics = new FitDiagnostics(solver, sol.iterations(), true, sol.gradientNorm(),
        (double) atBound / trainN, 0);
    if (atBound > 0) {
      notes.add(String.format(Locale.ROOT, "the price slope was bounded (demand would otherwise rise with price) for "
          + "%.2f%% of training offers", 100.0 * atBound / trainN));
    }
    String description = String.format(Locale.ROOT, "%s over %d inputs, %d price features, %d slope inputs %s; %s; %s; "
        + "converged in %d iterations", algorithm.id(), nd, m, qn, options.slopeInputs(), opts, solver, sol.iterations());
    TrainingProvenance provenance = t.provenance(rows, trainN, validN, description, notes);
    String v = t.version != null ? t.version : algorithm.id() + "-" + provenance.trainedAt();
    TrainedDemandModel trained = new TrainedDemandModel(algorithm, v, schema, features, plan, provenance, null);
    PriceSensitivity coefficient;
    if (conversion) {
      coefficient = new PriceSensitivity(DemandModelTrainer.DERIVED_CANDIDATE_PREFIX + features.get(0).name(), pooled,
          pooledSe, pooled - quantile * pooledSe, pooled + quantile * pooledSe, t.confidenceLevel, sol.atBound()[nd],
          OptionalDouble.empty());
    } else {
      // as GlmAlgorithm: the pooled fit's average elasticity d ln(demand) / d ln(p) at the offered prices through
      // every price feature, linear in the coefficients, with its Wald interval (the primary coefficient alone can
      // be poorly determined when hinges share its direction)
      double[] el = GlmAlgorithm.averageElasticity(rows, validation, trainN, inputs, price, slopeIdx, muX, sdX, nd,
          cols, sd, b, sol.covariance());
      double elasticity = el[0];
      double se = el[1];
      coefficient = new PriceSensitivity(DemandModelTrainer.DERIVED_CANDIDATE_PREFIX + "elasticity", elasticity, se,
          elasticity - quantile * se, elasticity + quantile * se, t.confidenceLevel, false, OptionalDouble.empty());
      notes.add(String.format(Locale.ROOT, "pooled average elasticity through every price feature %.4f [%.4f, %.4f]; "
          + "the primary feature's coefficient alone %.4f [%.4f, %.4f]", elasticity, elasticity - quantile * se,
          elasticity + quantile * se, pooled, pooled - quantile * pooledSe, pooled + quantile * pooledSe));
    }
    TrainingResult result = t.finish(trained, rows, validation, weight, validN, notes, diagnostics, coefficient);
    return new TrainingResult(result.model(), result.evaluation(), result.diagnostics(), Optional.of(report));
  }

  /** Raw per-level slope deviations (from the pooled slope) with standard errors. */
  private record PerLevel(double[] raw, double[] se, long[] offers, int usable) {}

  /**
   * For each level, the unpenalised fit of {@code y ~ offset + a + (c0 + d) f0} on its own rows, where the offset is
   * the pooled linear predictor without the level's effect and the primary price term.
   */
  private static PerLevel perLevelSlopes(boolean conversion, EntityGlmSolver.Solution sol, int[] code, int k,
      double[] y, double[] w, double[] f0, double[] u, int rows, int nd, int m, int qn, double[] b, double[] sd,
      double[] alpha) {
    double[] off = new double[rows];
    double[] c0 = new double[rows];
    for (int i = 0; i < rows; i++) {
      // the row's primary slope in raw f0: the primary column's plus each interaction's (whose raw value is f0 * u)
      double s = b[nd] / sd[nd];
      for (int q = 0; q < qn; q++) {
        int c = nd + m + q;
        s += b[c] / sd[c] * u[i * qn + q];
      }
      c0[i] = s;
      // everything but the level's effect and the part of eta proportional to f0 (the standardisation constants
      // stay in the offset)
      off[i] = sol.eta()[i] - alpha[code[i]] - s * f0[i];
    }
    double[] raw = new double[k];
    double[] se = new double[k];
    long[] offers = new long[k];
    java.util.Arrays.fill(raw, Double.NaN);
    java.util.Arrays.fill(se, Double.NaN);
    int[][] members = members(code, k, rows, offers);
    double pooledSigma2 = sol.sigma2();
    int usable = 0;
    for (int level = 1; level <= k; level++) {
      int[] idx = members[level];
      if (idx.length < 3) {
        continue;
      }
      double[] fit = conversion ? logisticLocal(idx, y, w, f0, off, c0) : gaussianLocal(idx, y, w, f0, off, c0,
          pooledSigma2);
      if (fit != null) {
        raw[level - 1] = fit[0];
        se[level - 1] = fit[1];
        usable++;
      }
    }
    return new PerLevel(raw, se, offers, usable);
  }

  private static int[][] members(int[] code, int k, int rows, long[] offers) {
    int[] count = new int[k + 1];
    for (int i = 0; i < rows; i++) {
      count[code[i]]++;
    }
    int[][] out = new int[k + 1][];
    for (int level = 0; level <= k; level++) {
      out[level] = new int[count[level]];
      if (level > 0) {
        offers[level - 1] = count[level];
      }
    }
    int[] fill = new int[k + 1];
    for (int i = 0; i < rows; i++) {
      out[code[i]][fill[code[i]]++] = i;
    }
    return out;
  }

  /**
   * Weighted least squares of {@code y - off - c0 f0} on (1, f0): the slope deviation and its standard error under
   * the pooled residual variance.
   */
  private static double[] gaussianLocal(int[] idx, double[] y, double[] w, double[] f0, double[] off, double[] c0,
      double pooledSigma2) {
    double sw = 0;
    double sf = 0;
    double sr = 0;
    for (int i : idx) {
      double rr = y[i] - off[i] - c0[i] * f0[i];
      sw += w[i];
      sf += w[i] * f0[i];
      sr += w[i] * rr;
    }
    double fm = sf / sw;
    double rm = sr / sw;
    double sff = 0;
    double sfr = 0;
    for (int i : idx) {
      double rr = y[i] - off[i] - c0[i] * f0[i];
      double df = f0[i] - fm;
      sff += w[i] * df * df;
      sfr += w[i] * df * (rr - rm);
    }
    if (!(sff > 1e-10 * sw)) {
      return null;
    }
    double d = sfr / sff;
    // the model's one residual variance: a level's own, from a few weeks, is too noisy to weigh it by (with it,
    // levels whose residuals happened to be small kept their raw slopes, and held-out error rose)
    double sigma2 = pooledSigma2;
    return new double[] {d, Math.sqrt(sigma2 / sff)};
  }

  /** Logistic fit of (a, d) with offset {@code off + c0 f0} by Newton; null when it does not converge. */
  private static double[] logisticLocal(int[] idx, double[] y, double[] w, double[] f0, double[] off, double[] c0) {
    double a = 0;
    double d = 0;
    double pos = 0;
    double sw = 0;
    for (int i : idx) {
      pos += w[i] * y[i];
      sw += w[i];
    }
    if (pos <= 0 || pos >= sw) {
      return null;
    }
    double h11 = 0;
    double h12 = 0;
    double h22 = 0;
    for (int it = 0; it < 50; it++) {
      double g1 = 0;
      double g2 = 0;
      h11 = 0;
      h12 = 0;
      h22 = 0;
      for (int i : idx) {
        double e = off[i] + a + (c0[i] + d) * f0[i];
        double mu = 1 / (1 + Math.exp(-e));
        double rr = w[i] * (mu - y[i]);
        double hh = w[i] * mu * (1 - mu);
        g1 += rr;
        g2 += rr * f0[i];
        h11 += hh;
        h12 += hh * f0[i];
        h22 += hh * f0[i] * f0[i];
      }
      double det = h11 * h22 - h12 * h12;
      if (!(det > 1e-12 * Math.max(1, h11 * h22))) {
        return null;
      }
      double sa = -(h22 * g1 - h12 * g2) / det;
      double sd = -(-h12 * g1 + h11 * g2) / det;
      a += sa;
      d += sd;
      if (!Double.isFinite(a) || !Double.isFinite(d) || Math.abs(d) > 1e4) {
        return null;
      }
      if (Math.abs(sa) < 1e-10 && Math.abs(sd) < 1e-10) {
        double det2 = h11 * h22 - h12 * h12;
        return new double[] {d, Math.sqrt(h11 / det2)};
      }
    }
    return null;
  }

  /**
   * Refits each level's effect at its new slope deviation: Gaussian in closed form, logistic by Newton, both under
   * the level ridge; level 0 keeps no effect.
   */
  private static void refitLevels(boolean conversion, double[] eta, int[] code, int k, double[] y, double[] w,
      double[] f0, double[] delta, double[] alpha, double ridge) {
    int rows = y.length;
    // offset without the level effect, with the new slope deviation
    double[] off = new double[rows];
    for (int i = 0; i < rows; i++) {
      off[i] = eta[i] - alpha[code[i]] + delta[code[i]] * f0[i];
    }
    double[] sr = new double[k + 1];
    double[] sw = new double[k + 1];
    if (!conversion) {
      for (int i = 0; i < rows; i++) {
        sr[code[i]] += w[i] * (y[i] - off[i]);
        sw[code[i]] += w[i];
      }
      for (int level = 1; level <= k; level++) {
        alpha[level] = sr[level] / (sw[level] + ridge);
      }
      return;
    }
    for (int it = 0; it < 25; it++) {
      java.util.Arrays.fill(sr, 0);
      java.util.Arrays.fill(sw, 0);
      for (int i = 0; i < rows; i++) {
        double mu = 1 / (1 + Math.exp(-(off[i] + alpha[code[i]])));
        sr[code[i]] += w[i] * (mu - y[i]);
        sw[code[i]] += w[i] * mu * (1 - mu);
      }
      double worst = 0;
      for (int level = 1; level <= k; level++) {
        double step = -(sr[level] + ridge * alpha[level]) / (sw[level] + ridge);
        alpha[level] += step;
        worst = Math.max(worst, Math.abs(step));
      }
      if (worst < 1e-10) {
        break;
      }
    }
  }

  private static int countTrue(boolean[] a) {
    int c = 0;
    for (boolean v : a) {
      c += v ? 1 : 0;
    }
    return c;
  }


}
