package dev.pricing.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pricing.core.budget.BudgetSnapshot;
import dev.pricing.core.budget.BudgetStoreException;
import dev.pricing.core.budget.CounterTotals;
import dev.pricing.core.budget.LeaseGrant;
import dev.pricing.core.explore.CellStats;
import java.util.List;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The Redis store's lease operations against a real redis-server. */
class RedisBudgetStoreTest {

  @Test
  void definesOnceLeasesReportsAndReleases() throws Exception {
    try (RedisBudgetStore s = SharedRedis.store()) {
      assertThat(s.define("b", 1_000)).isEqualTo(1_000);
      assertThat(s.define("b", 5)).isEqualTo(1_000); // an existing budget keeps its limit
      LeaseGrant g = s.sync("b", "h1", 0, 300, 60_000);
      assertThat(g).isEqualTo(new LeaseGrant(true, 300, 700, 0, 1_000));
      g = s.sync("b", "h2", 0, 800, 60_000);
      assertThat(g).isEqualTo(new LeaseGrant(true, 700, 0, 0, 1_000)); // only what the pool had
      g = s.sync("b", "h1", 120, 300, 60_000); // spent 120 of 300, tops up: nothing left to top up from
      assertThat(g).isEqualTo(new LeaseGrant(true, 180, 0, 120, 1_000));
      g = s.release("b", "h2", 700);
      assertThat(g).isEqualTo(new LeaseGrant(true, 0, 0, 820, 1_000));
      g = s.release("b", "h1", 30);
      assertThat(g).isEqualTo(new LeaseGrant(true, 0, 150, 850, 1_000));
      assertThat(s.snapshot("b")).isEqualTo(new BudgetSnapshot(true, 1_000, 850, 0, 0, 0));
    }
  }

  @Test
  void countersAddUpPerWindowAndExpireTogether() throws Exception {
    try (RedisBudgetStore s = SharedRedis.store()) {
      assertThat(s.addToCounters("cap", 7, List.of("a"), new long[] {1}, 60_000))
          .isEqualTo(CounterTotals.UNKNOWN); // not defined: nothing added
      s.define("cap", 2);
      assertThat(s.addToCounters("cap", 7, List.of(), new long[0], 60_000))
          .isEqualTo(new CounterTotals(true, 2, List.of()));
      assertThat(s.addToCounters("cap", 7, List.of("a", "b|c:d"), new long[] {1, 2}, 300))
          .isEqualTo(new CounterTotals(true, 2, List.of(1L, 2L)));
      assertThat(s.addToCounters("cap", 7, List.of("a"), new long[] {1}, 60_000)) // does not extend the expiry
          .isEqualTo(new CounterTotals(true, 2, List.of(2L)));
      assertThat(s.addToCounters("cap", 8, List.of("a"), new long[] {1}, 60_000)) // another window
          .isEqualTo(new CounterTotals(true, 2, List.of(1L)));
      Thread.sleep(600);
      assertThat(s.addToCounters("cap", 7, List.of("a"), new long[] {0}, 60_000).totals())
          .as("window 7 expired 300 ms after its first addition").containsExactly(0L);
      assertThat(s.addToCounters("cap", 8, List.of("a"), new long[] {0}, 60_000).totals()).containsExactly(1L);
      assertThatThrownBy(() -> s.addToCounters("cap", 8, List.of("a"), new long[] {-1}, 1))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("deltas[0] must not be negative, found -1");
    }
  }

  @Test
  void anUnknownBudgetIsReportedNotCreated() throws Exception {
    try (RedisBudgetStore s = SharedRedis.store()) {
      assertThat(s.sync("nope", "h", 5, 10, 1_000)).isEqualTo(LeaseGrant.UNKNOWN);
      assertThat(s.release("nope", "h", 5)).isEqualTo(LeaseGrant.UNKNOWN);
      assertThat(s.snapshot("nope").known()).isFalse();
    }
  }

  @Test
  void anExpiredLeaseReturnsItsQuotaAndLateSpendIsStillRecorded() throws Exception {
    try (RedisBudgetStore s = SharedRedis.store()) {
      s.define("b", 100);
      assertThat(s.sync("b", "dies", 0, 60, 150).held()).isEqualTo(60);
      Thread.sleep(400);
      BudgetSnapshot snap = s.snapshot("b");
      assertThat(snap.outstanding()).isZero();
      assertThat(snap.expiredLeases()).isEqualTo(1);
      assertThat(snap.available()).isEqualTo(100);
      // the holder comes back and reports 20 it spent before its lease ran out: recorded, and it gets a new lease
      LeaseGrant g = s.sync("b", "dies", 20, 50, 60_000);
      assertThat(g).isEqualTo(new LeaseGrant(true, 50, 30, 20, 100));
    }
  }

  @Test
  void largeCountsStayExact() throws Exception {
    try (RedisBudgetStore s = SharedRedis.store()) {
      long limit = RedisBudgetStore.MAX_LIMIT - 7;
      assertThat(s.define("big", limit)).isEqualTo(limit);
      LeaseGrant g = s.sync("big", "h", 0, limit - 3, 60_000);
      assertThat(g.held()).isEqualTo(limit - 3);
      g = s.sync("big", "h", limit - 4, limit, 60_000);
      assertThat(g).isEqualTo(new LeaseGrant(true, 4, 0, limit - 4, limit));
      assertThatThrownBy(() -> s.define("big2", RedisBudgetStore.MAX_LIMIT + 1))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
    }
  }

  @Test
  void badInputNamesTheField() throws Exception {
    try (RedisBudgetStore s = SharedRedis.store()) {
      assertThatThrownBy(() -> s.sync("b", "bad holder", 0, 1, 1)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("holderId").hasMessageContaining("bad holder");
      assertThatThrownBy(() -> s.sync("b", "h", -1, 1, 1)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("spent").hasMessageContaining("-1");
      assertThatThrownBy(() -> s.sync("b", "h", 0, 1, 0)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("ttlMillis");
    }
    assertThatThrownBy(() -> RedisBudgetStore.builder().port(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("port").hasMessageContaining("0");
    assertThatThrownBy(() -> RedisBudgetStore.builder().keyPrefix("a{b")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keyPrefix");
  }

  @Test
  void anUnreachableServerFailsFastWithAStoreException() throws Exception {
    int port = RedisProcess.freePort(); // nothing listens there
    try (RedisBudgetStore s = RedisBudgetStore.builder().port(port).timeout(Duration.ofMillis(200)).build()) {
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> s.sync("b", "h", 0, 1, 1_000)).isInstanceOf(BudgetStoreException.class)
          .hasMessageContaining("connect");
      assertThat((System.nanoTime() - t0) / 1e9).isLessThan(5);
    }
  }

  @Test
  void cellCountsAddUpAcrossCallers() throws Exception {
    try (RedisBudgetStore s = SharedRedis.store()) {
      assertThat(s.addAndGet("pool", List.of())).isEmpty();
      s.addAndGet("pool", List.of(new CellStats("sku:1|x", 1999, 10, 3), new CellStats("b", 500, 4, 0)));
      List<CellStats> all = s.addAndGet("pool", List.of(new CellStats("sku:1|x", 1999, 5, 5)));
      assertThat(all).containsExactly(new CellStats("sku:1|x", 1999, 15, 8), new CellStats("b", 500, 4, 0));
      assertThatThrownBy(() -> s.addAndGet("pool", List.of(new CellStats("b", 500, 1, 2))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("conversions=2");
    }
  }
}
