package dev.pricing.core.demand;

import dev.pricing.api.DemandKind;
import dev.pricing.api.FeatureSchema;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.core.demand.internal.Derivation;
import dev.pricing.core.demand.internal.LinearPlan;
import dev.pricing.core.demand.internal.Metrics;
import dev.pricing.core.demand.internal.TribuoBridge;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeSet;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.tribuo.MutableDataset;
import org.tribuo.Model;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.common.sgd.AbstractLinearSGDModel;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

/**
 * The algorithms trained through Tribuo ({@link SgdAlgorithm}, {@link CartAlgorithm}): derivation of the price
 * features ({@link PriceFeatures}), the Tribuo dataset, the fit (linear models refit with a price coefficient
 * clamped at 0 while any comes out positive), the evaluation and the Wald interval of the price coefficient.
 *
 * <p>Stateless apart from the trainer's settings; thread-safe.
 */
abstract class TribuoAlgorithm implements AlgorithmTrainer {
  final DemandModelTrainer t;

  TribuoAlgorithm(DemandModelTrainer t) {
    this.t = t;
  }

  @Override
  public TrainingResult fit(FeatureSchema schema, TrainingRows rows, boolean[] validation, double[] weight,
      int trainN, int validN) {
    Derivation derivation = fitDerivation(schema, rows, validation, trainN);
    checkIdentifiable(rows, validation, derivation);
    return fitModel(schema, derivation, rows, validation, weight, trainN, validN);
  }

  private Derivation fitDerivation(FeatureSchema schema, TrainingRows rows, boolean[] validation, int trainN) {
    int n = schema.size();
    double[] fallback = rows.trainingMeans(validation, trainN);
    int listIdx = schema.require(t.priceFeatures.listPriceFeature());
    double listFallback = fallback[listIdx];
    int d = n + 1 + t.priceFeatures.interactions().size();
    double[] mean = new double[d];
    double[] scale = new double[d];
    Arrays.fill(scale, 1.0);
    Derivation identity = new Derivation(schema.names(), t.priceFeatures, mean, scale, fallback, listFallback);
    if (!linear()) {
      return identity;
    }
    double[] sum = new double[d];
    double[] sumSq = new double[d];
    double[] x = new double[n];
    double[] raw = new double[d];
    for (int i = 0; i < rows.size; i++) {
      if (!validation[i]) {
        rows.copy(i, x);
        identity.deriveRaw(x, rows.price[i], raw);
        for (int k = 0; k < d; k++) {
          sum[k] += raw[k];
          sumSq[k] += raw[k] * raw[k];
        }
      }
    }
    for (int k = 0; k < d; k++) {
      mean[k] = sum[k] / trainN;
      double var = Math.max(0, sumSq[k] / trainN - mean[k] * mean[k]);
      double sd = Math.sqrt(var);
      scale[k] = sd > 1e-12 * Math.max(1, Math.abs(mean[k])) ? sd : 1.0;
    }
    return new Derivation(schema.names(), t.priceFeatures, mean, scale, fallback, listFallback);
  }

  private void checkIdentifiable(TrainingRows rows, boolean[] validation, Derivation derivation) {
    int n = derivation.inputCount();
    double[] x = new double[n];
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    TreeSet<Double> prices = new TreeSet<>();
    for (int i = 0; i < rows.size; i++) {
      if (!validation[i]) {
        rows.copy(i, x);
        double t = derivation.term().apply(rows.price[i], x[derivation.listIndex()]);
        min = Math.min(min, t);
        max = Math.max(max, t);
        if (prices.size() < 3) {
          prices.add(rows.price[i]);
        }
      }
    }
    if (!(max - min > 1e-9 * Math.max(1, Math.abs(max)))) {
      throw new IllegalArgumentException("every training offer has the same price relative to list ("
          + derivation.priceFeatures().termFeatureName() + " = " + min + "; offered prices " + prices
          + "): the effect of price on demand, and so the elasticity, is not identifiable; log offers at two or "
          + "more price points");
    }
  }

