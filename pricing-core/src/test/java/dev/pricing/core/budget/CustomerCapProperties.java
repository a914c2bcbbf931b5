package dev.pricing.core.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The per-customer coupon cap's accounting, as properties: fleets of 1 to 5 JVMs ({@link BudgetLeases} in manual
 * mode) on one in-memory store and one simulated clock, with random requests, confirmations, kills, partitions
 * and window changes. A customer never gets more than {@code cap + JVMs x maxInFlightPerCustomer} coupons in a
 * window; never more than {@code cap} when all its requests reach one JVM; the store counts every coupon that
 * survivors and the dead confirmed, exactly once; a local cap counts exactly.
 */
class CustomerCapProperties {
  private static final Duration WINDOW = Duration.ofSeconds(1);
  private static double worstShareOfBound;
  private static long worstExcess;
  private static long runsWithExcess;
  private static long runs;

  @AfterContainer
  static void report() {
    System.out.printf(java.util.Locale.ROOT, "customer cap property: worst excess over the cap %d coupons, %.3f of"
        + " the bound (JVMs x maxInFlightPerCustomer); %d of %d shared-customer runs went over the cap%n",
        worstExcess, worstShareOfBound, runsWithExcess, runs);
  }

  private static CustomerCapPolicy policy(int inFlight) {
    return new CustomerCapPolicy(inFlight, 1_000, Duration.ofMillis(400), Duration.ofMillis(100),
        Duration.ofHours(1));
  }

  @Property(tries = 200)
  void aCustomerGetsAtMostCapPlusInFlightPerJvm(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int jvms,
      @ForAll @LongRange(min = 0, max = 4) long cap, @ForAll @IntRange(min = 1, max = 3) int inFlight,
      @ForAll @IntRange(min = 1, max = 6) int customers, @ForAll boolean sticky, @ForAll boolean kills,
      @ForAll boolean partitions) {
    SplittableRandom r = new SplittableRandom(seed);
    AtomicLong nanos = new AtomicLong(5_000_000_000L);
    AtomicLong wall = new AtomicLong(1_000_000L);
    InMemoryBudgetStore store = new InMemoryBudgetStore(wall::get);
    List<PartitionableStore> links = new ArrayList<>();
    List<BudgetLeases> leases = new ArrayList<>();
    List<CustomerCap> caps = new ArrayList<>();
    boolean[] dead = new boolean[jvms];
    for (int j = 0; j < jvms; j++) {
      PartitionableStore link = new PartitionableStore(store);
      BudgetLeases bl = BudgetLeases.manual(link, "jvm" + j, nanos::get, wall::get);
      links.add(link);
      leases.add(bl);
      caps.add(bl.customerCap("promo:per-customer", cap, WINDOW, policy(inFlight)));
      bl.syncDue();
    }
    Map<String, Long> given = new HashMap<>(); // "<window>|<customer>" -> coupons granted across the fleet
    Set<Long> windows = new HashSet<>();
    long total = 0;
    long worst = 0;
    for (int step = 0; step < 500; step++) {
      int op = r.nextInt(20);
      int c = r.nextInt(customers);
      int j = sticky ? c % jvms : r.nextInt(jvms);
      if (op < 10) {
        if (dead[j]) {
          continue;
        }
        long w = Math.floorDiv(wall.get(), WINDOW.toMillis());
        CustomerCap.Result res = caps.get(j).tryAcquire("cust-" + c);
        if (res == CustomerCap.Result.GRANTED) {
          windows.add(w);
          long n = given.merge(w + "|" + c, 1L, Long::sum);
          total++;
          worst = Math.max(worst, n - cap);
          assertThat(n).as("coupons of customer %d in window %d", c, w).isLessThanOrEqualTo(cap + (long) jvms * inFlight);
          if (sticky) {
            assertThat(n).as("coupons of sticky customer %d in window %d", c, w).isLessThanOrEqualTo(cap);
          }
        }
      } else if (op < 15) {
        if (!dead[j]) {
          syncOnce(leases.get(j), links.get(j));
        }
      } else if (op < 18) {
        long dt = r.nextLong(150_000_000L);
        nanos.addAndGet(dt);
        wall.addAndGet(dt / 1_000_000);
        for (int i = 0; i < jvms; i++) {
          if (!dead[i] && r.nextBoolean()) {
            syncOnce(leases.get(i), links.get(i));
          }
        }
      } else if (op == 18) {
        if (r.nextInt(4) == 0) {
          wall.addAndGet(WINDOW.toMillis()); // the next window: every customer starts again
        }
      } else if (kills && r.nextBoolean()) {
        dead[j] = true; // killed: its unconfirmed coupons are never counted
      } else if (partitions) {
        links.get(j).down = !links.get(j).down;
      }
    }
    if (!sticky && jvms > 1) {
      synchronized (CustomerCapProperties.class) {
        runs++;
        if (worst > 0) {
          runsWithExcess++;
        }
        worstExcess = Math.max(worstExcess, worst);
        worstShareOfBound = Math.max(worstShareOfBound, Math.max(0, worst) / (double) (jvms * inFlight));
      }
    }
    long lost = 0;
    for (int j = 0; j < jvms; j++) {
      if (dead[j]) {
        lost += caps.get(j).unconfirmed();
      } else {
        links.get(j).down = false;
        leases.get(j).close();
        assertThat(caps.get(j).unconfirmed()).as("confirmed on close").isZero();
        assertThat(caps.get(j).state()).isEqualTo(CustomerCap.State.CLOSED);
        assertThat(caps.get(j).tryAcquire("cust-0")).isEqualTo(CustomerCap.Result.UNAVAILABLE);
      }
    }
    long counted = 0;
    List<String> keys = new ArrayList<>();
    for (int c = 0; c < customers; c++) {
      keys.add("cust-" + c);
    }
    for (long w : windows) {
      CounterTotals t = store.addToCounters("promo:per-customer", w, keys, new long[customers], 1);
      for (long v : t.totals()) {
        counted += v;
      }
    }
    assertThat(counted).as("the store counts every confirmed coupon once").isEqualTo(total - lost);
  }

