package dev.pricing.core.engine;

import dev.pricing.api.FeatureContribution;
import dev.pricing.api.FeatureSchema;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.core.FeaturePipeline;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The explainer stage: the top feature contributions to the chosen price, from the model's own exact
 * decomposition ({@link DemandModel.ContributionScorer}): personal features against their neutral values
 * (the baseline vector the pipeline already holds), others against the configured reference. Optionally
 * each one's price effect, by re-optimising with that feature alone at its reference value. Immutable and
 * thread-safe.
 */
final class Explainer {
  private final FeaturePipeline pipeline;
  private final FeatureSchema schema;
  private final Optimiser optimiser;
  private final int topFeatures;
  private final boolean priceEffects;
  private final boolean[] hasReference;
  private final double[] referenceValue;
  /** The personal features, and the non-personal features with a configured reference, in index order. */
  private final int[] personalIndex;
  private final int[] referenceIndex;

  Explainer(FeaturePipeline pipeline, Optimiser optimiser, int topFeatures, boolean priceEffects,
      Map<String, Double> reference) {
    this.pipeline = pipeline;
    this.schema = pipeline.schema();
    this.optimiser = optimiser;
    this.topFeatures = topFeatures;
    this.priceEffects = priceEffects;
    this.hasReference = new boolean[schema.size()];
    this.referenceValue = new double[schema.size()];
    reference.forEach((name, value) -> {
      int j = schema.indexOf(name);
      if (j < 0) {
        throw new IllegalArgumentException("explanationReference names feature '" + name
            + "' which the engine's schema lacks; schema: " + schema.names());
      }
      hasReference[j] = true;
      referenceValue[j] = value;
    });
    int personal = 0;
    int referenced = 0;
    for (int j = 0; j < schema.size(); j++) {
      if (pipeline.personalFeature(j)) {
        personal++;
      } else if (hasReference[j]) {
        referenced++;
      }
    }
    this.personalIndex = new int[personal];
    this.referenceIndex = new int[referenced];
    personal = 0;
    referenced = 0;
    for (int j = 0; j < schema.size(); j++) {
      if (pipeline.personalFeature(j)) {
        personalIndex[personal++] = j;
      } else if (hasReference[j]) {
        referenceIndex[referenced++] = j;
      }
    }
  }

  List<FeatureContribution> explain(RequestContext c) {
    if (topFeatures == 0 || !(c.model.scorer() instanceof DemandModel.ContributionScorer cs)) {
      return List.of();
    }
    double[] x = c.x;
    double[] r = c.reference;
    // Personal features against their neutral values (on the personal path), features with a configured
    // reference against it, every other feature against itself.
    System.arraycopy(x, 0, r, 0, x.length);
    if (c.personalPath) {
      for (int j : personalIndex) {
        r[j] = c.xBase[j];
      }
    }
    for (int j : referenceIndex) {
      r[j] = referenceValue[j];
    }
    double[] out = c.contribution;
    cs.contributions(x, r, c.priceMinor / c.scale, out);
    // One pass: keep the k largest |contribution| in order (ties: the lower feature index first).
    int[] top = c.top;
    double[] topAbs = c.topAbs;
    int k = 0;
    for (int j = 0; j < out.length; j++) {
      double a = Math.abs(out[j]);
      if (!(a > 1e-12) || a == Double.POSITIVE_INFINITY || (k == topFeatures && !(a > topAbs[k - 1]))) {
        continue;
      }
      int at = k == topFeatures ? k - 1 : k++;
      while (at > 0 && a > topAbs[at - 1]) {
        top[at] = top[at - 1];
        topAbs[at] = topAbs[at - 1];
        at--;
      }
      top[at] = j;
      topAbs[at] = a;
    }
    switch (k) {
      case 0:
        return List.of();
      case 1:
        return List.of(contribution(c, 0));
      case 2:
        return List.of(contribution(c, 0), contribution(c, 1));
      case 3:
        return List.of(contribution(c, 0), contribution(c, 1), contribution(c, 2));
      default:
        FeatureContribution[] list = new FeatureContribution[k];
        for (int i = 0; i < k; i++) {
          list[i] = contribution(c, i);
        }
        return List.of(list);
    }
  }

  /** The i-th top contribution, with its price effect if asked for. */
  private FeatureContribution contribution(RequestContext c, int i) {
    int j = c.top[i];
    double[] x = c.x;
    double[] r = c.reference;
    OptionalDouble effect = OptionalDouble.empty();
    if (priceEffects) {
      double[] xj = c.xTmp;
      System.arraycopy(x, 0, xj, 0, x.length);
      xj[j] = r[j];
      if (optimiser.optimise(c, xj, c.loL, c.hiL)) {
        effect = OptionalDouble.of((double) c.priceMinor / c.bestMinor - 1);
      }
    }
    return new FeatureContribution(schema.name(j), x[j], r[j], c.contribution[j], effect);
  }
}