  private TrainingResult fitModel(FeatureSchema schema, Derivation derivation, TrainingRows rows, boolean[] validation,
      double[] weight, int trainN, int validN) {
    int n = derivation.inputCount();
    int d = derivation.derivedCount();
    boolean[] excluded = new boolean[d];
    List<String> notes = new ArrayList<>();
    if (t.maxPropensityWeight > 0) {
      double sw = 0;
      double sw2 = 0;
      for (int i = 0; i < rows.size; i++) {
        if (!validation[i]) {
          sw += weight[i];
          sw2 += weight[i] * weight[i];
        }
      }
      notes.add(String.format(Locale.ROOT, "inverse-propensity weighted (weights capped at %.4g before "
          + "normalising to mean 1); effective sample size %.0f of %d training offers", t.maxPropensityWeight,
          sw * sw / sw2, trainN));
    }
    Model<?> model;
    String trainerDescription;
    while (true) {
      Trainer<?> trainer = tribuoTrainer();
      trainerDescription = trainer.toString();
      model = train(trainer, derivation, rows, validation, weight, excluded);
      if (!linear()) {
        break;
      }
      double[] w = TribuoBridge.linearWeights((AbstractLinearSGDModel<?>) model, derivation);
      boolean changed = false;
      for (int k = n; k < d; k++) {
        if (!excluded[k] && w[k] > 0) {
          excluded[k] = true;
          changed = true;
          notes.add(String.format(Locale.ROOT, "price feature %s fitted %+.4g (demand rising with price); clamped "
              + "to 0 by the monotonicity constraint and refitted", derivation.derivedName(k), w[k] / derivation.scale(k)));
        }
      }
      if (!changed) {
        break;
      }
    }
    double smoothing = t.algorithm.kind() == DemandKind.EXPECTED_UNITS ? t.unitsSmoothing : 0;
    double smear = 1.0;
    double[] x = new double[n];
    if (linear() && t.algorithm.kind() == DemandKind.EXPECTED_UNITS) {
      double[] w = TribuoBridge.linearWeights((AbstractLinearSGDModel<?>) model, derivation);
      LinearPlan plain = new LinearPlan(derivation, Arrays.copyOf(w, d), w[d],
          dev.pricing.core.demand.internal.Link.LOG_UNITS, 1.0, smoothing);
      double s = 0;
      for (int i = 0; i < rows.size; i++) {
        if (!validation[i]) {
          rows.copy(i, x);
          s += weight[i] * Math.exp(Math.log(rows.units[i] + smoothing) - plain.predictor(x, rows.price[i]));
        }
      }
      smear = s / trainN;
    }
    Instant first = Instant.ofEpochMilli(Arrays.stream(rows.time, 0, rows.size).min().orElseThrow());
    Instant last = Instant.ofEpochMilli(Arrays.stream(rows.time, 0, rows.size).max().orElseThrow());
    Instant now = Instant.now();
    TrainingProvenance provenance = new TrainingProvenance(now, trainN, validN, first, last, t.split.toString(),
        trainerDescription, t.seed, notes);
    String v = t.version != null ? t.version : t.algorithm.id() + "-" + now;
    TrainedDemandModel trained = new TrainedDemandModel(t.algorithm, v, schema, derivation, model, smear, smoothing,
        provenance);
    DemandEvaluation evaluation = evaluate(trained, rows, validation, weight, validN, excluded, notes);
    return new TrainingResult(trained, evaluation);
  }

  /** Returns the Tribuo trainer of this algorithm, configured from its options. */
  abstract Trainer<?> tribuoTrainer();

