package dev.pricing.core.demand.internal;

import java.util.Arrays;

/**
 * Fits a logistic model with a purchase ceiling, {@code P = kappa sigma(s)} with {@code s = b0 + z.b} over a
 * price design {@code z} and {@code kappa = sigma(k0 + u.v)} over an input design {@code u}, by projected Fisher
 * scoring on the penalised negative log-likelihood:
 *
 * <pre>
 *   L = - sum_i w_i [y_i ln P_i + (1 - y_i) ln(1 - P_i)] + ridge/2 (|b|^2 + |v|^2)
 * </pre>
 *
 * <p>The expected information of a Bernoulli with mean {@code P} is {@code (dP)(dP)^T / (P (1 - P))}, positive
 * semi-definite, so each step is a Newton step on it (a Gauss-Newton step), projected onto the box bounds on
 * {@code b} and taken with a backtracking line search that never lets {@code L} rise. The likelihood is not
 * convex in {@code (b, v)} jointly; the fit starts from the plain logistic solution with a ceiling near 1 and finds
 * a stationary point. It has converged when the largest projected gradient per unit of training weight falls
 * below the tolerance, the criterion {@link GlmSolver} uses. Stateless and thread-safe.
 */
public final class CeilingSolver {
  private CeilingSolver() {}

  /**
   * A fit.
   *
   * @param price the price model: its coefficients and intercept; its covariance block and bounds
   * @param ceiling the ceiling: its coefficients and intercept, with their covariance block
   * @param iterations the scoring iterations taken
   * @param converged whether the projected gradient fell below the tolerance
   * @param gradientNorm the largest projected gradient per unit of training weight at the end
   */
  public record Fit(GlmSolver.Solution price, GlmSolver.Solution ceiling, int iterations, boolean converged,
      double gradientNorm) {}

  /**
   * Solves.
   *
   * @param z the price design, row-major {@code rows * cols}
   * @param cols its columns
   * @param u the ceiling design, row-major {@code rows * n}
   * @param n its columns
   * @param rows the rows
   * @param y the 0/1 responses
   * @param w the row weights
   * @param ridge the ridge on every coefficient but the two intercepts
   * @param lower per price column lower bound
   * @param upper per price column upper bound
   * @param maxIterations the iteration limit
   * @param tolerance the criterion on the projected gradient per unit weight
   * @param start the plain logistic solution to start the price model from
   * @param ceilingStart the starting ceiling, in (0, 1)
   * @return the fit
   */
  public static Fit solve(double[] z, int cols, double[] u, int n, int rows, double[] y, double[] w, double ridge,
      double[] lower, double[] upper, int maxIterations, double tolerance, GlmSolver.Solution start,
      double ceilingStart) {
    int pb = cols + 1;
    int p = pb + n + 1;
    double[] theta = new double[p];
    System.arraycopy(start.coefficients(), 0, theta, 0, cols);
    theta[cols] = start.intercept();
    theta[p - 1] = Math.log(ceilingStart / (1 - ceilingStart));
    double totalW = 0;
    for (double v : w) {
      totalW += v;
    }
    double[] grad = new double[p];
    double[][] info = new double[p][p];
    boolean[] fixed = new boolean[p];
    double[] trial = new double[p];
    double objective = objective(z, cols, u, n, rows, y, w, ridge, theta);
    int iter = 0;
    boolean converged = false;
    double gnorm;
    while (true) {
      gradientAndInformation(z, cols, u, n, rows, y, w, ridge, theta, grad, info);
      gnorm = GlmSolver.projectedNorm(grad, theta, lower, upper, cols, fixed) / totalW;
      if (gnorm < tolerance) {
        converged = true;
        break;
      }
      if (iter >= maxIterations) {
        break;
      }
      iter++;
      double[] step = GlmSolver.newtonStep(info, grad, fixed, p);
      double t = 1.0;
      double next = Double.POSITIVE_INFINITY;
      for (int k = 0; k < 60; k++) {
        GlmSolver.projectedTrial(theta, t, step, lower, upper, cols, trial);
        next = objective(z, cols, u, n, rows, y, w, ridge, trial);
        double decrease = GlmSolver.decrease(grad, trial, theta);
        if (next <= objective + 1e-4 * Math.min(decrease, 0)) {
          break;
        }
        t *= 0.5;
      }
      if (!(next <= objective)) {
        break; // no descent along the scoring direction: stationary up to rounding, or not converged
      }
      double previous = objective;
      System.arraycopy(trial, 0, theta, 0, p);
      objective = next;
      if (previous - objective <= 1e-15 * Math.max(1, Math.abs(objective))) {
        gradientAndInformation(z, cols, u, n, rows, y, w, ridge, theta, grad, info);
        gnorm = GlmSolver.projectedNorm(grad, theta, lower, upper, cols, fixed) / totalW;
        converged = gnorm < Math.max(tolerance, 1e-6);
        break;
      }
    }
    gradientAndInformation(z, cols, u, n, rows, y, w, ridge, theta, grad, info);
    boolean[] atBound = new boolean[p];
    for (int j = 0; j < cols; j++) {
      atBound[j] = theta[j] <= lower[j] || theta[j] >= upper[j];
    }
    // the covariance over all parameters, intercepts never at a bound; split into the two blocks
    double[][] cov = GlmSolver.covariance(info, atBound, -1, p);
    double deviance = objective;
    for (int j = 0; j < p; j++) {
      if (j != cols && j != p - 1) {
        deviance -= 0.5 * ridge * theta[j] * theta[j];
      }
    }
    GlmSolver.Solution price = new GlmSolver.Solution(theta[cols], Arrays.copyOf(theta, cols), iter, converged,
        gnorm, Arrays.copyOf(atBound, cols), block(cov, 0, pb), deviance);
    GlmSolver.Solution ceiling = new GlmSolver.Solution(theta[p - 1], Arrays.copyOfRange(theta, pb, pb + n), iter,
        converged, gnorm, new boolean[n], block(cov, pb, n + 1), deviance);
    return new Fit(price, ceiling, iter, converged, gnorm);
  }

