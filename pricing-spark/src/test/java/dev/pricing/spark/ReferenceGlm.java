package dev.pricing.spark;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/**
 * The single-machine reference: a ridge-penalised GLM solved to convergence by Newton's method with
 * commons-math3 (Cholesky), with MLlib's objective (penalty on coefficients of standardised features, no
 * penalty on the intercept) and price coefficients held {@code <= 0} by an active set. Columns with zero
 * variance get a coefficient of 0, as in MLlib.
 */
final class ReferenceGlm {
  final double[] weights;
  final double intercept;
  final int iterations;

  private ReferenceGlm(double[] weights, double intercept, int iterations) {
    this.weights = weights;
    this.intercept = intercept;
    this.iterations = iterations;
  }

  /**
   * Fits.
   *
   * @param x rows of derived features
   * @param y labels (0/1 for logistic; the transformed target for Gaussian)
   * @param lambda MLlib's regParam
   * @param firstPrice index of the first price feature (every later one is a price feature)
   * @param logistic logistic or Gaussian (least squares)
   */
  static ReferenceGlm fit(double[][] x, double[] y, double lambda, int firstPrice, boolean logistic) {
    int n = x.length;
    int d = x[0].length;
    double[] mean = new double[d];
    double[] sd = new double[d];
    for (double[] r : x) {
      for (int j = 0; j < d; j++) {
        mean[j] += r[j] / n;
      }
    }
    for (double[] r : x) {
      for (int j = 0; j < d; j++) {
        sd[j] += (r[j] - mean[j]) * (r[j] - mean[j]);
      }
    }
    // LogisticRegression standardises by the unbiased standard deviation; LinearRegression's normal-equation
    // solver (WeightedLeastSquares) by the population one, and divides the penalty by the label's.
    double ym = Arrays.stream(y).average().orElseThrow();
    double yVar = Arrays.stream(y).map(v -> (v - ym) * (v - ym)).sum() / n;
    double effLambda = logistic ? lambda : lambda / Math.sqrt(yVar);
    for (int j = 0; j < d; j++) {
      sd[j] = Math.sqrt(sd[j] / (logistic ? n - 1 : n));
    }
    boolean[] active = new boolean[d];
    for (int j = 0; j < d; j++) {
      active[j] = sd[j] > 0;
    }
    while (true) {
      int[] cols = java.util.stream.IntStream.range(0, d).filter(j -> active[j]).toArray();
      int k = cols.length;
      double[] beta = new double[k + 1];
      int it = 0;
      for (; it < 200; it++) {
        double[] g = new double[k + 1];
        double[][] h = new double[k + 1][k + 1];
        double[] u = new double[k + 1];
        for (int i = 0; i < n; i++) {
          u[0] = 1;
          for (int c = 0; c < k; c++) {
            u[c + 1] = (x[i][cols[c]] - mean[cols[c]]) / sd[cols[c]];
          }
          double z = 0;
          for (int c = 0; c <= k; c++) {
            z += beta[c] * u[c];
          }
          double mu = logistic ? 1 / (1 + Math.exp(-z)) : z;
          double w = logistic ? mu * (1 - mu) : 1;
          double r = mu - y[i];
          for (int a = 0; a <= k; a++) {
            g[a] += r * u[a] / n;
            double wa = w * u[a] / n;
            for (int b = a; b <= k; b++) {
              h[a][b] += wa * u[b];
            }
          }
        }
        for (int a = 0; a <= k; a++) {
          for (int b = 0; b < a; b++) {
            h[a][b] = h[b][a];
          }
          if (a > 0) {
            g[a] += effLambda * beta[a];
            h[a][a] += effLambda;
          }
        }
        RealMatrix hm = new Array2DRowRealMatrix(h, false);
        RealVector step = new CholeskyDecomposition(hm, 1e-14, 1e-14).getSolver().solve(new ArrayRealVector(g));
        double size = 0;
        for (int a = 0; a <= k; a++) {
          beta[a] -= step.getEntry(a);
          size = Math.max(size, Math.abs(step.getEntry(a)));
        }
        if (size < 1e-13) {
          break;
        }
      }
      double[] raw = new double[d];
      double b0 = beta[0];
      for (int c = 0; c < k; c++) {
        raw[cols[c]] = beta[c + 1] / sd[cols[c]];
        b0 -= raw[cols[c]] * mean[cols[c]];
      }
      boolean again = false;
      for (int j = firstPrice; j < d; j++) {
        if (raw[j] > 0) {
          active[j] = false;
          again = true;
        }
      }
      if (!again) {
        return new ReferenceGlm(raw, b0, it + 1);
      }
    }
  }
}
