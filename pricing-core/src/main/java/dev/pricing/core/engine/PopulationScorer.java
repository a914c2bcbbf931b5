package dev.pricing.core.engine;

import dev.pricing.api.spi.DemandModel;

/**
 * The population's demand: for a non-personal feature vector and each price, the model's demand averaged
 * over the reservoir's samples of personal features (each sample written over the vector's personal
 * features). The engine's objectives are linear in demand, so the price that maximises the objective of the
 * averaged demand maximises the average objective over the samples. If the model's output is invalid for any
 * sample, the average is NaN, which the engine's output check refuses.
 *
 * <p>Not thread-safe: one per thread, held by its {@link RequestContext}.
 */
final class PopulationScorer implements DemandModel.Scorer {
  private final double[][] samples;
  private final double[] x;
  private final double[] out;
  private int[] personal;
  private int count;
  private DemandModel.Scorer inner;
  private ModelOutputCheck check;

  PopulationScorer(int features, int size, int d, int maxPrices) {
    this.samples = new double[size][d];
    this.x = new double[features];
    this.out = new double[maxPrices];
  }

  double[][] samples() {
    return samples;
  }

  /** Points this scorer at a model and the first {@code count} rows of {@link #samples()}. */
  void bind(DemandModel.Scorer inner, ModelOutputCheck check, int[] personal, int count) {
    this.inner = inner;
    this.check = check;
    this.personal = personal;
    this.count = count;
  }

  int count() {
    return count;
  }

  @Override
  public void score(double[] features, double[] prices, int n, double[] result) {
    System.arraycopy(features, 0, x, 0, x.length);
    java.util.Arrays.fill(result, 0, n, 0.0);
    int[] idx = personal;
    for (int s = 0; s < count; s++) {
      double[] v = samples[s];
      for (int k = 0; k < idx.length; k++) {
        x[idx[k]] = v[k];
      }
      inner.score(x, prices, n, out);
      for (int i = 0; i < n; i++) {
        double d = out[i];
        result[i] += check.valid(d) ? d : Double.NaN;
      }
    }
    double w = 1.0 / count;
    for (int i = 0; i < n; i++) {
      result[i] *= w;
    }
  }
}