  /** Returns whether the model is linear (standardised inputs, price coefficients clamped at 0). */
  abstract boolean linear();

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Model<?> train(Trainer<?> trainer, Derivation derivation, TrainingRows rows, boolean[] validation,
      double[] weight, boolean[] excluded) {
    int d = derivation.derivedCount();
    int active = 0;
    for (boolean e : excluded) {
      active += e ? 0 : 1;
    }
    String[] names = new String[active];
    int[] map = new int[active];
    for (int k = 0, a = 0; k < d; k++) {
      if (!excluded[k]) {
        names[a] = derivation.derivedName(k);
        map[a++] = k;
      }
    }
    double[] x = new double[derivation.inputCount()];
    double[] derived = new double[d];
    boolean conversion = t.algorithm.kind() == DemandKind.CONVERSION_PROBABILITY;
    LabelFactory labels = new LabelFactory();
    RegressionFactory regressors = new RegressionFactory();
    MutableDataset dataset = conversion
        ? new MutableDataset<>(new SimpleDataSourceProvenance("offer log", labels), labels)
        : new MutableDataset<>(new SimpleDataSourceProvenance("offer log", regressors), regressors);
    Label bought = new Label(TribuoBridge.BOUGHT);
    Label notBought = new Label(TribuoBridge.NOT_BOUGHT);
    for (int i = 0; i < rows.size; i++) {
      if (validation[i]) {
        continue;
      }
      rows.copy(i, x);
      derivation.deriveRaw(x, rows.price[i], derived);
      derivation.standardize(derived);
      double[] values = new double[active];
      for (int a = 0; a < active; a++) {
        values[a] = derived[map[a]];
      }
      ArrayExample<?> example = conversion
          ? new ArrayExample<>(rows.units[i] > 0 ? bought : notBought, names, values)
          : new ArrayExample<>(new Regressor(TribuoBridge.LOG_UNITS, Math.log(rows.units[i] + t.unitsSmoothing)), names,
              values);
      example.setWeight((float) weight[i]);
      dataset.add(example);
    }
    return ((Trainer) trainer).train(dataset);
  }

  private DemandEvaluation evaluate(TrainedDemandModel model, TrainingRows rows, boolean[] validation, double[] weight,
      int validN, boolean[] excluded, List<String> notes) {
    Derivation derivation = model.derivation();
    FeatureSchema schema = model.trainingSchema();
    DemandModel.Scorer scorer = model.bind(schema);
    int n = schema.size();
    double[] x = new double[n];
    double[] price = new double[1];
    double[] out = new double[1];
    double[] pred = new double[validN];
    double[] actual = new double[validN];
    boolean[] positive = new boolean[validN];
    double elasticitySum = 0;
    LinearPlan plan = model.linearPlan();
    int v = 0;
    for (int i = 0; i < rows.size; i++) {
      if (!validation[i]) {
        continue;
      }
      rows.copy(i, x);
      price[0] = rows.price[i];
      scorer.score(x, price, 1, out);
      pred[v] = out[0];
      actual[v] = rows.units[i];
      positive[v] = rows.units[i] > 0;
      if (plan != null) {
        double term = derivation.term().apply(price[0], x[derivation.listIndex()]);
        double dTdLogP = derivation.term() == PriceTerm.RELATIVE ? term : 1.0;
        double dS = plan.slope(x) * dTdLogP;
        if (t.algorithm.kind() == DemandKind.CONVERSION_PROBABILITY) {
          elasticitySum += dS * (1 - out[0]);
        } else {
          elasticitySum += out[0] > 0 ? dS * (out[0] + model.smoothing()) / out[0] : 0;
        }
      }
      v++;
    }
    double meanOutcome = Arrays.stream(actual).average().orElse(Double.NaN);
    double meanPrediction = Arrays.stream(pred).average().orElse(Double.NaN);
    List<String> allNotes = new ArrayList<>(notes);
    HeldOutMetrics metrics = HeldOutMetrics.of(t.algorithm.kind(), pred, actual, positive, validN, allNotes);
    Optional<PriceSensitivity> sensitivity = Optional.empty();
    if (plan != null) {
      sensitivity = Optional.of(sensitivity(model, rows, validation, weight, excluded,
          OptionalDouble.of(elasticitySum / validN)));
    } else {
      allNotes.add("a tree has no price coefficient; its grids are made non-increasing in price at scoring time");
    }
    return new DemandEvaluation(t.algorithm, validN, meanOutcome, meanPrediction, metrics.auc(),
        metrics.logLoss(), metrics.calibration(), metrics.mae(), metrics.rmse(),
        sensitivity, allNotes);
  }

