package dev.pricing.core.promo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pricing.api.Product;
import dev.pricing.core.budget.BudgetLeases;
import dev.pricing.core.budget.CustomerCap;
import dev.pricing.core.budget.CustomerCapPolicy;
import dev.pricing.core.budget.InMemoryBudgetStore;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Coupons per customer: a local budget counts exactly per window; a shared one counts across "JVMs" (two
 * {@link BudgetLeases} on one in-memory store, with the real background thread), stops when the store goes away
 * or forgets the cap, and refuses bad arguments naming them.
 */
class CouponCapTest {
  static final CustomerCapPolicy FAST = new CustomerCapPolicy(1, 1_000, Duration.ofMillis(400),
      Duration.ofMillis(50), Duration.ofMinutes(1));

  @Test
  void aLocalBudgetGivesACustomerAtMostTheCapPerWindowWithItsReason() {
    Product p = PromotionOptimizerTest.product("sku-1", "40.00", "12.00");
    PromotionBudget budget = PromotionBudget.of("1000").withMaxCouponsPerCustomer(2, Duration.ofDays(1));
    PromotionOptimizer opt = PromotionOptimizerTest.base().promotion(Promotion.percentOff("pct15", 15))
        .budget(budget).build();
    assertThat(opt.decide(PromotionOptimizerTest.request("c1", 0.95, p)).promoted()).isTrue();
    assertThat(opt.decide(PromotionOptimizerTest.request("c1", 0.95, p)).promoted()).isTrue();
    PromotionDecision third = opt.decide(PromotionOptimizerTest.request("c1", 0.95, p));
    assertThat(third.promoted()).isFalse();
    assertThat(third.reasons()).containsExactly(PromotionReason.CUSTOMER_LIMIT_REACHED);
    assertThat(third.effectivePrice()).isEqualByComparingTo("40.00");
    assertThat(opt.decide(PromotionOptimizerTest.request("c2", 0.95, p)).promoted()).isTrue();
    assertThat(budget.reservations()).isEqualTo(3);
    assertThat(budget.couponCap().countOf("c1")).isEqualTo(2);
    assertThat(budget.toString()).contains("maxCouponsPerCustomer=2 per PT24H");
  }

  @Test
  void aSpendRefusalCountsNoCoupon() {
    PromotionBudget budget = PromotionBudget.of("0.05").withMaxCouponsPerCustomer(1, Duration.ofHours(1));
    assertThat(budget.tryReserve("c1", 0.10)).isEqualTo(PromotionBudget.Outcome.SPEND_EXHAUSTED);
    assertThat(budget.couponCap().countOf("c1")).isZero();
    assertThat(budget.tryReserve("c1", 0.05)).isEqualTo(PromotionBudget.Outcome.RESERVED);
    assertThat(budget.tryReserve("c1", 0.0)).isEqualTo(PromotionBudget.Outcome.CUSTOMER_LIMIT_REACHED);
  }

  @Test
  void theNextWindowStartsAgain() {
    AtomicLong wall = new AtomicLong(Duration.ofDays(20_000).toMillis());
    CustomerCap cap = CustomerCap.local(1, Duration.ofDays(1), wall::get);
    assertThat(cap.tryAcquire("c1")).isEqualTo(CustomerCap.Result.GRANTED);
    assertThat(cap.tryAcquire("c1")).isEqualTo(CustomerCap.Result.LIMIT_REACHED);
    wall.addAndGet(Duration.ofDays(1).toMillis());
    assertThat(cap.tryAcquire("c1")).isEqualTo(CustomerCap.Result.GRANTED);
    assertThat(cap.trackedCustomers()).isEqualTo(1);
  }

