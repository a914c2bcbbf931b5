package dev.pricing.core.trend;

import java.util.Arrays;

/**
 * The state of an exponential smoothing recurrence after some observations of a regular series (one value
 * per period). Immutable: {@link #next(long, double)} returns a new state, so readers on other threads
 * always see a consistent snapshot.
 *
 * <p><b>Equations</b> (Holt-Winters additive; Hyndman and Athanasopoulos, <i>Forecasting: Principles and
 * Practice</i>, section 8.3). For an observation {@code y_t} at period {@code t}, with season length
 * {@code m} and {@code s_{t-m}} the latest seasonal term of the same phase:
 * <pre>
 *   l_t = alpha (y_t - s_{t-m}) + (1 - alpha) (l_{t-1} + b_{t-1})
 *   b_t = beta (l_t - l_{t-1}) + (1 - beta) b_{t-1}
 *   s_t = gamma (y_t - l_t) + (1 - gamma) s_{t-m}
 *   forecast h periods after the last observation T:  y^_{T+h} = l_T + h b_T + s_{T+h-m(k+1)},  k = floor((h-1)/m)
 * </pre>
 * Holt's linear method is the same without seasonal terms ({@code s = 0}); simple exponential smoothing
 * also drops the trend ({@code b = 0}). Each update is O(1) in the length of the history; the immutable
 * snapshot copies the {@code m} seasonal terms (a constant, 7 for day of week).
 *
 * <p><b>Initialisation.</b> The first {@link Smoothing#warmUp()} observations are buffered; until then the
 * state is not {@link #ready()} and its level is their mean (trend and seasonal terms 0). Then: simple,
 * {@code l = y_0}; Holt, {@code l = y_1, b = y_1 - y_0}; Holt-Winters, from the first two seasons,
 * {@code l} = mean of the second season, {@code b} = (mean of the second season - mean of the first) / m,
 * and {@code s_j} = the average over both seasons of {@code y - season mean - b (j - (m - 1) / 2)} for
 * phase j (deviation from the season's detrended mean).
 *
 * <p><b>Missing periods.</b> Periods are identified by a long index; when the next observation skips
 * {@code k - 1} periods, the level first moves along the trend ({@code l += (k - 1) b}) and the seasonal
 * phase follows the period index, so no update is needed for the missing periods (O(1) whatever the gap).
 * During warm-up gaps are ignored.
 *
 * <p>Immutable and thread-safe.
 */
public final class SeriesState {
  private final Smoothing smoothing;
  private final long observations;
  private final long lastPeriod;
  private final double level;
  private final double trend;
  /** Seasonal terms indexed by {@code floorMod(period, m)}; length 0 when not seasonal. */
  private final double[] season;
  /** Buffered warm-up observations; null once ready. */
  private final double[] warm;

  private SeriesState(Smoothing smoothing, long observations, long lastPeriod, double level, double trend,
      double[] season, double[] warm) {
    this.smoothing = smoothing;
    this.observations = observations;
    this.lastPeriod = lastPeriod;
    this.level = level;
    this.trend = trend;
    this.season = season;
    this.warm = warm;
  }

  /**
   * Returns the state before any observation.
   *
   * @param smoothing the parameters
   * @return the empty state
   */
  public static SeriesState empty(Smoothing smoothing) {
    java.util.Objects.requireNonNull(smoothing, "smoothing");
    return new SeriesState(smoothing, 0, Long.MIN_VALUE, 0, 0,
        new double[smoothing.seasonal() ? smoothing.period() : 0], new double[smoothing.warmUp()]);
  }

