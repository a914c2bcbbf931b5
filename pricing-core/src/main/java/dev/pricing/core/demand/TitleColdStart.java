package dev.pricing.core.demand;

import dev.pricing.core.demand.internal.EntityTerms;
import dev.pricing.core.demand.internal.GlmPlan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Cold start for entities never seen in training (a new product) from their nearest trained neighbours in an
 * embedding space (for example title embeddings from {@code pricing-onnx}'s all-MiniLM-L6-v2 {@code TextEncoder}):
 * the new level's effect and, when the entity carries per-level slopes, its slope deviation, are the
 * similarity-weighted means over its {@code k} most cosine-similar trained levels (weights {@code max(0, cos)^2}),
 * instead of the pooled level that an unseen code gets. The result is a new model whose vocabulary holds the new
 * levels (codes after the trained ones), so {@link EntityIds#fromModel} serves them; the trained levels are unchanged.
 * Monotonicity is kept: an imputed slope is a weighted mean of bounded slopes, and the scorer bounds every slope.
 *
 * <p>Thread-safe: static methods.
 */
public final class TitleColdStart {

  /**
   * One new level's imputation.
   *
   * @param level the new level
   * @param neighbours the trained levels it borrowed from, most similar first
   * @param similarity their cosine similarities
   * @param effect the imputed level effect
   * @param slopeDeviation the imputed slope deviation from the pooled slope (0 without per-level slopes)
   */
  public record Imputed(String level, List<String> neighbours, List<Double> similarity, double effect,
      double slopeDeviation) {}

  /**
   * The extended model and what was imputed.
   *
   * @param model the model with the new levels in its vocabulary
   * @param imputed one entry per new level
   */
  public record Extension(TrainedDemandModel model, List<Imputed> imputed) {}

  private TitleColdStart() {}

  /**
   * Extends a model trained with {@link EntityEffects} with new levels.
   *
   * @param model the trained model
   * @param feature the entity feature, {@code entity.<spec>}
   * @param trained embeddings of trained levels (levels without one are not used as neighbours)
   * @param fresh embeddings of the new levels, which must not be in the vocabulary
   * @param k neighbours per new level, at least 1
   * @return the extended model
   * @throws IllegalArgumentException if the model has no such entity, {@code k < 1}, a new level is already
   *     known, no trained level has an embedding, or the dimensions differ
   */
  public static Extension extend(TrainedDemandModel model, String feature, Map<String, float[]> trained,
      Map<String, float[]> fresh, int k) {
    Objects.requireNonNull(model, "model must not be null");
    Objects.requireNonNull(feature, "feature must not be null");
    Objects.requireNonNull(trained, "trained must not be null");
    Objects.requireNonNull(fresh, "fresh must not be null");
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, found " + k);
    }
    GlmPlan plan = model.glmPlan();
    if (plan == null || model.entityLevels(feature) == null) {
      throw new IllegalArgumentException("model " + model.version() + " has no entity table for feature '" + feature
          + "'");
    }
    EntityTerms e = plan.entities();
    int field = -1;
    for (int f = 0; f < e.fields(); f++) {
      if (e.feature(f).equals(feature)) {
        field = f;
      }
    }
    List<String> levels = e.levels(field);
    double[] effects = e.effects(field);
    boolean slopes = e.slopeField() == field;
    double[] deviations = slopes ? e.slopeDeviations() : new double[0];
    List<Integer> codes = new ArrayList<>();
    List<double[]> vectors = new ArrayList<>();
    int dim = -1;
    for (int j = 0; j < levels.size(); j++) {
      float[] v = trained.get(levels.get(j));
      if (v != null) {
        dim = checkDim(dim, v, levels.get(j));
        codes.add(j + 1);
        vectors.add(unit(v, levels.get(j)));
      }
    }
    if (codes.isEmpty()) {
      throw new IllegalArgumentException("no trained level of " + feature + " has an embedding");
    }
    List<String> newLevels = new ArrayList<>(levels);
    double[] newEffects = Arrays.copyOf(effects, effects.length + fresh.size());
    double[] newDeviations = slopes ? Arrays.copyOf(deviations, deviations.length + fresh.size()) : deviations;
    List<Imputed> imputed = new ArrayList<>();
    List<String> names = new ArrayList<>(fresh.keySet());
    names.sort(null);
    for (String level : names) {
      if (levels.contains(level)) {
        throw new IllegalArgumentException("level '" + level + "' of " + feature + " was trained: it needs no cold start");
      }
      float[] raw = fresh.get(level);
      dim = checkDim(dim, raw, level);
      double[] v = unit(raw, level);
      double[] sim = new double[codes.size()];
      Integer[] order = new Integer[codes.size()];
      for (int i = 0; i < sim.length; i++) {
        double s = 0;
        double[] u = vectors.get(i);
        for (int d = 0; d < v.length; d++) {
          s += u[d] * v[d];
        }
        sim[i] = s;
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> Double.compare(sim[b], sim[a]));
      double sw = 0;
      double se = 0;
      double sd = 0;
      List<String> nb = new ArrayList<>();
      List<Double> ns = new ArrayList<>();
      for (int r = 0; r < Math.min(k, order.length); r++) {
        int i = order[r];
        double w = Math.max(0, sim[i]);
        w *= w;
        int code = codes.get(i);
        sw += w;
        se += w * effects[code];
        sd += slopes ? w * deviations[code] : 0;
        nb.add(levels.get(code - 1));
        ns.add(sim[i]);
      }
      double effect = sw > 0 ? se / sw : 0;
      double deviation = sw > 0 ? sd / sw : 0;
      int code = newLevels.size() + 1;
      newLevels.add(level);
      newEffects[code] = effect;
      if (slopes) {
        newDeviations[code] = deviation;
      }
      imputed.add(new Imputed(level, nb, ns, effect, deviation));
    }
    int[] input = new int[e.fields()];
    List<String> features = new ArrayList<>();
    List<List<String>> vocab = new ArrayList<>();
    double[][] eff = new double[e.fields()][];
    for (int f = 0; f < e.fields(); f++) {
      input[f] = e.input(f);
      features.add(e.feature(f));
      vocab.add(f == field ? newLevels : e.levels(f));
      eff[f] = f == field ? newEffects : e.effects(f);
    }
    EntityTerms terms = new EntityTerms(input, features, vocab, eff, e.slopeField(),
        slopes ? newDeviations : e.slopeDeviations());
    GlmPlan extended = new GlmPlan(plan.inputs(), plan.price(), plan.constant(), plan.weights(), plan.slopes(),
        plan.interactionInputs(), plan.interactionWeights(), plan.link(), plan.smear(), plan.smoothing(),
        plan.maxDemand(), terms);
    TrainingProvenance p = model.provenance();
    List<String> notes = new ArrayList<>(p.notes());
    notes.add(String.format(Locale.ROOT, "cold start: %d new levels of %s from their %d nearest trained levels by "
        + "embedding", fresh.size(), feature, k));
    TrainingProvenance provenance = new TrainingProvenance(p.trainedAt(), p.trainingRows(), p.validationRows(),
        p.firstOffer(), p.lastOffer(), p.split(), p.trainer(), p.seed(), notes);
    TrainedDemandModel out = new TrainedDemandModel(model.algorithm(), model.version() + "+cold-start",
        model.trainingSchema(), model.candidatePriceFeatures(), extended, provenance, null);
    return new Extension(out, imputed);
  }

  private static int checkDim(int dim, float[] v, String level) {
    Objects.requireNonNull(v, "embedding of '" + level + "' must not be null");
    if (dim >= 0 && v.length != dim) {
      throw new IllegalArgumentException("embedding of '" + level + "' has " + v.length + " dimensions, others " + dim);
    }
    return v.length;
  }

  private static double[] unit(float[] v, String level) {
    double n = 0;
    for (float x : v) {
      n += (double) x * x;
    }
    n = Math.sqrt(n);
    if (!(n > 0) || !Double.isFinite(n)) {
      throw new IllegalArgumentException("embedding of '" + level + "' is zero or not finite");
    }
    double[] u = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      u[i] = v[i] / n;
    }
    return u;
  }
}
