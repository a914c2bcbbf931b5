package dev.pricing.core.demand.internal;

import dev.pricing.core.demand.ReliabilityBin;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Evaluation metrics over arrays of predictions and outcomes. Stateless and thread-safe. */
public final class Metrics {
  private static final double EPS = 1e-15;

  private Metrics() {}

  /**
   * Returns the area under the ROC curve (the Mann-Whitney statistic, ties counted half).
   *
   * @param score the predictions
   * @param positive the outcomes
   * @param n how many
   * @return the AUC, or NaN if one class is absent
   */
  public static double auc(double[] score, boolean[] positive, int n) {
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(score[a], score[b]));
    double rankSumPos = 0;
    long pos = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && score[order[j + 1]] == score[order[i]]) {
        j++;
      }
      double avgRank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        if (positive[order[k]]) {
          rankSumPos += avgRank;
          pos++;
        }
      }
      i = j + 1;
    }
    long neg = n - pos;
    if (pos == 0 || neg == 0) {
      return Double.NaN;
    }
    return (rankSumPos - pos * (pos + 1) / 2.0) / ((double) pos * neg);
  }

  /**
   * Returns the mean log loss with clipped predictions.
   *
   * @param p the predicted probabilities
   * @param positive the outcomes
   * @param n how many
   * @return the log loss
   */
  public static double logLoss(double[] p, boolean[] positive, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      double q = Math.min(Math.max(p[i], EPS), 1 - EPS);
      s -= positive[i] ? Math.log(q) : Math.log(1 - q);
    }
    return s / n;
  }

  /**
   * Returns equal-width reliability bins.
   *
   * @param p the predicted probabilities
   * @param positive the outcomes
   * @param n how many
   * @param bins the number of bins
   * @return the bins, lowest first
   */
  public static List<ReliabilityBin> reliability(double[] p, boolean[] positive, int n, int bins) {
    long[] count = new long[bins];
    double[] sumP = new double[bins];
    double[] sumY = new double[bins];
    for (int i = 0; i < n; i++) {
      int b = Math.min(bins - 1, Math.max(0, (int) (p[i] * bins)));
      count[b]++;
      sumP[b] += p[i];
      sumY[b] += positive[i] ? 1 : 0;
    }
    List<ReliabilityBin> out = new ArrayList<>(bins);
    for (int b = 0; b < bins; b++) {
      double mp = count[b] == 0 ? Double.NaN : sumP[b] / count[b];
      double my = count[b] == 0 ? Double.NaN : sumY[b] / count[b];
      out.add(new ReliabilityBin((double) b / bins, (double) (b + 1) / bins, count[b], mp, my));
    }
    return out;
  }

  /**
   * Returns the mean absolute error.
   *
   * @param pred predictions
   * @param actual outcomes
   * @param n how many
   * @return the MAE
   */
  public static double mae(double[] pred, double[] actual, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += Math.abs(pred[i] - actual[i]);
    }
    return s / n;
  }

  /**
   * Returns the root mean squared error.
   *
   * @param pred predictions
   * @param actual outcomes
   * @param n how many
   * @return the RMSE
   */
  public static double rmse(double[] pred, double[] actual, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      double d = pred[i] - actual[i];
      s += d * d;
    }
    return Math.sqrt(s / n);
  }
}
