package dev.pricing.core.promo;

import dev.pricing.core.budget.BudgetLeases;
import dev.pricing.core.budget.LeasePolicy;
import dev.pricing.core.budget.LeasedQuota;
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
 *
 * <p><b>Shared by a fleet.</b> {@link #shared} makes a budget whose limit (and, with
 * {@link #withMaxDiscountedShare}, whose cap on discounted customers) is one across every JVM that opens it on
 * the same {@link dev.pricing.core.budget.BudgetStore}. Each JVM spends from a chunk leased in the background
 * ({@link LeasedQuota}), so {@link #tryReserve} still never waits on the network; when the store is unreachable
 * for longer than a lease lasts, reservations are refused ({@link Outcome#SPEND_EXHAUSTED}) until it returns.
 * The fleet's spend stays within the limit plus one {@link LeasePolicy#maxChunk()} per JVM, and only when JVMs
 * die or lose the store (see {@code docs/fleet.md}). For a shared budget {@link #spent()} and
 * {@link #reservations()} count this JVM's reservations and {@link #discountedCustomers()} this JVM's
 * customers; a customer discounted on two JVMs takes two customer slots (the cap is never exceeded).
 */
public final class PromotionBudget {
  private static final BigDecimal MICROS = BigDecimal.valueOf(1_000_000);

  private final long limitMicros;
  private final long maxCustomers;
  private final Object lock = new Object();
  private final Set<String> discounted = new HashSet<>();
  private long spentMicros;
  private long reservations;
  // shared budgets only: the leased spend (micro-units) and customer slots; null for a local budget
  private final BudgetLeases leases;
  private final LeasedQuota spendQuota;
  private final LeasedQuota customerQuota;

  private PromotionBudget(long limitMicros, long maxCustomers) {
    this(limitMicros, maxCustomers, null, null, null);
  }

  private PromotionBudget(long limitMicros, long maxCustomers, BudgetLeases leases, LeasedQuota spendQuota,
      LeasedQuota customerQuota) {
    this.limitMicros = limitMicros;
    this.maxCustomers = maxCustomers;
    this.leases = leases;
    this.spendQuota = spendQuota;
    this.customerQuota = customerQuota;
  }

  /**
   * A spend limit shared by every JVM that opens the same budget id on the same store, with lease chunks of
   * 1/1000 to 1/100 of the limit ({@link LeasePolicy#forLimit}).
   *
   * @param leases this JVM's leases on the store
   * @param budgetId the budget id in the store (for example {@code "spring-sale:2026-12-01"})
   * @param maxSpend the fleet's spend limit, non-negative (an existing budget in the store keeps its own)
   * @return the budget
   * @throws IllegalArgumentException if the id is invalid or already opened, or the limit is negative
   */
  public static PromotionBudget shared(BudgetLeases leases, String budgetId, BigDecimal maxSpend) {
    long micros = micros(maxSpend);
    return shared(leases, budgetId, maxSpend, LeasePolicy.forLimit(micros));
  }

  /**
   * A spend limit shared by a fleet, with a given lease policy.
   *
   * @param leases this JVM's leases on the store
   * @param budgetId the budget id in the store
   * @param maxSpend the fleet's spend limit, non-negative
   * @param spendPolicy the lease policy, its chunks in micro-units of the currency (a reservation larger than
   *     its {@code maxChunk} is always refused)
   * @return the budget
   * @throws IllegalArgumentException if the id is invalid or already opened, or the limit is negative
   */
  public static PromotionBudget shared(BudgetLeases leases, String budgetId, BigDecimal maxSpend,
      LeasePolicy spendPolicy) {
    Objects.requireNonNull(leases, "leases");
    long micros = micros(maxSpend);
    LeasedQuota q = leases.quota(budgetId + ":spend", micros, spendPolicy);
    return new PromotionBudget(micros, Long.MAX_VALUE, leases, q, null);
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
    return new PromotionBudget(micros(maxSpend), Long.MAX_VALUE);
  }

  private static long micros(BigDecimal maxSpend) {
    Objects.requireNonNull(maxSpend, "maxSpend");
    if (maxSpend.signum() < 0) {
      throw new IllegalArgumentException("maxSpend must not be negative, found " + maxSpend.toPlainString());
    }
    try {
      return maxSpend.multiply(MICROS).setScale(0, RoundingMode.FLOOR).longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("maxSpend must be below 9.2e12, found " + maxSpend.toPlainString(), e);
    }
  }

  /**
   * Returns a budget with the same spend limit that also caps the share of customers discounted.
   *
   * @param share the largest share discounted, in [0, 1]
   * @param population the number of customers the campaign plans for, positive
   * @return a new, unspent budget; for a {@link #shared} budget, one that shares this budget's spend and adds a
   *     customer cap shared by the fleet (budget id {@code <id>:customers}, chunks from
   *     {@link LeasePolicy#forLimit}), which can be added once per budget id and JVM
   */
  public PromotionBudget withMaxDiscountedShare(double share, long population) {
    if (!(share >= 0 && share <= 1)) {
      throw new IllegalArgumentException("maxDiscountedShare must be in [0, 1], found " + share);
    }
    if (population <= 0) {
      throw new IllegalArgumentException("population must be positive, found " + population);
    }
    long cap = (long) Math.floor(share * population + 1e-9);
    if (spendQuota != null) {
      String id = spendQuota.budgetId();
      String base = id.substring(0, id.length() - ":spend".length());
      LeasedQuota c = leases.quota(base + ":customers", cap, LeasePolicy.forLimit(cap));
      return new PromotionBudget(limitMicros, cap, leases, spendQuota, c);
    }
    return new PromotionBudget(limitMicros, cap);
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
    if (spendQuota != null) {
      return reserveShared(customerId, micros);
    }
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

  private Outcome reserveShared(String customerId, long micros) {
    synchronized (lock) {
      boolean isNew = !discounted.contains(customerId);
      int r = LeasedQuota.tryAcquireAll(spendQuota, micros, isNew ? customerQuota : null, 1);
      if (r == 1) {
        return Outcome.SPEND_EXHAUSTED;
      }
      if (r == 2) {
        return Outcome.CUSTOMER_CAP_REACHED;
      }
      discounted.add(customerId);
      spentMicros += micros;
      reservations++;
      return Outcome.RESERVED;
    }
  }

  /** @return whether this budget is shared by a fleet through a store */
  public boolean isShared() {
    return spendQuota != null;
  }

  /** @return the leased spend quota (micro-units) of a shared budget, or null for a local one */
  public LeasedQuota spendQuota() {
    return spendQuota;
  }

  /** @return the leased customer slots of a shared budget with a customer cap, or null */
  public LeasedQuota customerQuota() {
    return customerQuota;
  }

  /** @return the spend limit (for a shared budget, the store's once synced: an existing budget keeps its own) */
  public BigDecimal limit() {
    if (spendQuota != null) {
      return BigDecimal.valueOf(spendQuota.limit(), 6);
    }
    return BigDecimal.valueOf(limitMicros, 6);
  }

  /** @return the spend reserved so far (exact, in micro-units) */
  public BigDecimal spent() {
    synchronized (lock) {
      return BigDecimal.valueOf(spentMicros, 6);
    }
  }

  /**
   * @return the spend still available (for a shared budget: the fleet's unleased pool as of the last sync plus
   *     this JVM's chunk)
   */
  public BigDecimal remaining() {
    if (spendQuota != null) {
      return BigDecimal.valueOf(spendQuota.lastKnownRemaining(), 6);
    }
    synchronized (lock) {
      return BigDecimal.valueOf(limitMicros - spentMicros, 6);
    }
  }

  /** @return whether no spend is left (for a shared budget: as far as this JVM knows) */
  public boolean exhausted() {
    if (spendQuota != null) {
      return spendQuota.lastKnownRemaining() <= 0;
    }
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