  private static void syncOnce(BudgetLeases l, PartitionableStore link) {
    try {
      l.syncDue();
    } catch (BudgetStoreException e) {
      assertThat(link.down).isTrue();
    }
  }

  /** With a confirmation between requests, one JVM gives a customer exactly the cap: no more, and no fewer. */
  @Property(tries = 100)
  void oneJvmGivesExactlyTheCapWhenConfirmationsKeepUp(@ForAll @LongRange(min = 0, max = 5) long cap,
      @ForAll @IntRange(min = 0, max = 12) int requests, @ForAll @IntRange(min = 1, max = 3) int inFlight) {
    AtomicLong nanos = new AtomicLong(1_000_000_000L);
    InMemoryBudgetStore store = new InMemoryBudgetStore();
    BudgetLeases l = BudgetLeases.manual(store, "solo", nanos::get, System::currentTimeMillis);
    CustomerCap c = l.customerCap("solo:per-customer", cap, Duration.ofDays(1), policy(inFlight));
    l.syncDue();
    int granted = 0;
    for (int i = 0; i < requests; i++) {
      if (c.tryAcquire("alice") == CustomerCap.Result.GRANTED) {
        granted++;
      }
      l.syncDue();
    }
    assertThat(granted).isEqualTo((int) Math.min(cap, requests));
    assertThat(c.countOf("alice")).isEqualTo(granted);
  }

  /** A local cap counts exactly per window. */
  @Property(tries = 100)
  void aLocalCapCountsExactlyPerWindow(@ForAll long seed, @ForAll @LongRange(min = 0, max = 4) long cap,
      @ForAll @IntRange(min = 1, max = 5) int customers) {
    SplittableRandom r = new SplittableRandom(seed);
    AtomicLong wall = new AtomicLong(0);
    CustomerCap c = CustomerCap.local(cap, WINDOW, wall::get);
    Map<String, Long> requests = new HashMap<>();
    Map<String, Long> granted = new HashMap<>();
    for (int i = 0; i < 300; i++) {
      if (r.nextInt(30) == 0) {
        wall.addAndGet(r.nextLong(2_000));
      }
      String who = "c" + r.nextInt(customers);
      String key = Math.floorDiv(wall.get(), WINDOW.toMillis()) + "|" + who;
      requests.merge(key, 1L, Long::sum);
      if (c.tryAcquire(who) == CustomerCap.Result.GRANTED) {
        granted.merge(key, 1L, Long::sum);
      }
    }
    for (Map.Entry<String, Long> e : requests.entrySet()) {
      assertThat(granted.getOrDefault(e.getKey(), 0L)).as(e.getKey()).isEqualTo(Math.min(cap, e.getValue()));
    }
  }
}
