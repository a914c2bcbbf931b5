package dev.pricing.core.promo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A promotion budget shared by every thread that decides promotions: a limit on total promotion spend (the
 * expected cost of the discounts given, as {@link PromotionDecision#expectedCost()} computes it) and,
 * optionally, a cap on how many distinct customers may be discounted (a share of a planned population).
 *
 * <p><b>Thread-safety and accounting.</b> Thread-safe. {@link #tryReserve} checks both limits and records the
 * spend in one atomic step, so concurrent callers can never together exceed either limit, and every reserved
 * amount is counted exactly once. Spend is kept as a whole number of micro-units (10<sup>-6</sup> of the
 * currency unit), so sums are exact; each reservation is rounded up to the next micro-unit (never
 * under-counted). The critical section is a few arithmetic operations and a set lookup under one lock.
 *
 * <p>Once the spend limit is reached, decisions drawing on this budget are "no promotion" with
 * {@link PromotionReason#BUDGET_EXHAUSTED}; once the customer cap is reached, new customers get
 * {@link PromotionReason#CUSTOMER_CAP_REACHED} (a customer already discounted may be discounted again while
 * spend remains).
 */
public final class PromotionBudget {
  private static final BigDecimal MICROS = BigDecimal.valueOf(1_000_000);

  private final long limitMicros;
  private final long maxCustomers;
  private final Object lock = new Object();
  private final Set<String> discounted = new HashSet<>();
  private long spentMicros;
  private long reservations;

  private PromotionBudget(long limitMicros, long maxCustomers) {
    this.limitMicros = limitMicros;
    this.maxCustomers = maxCustomers;
  }

  /**
   * A budget limited by spend only.
   *
   * @param maxSpend the spend limit, non-negative, for example {@code "500.00"}
   * @return the budget
   * @throws IllegalArgumentException if the limit is negative or not a number
   */
  public static PromotionBudget of(String maxSpend) {
    Objects.requireNonNull(maxSpend, "maxSpend");
    BigDecimal v;
    try {
      v = new BigDecimal(maxSpend.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("maxSpend must be a decimal number, found '" + maxSpend + "'", e);
    }
    return of(v);
  }

  /**
   * A budget limited by spend only.
   *
   * @param maxSpend the spend limit, non-negative, in the promotions' currency
   * @return the budget
   * @throws IllegalArgumentException if the limit is negative or too large to count in micro-units
   */
  public static PromotionBudget of(BigDecimal maxSpend) {
    Objects.requireNonNull(maxSpend, "maxSpend");
    if (maxSpend.signum() < 0) {
      throw new IllegalArgumentException("maxSpend must not be negative, found " + maxSpend.toPlainString());
    }
    long micros;
    try {
      micros = maxSpend.multiply(MICROS).setScale(0, RoundingMode.FLOOR).longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("maxSpend must be below 9.2e12, found " + maxSpend.toPlainString(), e);
    }
    return new PromotionBudget(micros, Long.MAX_VALUE);
  }

  /**
   * Returns a budget with the same spend limit that also caps the share of customers discounted.
   *
   * @param share the largest share discounted, in [0, 1]
   * @param population the number of customers the campaign plans for, positive
   * @return a new, unspent budget
   */
  public PromotionBudget withMaxDiscountedShare(double share, long population) {
    if (!(share >= 0 && share <= 1)) {
      throw new IllegalArgumentException("maxDiscountedShare must be in [0, 1], found " + share);
    }
    if (population <= 0) {
      throw new IllegalArgumentException("population must be positive, found " + population);
    }
    return new PromotionBudget(limitMicros, (long) Math.floor(share * population + 1e-9));
  }

  /** The outcome of {@link #tryReserve}. Immutable and thread-safe (an enum). */
  public enum Outcome {
    /** The cost was reserved. */
    RESERVED,
    /** The spend limit has no room for the cost. */
    SPEND_EXHAUSTED,
    /** The customer is new and the cap on discounted customers is reached. */
    CUSTOMER_CAP_REACHED
  }

  /**
   * Atomically reserves an expected cost for a customer if both limits allow it.
   *
   * @param customerId the customer
   * @param expectedCost the expected cost, finite and non-negative
   * @return the outcome; nothing is recorded unless it is {@link Outcome#RESERVED}
   * @throws IllegalArgumentException if the cost is NaN, infinite or negative
   */
  public Outcome tryReserve(String customerId, double expectedCost) {
    Objects.requireNonNull(customerId, "customerId");
    if (!(Double.isFinite(expectedCost) && expectedCost >= 0)) {
      throw new IllegalArgumentException("expectedCost must be finite and non-negative, found " + expectedCost);
    }
    long micros = (long) Math.ceil(expectedCost * 1e6);
    synchronized (lock) {
      if (micros > limitMicros - spentMicros) {
        return Outcome.SPEND_EXHAUSTED;
      }
      if (!discounted.contains(customerId)) {
        if (discounted.size() >= maxCustomers) {
          return Outcome.CUSTOMER_CAP_REACHED;
        }
        discounted.add(customerId);
      }
      spentMicros += micros;
      reservations++;
      return Outcome.RESERVED;
    }
  }

  /** @return the spend limit */
  public BigDecimal limit() {
    return BigDecimal.valueOf(limitMicros, 6);
  }

  /** @return the spend reserved so far (exact, in micro-units) */
  public BigDecimal spent() {
    synchronized (lock) {
      return BigDecimal.valueOf(spentMicros, 6);
    }
  }

  /** @return the spend still available */
  public BigDecimal remaining() {
    synchronized (lock) {
      return BigDecimal.valueOf(limitMicros - spentMicros, 6);
    }
  }

  /** @return whether no spend is left */
  public boolean exhausted() {
    synchronized (lock) {
      return spentMicros >= limitMicros;
    }
  }

  /** @return the number of distinct customers discounted */
  public long discountedCustomers() {
    synchronized (lock) {
      return discounted.size();
    }
  }

  /** @return the cap on distinct discounted customers ({@link Long#MAX_VALUE} when none) */
  public long maxCustomers() {
    return maxCustomers;
  }

  /** @return the number of successful reservations */
  public long reservations() {
    synchronized (lock) {
      return reservations;
    }
  }

  @Override
  public String toString() {
    return "PromotionBudget{limit=" + limit().toPlainString() + ", spent=" + spent().toPlainString()
        + ", discountedCustomers=" + discountedCustomers() + "}";
  }
}
