package dev.pricing.core.trend;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Tracks, per product, the demand level, trend and seasonality and the trend of the competitors' minimum
 * price, from a stream of observations, by exponential smoothing ({@link SeriesState}).
 *
 * <p><b>Periods.</b> Time is cut into periods of {@code period} (default one day) from {@code origin}
 * (default the Unix epoch). Demand observations (units sold) falling in the same period are summed;
 * competitor-price observations in the same period are averaged. A period is folded into the smoother when
 * the first observation of a later period arrives (until then it is "open"), so features always reflect
 * complete periods. A period without any observation is missing, not zero (see {@link SeriesState}): a
 * caller whose products can go a whole period without a sale sends an explicit 0 for that period.
 *
 * <p><b>Bad input.</b> A blank product id, a null time, or a NaN, infinite or negative value throws
 * {@link IllegalArgumentException} naming the field and the value. An observation for a period before the
 * product's open period is out of order: with {@link OutOfOrderPolicy#REJECT} (the default) it throws an
 * {@code IllegalArgumentException} naming the product and the timestamp; with
 * {@link OutOfOrderPolicy#IGNORE} it is dropped and counted by {@link #ignoredCount()}. Either way the
 * state is unchanged.
 *
 * <p><b>Thread-safety.</b> Thread-safe. Each product's state is one immutable {@link Track} held in a
 * {@link ConcurrentHashMap}; an update builds the next snapshot and swaps it in with
 * {@code ConcurrentHashMap.compute} (writers of the same product serialise on its bin; other products are
 * independent). Readers ({@link #track}, {@link TrendFeatures}) do a lock-free {@code get} and read the
 * snapshot's final fields: no lock and no allocation on the read path. Each update is O(1) in the history
 * length and allocates one snapshot (plus a copy of the m seasonal terms when a period closes).
 */
public final class TrendTracker {
  private final Smoothing demandSmoothing;
  private final Smoothing competitorSmoothing;
  private final long periodSeconds;
  private final long originSeconds;
  private final OutOfOrderPolicy policy;
  private final ConcurrentHashMap<String, Track> tracks = new ConcurrentHashMap<>();
  private final LongAdder ignored = new LongAdder();
  private final LongAdder updates = new LongAdder();

  private TrendTracker(Builder b) {
    this.demandSmoothing = b.demand;
    this.competitorSmoothing = b.competitor;
    this.periodSeconds = b.period.getSeconds();
    this.originSeconds = b.origin.getEpochSecond();
    this.policy = b.policy;
  }

  /**
   * Starts a builder with the defaults: daily periods from the epoch, demand by Holt-Winters (alpha 0.3,
   * beta 0.05, gamma 0.2, period 7: day of week), competitor price by Holt (alpha 0.3, beta 0.05), and
   * {@link OutOfOrderPolicy#REJECT}.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The state of one product: the demand and competitor-price smoothers over closed periods, and the open
   * period's running aggregates. Immutable and thread-safe.
   *
   * @param demand the demand smoother
   * @param competitor the competitor-minimum-price smoother
   * @param demandOpen the open demand period, {@code Long.MIN_VALUE} when none
   * @param demandSum units observed in the open demand period
   * @param competitorOpen the open competitor period, {@code Long.MIN_VALUE} when none
   * @param competitorSum sum of competitor prices observed in the open period
   * @param competitorCount how many were observed
   */
  public record Track(SeriesState demand, SeriesState competitor, long demandOpen, double demandSum,
      long competitorOpen, double competitorSum, int competitorCount) {}

  /**
   * Records units sold (or an explicit 0) for a product at a time.
   *
   * @param productId the product, not blank
   * @param time when, not null
   * @param units units sold, finite and non-negative
   * @throws IllegalArgumentException naming the field and value if an argument is invalid, or naming the
   *     timestamp if it is out of order under {@link OutOfOrderPolicy#REJECT}
   */
  public void recordDemand(String productId, Instant time, double units) {
    check(productId, time, units, "units");
    long p = periodOf(time);
    boolean[] stale = new boolean[1];
    tracks.compute(productId, (k, t) -> {
      if (t == null) {
        t = emptyTrack();
      }
      if (t.demandOpen != Long.MIN_VALUE && p < t.demandOpen) {
        stale[0] = true;
        return t;
      }
      if (p == t.demandOpen) {
        return new Track(t.demand, t.competitor, p, t.demandSum + units, t.competitorOpen, t.competitorSum,
            t.competitorCount);
      }
      SeriesState d = t.demandOpen == Long.MIN_VALUE ? t.demand : t.demand.next(t.demandOpen, t.demandSum);
      return new Track(d, t.competitor, p, units, t.competitorOpen, t.competitorSum, t.competitorCount);
    });
    finish(stale[0], productId, time);
  }

  /**
   * Records the competitors' minimum price for a product at a time.
   *
   * @param productId the product, not blank
   * @param time when, not null
   * @param minPrice the lowest competitor price, finite and non-negative
   * @throws IllegalArgumentException naming the field and value if an argument is invalid, or naming the
   *     timestamp if it is out of order under {@link OutOfOrderPolicy#REJECT}
   */
  public void recordCompetitorPrice(String productId, Instant time, double minPrice) {
    check(productId, time, minPrice, "minPrice");
    long p = periodOf(time);
    boolean[] stale = new boolean[1];
    tracks.compute(productId, (k, t) -> {
      if (t == null) {
        t = emptyTrack();
      }
      if (t.competitorOpen != Long.MIN_VALUE && p < t.competitorOpen) {
        stale[0] = true;
        return t;
      }
      if (p == t.competitorOpen) {
        return new Track(t.demand, t.competitor, t.demandOpen, t.demandSum, p, t.competitorSum + minPrice,
            t.competitorCount + 1);
      }
      SeriesState c = t.competitorOpen == Long.MIN_VALUE ? t.competitor
          : t.competitor.next(t.competitorOpen, t.competitorSum / t.competitorCount);
      return new Track(t.demand, c, t.demandOpen, t.demandSum, p, minPrice, 1);
    });
    finish(stale[0], productId, time);
  }

  private void finish(boolean stale, String productId, Instant time) {
    if (!stale) {
      updates.increment();
      return;
    }
    if (policy == OutOfOrderPolicy.IGNORE) {
      ignored.increment();
      return;
    }
    throw new IllegalArgumentException("time " + time + " for product " + productId
        + " is before the product's open period; observations must arrive in period order");
  }

  private Track emptyTrack() {
    return new Track(SeriesState.empty(demandSmoothing), SeriesState.empty(competitorSmoothing),
        Long.MIN_VALUE, 0, Long.MIN_VALUE, 0, 0);
  }

  private static void check(String productId, Instant time, double value, String field) {
    if (productId == null || productId.isBlank()) {
      throw new IllegalArgumentException("productId must not be blank, found " + productId);
    }
    if (time == null) {
      throw new IllegalArgumentException("time must not be null, found null");
    }
    if (!Double.isFinite(value) || value < 0) {
      throw new IllegalArgumentException(field + " must be finite and non-negative, found " + value);
    }
  }

  /**
   * Returns the period index of a time: whole periods since the origin (negative before it).
   *
   * @param time the time
   * @return the index
   */
  public long periodOf(Instant time) {
    return Math.floorDiv(time.getEpochSecond() - originSeconds, periodSeconds);
  }

  /**
   * Returns a product's state without copying; null for an unknown product. Lock-free and allocation-free.
   *
   * @param productId the product
   * @return the snapshot or null
   */
  Track trackOrNull(String productId) {
    return tracks.get(productId);
  }

  /**
   * Returns a product's state.
   *
   * @param productId the product
   * @return the snapshot, empty for a product never observed
   */
  public Optional<Track> track(String productId) {
    return Optional.ofNullable(tracks.get(productId));
  }

  /** @return observations dropped as out of order under {@link OutOfOrderPolicy#IGNORE} */
  public long ignoredCount() {
    return ignored.sum();
  }

  /** @return observations accepted */
  public long updateCount() {
    return updates.sum();
  }

  /** @return products tracked */
  public int productCount() {
    return tracks.size();
  }

  /** @return the demand smoothing parameters */
  public Smoothing demandSmoothing() {
    return demandSmoothing;
  }

  /** @return the competitor-price smoothing parameters */
  public Smoothing competitorSmoothing() {
    return competitorSmoothing;
  }

  @Override
  public String toString() {
    return "TrendTracker[period=" + periodSeconds + "s, demand=" + demandSmoothing + ", competitor="
        + competitorSmoothing + ", products=" + tracks.size() + "]";
  }

  /** A builder of {@link TrendTracker}. Not thread-safe. */
  public static final class Builder {
    private final dev.pricing.core.internal.BuilderOptions options =
        new dev.pricing.core.internal.BuilderOptions("trendTracker");
    private Duration period = Duration.ofDays(1);
    private Instant origin = Instant.EPOCH;
    private Smoothing demand = Smoothing.holtWinters(0.3, 0.05, 0.2, 7);
    private Smoothing competitor = Smoothing.holt(0.3, 0.05);
    private OutOfOrderPolicy policy = OutOfOrderPolicy.REJECT;

    private Builder() {}

    /**
     * Sets the period length (default one day).
     *
     * @param period at least one second
     * @return this builder
     * @throws IllegalArgumentException naming the value otherwise
     */
    public Builder period(Duration period) {
      options.once("period", period);
      Objects.requireNonNull(period, "period");
      if (period.getSeconds() < 1) {
        throw new IllegalArgumentException("period must be at least 1 second, found " + period);
      }
      this.period = period;
      return this;
    }

    /**
     * Sets the origin of period 0 (default the epoch; for weekly data, a Monday aligns weeks).
     *
     * @param origin the origin
     * @return this builder
     */
    public Builder origin(Instant origin) {
      options.once("origin", origin);
      this.origin = Objects.requireNonNull(origin, "origin");
      return this;
    }

    /**
     * Sets the demand smoothing.
     *
     * @param s the parameters
     * @return this builder
     */
    public Builder demand(Smoothing s) {
      options.once("demand", s);
      this.demand = Objects.requireNonNull(s, "demand");
      return this;
    }

    /**
     * Sets the competitor-price smoothing.
     *
     * @param s the parameters
     * @return this builder
     */
    public Builder competitor(Smoothing s) {
      options.once("competitor", s);
      this.competitor = Objects.requireNonNull(s, "competitor");
      return this;
    }

    /**
     * Sets what happens to out-of-order observations (default {@link OutOfOrderPolicy#REJECT}).
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder outOfOrder(OutOfOrderPolicy policy) {
      options.once("outOfOrder", policy);
      this.policy = Objects.requireNonNull(policy, "outOfOrder");
      return this;
    }

    /**
     * Builds the tracker.
     *
     * @return the tracker
     */
    public TrendTracker build() {
      return new TrendTracker(this);
    }
  }
}
