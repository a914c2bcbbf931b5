package dev.pricing.core.demand.internal;

import java.util.SplittableRandom;

/**
 * Small boosted models trained once per JVM on synthetic offers: 8 features of which columns 0-2 are price
 * columns (price / list, its log, and the gap to a competitor), constrained non-increasing; columns 3-7 are
 * context with 10% missing. Demand is logistic (conversion) or Poisson (units) with a segment whose price
 * sensitivity differs, so that trees split on price below context splits.
 */
final class GbdtFixtures {
  static final int COLS = 8;
  static final int[] PRICE_COLUMNS = {0, 1, 2};
  static final int[] MONOTONE = {-1, -1, -1, 0, 0, 0, 0, 0};

  private static GbdtFit.Result conversion;
  private static GbdtFit.Result units;

  private GbdtFixtures() {}

  static synchronized GbdtFit.Result conversion() {
    if (conversion == null) {
      conversion = train(GbdtObjective.BINARY_LOGISTIC, 3000, 11);
    }
    return conversion;
  }

  static synchronized GbdtFit.Result units() {
    if (units == null) {
      units = train(GbdtObjective.COUNT_POISSON, 3000, 12);
    }
    return units;
  }

  static GbdtParams smallParams() {
    return GbdtParams.defaults().withTrees(60).withMaxDepth(5).withEta(0.2).withSeed(5);
  }

  private static GbdtFit.Result train(GbdtObjective objective, int rows, long seed) {
    double[][] data = data(rows, seed, objective);
    return GbdtFit.fit(GbdtMatrix.of(data[0], rows, COLS, data[1], null), null, MONOTONE, objective,
        smallParams());
  }

  /** Returns {values, labels}. */
  static double[][] data(int rows, long seed, GbdtObjective objective) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] x = new double[rows * COLS];
    double[] y = new double[rows];
    for (int i = 0; i < rows; i++) {
      double ratio = 0.6 + 0.8 * r.nextDouble();
      double comp = 0.7 + 0.6 * r.nextDouble();
      int o = i * COLS;
      x[o] = ratio;
      x[o + 1] = Math.log(ratio);
      x[o + 2] = ratio - comp;
      for (int c = 3; c < COLS; c++) {
        x[o + c] = r.nextDouble() < 0.1 ? Double.NaN : r.nextGaussian();
      }
      double segment = Double.isNaN(x[o + 3]) ? 0 : x[o + 3];
      double slope = segment > 0 ? -6 : -2;
      double context = 0.8 * (Double.isNaN(x[o + 4]) ? -0.5 : x[o + 4]) - 0.4 * Math.abs(zeroIfNaN(x[o + 5]));
      double gap = x[o + 2] > 0 ? -1.5 * x[o + 2] : 0;
      double s = slope * (ratio - 1) + context + gap;
      if (objective == GbdtObjective.BINARY_LOGISTIC) {
        y[i] = r.nextDouble() < 1 / (1 + Math.exp(-s)) ? 1 : 0;
      } else {
        y[i] = poisson(r, Math.exp(0.3 + 0.5 * s));
      }
    }
    return new double[][] {x, y};
  }

  private static double zeroIfNaN(double v) {
    return Double.isNaN(v) ? 0 : v;
  }

  private static int poisson(SplittableRandom r, double mean) {
    double l = Math.exp(-mean);
    int k = 0;
    double p = 1;
    do {
      k++;
      p *= r.nextDouble();
    } while (p > l);
    return k - 1;
  }

  /** A random row: values around the training range, NaN at 15%, and often exactly at a model threshold. */
  static double[] randomRow(SplittableRandom r, GbdtEnsemble e) {
    double[] x = new double[e.featureCount()];
    for (int c = 0; c < x.length; c++) {
      x[c] = c < 3 ? (c == 1 ? Math.log(0.5 + r.nextDouble()) : 0.4 + r.nextDouble()) : 2.5 * r.nextGaussian();
      if (c == 2) {
        x[c] -= 1;
      }
    }
    for (int c = 0; c < x.length; c++) {
      double u = r.nextDouble();
      if (u < 0.15) {
        x[c] = Double.NaN;
      } else if (u < 0.5) {
        x[c] = thresholdNear(r, e, c, x[c]);
      }
    }
    return x;
  }

  /** A threshold the model uses on column c (exactly, or one float step either side), or v if none. */
  static double thresholdNear(SplittableRandom r, GbdtEnsemble e, int c, double v) {
    int n = e.nodeCount();
    for (int tries = 0; tries < 64; tries++) {
      int i = r.nextInt(n);
      if (e.feature[i] == c) {
        float t = e.threshold[i];
        switch (r.nextInt(4)) {
          case 0:
            return Math.nextDown(t);
          case 1:
            return Math.nextUp(t);
          case 2:
            // A double just below the float threshold that still rounds to it: must go right, as in XGBoost.
            return Math.nextDown((double) t);
          default:
            return t;
        }
      }
    }
    return v;
  }

  static float[] toFloat(double[] rows) {
    float[] f = new float[rows.length];
    for (int i = 0; i < rows.length; i++) {
      f[i] = (float) rows[i];
    }
    return f;
  }
}
