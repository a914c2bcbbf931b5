package dev.pricing.core.markdown;

import dev.pricing.api.spi.DemandModel;

/** A model's average score over precomputed feature vectors, times the period's traffic. */
final class ModelDemand implements MarkdownDemand {
  private final DemandModel.Scorer scorer;
  private final double[][][][] x;
  private final double[][] traffic;

  ModelDemand(DemandModel.Scorer scorer, double[][][][] x, double[][] traffic) {
    this.scorer = scorer;
    this.x = x;
    this.traffic = traffic;
  }

  @Override
  public void expectedUnits(int product, int period, double[] prices, int count, double[] out) {
    if (product < 0 || product >= x.length) {
      throw new IllegalArgumentException("product must be in [0, " + x.length + "), found " + product);
    }
    if (period < 0 || period >= x[product].length) {
      throw new IllegalArgumentException("period must be in [0, " + x[product].length + "), found " + period);
    }
    double[][] xs = x[product][period];
    double[] buf = new double[count];
    java.util.Arrays.fill(out, 0, count, 0);
    for (double[] f : xs) {
      scorer.score(f, prices, count, buf);
      for (int i = 0; i < count; i++) {
        out[i] += buf[i];
      }
    }
    double w = traffic[product][period] / xs.length;
    for (int i = 0; i < count; i++) {
      out[i] *= w;
    }
  }
}