  @Test
  void twoJvmsShareTheCapAndStopWhenTheStoreIsGoneOrForgetsIt() throws Exception {
    SharedPromotionBudgetTest.Switchable store = new SharedPromotionBudgetTest.Switchable(new InMemoryBudgetStore());
    try (BudgetLeases a = BudgetLeases.open(store, "jvm-a"); BudgetLeases b = BudgetLeases.open(store, "jvm-b")) {
      PromotionBudget ba = PromotionBudget.shared(a, "promo", new BigDecimal("1000"), SharedPromotionBudgetTest.POLICY)
          .withMaxCouponsPerCustomer(3, Duration.ofDays(1), FAST);
      assertThat(a.awaitFirstSync(30_000)).isTrue(); // a defines the cap first
      PromotionBudget bb = PromotionBudget.shared(b, "promo", new BigDecimal("1000"), SharedPromotionBudgetTest.POLICY)
          .withMaxCouponsPerCustomer(99, Duration.ofDays(1), FAST); // an existing cap keeps its own: 3
      assertThat(b.awaitFirstSync(30_000)).isTrue();
      assertThat(bb.couponCap().maxPerCustomer()).isEqualTo(3);
      int given = 0;
      for (int i = 0; i < 40; i++) {
        PromotionBudget on = i % 2 == 0 ? ba : bb;
        if (on.tryReserve("alice", 0.10) == PromotionBudget.Outcome.RESERVED) {
          given++;
        }
        Thread.sleep(5);
      }
      SharedPromotionBudgetTest.await("confirmations", () -> ba.couponCap().unconfirmed() == 0
          && bb.couponCap().unconfirmed() == 0);
      assertThat(given).isBetween(1, 3 + 2 * FAST.maxInFlightPerCustomer()); // cap + JVMs x in flight
      assertThat(store.addToCounters("promo:per-customer", Math.floorDiv(System.currentTimeMillis(),
          Duration.ofDays(1).toMillis()), java.util.List.of("alice"), new long[1], 1).totals())
          .containsExactly((long) given);
      // a customer seen by one JVM only gets exactly the cap
      int bob = 0;
      for (int i = 0; i < 20; i++) {
        if (ba.tryReserve("bob", 0.10) == PromotionBudget.Outcome.RESERVED) {
          bob++;
        }
        SharedPromotionBudgetTest.await("bob's confirmation", () -> ba.couponCap().unconfirmed() == 0);
      }
      assertThat(bob).isEqualTo(3);

      store.down = true;
      SharedPromotionBudgetTest.await("the cap to go stale", () -> ba.couponCap().state() == CustomerCap.State.STALE);
      assertThat(ba.tryReserve("carol", 0.10)).isEqualTo(PromotionBudget.Outcome.CAP_UNAVAILABLE);
      Product p = PromotionOptimizerTest.product("sku-1", "40.00", "12.00");
      PromotionOptimizer opt = PromotionOptimizerTest.base().promotion(Promotion.percentOff("pct15", 15))
          .budget(ba).build();
      PromotionDecision d = opt.decide(PromotionOptimizerTest.request("dave", 0.95, p));
      assertThat(d.promoted()).isFalse();
      assertThat(d.reasons()).containsExactly(PromotionReason.BUDGET_EXHAUSTED);
      assertThat(d.effectivePrice()).isEqualByComparingTo("40.00");
      store.down = false;
      SharedPromotionBudgetTest.await("the cap to return", () -> ba.couponCap().state() == CustomerCap.State.ACTIVE);
      assertThat(ba.tryReserve("carol", 0.10)).isEqualTo(PromotionBudget.Outcome.RESERVED);

      ((InMemoryBudgetStore) store.d).forget("promo:per-customer");
      SharedPromotionBudgetTest.await("the loss to be seen", () -> ba.couponCap().state() == CustomerCap.State.UNKNOWN);
      assertThat(ba.tryReserve("erin", 0.10)).isEqualTo(PromotionBudget.Outcome.CAP_UNAVAILABLE);
    }
  }

  @Test
  void aJvmThatTracksAllTheCustomersItMayGrantsNoNewOne() throws Exception {
    InMemoryBudgetStore store = new InMemoryBudgetStore();
    try (BudgetLeases l = BudgetLeases.open(store, "jvm")) {
      CustomerCap cap = l.customerCap("full", 5, Duration.ofDays(1), FAST.withMaxTrackedCustomers(2));
      assertThat(l.awaitFirstSync(30_000)).isTrue();
      assertThat(cap.tryAcquire("c1")).isEqualTo(CustomerCap.Result.GRANTED);
      assertThat(cap.tryAcquire("c1")).isIn(CustomerCap.Result.GRANTED, CustomerCap.Result.IN_FLIGHT);
      assertThat(cap.tryAcquire("c2")).isEqualTo(CustomerCap.Result.GRANTED);
      assertThat(cap.tryAcquire("c3")).isEqualTo(CustomerCap.Result.UNAVAILABLE);
    }
  }

  @Test
  void badArgumentsAreRefusedNamingTheFieldAndValue() {
    assertThatThrownBy(() -> PromotionBudget.of("10").withMaxCouponsPerCustomer(-1, Duration.ofDays(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxPerCustomer must not be negative, found -1");
    assertThatThrownBy(() -> PromotionBudget.of("10").withMaxCouponsPerCustomer(1, Duration.ofMillis(10)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("window must be at least 1 s, found PT0.01S");
    assertThatThrownBy(() -> CustomerCap.local(1, Duration.ofDays(1)).tryAcquire(""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("customerId must have 1 to 512");
    assertThatThrownBy(() -> FAST.withMaxInFlightPerCustomer(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxInFlightPerCustomer must be positive, found 0");
    assertThatThrownBy(() -> FAST.withTiming(Duration.ofMillis(400), Duration.ofMillis(101)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("syncInterval must be positive and at most");
    InMemoryBudgetStore s = new InMemoryBudgetStore();
    s.define("b", 1);
    assertThatThrownBy(() -> s.addToCounters("b", 0, java.util.List.of("x", "x"), new long[2], 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("keys must not repeat, found 'x' twice");
    assertThatThrownBy(() -> s.addToCounters("b", 0, java.util.List.of("x"), new long[] {-2}, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("deltas[0] must not be negative, found -2");
    assertThatThrownBy(() -> s.addToCounters("b", -1, java.util.List.of(), new long[0], 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("window must not be negative, found -1");
  }
}