  /** Wald interval for the price-term coefficient from the information matrix at the fitted weights. */
  private PriceSensitivity sensitivity(TrainedDemandModel model, TrainingRows rows, boolean[] validation, double[] rowWeight,
      boolean[] excluded, OptionalDouble averageElasticity) {
    Derivation derivation = model.derivation();
    int n = derivation.inputCount();
    int d = derivation.derivedCount();
    String feature = derivation.priceFeatures().termFeatureName();
    if (excluded[n]) {
      return new PriceSensitivity(feature, 0, 0, 0, 0, t.confidenceLevel, true, averageElasticity);
    }
    double[] w = TribuoBridge.linearWeights((AbstractLinearSGDModel<?>) model.tribuoModel(), derivation);
    int[] active = new int[d + 1];
    int p = 0;
    int termPos = -1;
    for (int k = 0; k < d; k++) {
      if (!excluded[k] && model.tribuoModel().getFeatureIDMap().get(derivation.derivedName(k)) != null) {
        if (k == n) {
          termPos = p;
        }
        active[p++] = k;
      }
    }
    int bias = p++;
    double[][] info = new double[p][p];
    double[] z = new double[p];
    double[] x = new double[n];
    double[] derived = new double[d];
    double rss = 0;
    long count = 0;
    boolean logistic = t.algorithm.kind() == DemandKind.CONVERSION_PROBABILITY;
    for (int i = 0; i < rows.size; i++) {
      if (validation[i]) {
        continue;
      }
      rows.copy(i, x);
      derivation.deriveRaw(x, rows.price[i], derived);
      derivation.standardize(derived);
      double s = w[d];
      for (int a = 0; a < bias; a++) {
        z[a] = derived[active[a]];
        s += w[active[a]] * z[a];
      }
      z[bias] = 1;
      double weight;
      if (logistic) {
        double q = 1 / (1 + Math.exp(-s));
        weight = rowWeight[i] * q * (1 - q);
      } else {
        double r = Math.log(rows.units[i] + t.unitsSmoothing) - s;
        rss += rowWeight[i] * r * r;
        weight = rowWeight[i];
      }
      for (int a = 0; a < p; a++) {
        double za = weight * z[a];
        for (int b = a; b < p; b++) {
          info[a][b] += za * z[b];
        }
      }
      count++;
    }
    for (int a = 0; a < p; a++) {
      for (int b = 0; b < a; b++) {
        info[a][b] = info[b][a];
      }
    }
    RealMatrix cov = new SingularValueDecomposition(new Array2DRowRealMatrix(info, false)).getSolver().getInverse();
    double variance = cov.getEntry(termPos, termPos);
    double quantile;
    if (logistic) {
      quantile = new NormalDistribution(0, 1).inverseCumulativeProbability(1 - (1 - t.confidenceLevel) / 2);
    } else {
      long dof = Math.max(1, count - p);
      variance *= rss / dof;
      quantile = new TDistribution(dof).inverseCumulativeProbability(1 - (1 - t.confidenceLevel) / 2);
    }
    double scale = derivation.scale(n);
    double coefficient = w[n] / scale;
    double se = Math.sqrt(Math.max(0, variance)) / scale;
    return new PriceSensitivity(feature, coefficient, se, coefficient - quantile * se, coefficient + quantile * se,
        t.confidenceLevel, false, averageElasticity);
  }
}
