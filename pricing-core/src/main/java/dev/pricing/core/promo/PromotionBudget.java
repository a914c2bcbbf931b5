package dev.pricing.core.promo;

import dev.pricing.core.budget.BudgetLeases;
import dev.pricing.core.budget.CustomerCap;
import dev.pricing.core.budget.CustomerCapPolicy;
import dev.pricing.core.budget.LeasePolicy;
import dev.pricing.core.budget.LeasedQuota;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
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
 *
 * <p><b>Coupons per customer.</b> {@link #withMaxCouponsPerCustomer} adds a cap on the promotions one customer
 * gets per window ({@link CustomerCap}): exact in one JVM; for a shared budget, fleet-wide, at most
 * {@code cap + JVMs x} {@link CustomerCapPolicy#maxInFlightPerCustomer()} per customer and window, and at most
 * {@code cap} when all of a customer's requests reach one JVM.
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
  // the coupons-per-customer cap, or null; with it, tryReserve passes the rest of the reservation to the cap
  // through restOfReservation (allocation-free: its arguments and result go through these fields, under lock)
  private final CustomerCap couponCap;
  private final java.util.function.BooleanSupplier restOfReservation = this::reserveRest;
  private String argCustomer;
  private long argMicros;
  private Outcome restOutcome;

  private PromotionBudget(long limitMicros, long maxCustomers) {
    this(limitMicros, maxCustomers, null, null, null, null);
  }

  private PromotionBudget(long limitMicros, long maxCustomers, BudgetLeases leases, LeasedQuota spendQuota,
      LeasedQuota customerQuota, CustomerCap couponCap) {
    this.limitMicros = limitMicros;
    this.maxCustomers = maxCustomers;
    this.leases = leases;
    this.spendQuota = spendQuota;
    this.customerQuota = customerQuota;
    this.couponCap = couponCap;
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
    return new PromotionBudget(micros, Long.MAX_VALUE, leases, q, null, null);
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
      return new PromotionBudget(limitMicros, cap, leases, spendQuota, c, couponCap);
    }
    return new PromotionBudget(limitMicros, cap, null, null, null,
        couponCap == null ? null : CustomerCap.local(couponCap.maxPerCustomer(), couponCap.window()));
  }

  /**
   * Returns a budget with the same limits that also caps the promotions one customer gets per window, with the
   * default confirmation policy ({@link CustomerCapPolicy#defaults()}).
   *
   * @param maxPerCustomer the most promotions per customer and window, non-negative
   * @param window the window's length, at least 1 s (windows are its multiples since the epoch on the wall
   *     clock: {@code Duration.ofDays(1)} means UTC days)
   * @return a new, unspent budget; for a {@link #shared} budget, one that shares this budget's spend and
   *     customer slots and adds a cap shared by the fleet (cap id {@code <id>:per-customer}), which can be added
   *     once per budget id and JVM
   * @throws IllegalArgumentException if an argument is out of range
   */
  public PromotionBudget withMaxCouponsPerCustomer(long maxPerCustomer, Duration window) {
    return withMaxCouponsPerCustomer(maxPerCustomer, window, CustomerCapPolicy.defaults());
  }

  /**
   * Returns a budget with the same limits that also caps the promotions one customer gets per window.
   *
   * @param maxPerCustomer the most promotions per customer and window, non-negative
   * @param window the window's length, at least 1 s
   * @param policy how a shared budget confirms coupons with the store (a local budget counts exactly and
   *     uses none of it)
   * @return a new, unspent budget (see {@link #withMaxCouponsPerCustomer(long, Duration)})
   * @throws IllegalArgumentException if an argument is out of range
   */
  public PromotionBudget withMaxCouponsPerCustomer(long maxPerCustomer, Duration window, CustomerCapPolicy policy) {
    if (maxPerCustomer < 0) {
      throw new IllegalArgumentException("maxPerCustomer must not be negative, found " + maxPerCustomer);
    }
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(policy, "policy");
    if (spendQuota != null) {
      String id = spendQuota.budgetId();
      String base = id.substring(0, id.length() - ":spend".length());
      CustomerCap c = leases.customerCap(base + ":per-customer", maxPerCustomer, window, policy);
      return new PromotionBudget(limitMicros, maxCustomers, leases, spendQuota, customerQuota, c);
    }
    return new PromotionBudget(limitMicros, maxCustomers, null, null, null,
        CustomerCap.local(maxPerCustomer, window));
  }

  /** The outcome of {@link #tryReserve}. Immutable and thread-safe (an enum). */
  public enum Outcome {
    /** The cost was reserved. */
    RESERVED,
    /** The spend limit has no room for the cost. */
    SPEND_EXHAUSTED,
    /** The customer is new and the cap on discounted customers is reached. */
    CUSTOMER_CAP_REACHED,
    /**
     * The customer has had the most promotions per window ({@link #withMaxCouponsPerCustomer}), or, for a
     * shared budget, its previous ones from this JVM are still being confirmed with the store.
     */
    CUSTOMER_LIMIT_REACHED,
    /**
     * The per-customer cap of a shared budget cannot count: its store has not answered lately or does not know
     * the cap, or this JVM tracks as many customers as its policy allows.
     */
    CAP_UNAVAILABLE
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
    if (couponCap != null) {
      synchronized (lock) {
        argCustomer = customerId;
        argMicros = micros;
        restOutcome = null;
        CustomerCap.Result r = couponCap.tryAcquire(customerId, restOfReservation);
        argCustomer = null;
        switch (r) {
          case GRANTED:
            return Outcome.RESERVED;
          case DECLINED:
            return restOutcome;
          case LIMIT_REACHED:
          case IN_FLIGHT:
            return Outcome.CUSTOMER_LIMIT_REACHED;
          default:
            return Outcome.CAP_UNAVAILABLE;
        }
      }
    }
    return reserveNoCap(customerId, micros);
  }

  /** The reservation but for the coupon cap: run by the cap under its lock, with this budget's lock held. */
  private boolean reserveRest() {
    restOutcome = reserveNoCap(argCustomer, argMicros);
    return restOutcome == Outcome.RESERVED;
  }

  private Outcome reserveNoCap(String customerId, long micros) {
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

  /** @return the coupons-per-customer cap ({@link #withMaxCouponsPerCustomer}), or null when none */
  public CustomerCap couponCap() {
    return couponCap;
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
        + ", discountedCustomers=" + discountedCustomers()
        + (maxCustomers == Long.MAX_VALUE ? "" : ", maxCustomers=" + maxCustomers)
        + (couponCap == null ? "" : ", maxCouponsPerCustomer=" + couponCap.maxPerCustomer() + " per "
            + couponCap.window())
        + (isShared() ? ", shared" : "") + "}";
  }
}
