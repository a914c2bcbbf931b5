package dev.pricing.core.promo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pricing.api.Product;
import dev.pricing.core.budget.BudgetLeases;
import dev.pricing.core.budget.BudgetSnapshot;
import dev.pricing.core.budget.BudgetStore;
import dev.pricing.core.budget.BudgetStoreException;
import dev.pricing.core.budget.BudgetSnapshot;
import dev.pricing.core.budget.InMemoryBudgetStore;
import dev.pricing.core.budget.LeaseGrant;
import dev.pricing.core.budget.LeasePolicy;
import dev.pricing.core.budget.LeasedQuota;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Shared promotion budgets on the in-memory store with the real background lease thread: two "JVMs" (two
 * {@link BudgetLeases} with their own holder ids) draw from one budget; the store goes away and comes back.
 */
class SharedPromotionBudgetTest {
  /** Chunks of 0.50 to 2.00 (in micro-units), a 1 s lease renewed every 50 ms. */
  static final LeasePolicy POLICY = new LeasePolicy(500_000, 2_000_000, Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofMillis(50));

  /** A real store behind a switch, as a network partition would cut it off. */
  static final class Switchable implements BudgetStore {
    final BudgetStore d;
    volatile boolean down;

    Switchable(BudgetStore d) {
      this.d = d;
    }

    private void check() {
      if (down) {
        throw new BudgetStoreException("unreachable (test partition)", null);
      }
    }

    @Override
    public long define(String id, long limit) {
      check();
      return d.define(id, limit);
    }

    @Override
    public LeaseGrant sync(String id, String h, long spent, long want, long ttl) {
      check();
      return d.sync(id, h, spent, want, ttl);
    }

    @Override
    public LeaseGrant release(String id, String h, long spent) {
      check();
      return d.release(id, h, spent);
    }

    @Override
    public dev.pricing.core.budget.CounterTotals addToCounters(String id, long window, List<String> keys,
        long[] deltas, long ttl) {
      check();
      return d.addToCounters(id, window, keys, deltas, ttl);
    }

    @Override
    public BudgetSnapshot snapshot(String id) {
      check();
      return d.snapshot(id);
    }
  }

