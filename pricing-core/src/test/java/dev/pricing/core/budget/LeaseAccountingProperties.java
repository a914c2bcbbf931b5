package dev.pricing.core.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The lease accounting, as properties: the store's ledger on arbitrary operations, and whole fleets of holders
 * (killed, partitioned, recovering) against one store on a simulated clock.
 */
class LeaseAccountingProperties {
  /** The worst overspend seen by the fleet property, as a share of its bound (holders x maxChunk). */
  private static double worstShareOfBound;
  private static long troubledRuns;

  @AfterContainer
  static void report() {
    System.out.printf(java.util.Locale.ROOT, "fleet property: worst overspend %.3f of the bound (holders x maxChunk)"
        + " over %d runs with kills or partitions%n", worstShareOfBound, troubledRuns);
  }

  /** The ledger alone: any sequence of syncs, releases and expiries keeps its books. */
  @Property(tries = 300)
  void ledgerKeepsItsBooks(@ForAll long seed, @ForAll @LongRange(min = 0, max = 10_000) long limit,
      @ForAll @IntRange(min = 1, max = 6) int holders) {
    SplittableRandom r = new SplittableRandom(seed);
    LeaseLedger l = new LeaseLedger(limit);
    long now = 0;
    long[] held = new long[holders]; // each holder's own view of its lease, honest reporting
    long late = 0; // spend reported beyond the holder's live lease
    for (int step = 0; step < 200; step++) {
      int h = r.nextInt(holders);
      now += r.nextInt(5);
      BudgetSnapshot before = l.snapshot(now);
      int op = r.nextInt(4);
      long spend = held[h] == 0 ? 0 : r.nextLong(held[h] + 1);
      if (r.nextInt(10) == 0) {
        spend += r.nextInt(50); // a report after expiry, or a dishonest one: still recorded
      }
      long want = r.nextLong(limit / 2 + 2);
      LeaseGrant g;
      long heldInStore = held(l, h, now);
      late += Math.max(0, spend - heldInStore);
      if (op == 0) {
        g = l.release("h" + h, spend, now);
        assertThat(g.held()).isZero();
      } else {
        g = l.sync("h" + h, spend, want, 1 + r.nextInt(20), now);
        assertThat(g.held()).isLessThanOrEqualTo(Math.max(want, 0));
        // a grant never takes more than the pool had
        long grant = g.held() - Math.max(0, heldInStore - spend);
        if (grant > 0) {
          assertThat(grant).isLessThanOrEqualTo(Math.max(0, before.available() + Math.min(spend, heldInStore)
              - Math.min(spend, heldInStore)));
        }
      }
      held[h] = g.held();
      assertThat(g.spent()).isEqualTo(before.spent() + spend);
      assertThat(l.outstanding()).isEqualTo(l.sumHeld());
      assertThat(l.outstanding()).isNotNegative();
      assertThat(g.available()).isBetween(0L, limit);
      assertThat(l.spent() + l.outstanding()).isLessThanOrEqualTo(limit + late);
      for (int i = 0; i < holders; i++) {
        if (held(l, i, now) == 0) {
          held[i] = 0;
        }
      }
    }
    BudgetSnapshot end = l.snapshot(now + 1_000);
    assertThat(end.outstanding()).isZero();
    assertThat(end.holders()).isZero();
  }

  private static long held(LeaseLedger l, int h, long now) {
    l.reap(now);
    // a zero-spend, want-nothing probe would change the lease; read it through a copy of the bookkeeping instead
    long before = l.outstanding();
    LeaseGrant g = l.sync("probe", 0, 0, 1, now); // the probe holds nothing and leaves nothing
    assertThat(g.held()).isZero();
    assertThat(l.outstanding()).isEqualTo(before);
    return heldOf(l, "h" + h);
  }

