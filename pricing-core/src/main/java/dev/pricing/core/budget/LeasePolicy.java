package dev.pricing.core.budget;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link LeasedQuota} leases from its store. Immutable and thread-safe.
 *
 * <p>The chunk a JVM tries to hold is its recent spend rate times {@code refillHorizon} (so a busy JVM holds
 * more and syncs no more often than a quiet one), at least {@code minChunk} and twice the largest single
 * acquisition seen, at most {@code maxChunk}. The fleet can overspend by at most one {@code maxChunk} per JVM
 * (see {@code docs/fleet.md}), so {@code maxChunk} is the knob that trades overspend against store traffic; an
 * acquisition larger than {@code maxChunk} is always refused.
 *
 * @param minChunk the smallest chunk, positive
 * @param maxChunk the largest chunk, at least {@code minChunk}
 * @param refillHorizon how long a chunk should last at the recent spend rate, positive
 * @param ttl a lease's time to live in the store; the JVM stops spending a lease it could not renew after 4/5
 *     of it, at least 100 ms
 * @param syncInterval how often spend is reported and the lease renewed (also on demand when the chunk runs
 *     low), positive and at most ttl / 4
 */
public record LeasePolicy(long minChunk, long maxChunk, Duration refillHorizon, Duration ttl, Duration syncInterval) {
  /**
   * Validates.
   *
   * @param minChunk the smallest chunk
   * @param maxChunk the largest chunk
   * @param refillHorizon how long a chunk should last
   * @param ttl the lease's time to live
   * @param syncInterval how often to sync
   * @throws IllegalArgumentException naming the field and value if one is out of range
   */
  public LeasePolicy {
    Objects.requireNonNull(refillHorizon, "refillHorizon");
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(syncInterval, "syncInterval");
    if (minChunk <= 0) {
      throw new IllegalArgumentException("minChunk must be positive, found " + minChunk);
    }
    if (maxChunk < minChunk) {
      throw new IllegalArgumentException("maxChunk must be at least minChunk (" + minChunk + "), found " + maxChunk);
    }
    if (refillHorizon.isNegative() || refillHorizon.isZero()) {
      throw new IllegalArgumentException("refillHorizon must be positive, found " + refillHorizon);
    }
    if (ttl.toMillis() < 100) {
      throw new IllegalArgumentException("ttl must be at least 100 ms, found " + ttl);
    }
    if (syncInterval.isNegative() || syncInterval.isZero() || syncInterval.toMillis() * 4 > ttl.toMillis()) {
      throw new IllegalArgumentException("syncInterval must be positive and at most ttl / 4 (" + ttl.dividedBy(4)
          + "), found " + syncInterval);
    }
  }

  /**
   * Defaults for a limit: chunks of 1/1000 to 1/100 of it (at least 1 unit), a 2 s refill horizon, a 10 s lease
   * renewed every 250 ms.
   *
   * @param limit the budget's limit, non-negative
   * @return the policy
   */
  public static LeasePolicy forLimit(long limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, found " + limit);
    }
    long max = Math.max(1, limit / 100);
    return new LeasePolicy(Math.max(1, max / 10), max, Duration.ofSeconds(2), Duration.ofSeconds(10),
        Duration.ofMillis(250));
  }

  /**
   * @param min the smallest chunk
   * @param max the largest chunk
   * @return a copy with these chunk bounds
   */
  public LeasePolicy withChunks(long min, long max) {
    return new LeasePolicy(min, max, refillHorizon, ttl, syncInterval);
  }

  /**
   * @param ttl the lease time to live
   * @param syncInterval the sync interval
   * @return a copy with this timing
   */
  public LeasePolicy withTiming(Duration ttl, Duration syncInterval) {
    return new LeasePolicy(minChunk, maxChunk, refillHorizon, ttl, syncInterval);
  }
}