  static void await(String what, BooleanSupplier cond) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!cond.getAsBoolean()) {
      assertThat(System.nanoTime() - end).as("waiting for " + what).isNegative();
      Thread.sleep(5);
    }
  }

  @Test
  void twoJvmsShareOneBudgetAndReturnTheirLeasesOnClose() throws Exception {
    InMemoryBudgetStore store = new InMemoryBudgetStore();
    BudgetLeases a = BudgetLeases.open(store, "jvm-a");
    BudgetLeases b = BudgetLeases.open(store, "jvm-b");
    PromotionBudget ba = PromotionBudget.shared(a, "spring", new BigDecimal("40.00"), POLICY);
    assertThat(a.awaitFirstSync(30_000)).isTrue(); // a defines the budget first
    PromotionBudget bb = PromotionBudget.shared(b, "spring", new BigDecimal("999.00"), POLICY); // keeps 40.00
    assertThat(b.awaitFirstSync(30_000)).isTrue();
    assertThat(bb.limit()).isEqualByComparingTo("40.00");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<Long>> fs = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      PromotionBudget mine = t % 2 == 0 ? ba : bb;
      int id = t;
      fs.add(pool.submit(() -> {
        long micros = 0;
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
        int i = 0;
        while (System.nanoTime() < end) {
          double cost = 0.05 + (i % 7) * 0.01;
          if (mine.tryReserve("c" + id + "-" + i++, cost) == PromotionBudget.Outcome.RESERVED) {
            micros += (long) Math.ceil(cost * 1e6);
          } else {
            Thread.sleep(1);
          }
        }
        return micros;
      }));
    }
    long total = 0;
    for (Future<Long> f : fs) {
      total += f.get();
    }
    pool.shutdown();
    assertThat(total).isLessThanOrEqualTo(40_000_000L);
    assertThat(total).isGreaterThan(39_000_000L); // the budget is usable to within a few reservations
    assertThat(ba.spent().add(bb.spent())).isEqualByComparingTo(BigDecimal.valueOf(total, 6));
    a.close();
    b.close();
    a.close(); // idempotent
    BudgetSnapshot s = store.snapshot("spring:spend");
    assertThat(s.outstanding()).isZero();
    assertThat(s.holders()).isZero();
    assertThat(s.spent()).isEqualTo(total);
    assertThat(ba.tryReserve("late", 0.01)).isEqualTo(PromotionBudget.Outcome.SPEND_EXHAUSTED);
  }

  @Test
  void chunkGrowsWithTheSpendRate() throws Exception {
    InMemoryBudgetStore store = new InMemoryBudgetStore();
    LeasePolicy p = new LeasePolicy(1_000, 1_000_000, Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(50));
    try (BudgetLeases l = BudgetLeases.open(store, "jvm")) {
      LeasedQuota busy = l.quota("busy", 1_000_000_000L, p);
      LeasedQuota quiet = l.quota("quiet", 1_000_000_000L, p);
      assertThat(l.awaitFirstSync(30_000)).isTrue();
      long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(600);
      while (System.nanoTime() < end) {
        busy.tryAcquire(100); // thousands of units a second
        Thread.sleep(0, 50_000);
      }
      quiet.tryAcquire(10);
      assertThat(busy.chunk()).isGreaterThan(2 * p.minChunk());
      assertThat(quiet.chunk()).isEqualTo(p.minChunk());
      assertThat(busy.state()).isEqualTo(LeasedQuota.State.ACTIVE);
    }
  }

  @Test
  void promotionsStopWhileTheStoreIsUnreachableAndResumeWhenItReturns() throws Exception {
    Switchable store = new Switchable(new InMemoryBudgetStore());
    Product p = PromotionOptimizerTest.product("sku-1", "40.00", "12.00");
    try (BudgetLeases l = BudgetLeases.open(store, "jvm")) {
      PromotionBudget budget = PromotionBudget.shared(l, "outage", new BigDecimal("1000"),
          POLICY.withChunks(5_000_000, 20_000_000));
      PromotionOptimizer opt = PromotionOptimizerTest.base().promotion(Promotion.percentOff("pct15", 15))
          .budget(budget).build();
      assertThat(l.awaitFirstSync(30_000)).isTrue();
      assertThat(opt.decide(PromotionOptimizerTest.request("c0", 0.9, p)).promoted()).isTrue();

      store.down = true;
      await("the lease to go stale", () -> budget.spendQuota().state() == LeasedQuota.State.STALE);
      long spentBefore = budget.spendQuota().spentLocally();
      for (int i = 0; i < 50; i++) {
        PromotionDecision d = opt.decide(PromotionOptimizerTest.request("c" + i, 0.9, p));
        assertThat(d.promoted()).isFalse();
        assertThat(d.reasons()).containsExactly(PromotionReason.BUDGET_EXHAUSTED);
        assertThat(d.effectivePrice()).isEqualByComparingTo("40.00"); // the undiscounted, guardrailed price
      }
      assertThat(budget.spendQuota().spentLocally()).isEqualTo(spentBefore);
      assertThat(budget.spendQuota().failures()).isPositive();
      assertThat(budget.spendQuota().lastError()).contains("unreachable");

      store.down = false;
      await("the lease to return", () -> budget.spendQuota().state() == LeasedQuota.State.ACTIVE);
      assertThat(opt.decide(PromotionOptimizerTest.request("back", 0.9, p)).promoted()).isTrue();
    }
  }

  @Test
  void aStoreThatLostTheBudgetStopsPromotionsInsteadOfStartingAFreshOne() throws Exception {
    InMemoryBudgetStore store = new InMemoryBudgetStore();
    try (BudgetLeases l = BudgetLeases.open(store, "jvm")) {
      PromotionBudget budget = PromotionBudget.shared(l, "lost", new BigDecimal("100"), POLICY);
      assertThat(l.awaitFirstSync(30_000)).isTrue();
      assertThat(budget.tryReserve("c1", 0.10)).isEqualTo(PromotionBudget.Outcome.RESERVED);
      store.forget("lost:spend");
      await("the loss to be seen", () -> budget.spendQuota().state() == LeasedQuota.State.UNKNOWN);
      assertThat(budget.tryReserve("c2", 0.10)).isEqualTo(PromotionBudget.Outcome.SPEND_EXHAUSTED);
      Thread.sleep(200);
      assertThat(store.snapshot("lost:spend").known()).isFalse(); // never re-created from this side
    }
  }

  @Test
  void theCustomerCapIsSharedToo() throws Exception {
    InMemoryBudgetStore store = new InMemoryBudgetStore();
    BudgetLeases a = BudgetLeases.open(store, "jvm-a");
    BudgetLeases b = BudgetLeases.open(store, "jvm-b");
    PromotionBudget ba = PromotionBudget.shared(a, "cap", new BigDecimal("1000"), POLICY)
        .withMaxDiscountedShare(0.1, 300); // 30 customers, fleet-wide
    PromotionBudget bb = PromotionBudget.shared(b, "cap", new BigDecimal("1000"), POLICY)
        .withMaxDiscountedShare(0.1, 300);
    assertThat(a.awaitFirstSync(30_000) && b.awaitFirstSync(30_000)).isTrue();
    int granted = 0;
    for (int round = 0; round < 80; round++) {
      for (int i = 0; i < 10; i++) {
        PromotionBudget mine = i % 2 == 0 ? ba : bb;
        if (mine.tryReserve("cust-" + round + "-" + i, 0.01) == PromotionBudget.Outcome.RESERVED) {
          granted++;
        }
      }
      Thread.sleep(10);
    }
    assertThat(granted).isLessThanOrEqualTo(30).isGreaterThan(20);
    assertThat(ba.tryReserve("cust-0-0", 0.01)).isEqualTo(PromotionBudget.Outcome.RESERVED); // repeat customer
    a.close();
    b.close();
    assertThat(store.snapshot("cap:customers").spent()).isEqualTo(granted);
    assertThatThrownBy(() -> PromotionBudget.shared(a, "bad id!", BigDecimal.ONE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("budgetId");
  }
}