  private static double[][] block(double[][] cov, int from, int size) {
    double[][] out = new double[size][];
    for (int a = 0; a < size; a++) {
      out[a] = Arrays.copyOfRange(cov[from + a], from, from + size);
    }
    return out;
  }



  private static double linear(double[] design, int i, int cols, double[] theta, int from) {
    double e = theta[from + cols];
    int o = i * cols;
    for (int j = 0; j < cols; j++) {
      e += design[o + j] * theta[from + j];
    }
    return e;
  }

  private static double objective(double[] z, int cols, double[] u, int n, int rows, double[] y, double[] w,
      double ridge, double[] theta) {
    int pb = cols + 1;
    double loss = 0;
    for (int i = 0; i < rows; i++) {
      double s = linear(z, i, cols, theta, 0);
      double k = linear(u, i, n, theta, pb);
      double logP = -GlmSolver.softplus(-k) - GlmSolver.softplus(-s);
      loss -= w[i] * (y[i] > 0 ? logP : Math.log(-Math.expm1(logP)));
    }
    for (int j = 0; j < theta.length; j++) {
      if (j != cols && j != theta.length - 1) {
        loss += 0.5 * ridge * theta[j] * theta[j];
      }
    }
    return loss;
  }

  private static void gradientAndInformation(double[] z, int cols, double[] u, int n, int rows, double[] y,
      double[] w, double ridge, double[] theta, double[] grad, double[][] info) {
    int pb = cols + 1;
    int p = theta.length;
    Arrays.fill(grad, 0);
    for (double[] row : info) {
      Arrays.fill(row, 0);
    }
    double[] a = new double[p];
    for (int i = 0; i < rows; i++) {
      double s = linear(z, i, cols, theta, 0);
      double k = linear(u, i, n, theta, pb);
      double sigma = 1 / (1 + Math.exp(-s));
      double kappa = 1 / (1 + Math.exp(-k));
      double logP = -GlmSolver.softplus(-k) - GlmSolver.softplus(-s);
      double oneMinusP = -Math.expm1(logP);
      double ratio = Math.exp(logP) / Math.max(oneMinusP, 1e-300); // P / (1 - P)
      double ms = 1 - sigma; // d ln P / ds
      double mk = 1 - kappa; // d ln P / dk
      // d(-l)/ds: -(1 - sigma) for a buyer, P (1 - sigma) / (1 - P) for a non-buyer; likewise for k
      double gs = y[i] > 0 ? -ms : ratio * ms;
      double gk = y[i] > 0 ? -mk : ratio * mk;
      // expected information: P / (1 - P) (d ln P)(d ln P)^T
      double h = w[i] * ratio;
      int oz = i * cols;
      int ou = i * n;
      for (int j = 0; j < cols; j++) {
        a[j] = z[oz + j] * ms;
      }
      a[cols] = ms;
      for (int j = 0; j < n; j++) {
        a[pb + j] = u[ou + j] * mk;
      }
      a[p - 1] = mk;
      double wi = w[i];
      for (int j = 0; j < cols; j++) {
        grad[j] += wi * gs * z[oz + j];
      }
      grad[cols] += wi * gs;
      for (int j = 0; j < n; j++) {
        grad[pb + j] += wi * gk * u[ou + j];
      }
      grad[p - 1] += wi * gk;
      GlmSolver.addUpperOuter(info, a, h);
    }
    GlmSolver.symmetrise(info);
    for (int j = 0; j < p; j++) {
      if (j != cols && j != p - 1) {
        grad[j] += ridge * theta[j];
        info[j][j] += ridge;
      }
    }
  }
}
