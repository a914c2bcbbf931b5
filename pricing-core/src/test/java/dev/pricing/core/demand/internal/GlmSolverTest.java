package dev.pricing.core.demand.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.junit.jupiter.api.Test;

/** The projected Newton solver against closed forms and the optimality conditions. */
class GlmSolverTest {
  static final int ROWS = 4000;
  static final int COLS = 4;

  static double[] design(SplittableRandom rnd) {
    double[] z = new double[ROWS * COLS];
    for (int i = 0; i < z.length; i++) {
      z[i] = rnd.nextGaussian();
    }
    return z;
  }

  static double[] free(int n, double v) {
    double[] a = new double[n];
    Arrays.fill(a, v);
    return a;
  }

  @Test
  void gaussian_equalsTheRidgeNormalEquations() {
    SplittableRandom rnd = new SplittableRandom(1);
    double[] z = design(rnd);
    double[] y = new double[ROWS];
    double[] w = new double[ROWS];
    for (int i = 0; i < ROWS; i++) {
      y[i] = 0.5 + 1.5 * z[i * COLS] - 2 * z[i * COLS + 1] + 0.1 * rnd.nextGaussian();
      w[i] = 0.5 + rnd.nextDouble();
    }
    double ridge = 3.0;
    GlmSolver.Solution s = GlmSolver.solve(GlmSolver.Family.GAUSSIAN, z, ROWS, COLS, y, w, ridge,
        free(COLS, Double.NEGATIVE_INFINITY), free(COLS, Double.POSITIVE_INFINITY), 50, 1e-10);
    // (X'WX + R) b = X'Wy with the intercept unpenalised
    int p = COLS + 1;
    double[][] a = new double[p][p];
    double[] c = new double[p];
    for (int i = 0; i < ROWS; i++) {
      double[] x = new double[p];
      System.arraycopy(z, i * COLS, x, 0, COLS);
      x[COLS] = 1;
      for (int j = 0; j < p; j++) {
        c[j] += w[i] * x[j] * y[i];
        for (int k = 0; k < p; k++) {
          a[j][k] += w[i] * x[j] * x[k];
        }
      }
    }
    for (int j = 0; j < COLS; j++) {
      a[j][j] += ridge;
    }
    double[] b = new LUDecomposition(new Array2DRowRealMatrix(a)).getSolver().solve(new ArrayRealVector(c)).toArray();
    assertThat(s.converged()).isTrue();
    for (int j = 0; j < COLS; j++) {
      assertThat(s.coefficients()[j]).isCloseTo(b[j], within(1e-9));
    }
    assertThat(s.intercept()).isCloseTo(b[COLS], within(1e-9));
  }

  @Test
  void logistic_convergesToAStationaryPointAndRecoversTheTruth() {
    SplittableRandom rnd = new SplittableRandom(2);
    double[] z = design(rnd);
    double[] y = new double[ROWS * 5];
    double[] zz = new double[ROWS * 5 * COLS];
    double[] w = free(ROWS * 5, 1.0);
    for (int i = 0; i < ROWS * 5; i++) {
      double e = -0.5;
      for (int j = 0; j < COLS; j++) {
        zz[i * COLS + j] = rnd.nextGaussian();
      }
      e += 1.0 * zz[i * COLS] - 0.7 * zz[i * COLS + 2];
      y[i] = rnd.nextDouble() < 1 / (1 + Math.exp(-e)) ? 1 : 0;
    }
    GlmSolver.Solution s = GlmSolver.solve(GlmSolver.Family.LOGISTIC, zz, ROWS * 5, COLS, y, w, 1e-6,
        free(COLS, Double.NEGATIVE_INFINITY), free(COLS, Double.POSITIVE_INFINITY), 50, 1e-9);
    assertThat(s.converged()).isTrue();
    assertThat(s.iterations()).isBetween(3, 15);
    assertThat(s.coefficients()[0]).isCloseTo(1.0, within(0.08));
    assertThat(s.coefficients()[2]).isCloseTo(-0.7, within(0.08));
    assertThat(s.intercept()).isCloseTo(-0.5, within(0.08));
    // the score equations hold at the solution
    double[] g = new double[COLS + 1];
    for (int i = 0; i < ROWS * 5; i++) {
      double e = s.intercept();
      for (int j = 0; j < COLS; j++) {
        e += zz[i * COLS + j] * s.coefficients()[j];
      }
      double r = 1 / (1 + Math.exp(-e)) - y[i];
      for (int j = 0; j < COLS; j++) {
        g[j] += r * zz[i * COLS + j];
      }
      g[COLS] += r;
    }
    // per unit weight, the penalised gradient is below the solver's criterion
    for (int j = 0; j < COLS; j++) {
      assertThat((g[j] + 1e-6 * s.coefficients()[j]) / (ROWS * 5)).isCloseTo(0.0, within(1e-6));
    }
    assertThat(g[COLS] / (ROWS * 5)).isCloseTo(0.0, within(1e-6));
    assertThat(s.gradientNorm()).isLessThan(1e-6);
    assertThat(s.covariance()[0][0]).isPositive();
  }

  @Test
  void bound_binds_whenTheUnconstrainedOptimumLiesOutside() {
    SplittableRandom rnd = new SplittableRandom(3);
    double[] z = design(rnd);
    double[] y = new double[ROWS];
    for (int i = 0; i < ROWS; i++) {
      y[i] = 2.0 * z[i * COLS] + 0.5 * z[i * COLS + 1] + 0.1 * rnd.nextGaussian();
    }
    double[] upper = free(COLS, Double.POSITIVE_INFINITY);
    upper[0] = 0; // the truth is +2: the bound must bind
    GlmSolver.Solution s = GlmSolver.solve(GlmSolver.Family.GAUSSIAN, z, ROWS, COLS, y, free(ROWS, 1), 0,
        free(COLS, Double.NEGATIVE_INFINITY), upper, 50, 1e-10);
    assertThat(s.converged()).isTrue();
    assertThat(s.coefficients()[0]).isEqualTo(0.0);
    assertThat(s.atBound()[0]).isTrue();
    assertThat(s.coefficients()[1]).isCloseTo(0.5, within(0.1));
    assertThat(s.covariance()[0][0]).isZero();
  }

  @Test
  void iterationLimit_reportsNotConverged() {
    SplittableRandom rnd = new SplittableRandom(4);
    double[] z = design(rnd);
    double[] y = new double[ROWS];
    for (int i = 0; i < ROWS; i++) {
      y[i] = rnd.nextDouble() < 1 / (1 + Math.exp(-3 * z[i * COLS])) ? 1 : 0;
    }
    GlmSolver.Solution s = GlmSolver.solve(GlmSolver.Family.LOGISTIC, z, ROWS, COLS, y, free(ROWS, 1), 0,
        free(COLS, Double.NEGATIVE_INFINITY), free(COLS, Double.POSITIVE_INFINITY), 1, 1e-12);
    assertThat(s.converged()).isFalse();
    assertThat(s.iterations()).isEqualTo(1);
  }
}
