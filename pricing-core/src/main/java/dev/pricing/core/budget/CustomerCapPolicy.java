package dev.pricing.core.budget;

import java.time.Duration;
import java.util.Objects;

/**
 * How a fleet-wide {@link CustomerCap} confirms its coupons with the store. Immutable and thread-safe.
 *
 * <p>A JVM grants a customer a coupon without waiting for the store, and confirms it on its background thread;
 * while {@code maxInFlightPerCustomer} coupons of one customer await confirmation it grants that customer no
 * more. That number is the knob of the guarantee: a customer gets at most {@code cap + JVMs x
 * maxInFlightPerCustomer} coupons in a window across the fleet, and at most {@code cap} when all of the
 * customer's requests reach one JVM (see {@code docs/fleet.md}).
 *
 * @param maxInFlightPerCustomer the most unconfirmed coupons of one customer in one JVM, positive (1 keeps the
 *     overshoot to one coupon per JVM; a second request of the same customer within a round trip is refused)
 * @param maxTrackedCustomers the most customers one JVM tracks in a window, positive: a JVM that tracks this
 *     many grants nothing to a new customer until the window ends (it never forgets a customer within a window,
 *     which the bound needs); each tracked customer costs a map entry and a small object (about 100 bytes, an
 *     estimate) besides its id
 * @param staleAfter how long after the last confirmation it sent that succeeded a JVM keeps granting; after it,
 *     every coupon is refused until the store answers again; at least 100 ms
 * @param syncInterval how often the JVM confirms and checks the store when it has nothing to confirm (it
 *     confirms at once after a grant), positive and at most staleAfter / 4
 * @param ttlSlack how long a window's counters outlive the window in the store, to cover clocks that disagree;
 *     not negative
 */
public record CustomerCapPolicy(int maxInFlightPerCustomer, int maxTrackedCustomers, Duration staleAfter,
    Duration syncInterval, Duration ttlSlack) {
  /**
   * Validates.
   *
   * @param maxInFlightPerCustomer the most unconfirmed coupons per customer
   * @param maxTrackedCustomers the most customers tracked per window
   * @param staleAfter when to stop granting without the store
   * @param syncInterval the sync interval
   * @param ttlSlack the counters' time past the window
   * @throws IllegalArgumentException naming the field and value if one is out of range
   */
  public CustomerCapPolicy {
    Objects.requireNonNull(staleAfter, "staleAfter");
    Objects.requireNonNull(syncInterval, "syncInterval");
    Objects.requireNonNull(ttlSlack, "ttlSlack");
    if (maxInFlightPerCustomer <= 0) {
      throw new IllegalArgumentException("maxInFlightPerCustomer must be positive, found " + maxInFlightPerCustomer);
    }
    if (maxTrackedCustomers <= 0) {
      throw new IllegalArgumentException("maxTrackedCustomers must be positive, found " + maxTrackedCustomers);
    }
    if (staleAfter.toMillis() < 100) {
      throw new IllegalArgumentException("staleAfter must be at least 100 ms, found " + staleAfter);
    }
    if (syncInterval.isNegative() || syncInterval.isZero() || syncInterval.toMillis() * 4 > staleAfter.toMillis()) {
      throw new IllegalArgumentException("syncInterval must be positive and at most staleAfter / 4 ("
          + staleAfter.dividedBy(4) + "), found " + syncInterval);
    }
    if (ttlSlack.isNegative()) {
      throw new IllegalArgumentException("ttlSlack must not be negative, found " + ttlSlack);
    }
  }

  /**
   * The defaults: one coupon in flight per customer, 250,000 customers tracked per window, stale after 2 s
   * without the store, a check every 250 ms, counters kept 1 h past their window.
   *
   * @return the policy
   */
  public static CustomerCapPolicy defaults() {
    return new CustomerCapPolicy(1, 250_000, Duration.ofSeconds(2), Duration.ofMillis(250), Duration.ofHours(1));
  }

  /**
   * @param maxInFlight the most unconfirmed coupons per customer and JVM
   * @return a copy with it
   */
  public CustomerCapPolicy withMaxInFlightPerCustomer(int maxInFlight) {
    return new CustomerCapPolicy(maxInFlight, maxTrackedCustomers, staleAfter, syncInterval, ttlSlack);
  }

  /**
   * @param maxTracked the most customers tracked per window and JVM
   * @return a copy with it
   */
  public CustomerCapPolicy withMaxTrackedCustomers(int maxTracked) {
    return new CustomerCapPolicy(maxInFlightPerCustomer, maxTracked, staleAfter, syncInterval, ttlSlack);
  }

  /**
   * @param staleAfter when to stop granting without the store
   * @param syncInterval the sync interval
   * @return a copy with this timing
   */
  public CustomerCapPolicy withTiming(Duration staleAfter, Duration syncInterval) {
    return new CustomerCapPolicy(maxInFlightPerCustomer, maxTrackedCustomers, staleAfter, syncInterval, ttlSlack);
  }
}
