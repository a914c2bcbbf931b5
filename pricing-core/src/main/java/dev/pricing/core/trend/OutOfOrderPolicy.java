package dev.pricing.core.trend;

/**
 * What a {@link TrendTracker} does with an observation whose period is before the product's open period
 * (observations of the open period itself are aggregated, whatever their order within it).
 *
 * <p>Immutable and thread-safe (an enum).
 */
public enum OutOfOrderPolicy {
  /** Throw {@link IllegalArgumentException} naming the product and the timestamp; nothing changes. */
  REJECT,
  /** Drop the observation and count it ({@link TrendTracker#ignoredCount()}). */
  IGNORE
}
