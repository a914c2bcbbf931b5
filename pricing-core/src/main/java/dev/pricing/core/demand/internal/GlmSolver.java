package dev.pricing.core.demand.internal;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * Fits a generalised linear model with a ridge penalty and box constraints on chosen coefficients by projected
 * Newton iterations (Bertsekas' two-metric projection): the logistic model for conversion (Newton = IRLS) and the
 * Gaussian model for log units (one Newton step solves it exactly when no bound binds). The penalised objective
 * is {@code sum_i w_i loss_i(b0 + z_i . b) + (ridge / 2) |b|^2} (the intercept is not penalised); the columns
 * should be standardised by the caller so that one ridge fits all.
 *
 * <p>Convergence: the largest absolute projected gradient, relative to the total weight, falls below
 * {@code tolerance}; the result reports the iterations and whether it converged, never a silent partial fit.
 * The covariance of the free coefficients (the inverse penalised Hessian; for the Gaussian family times the
 * residual variance) is returned for Wald intervals.
 *
 * <p>Thread-safe: a static method that keeps no state between calls.
 */
public final class GlmSolver {

  /** The response family. */
  public enum Family {
    /** Bernoulli with the logit link. */
    LOGISTIC,
    /** Gaussian with the identity link (least squares). */
    GAUSSIAN
  }

  /**
   * A solution.
   *
   * @param intercept the intercept
   * @param coefficients one per column
   * @param iterations Newton iterations used
   * @param converged whether the criterion was met
   * @param gradientNorm the final largest projected gradient relative to the total weight
   * @param atBound per coefficient, whether it sits at a bound
   * @param covariance covariance of (coefficients..., intercept) over all columns; rows and columns of
   *     coefficients at a bound are 0
   * @param deviance the unpenalised weighted loss at the solution (negative log-likelihood, or half the RSS)
   */
  public record Solution(double intercept, double[] coefficients, int iterations, boolean converged,
      double gradientNorm, boolean[] atBound, double[][] covariance, double deviance) {}

  private GlmSolver() {}

  /**
   * Solves.
   *
   * @param family the family
   * @param z row-major design, {@code rows * cols}
   * @param rows the number of rows
   * @param cols the number of columns
   * @param y the responses (0/1 for logistic)
   * @param w the row weights, non-negative
   * @param ridge the ridge penalty, non-negative
   * @param lower per column lower bound ({@code -Infinity} for none)
   * @param upper per column upper bound ({@code +Infinity} for none)
   * @param maxIterations the iteration limit
   * @param tolerance the convergence tolerance on the relative projected gradient
   * @return the solution
   */
  public static Solution solve(Family family, double[] z, int rows, int cols, double[] y, double[] w, double ridge,
      double[] lower, double[] upper, int maxIterations, double tolerance) {
    return solve(family, z, rows, cols, y, w, ridge, lower, upper, maxIterations, tolerance, null);
  }

  /**
   * Solves from a starting point (a warm start, as the ceiling model's EM steps use: each solve starts where
   * the previous one ended). The responses of a logistic fit may be fractional in [0, 1] (expected labels).
   *
   * @param family the family
   * @param z row-major design, {@code rows * cols}
   * @param rows the number of rows
   * @param cols the number of columns
   * @param y the responses (in [0, 1] for logistic)
   * @param w the row weights, non-negative
   * @param ridge the ridge penalty, non-negative
   * @param lower per column lower bound ({@code -Infinity} for none)
   * @param upper per column upper bound ({@code +Infinity} for none)
   * @param maxIterations the iteration limit
   * @param tolerance the convergence tolerance on the relative projected gradient
   * @param start the coefficients then the intercept to start from (clamped into the bounds), or null for the
   *     default start (zero slopes, the intercept at the mean response)
   * @return the solution
   */
  public static Solution solve(Family family, double[] z, int rows, int cols, double[] y, double[] w, double ridge,
      double[] lower, double[] upper, int maxIterations, double tolerance, double[] start) {
    int p = cols + 1; // coefficients then the intercept
    double[] beta = new double[p];
    double totalW = 0;
    double meanY = 0;
    for (int i = 0; i < rows; i++) {
      totalW += w[i];
      meanY += w[i] * y[i];
    }
    meanY /= totalW;
    for (int j = 0; j < cols; j++) {
      beta[j] = Math.min(Math.max(start == null ? 0.0 : start[j], lower[j]), upper[j]);
    }
    beta[cols] = start != null ? start[cols]
        : family == Family.LOGISTIC ? Math.log(Math.max(meanY, 1e-9) / Math.max(1 - meanY, 1e-9)) : meanY;
    double[] eta = new double[rows];
    double[] grad = new double[p];
    double[][] hess = new double[p][p];
    boolean[] fixed = new boolean[p];
    double objective = objective(family, z, rows, cols, y, w, ridge, beta, eta);
    int iter = 0;
    boolean converged = false;
    double gnorm = Double.POSITIVE_INFINITY;
    double[] trial = new double[p];
    double[] trialEta = new double[rows];
    while (true) {
      gradientAndHessian(family, z, rows, cols, y, w, ridge, beta, eta, grad, hess);
      // Active set: at a bound with the gradient pushing outward.
      gnorm = projectedNorm(grad, beta, lower, upper, cols, fixed) / totalW;
      if (gnorm < tolerance) {
        converged = true;
        break;
      }
      if (iter >= maxIterations) {
        break;
      }
      iter++;
      double[] step = newtonStep(hess, grad, fixed, p);
      double t = 1.0;
      double next = Double.POSITIVE_INFINITY;
      double slope = 0;
      for (int j = 0; j < p; j++) {
        slope += grad[j] * step[j];
      }
      for (int k = 0; k < 50; k++) {
        projectedTrial(beta, t, step, lower, upper, cols, trial);
        next = objective(family, z, rows, cols, y, w, ridge, trial, trialEta);
        double decrease = decrease(grad, trial, beta);
        if (next <= objective + 1e-4 * Math.min(decrease, 0) || next <= objective && slope >= 0) {
          break;
        }
        t *= 0.5;
      }
      if (!(next <= objective)) {
        break; // no descent possible: report not converged unless the gradient says otherwise
      }
      System.arraycopy(trial, 0, beta, 0, p);
      System.arraycopy(trialEta, 0, eta, 0, rows);
      double previous = objective;
      objective = next;
      if (previous - objective <= 1e-15 * Math.max(1, Math.abs(objective))) {
        gradientAndHessian(family, z, rows, cols, y, w, ridge, beta, eta, grad, hess);
        double g = 0;
        for (int j = 0; j < p; j++) {
          boolean out = j < cols && (beta[j] <= lower[j] && grad[j] > 0 || beta[j] >= upper[j] && grad[j] < 0);
          if (!out) {
            g = Math.max(g, Math.abs(grad[j]));
          }
        }
        gnorm = g / totalW;
        // the objective no longer changes in double precision: stationary if the gradient is negligible
        converged = gnorm < Math.max(tolerance, 1e-6);
        break;
      }
    }
    gradientAndHessian(family, z, rows, cols, y, w, ridge, beta, eta, grad, hess);
    boolean[] atBound = new boolean[cols];
    for (int j = 0; j < cols; j++) {
      atBound[j] = beta[j] <= lower[j] || beta[j] >= upper[j];
    }
    double deviance = objective;
    for (int j = 0; j < cols; j++) {
      deviance -= 0.5 * ridge * beta[j] * beta[j];
    }
    double[][] cov = covariance(hess, atBound, cols, p);
    if (family == Family.GAUSSIAN) {
      double dof = Math.max(1, totalW - p);
      double sigma2 = 2 * deviance / dof;
      for (double[] row : cov) {
        for (int j = 0; j < row.length; j++) {
          row[j] *= sigma2;
        }
      }
    }
    return new Solution(beta[cols], Arrays.copyOf(beta, cols), iter, converged, gnorm, atBound, cov, deviance);
  }

  private static double objective(Family family, double[] z, int rows, int cols, double[] y, double[] w,
      double ridge, double[] beta, double[] eta) {
    double loss = 0;
    for (int i = 0; i < rows; i++) {
      double e = beta[cols];
      int o = i * cols;
      for (int j = 0; j < cols; j++) {
        e += z[o + j] * beta[j];
      }
      eta[i] = e;
      if (family == Family.LOGISTIC) {
        loss += w[i] * (softplus(e) - y[i] * e); // log(1 + exp(e)) - y e
      } else {
        double r = y[i] - e;
        loss += w[i] * 0.5 * r * r;
      }
    }
    for (int j = 0; j < cols; j++) {
      loss += 0.5 * ridge * beta[j] * beta[j];
    }
    return loss;
  }

  private static void gradientAndHessian(Family family, double[] z, int rows, int cols, double[] y, double[] w,
      double ridge, double[] beta, double[] eta, double[] grad, double[][] hess) {
    int p = cols + 1;
    Arrays.fill(grad, 0);
    for (double[] row : hess) {
      Arrays.fill(row, 0);
    }
    double[] zi = new double[p];
    for (int i = 0; i < rows; i++) {
      double mu;
      double v;
      if (family == Family.LOGISTIC) {
        mu = 1 / (1 + Math.exp(-eta[i]));
        v = mu * (1 - mu);
      } else {
        mu = eta[i];
        v = 1;
      }
      double r = w[i] * (mu - y[i]);
      double h = w[i] * v;
      int o = i * cols;
      System.arraycopy(z, o, zi, 0, cols);
      zi[cols] = 1;
      for (int a = 0; a < p; a++) {
        grad[a] += r * zi[a];
      }
      addUpperOuter(hess, zi, h);
    }
    symmetrise(hess);
    for (int j = 0; j < cols; j++) {
      grad[j] += ridge * beta[j];
      hess[j][j] += ridge;
    }
  }

  /** Adds {@code weight * v v^T} to the upper triangle of {@code m} (rows with {@code v[a] = 0} skipped). */
  static void addUpperOuter(double[][] m, double[] v, double weight) {
    int p = v.length;
    for (int a = 0; a < p; a++) {
      double va = v[a];
      if (va == 0) {
        continue;
      }
      double wa = weight * va;
      double[] row = m[a];
      for (int b = a; b < p; b++) {
        row[b] += wa * v[b];
      }
    }
  }

  /** Copies the upper triangle of a square matrix to its lower triangle. */
  static void symmetrise(double[][] m) {
    for (int a = 0; a < m.length; a++) {
      for (int b = 0; b < a; b++) {
        m[a][b] = m[b][a];
      }
    }
  }

  /**
   * Returns {@code ln(1 + e^v)} without overflow.
   *
   * @param v the value
   * @return the softplus
   */
  public static double softplus(double v) {
    return v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v));
  }

  static double[] newtonStep(double[][] hess, double[] grad, boolean[] fixed, int p) {
    int f = 0;
    int[] map = new int[p];
    for (int j = 0; j < p; j++) {
      if (!fixed[j]) {
        map[f++] = j;
      }
    }
    double[][] h = new double[f][f];
    double[] g = new double[f];
    for (int a = 0; a < f; a++) {
      g[a] = -grad[map[a]];
      for (int b = 0; b < f; b++) {
        h[a][b] = hess[map[a]][map[b]];
      }
    }
    double[] s = solveSpd(h, g);
    double[] step = new double[p];
    for (int a = 0; a < f; a++) {
      step[map[a]] = s[a];
    }
    return step;
  }

  private static double[] solveSpd(double[][] h, double[] g) {
    RealMatrix m = new Array2DRowRealMatrix(h, false);
    DecompositionSolver solver;
    try {
      solver = new CholeskyDecomposition(m, 1e-12, 1e-14).getSolver();
    } catch (NonPositiveDefiniteMatrixException e) {
      solver = new SingularValueDecomposition(m).getSolver();
    }
    return solver.solve(new org.apache.commons.math3.linear.ArrayRealVector(g, false)).toArray();
  }

  static double[][] covariance(double[][] hess, boolean[] atBound, int cols, int p) {
    int f = 0;
    int[] map = new int[p];
    for (int j = 0; j < p; j++) {
      if (j == cols || !atBound[j]) {
        map[f++] = j;
      }
    }
    double[][] h = new double[f][f];
    for (int a = 0; a < f; a++) {
      for (int b = 0; b < f; b++) {
        h[a][b] = hess[map[a]][map[b]];
      }
    }
    RealMatrix inv = new SingularValueDecomposition(new Array2DRowRealMatrix(h, false)).getSolver().getInverse();
    double[][] cov = new double[p][p];
    for (int a = 0; a < f; a++) {
      for (int b = 0; b < f; b++) {
        cov[map[a]][map[b]] = inv.getEntry(a, b);
      }
    }
    return cov;
  }

  /**
   * The largest gradient component over the coordinates free to move, marking in {@code fixed} the price columns
   * that sit at a bound with the gradient pushing outward (the active set of a projected Newton step).
   *
   * @param grad the gradient of the objective
   * @param theta the coefficients
   * @param lower lower bounds of the first {@code cols} coefficients
   * @param upper upper bounds of the first {@code cols} coefficients
   * @param cols how many leading coefficients are bounded
   * @param fixed out: whether each coefficient is held at its bound
   * @return the projected gradient's largest absolute component
   */
  static double projectedNorm(double[] grad, double[] theta, double[] lower, double[] upper, int cols,
      boolean[] fixed) {
    double g = 0;
    for (int j = 0; j < grad.length; j++) {
      boolean atLower = j < cols && theta[j] <= lower[j] && grad[j] > 0;
      boolean atUpper = j < cols && theta[j] >= upper[j] && grad[j] < 0;
      fixed[j] = atLower || atUpper;
      if (!fixed[j]) {
        g = Math.max(g, Math.abs(grad[j]));
      }
    }
    return g;
  }

  /**
   * The trial point {@code theta + t step}, its first {@code cols} coordinates projected onto their bounds.
   *
   * @param theta the current coefficients
   * @param t the step length
   * @param step the direction
   * @param lower lower bounds of the first {@code cols} coefficients
   * @param upper upper bounds of the first {@code cols} coefficients
   * @param cols how many leading coefficients are bounded
   * @param trial out: the trial point, as long as {@code theta}
   */
  static void projectedTrial(double[] theta, double t, double[] step, double[] lower, double[] upper, int cols,
      double[] trial) {
    for (int j = 0; j < trial.length; j++) {
      double v = theta[j] + t * step[j];
      trial[j] = j < cols ? Math.min(Math.max(v, lower[j]), upper[j]) : v;
    }
  }

  /**
   * The first-order change of the objective from {@code theta} to {@code trial}, for the Armijo test of a projected
   * line search.
   *
   * @param grad the gradient at {@code theta}
   * @param trial the trial point
   * @param theta the current point
   * @return {@code grad . (trial - theta)}
   */
  static double decrease(double[] grad, double[] trial, double[] theta) {
    double d = 0;
    for (int j = 0; j < trial.length; j++) {
      d += grad[j] * (trial[j] - theta[j]);
    }
    return d;
  }
}
