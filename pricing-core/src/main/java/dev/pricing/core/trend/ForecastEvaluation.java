package dev.pricing.core.trend;

import java.util.Objects;
import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.analysis.UnivariateFunction;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;

/**
 * Evaluates exponential smoothing forecasts on held-out periods of a regular series, against the naive and
 * seasonal-naive baselines, and fits smoothing parameters.
 *
 * <ul>
 *   <li>{@link #rollingOrigin}: for every origin {@code t} from {@code firstOrigin} to {@code n - horizon},
 *       the method sees {@code y[0..t)} and forecasts {@code y[t..t+horizon)}; the smoother is advanced one
 *       observation per origin (one pass, O(n)). Naive forecasts {@code y[t-1]}; seasonal naive forecasts
 *       {@code y[t+j-1-m*ceil(j/m)]} for step {@code j}.
 *   <li>{@link #holdout}: one origin, the last {@code testLength} points held out.
 *   <li>{@link #fit}: the smoothing parameters that minimise the in-sample one-step-ahead squared error
 *       after warm-up (commons-math3 Brent for one parameter, BOBYQA for two or three), keeping the
 *       structure (trend, period) of the starting point.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class ForecastEvaluation {
  private ForecastEvaluation() {}

  /**
   * Rolling-origin evaluation.
   *
   * @param y the series, finite values
   * @param smoothing the method
   * @param firstOrigin the first origin, at least the warm-up length and at least the season period
   * @param horizon steps forecast from each origin, positive
   * @param seasonPeriod the seasonal-naive baseline's period, at least 1 (1 makes it the naive forecast)
   * @return the comparison
   * @throws IllegalArgumentException naming the field and value if an argument is invalid
   */
  public static ForecastComparison rollingOrigin(double[] y, Smoothing smoothing, int firstOrigin, int horizon,
      int seasonPeriod) {
    Objects.requireNonNull(y, "y");
    Objects.requireNonNull(smoothing, "smoothing");
    for (int i = 0; i < y.length; i++) {
      if (!Double.isFinite(y[i])) {
        throw new IllegalArgumentException("y[" + i + "] must be finite, found " + y[i]);
      }
    }
    if (horizon < 1) {
      throw new IllegalArgumentException("horizon must be positive, found " + horizon);
    }
    if (seasonPeriod < 1) {
      throw new IllegalArgumentException("seasonPeriod must be at least 1, found " + seasonPeriod);
    }
    int min = Math.max(smoothing.warmUp(), seasonPeriod);
    if (firstOrigin < min) {
      throw new IllegalArgumentException("firstOrigin must be at least " + min + ", found " + firstOrigin);
    }
    if (firstOrigin + horizon > y.length) {
      throw new IllegalArgumentException("firstOrigin + horizon must be at most the series length " + y.length
          + ", found " + (firstOrigin + horizon));
    }
    Acc model = new Acc();
    Acc naive = new Acc();
    Acc seasonal = new Acc();
    SeriesState s = SeriesState.empty(smoothing);
    for (int i = 0; i < firstOrigin; i++) {
      s = s.next(i, y[i]);
    }
    int origins = 0;
    for (int t = firstOrigin; t + horizon <= y.length; t++) {
      for (int j = 1; j <= horizon; j++) {
        double actual = y[t + j - 1];
        model.add(s.forecast(j), actual);
        naive.add(y[t - 1], actual);
        int back = seasonPeriod * ((j + seasonPeriod - 1) / seasonPeriod);
        seasonal.add(y[t + j - 1 - back], actual);
      }
      origins++;
      s = s.next(t, y[t]);
    }
    return new ForecastComparison(horizon, origins, model.scores(name(smoothing)), naive.scores("naive"),
        seasonal.scores("seasonal naive (m=" + seasonPeriod + ")"));
  }

  /**
   * Holdout evaluation: fit on all but the last {@code testLength} points and forecast them from one origin.
   *
   * @param y the series
   * @param smoothing the method
   * @param testLength points held out, positive
   * @param seasonPeriod the seasonal-naive baseline's period
   * @return the comparison
   */
  public static ForecastComparison holdout(double[] y, Smoothing smoothing, int testLength, int seasonPeriod) {
    Objects.requireNonNull(y, "y");
    if (testLength < 1 || testLength >= y.length) {
      throw new IllegalArgumentException("testLength must be in [1, " + (y.length - 1) + "], found "
          + testLength);
    }
    int origin = y.length - testLength;
    ForecastComparison c = rollingOrigin(java.util.Arrays.copyOf(y, y.length), smoothing, origin, testLength,
        seasonPeriod);
    return c;
  }

  /**
   * Fits the smoothing parameters on a series by minimising the one-step-ahead squared error.
   *
   * @param y the training series, longer than the warm-up
   * @param start the structure (trend, period) and starting parameters
   * @return the fitted parameters
   */
  public static Smoothing fit(double[] y, Smoothing start) {
    Objects.requireNonNull(y, "y");
    Objects.requireNonNull(start, "start");
    if (y.length <= start.warmUp() + 1) {
      throw new IllegalArgumentException("y.length must exceed the warm-up " + (start.warmUp() + 1) + ", found "
          + y.length);
    }
    if (!start.trended() && !start.seasonal()) {
      UnivariateFunction f = a -> sse(y, Smoothing.simple(a));
      double a = new BrentOptimizer(1e-6, 1e-8).optimize(new MaxEval(500), new UnivariateObjectiveFunction(f),
          GoalType.MINIMIZE, new SearchInterval(0.001, 1, start.alpha())).getPoint();
      return Smoothing.simple(a);
    }
    boolean seasonal = start.seasonal();
    int dims = seasonal ? 3 : 2;
    MultivariateFunction f = p -> sse(y, build(start, p));
    double[] lo = seasonal ? new double[] {0.001, 0, 0} : new double[] {0.001, 0};
    double[] hi = seasonal ? new double[] {1, 1, 1} : new double[] {1, 1};
    double[] x0 = seasonal ? new double[] {start.alpha(), start.beta(), start.gamma()}
        : new double[] {start.alpha(), start.beta()};
    for (int i = 0; i < dims; i++) {
      x0[i] = Math.min(hi[i] - 1e-3, Math.max(lo[i] + 1e-3, x0[i]));
    }
    PointValuePair best = new BOBYQAOptimizer(2 * dims + 1, 0.05, 1e-5).optimize(new MaxEval(2000),
        new ObjectiveFunction(f), GoalType.MINIMIZE, new InitialGuess(x0), new SimpleBounds(lo, hi));
    return build(start, best.getPoint());
  }

  private static Smoothing build(Smoothing start, double[] p) {
    double a = Math.min(1, Math.max(0.001, p[0]));
    double b = Math.min(1, Math.max(0, p[1]));
    return start.seasonal() ? Smoothing.holtWinters(a, b, Math.min(1, Math.max(0, p[2])), start.period())
        : Smoothing.holt(a, b);
  }

  private static double sse(double[] y, Smoothing s) {
    SeriesState st = SeriesState.empty(s);
    double sse = 0;
    for (int i = 0; i < y.length; i++) {
      if (st.ready()) {
        double e = y[i] - st.forecast(1);
        sse += e * e;
      }
      st = st.next(i, y[i]);
    }
    return sse;
  }

  private static String name(Smoothing s) {
    String kind = s.seasonal() ? "Holt-Winters additive (m=" + s.period() + ")" : s.trended() ? "Holt" : "simple ES";
    return String.format(java.util.Locale.ROOT, "%s a=%.3f b=%.3f g=%.3f", kind, s.alpha(), s.beta(), s.gamma());
  }

  private static final class Acc {
    int n;
    int nPct;
    double abs;
    double sq;
    double smape;
    double mape;

    void add(double f, double y) {
      double e = f - y;
      n++;
      abs += Math.abs(e);
      sq += e * e;
      double denom = Math.abs(f) + Math.abs(y);
      smape += denom == 0 ? 0 : 200 * Math.abs(e) / denom;
      if (y != 0) {
        nPct++;
        mape += 100 * Math.abs(e / y);
      }
    }

    ForecastScores scores(String method) {
      return new ForecastScores(method, n, abs / n, Math.sqrt(sq / n), smape / n, nPct == 0 ? Double.NaN : mape / nPct);
    }
  }
}
