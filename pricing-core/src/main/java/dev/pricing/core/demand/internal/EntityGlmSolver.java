package dev.pricing.core.demand.internal;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * Fits a GLM whose linear predictor is {@code b0 + z_i . b + sum_f alpha_f[code_f(i)]}: dense (standardised)
 * columns {@code z} with box bounds, and one effect per level of each entity field, never materialised as
 * columns. The penalised objective is {@code sum_i w_i loss_i + (ridge / 2) |b|^2 + (levelRidge / 2) sum |alpha|^2}
 * (the intercept and level 0, the pooled level, are not penalised; level 0 has no effect).
 *
 * <p>Projected Newton on (b, b0, alpha_f) for one field at a time (block coordinate descent over the fields; with
 * a single field it is the full Newton step). The level block of the Hessian is diagonal, so the step eliminates
 * it through the Schur complement: {@code (A - B D^-1 B') du = -g_u + B D^-1 g_a}, a dense system in the dense
 * columns only, then {@code da = D^-1 (-g_a - B' du)}. A Newton iteration costs {@code O(rows * cols^2 + levels *
 * cols^2)}: 900 levels cost about as much as nine dense columns' bookkeeping, not 900 columns.
 *
 * <p>Convergence: the largest projected gradient entry over every coefficient, relative to the total weight, below
 * {@code tolerance}. The covariance of the dense coefficients is the inverse Schur complement of the first field
 * (exact with one field; with several, conditional on the other fields' effects), times the residual variance for
 * the Gaussian family.
 *
 * <p>Thread-safe: a static method that keeps no state between calls.
 */
public final class EntityGlmSolver {

  /**
   * A solution.
   *
   * @param intercept the intercept
   * @param coefficients one per dense column
   * @param effects per field, {@code K + 1} level effects (index 0 is 0)
   * @param eta the linear predictor per row at the solution
   * @param iterations Newton iterations used
   * @param converged whether the criterion was met
   * @param gradientNorm the final largest projected gradient relative to the total weight
   * @param atBound per dense coefficient, whether it sits at a bound
   * @param covariance covariance of (coefficients..., intercept); entries of coefficients at a bound are 0
   * @param sigma2 the residual variance (Gaussian; 1 for logistic)
   */
  public record Solution(double intercept, double[] coefficients, double[][] effects, double[] eta, int iterations,
      boolean converged, double gradientNorm, boolean[] atBound, double[][] covariance, double sigma2) {}

  private EntityGlmSolver() {}

  /**
   * Solves.
   *
   * @param family the family
   * @param z row-major dense design, {@code rows * cols}
   * @param rows rows
   * @param cols dense columns
   * @param codes per field, the level code of each row, {@code 0..K_f}
   * @param levels per field, {@code K_f}
   * @param y responses
   * @param w row weights
   * @param ridge penalty of the dense coefficients
   * @param levelRidge penalty of the level effects
   * @param lower per dense column lower bound
   * @param upper per dense column upper bound
   * @param maxIterations the iteration limit
   * @param tolerance the convergence tolerance
   * @return the solution
   */
  public static Solution solve(GlmSolver.Family family, double[] z, int rows, int cols, int[][] codes, int[] levels,
      double[] y, double[] w, double ridge, double levelRidge, double[] lower, double[] upper, int maxIterations,
      double tolerance) {
    int fields = codes.length;
    int p = cols + 1;
    boolean logistic = family == GlmSolver.Family.LOGISTIC;
    double[] beta = new double[p];
    double[][] alpha = new double[fields][];
    for (int f = 0; f < fields; f++) {
      alpha[f] = new double[levels[f] + 1];
    }
    double totalW = 0;
    double meanY = 0;
    for (int i = 0; i < rows; i++) {
      totalW += w[i];
      meanY += w[i] * y[i];
    }
    meanY /= totalW;
    for (int j = 0; j < cols; j++) {
      beta[j] = Math.min(Math.max(0.0, lower[j]), upper[j]);
    }
    beta[cols] = logistic ? Math.log(Math.max(meanY, 1e-9) / Math.max(1 - meanY, 1e-9)) : meanY;
    double[] eta = new double[rows];
    double objective = objective(logistic, z, rows, cols, codes, y, w, ridge, levelRidge, beta, alpha, eta);
    double[] r = new double[rows];
    double[] h = new double[rows];
    double[] gu = new double[p];
    double[][] ga = new double[fields][];
    for (int f = 0; f < fields; f++) {
      ga[f] = new double[levels[f] + 1];
    }
    double[][] a = new double[p][p];
    boolean[] fixed = new boolean[p];
    double[] trialBeta = new double[p];
    double[][] trialAlpha = new double[fields][];
    double[] trialEta = new double[rows];
    int iter = 0;
    boolean converged = false;
    double gnorm = Double.POSITIVE_INFINITY;
    int stall = 0;
    while (true) {
      residuals(logistic, rows, y, w, eta, r, h);
      gradient(z, rows, cols, codes, r, ridge, levelRidge, beta, alpha, gu, ga);
      gnorm = GlmSolver.projectedNorm(gu, beta, lower, upper, cols, fixed);
      for (int f = 0; f < fields; f++) {
        for (int k = 1; k < ga[f].length; k++) {
          gnorm = Math.max(gnorm, Math.abs(ga[f][k]));
        }
      }
      gnorm /= totalW;
      if (gnorm < tolerance) {
        converged = true;
        break;
      }
      if (iter >= maxIterations * Math.max(1, fields)) {
        break;
      }
      iter++;
      int f = fields == 0 ? -1 : (iter - 1) % fields;
      double[] du = new double[p];
      double[] da = f < 0 ? new double[0] : new double[levels[f] + 1];
      step(z, rows, cols, f < 0 ? null : codes[f], f < 0 ? 0 : levels[f], h, ridge, levelRidge, gu,
          f < 0 ? null : ga[f], fixed, a, du, da, null);
      double t = 1.0;
      double next = Double.POSITIVE_INFINITY;
      for (int s = 0; s < 50; s++) {
        GlmSolver.projectedTrial(beta, t, du, lower, upper, cols, trialBeta);
        for (int g = 0; g < fields; g++) {
          trialAlpha[g] = alpha[g].clone();
        }
        if (f >= 0) {
          for (int k = 1; k < da.length; k++) {
            trialAlpha[f][k] = alpha[f][k] + t * da[k];
          }
        }
        next = objective(logistic, z, rows, cols, codes, y, w, ridge, levelRidge, trialBeta, trialAlpha, trialEta);
        double decrease = GlmSolver.decrease(gu, trialBeta, beta);
        if (f >= 0) {
          for (int k = 1; k < da.length; k++) {
            decrease += ga[f][k] * (trialAlpha[f][k] - alpha[f][k]);
          }
        }
        if (next <= objective + 1e-4 * Math.min(decrease, 0)) {
          break;
        }
        t *= 0.5;
      }
      if (!(next <= objective)) {
        if (++stall > fields) {
          break;
        }
        continue;
      }
      stall = 0;
      System.arraycopy(trialBeta, 0, beta, 0, p);
      for (int g = 0; g < fields; g++) {
        alpha[g] = trialAlpha[g];
      }
      System.arraycopy(trialEta, 0, eta, 0, rows);
      double previous = objective;
      objective = next;
      if (fields <= 1 && previous - objective <= 1e-15 * Math.max(1, Math.abs(objective))) {
        residuals(logistic, rows, y, w, eta, r, h);
        gradient(z, rows, cols, codes, r, ridge, levelRidge, beta, alpha, gu, ga);
        double g = GlmSolver.projectedNorm(gu, beta, lower, upper, cols, fixed);
        for (int q = 0; q < fields; q++) {
          for (int k = 1; k < ga[q].length; k++) {
            g = Math.max(g, Math.abs(ga[q][k]));
          }
        }
        gnorm = g / totalW;
        converged = gnorm < Math.max(tolerance, 1e-6);
        break;
      }
    }
    residuals(logistic, rows, y, w, eta, r, h);
    boolean[] atBound = new boolean[cols];
    boolean[] fixedCov = new boolean[p];
    for (int j = 0; j < cols; j++) {
      atBound[j] = beta[j] <= lower[j] || beta[j] >= upper[j];
      fixedCov[j] = atBound[j];
    }
    double[][] cov = new double[p][p];
    step(z, rows, cols, fields == 0 ? null : codes[0], fields == 0 ? 0 : levels[0], h, ridge, levelRidge, gu,
        fields == 0 ? null : ga[0], fixedCov, a, new double[p], new double[fields == 0 ? 0 : levels[0] + 1], cov);
    double sigma2 = 1;
    if (!logistic) {
      double rss = 0;
      for (int i = 0; i < rows; i++) {
        double e = y[i] - eta[i];
        rss += w[i] * e * e;
      }
      int params = p;
      for (int f = 0; f < fields; f++) {
        params += levels[f];
      }
      sigma2 = rss / Math.max(1, totalW - params);
      for (double[] row : cov) {
        for (int j = 0; j < p; j++) {
          row[j] *= sigma2;
        }
      }
    }
    return new Solution(beta[cols], Arrays.copyOf(beta, cols), alpha, eta, iter, converged, gnorm, atBound, cov,
        sigma2);
  }

  private static void residuals(boolean logistic, int rows, double[] y, double[] w, double[] eta, double[] r,
      double[] h) {
    for (int i = 0; i < rows; i++) {
      if (logistic) {
        double mu = 1 / (1 + Math.exp(-eta[i]));
        r[i] = w[i] * (mu - y[i]);
        h[i] = w[i] * mu * (1 - mu);
      } else {
        r[i] = w[i] * (eta[i] - y[i]);
        h[i] = w[i];
      }
    }
  }

  private static void gradient(double[] z, int rows, int cols, int[][] codes, double[] r, double ridge,
      double levelRidge, double[] beta, double[][] alpha, double[] gu, double[][] ga) {
    Arrays.fill(gu, 0);
    for (double[] g : ga) {
      Arrays.fill(g, 0);
    }
    for (int i = 0; i < rows; i++) {
      int o = i * cols;
      double ri = r[i];
      for (int j = 0; j < cols; j++) {
        gu[j] += ri * z[o + j];
      }
      gu[cols] += ri;
      for (int f = 0; f < codes.length; f++) {
        ga[f][codes[f][i]] += ri;
      }
    }
    for (int j = 0; j < cols; j++) {
      gu[j] += ridge * beta[j];
    }
    for (int f = 0; f < codes.length; f++) {
      ga[f][0] = 0;
      for (int k = 1; k < ga[f].length; k++) {
        ga[f][k] += levelRidge * alpha[f][k];
      }
    }
  }

  /**
   * The Newton step for the dense coefficients and one field's levels, by the Schur complement; when
   * {@code covOut} is given, also writes the inverse Schur complement (the dense block of the inverse Hessian).
   */
  private static void step(double[] z, int rows, int cols, int[] code, int levels, double[] h, double ridge,
      double levelRidge, double[] gu, double[] ga, boolean[] fixed, double[][] a, double[] du, double[] da,
      double[][] covOut) {
    int p = cols + 1;
    for (double[] row : a) {
      Arrays.fill(row, 0);
    }
    double[][] b = code == null ? new double[0][] : new double[levels + 1][p];
    double[] d = new double[code == null ? 0 : levels + 1];
    double[] zi = new double[p];
    for (int i = 0; i < rows; i++) {
      System.arraycopy(z, i * cols, zi, 0, cols);
      zi[cols] = 1;
      double hi = h[i];
      for (int u = 0; u < p; u++) {
        double hz = hi * zi[u];
        if (hz == 0) {
          continue;
        }
        double[] au = a[u];
        for (int v = u; v < p; v++) {
          au[v] += hz * zi[v];
        }
      }
      if (code != null) {
        int k = code[i];
        if (k > 0) {
          double[] bk = b[k];
          for (int u = 0; u < p; u++) {
            bk[u] += hi * zi[u];
          }
          d[k] += hi;
        }
      }
    }
    for (int u = 0; u < p; u++) {
      for (int v = 0; v < u; v++) {
        a[u][v] = a[v][u];
      }
    }
    for (int j = 0; j < cols; j++) {
      a[j][j] += ridge;
    }
    for (int k = 1; k < d.length; k++) {
      d[k] += levelRidge;
    }
    // Schur complement over the free dense coordinates
    int[] map = new int[p];
    int nf = 0;
    for (int j = 0; j < p; j++) {
      if (!fixed[j]) {
        map[nf++] = j;
      }
    }
    double[][] s = new double[nf][nf];
    double[] rhs = new double[nf];
    for (int x = 0; x < nf; x++) {
      int u = map[x];
      rhs[x] = -gu[u];
      for (int y = 0; y < nf; y++) {
        s[x][y] = a[u][map[y]];
      }
    }
    for (int k = 1; k < d.length; k++) {
      if (d[k] <= 0) {
        continue;
      }
      double[] bk = b[k];
      double inv = 1 / d[k];
      for (int x = 0; x < nf; x++) {
        double bx = bk[map[x]] * inv;
        if (bx == 0) {
          continue;
        }
        rhs[x] += bx * ga[k];
        for (int y = 0; y < nf; y++) {
          s[x][y] -= bx * bk[map[y]];
        }
      }
    }
    for (int x = 0; x < nf; x++) {
      for (int y = 0; y < x; y++) {
        double v = 0.5 * (s[x][y] + s[y][x]);
        s[x][y] = v;
        s[y][x] = v;
      }
    }
    RealMatrix m = new Array2DRowRealMatrix(s, false);
    DecompositionSolver solver;
    try {
      solver = new CholeskyDecomposition(m, 1e-12, 1e-14).getSolver();
    } catch (NonPositiveDefiniteMatrixException e) {
      solver = new SingularValueDecomposition(m).getSolver();
    }
    double[] sol = solver.solve(new ArrayRealVector(rhs, false)).toArray();
    Arrays.fill(du, 0);
    for (int x = 0; x < nf; x++) {
      du[map[x]] = sol[x];
    }
    for (int k = 1; k < d.length; k++) {
      if (d[k] <= 0) {
        da[k] = 0;
        continue;
      }
      double bd = 0;
      for (int u = 0; u < p; u++) {
        bd += b[k][u] * du[u];
      }
      da[k] = (-ga[k] - bd) / d[k];
    }
    if (covOut != null) {
      RealMatrix inv = new SingularValueDecomposition(m).getSolver().getInverse();
      for (int x = 0; x < nf; x++) {
        for (int y = 0; y < nf; y++) {
          covOut[map[x]][map[y]] = inv.getEntry(x, y);
        }
      }
    }
  }

  private static double objective(boolean logistic, double[] z, int rows, int cols, int[][] codes, double[] y,
      double[] w, double ridge, double levelRidge, double[] beta, double[][] alpha, double[] eta) {
    double loss = 0;
    for (int i = 0; i < rows; i++) {
      double e = beta[cols];
      int o = i * cols;
      for (int j = 0; j < cols; j++) {
        e += z[o + j] * beta[j];
      }
      for (int f = 0; f < codes.length; f++) {
        e += alpha[f][codes[f][i]];
      }
      eta[i] = e;
      if (logistic) {
        loss += w[i] * (GlmSolver.softplus(e) - y[i] * e);
      } else {
        double d = y[i] - e;
        loss += w[i] * 0.5 * d * d;
      }
    }
    for (int j = 0; j < cols; j++) {
      loss += 0.5 * ridge * beta[j] * beta[j];
    }
    for (double[] al : alpha) {
      for (int k = 1; k < al.length; k++) {
        loss += 0.5 * levelRidge * al[k] * al[k];
      }
    }
    return loss;
  }
}