  private static long heldOf(LeaseLedger l, String holder) {
    try {
      java.lang.reflect.Field f = LeaseLedger.class.getDeclaredField("leases");
      f.setAccessible(true);
      @SuppressWarnings("unchecked")
      java.util.Map<String, long[]> m = (java.util.Map<String, long[]>) f.get(l);
      long[] v = m.get(holder);
      return v == null ? 0 : v[0];
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * A fleet of holders on one store and one simulated clock, with kills and partitions: the real spend never
   * exceeds the limit plus one maximum chunk per holder, never exceeds the limit when nobody dies or loses the
   * store, and the store's books balance once every survivor has closed.
   */
  @Property(tries = 150)
  void fleetSpendStaysWithinLimitPlusOneChunkPerHolder(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 6) int holders, @ForAll @LongRange(min = 0, max = 5_000) long limit,
      @ForAll boolean kills, @ForAll boolean partitions) {
    SplittableRandom r = new SplittableRandom(seed);
    AtomicLong nanos = new AtomicLong(1_000_000_000L);
    InMemoryBudgetStore store = new InMemoryBudgetStore(() -> nanos.get() / 1_000_000);
    LeasePolicy policy = new LeasePolicy(5, 60, Duration.ofMillis(200), Duration.ofMillis(1000),
        Duration.ofMillis(100));
    List<PartitionableStore> links = new ArrayList<>();
    List<BudgetLeases> leases = new ArrayList<>();
    List<LeasedQuota> quotas = new ArrayList<>();
    long[] actual = new long[holders];
    boolean[] dead = new boolean[holders];
    boolean anyTrouble = false;
    for (int h = 0; h < holders; h++) {
      PartitionableStore link = new PartitionableStore(store);
      BudgetLeases bl = BudgetLeases.manual(link, "h" + h, nanos::get);
      links.add(link);
      leases.add(bl);
      quotas.add(bl.quota("b", limit, policy));
    }
    for (int step = 0; step < 600; step++) {
      int h = r.nextInt(holders);
      if (dead[h]) {
        continue;
      }
      int op = r.nextInt(20);
      if (op < 10) {
        long units = r.nextLong(40);
        if (quotas.get(h).tryAcquire(units)) {
          actual[h] += units;
        }
      } else if (op < 16) {
        try {
          leases.get(h).syncDue();
        } catch (BudgetStoreException e) {
          assertThat(links.get(h).down).isTrue();
        }
      } else if (op < 19) {
        // time passes by at most one sync interval, and every live, connected holder's background thread syncs
        nanos.addAndGet(r.nextLong(100_000_000L));
        for (int i = 0; i < holders; i++) {
          if (!dead[i] && !links.get(i).down) {
            leases.get(i).syncDue();
          }
        }
      } else if (kills && r.nextBoolean()) {
        dead[h] = true; // killed: its unreported spend is never reported, its lease expires
        anyTrouble = true;
      } else if (partitions) {
        links.get(h).down = !links.get(h).down;
        anyTrouble = true;
      }
      long total = 0;
      for (long a : actual) {
        total += a;
      }
      assertThat(total).isLessThanOrEqualTo(limit + holders * policy.maxChunk());
      if (!anyTrouble) {
        assertThat(total).isLessThanOrEqualTo(limit);
      }
    }
    long finalTotal = 0;
    for (long a : actual) {
      finalTotal += a;
    }
    if (anyTrouble) {
      synchronized (LeaseAccountingProperties.class) {
        troubledRuns++;
        worstShareOfBound = Math.max(worstShareOfBound,
            Math.max(0, finalTotal - limit) / (double) (holders * policy.maxChunk()));
      }
    }
    long survivorsSpend = 0;
    long deadReported = 0;
    for (int h = 0; h < holders; h++) {
      if (dead[h]) {
        deadReported += actual[h] - quotas.get(h).unreported();
      } else {
        links.get(h).down = false;
        leases.get(h).close();
        survivorsSpend += actual[h];
        assertThat(quotas.get(h).state()).isEqualTo(LeasedQuota.State.CLOSED);
        assertThat(quotas.get(h).tryAcquire(0)).isFalse();
      }
    }
    nanos.addAndGet(2_000_000_000L);
    BudgetSnapshot s = store.snapshot("b");
    assertThat(s.outstanding()).isZero();
    assertThat(s.holders()).isZero();
    assertThat(s.spent()).isEqualTo(survivorsSpend + deadReported);
  }
}