  /**
   * Folds in the observation of a period later than the last one.
   *
   * @param period the period index (for example days since an origin)
   * @param y the observation, finite
   * @return the new state
   * @throws IllegalArgumentException naming the value if y is not finite or the period is not after the
   *     last one
   */
  public SeriesState next(long period, double y) {
    if (!Double.isFinite(y)) {
      throw new IllegalArgumentException("observation must be finite, found " + y);
    }
    if (observations > 0 && period <= lastPeriod) {
      throw new IllegalArgumentException("period must be after the last period " + lastPeriod + ", found "
          + period);
    }
    if (warm != null) {
      int n = (int) observations;
      double[] w = Arrays.copyOf(warm, warm.length);
      w[n] = y;
      n++;
      if (n < w.length) {
        double mean = 0;
        for (int i = 0; i < n; i++) {
          mean += w[i];
        }
        return new SeriesState(smoothing, n, period, mean / n, 0, season, w);
      }
      return initialise(period, w);
    }
    int m = season.length;
    long k = period - lastPeriod;
    double l0 = level + (k - 1) * trend;
    double b0 = trend;
    double sPrev = m == 0 ? 0 : season[Math.floorMod(period, m)];
    double a = smoothing.alpha();
    double l = a * (y - sPrev) + (1 - a) * (l0 + b0);
    double b = smoothing.trended() ? smoothing.beta() * (l - l0) + (1 - smoothing.beta()) * b0 : 0;
    double[] s = season;
    if (m > 0) {
      s = Arrays.copyOf(season, m);
      s[Math.floorMod(period, m)] = smoothing.gamma() * (y - l) + (1 - smoothing.gamma()) * sPrev;
    }
    return new SeriesState(smoothing, observations + 1, period, l, b, s, null);
  }

  private SeriesState initialise(long period, double[] w) {
    int n = w.length;
    if (!smoothing.trended()) {
      return new SeriesState(smoothing, n, period, w[0], 0, season, null);
    }
    if (!smoothing.seasonal()) {
      return new SeriesState(smoothing, n, period, w[1], w[1] - w[0], season, null);
    }
    int m = smoothing.period();
    double mean1 = 0;
    double mean2 = 0;
    for (int i = 0; i < m; i++) {
      mean1 += w[i];
      mean2 += w[m + i];
    }
    mean1 /= m;
    mean2 /= m;
    double b = (mean2 - mean1) / m;
    double[] s = new double[m];
    // The last buffered value is at `period`; value i sits at period - (n - 1 - i).
    for (int i = 0; i < m; i++) {
      double drift = b * (i - (m - 1) / 2.0);
      double dev = ((w[i] - mean1 - drift) + (w[m + i] - mean2 - drift)) / 2;
      long p = period - (n - 1 - (m + i));
      s[(int) Math.floorMod(p, (long) m)] = dev;
    }
    // Level at the last period of the second season: its mean plus half a season of trend.
    double l = mean2 + b * (m - 1) / 2.0;
    return new SeriesState(smoothing, n, period, l, b, s, null);
  }

  /**
   * Returns the forecast {@code h} periods after the last observation.
   *
   * @param h the horizon, at least 0 (0 gives the smoothed value at the last period)
   * @return the forecast
   */
  public double forecast(long h) {
    double f = level + h * trend;
    if (season.length > 0 && warm == null) {
      f += season[(int) Math.floorMod(lastPeriod + h, (long) season.length)];
    }
    return f;
  }

  /**
   * Returns the forecast for a period (at or after the last one).
   *
   * @param period the period index
   * @return the forecast, the level when there is no observation yet
   */
  public double forecastAt(long period) {
    return observations == 0 ? level : forecast(Math.max(0, period - lastPeriod));
  }

  /** @return the parameters */
  public Smoothing smoothing() {
    return smoothing;
  }

  /** @return observations folded in */
  public long observations() {
    return observations;
  }

  /** @return whether the warm-up is complete */
  public boolean ready() {
    return warm == null;
  }

  /** @return the period of the last observation, {@code Long.MIN_VALUE} before any */
  public long lastPeriod() {
    return lastPeriod;
  }

  /** @return the level (deseasonalised) */
  public double level() {
    return level;
  }

  /** @return the trend per period */
  public double trend() {
    return trend;
  }

  /**
   * Returns the seasonal term of a period's phase.
   *
   * @param period the period index
   * @return the additive seasonal term, 0 when not seasonal or not ready
   */
  public double seasonal(long period) {
    return season.length == 0 || warm != null ? 0 : season[(int) Math.floorMod(period, (long) season.length)];
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "SeriesState[n=%d, level=%.4f, trend=%.4f, ready=%s]",
        observations, level, trend, ready());
  }
}
