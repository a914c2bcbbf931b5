package dev.pricing.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pricing.core.budget.BudgetSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Engine JVMs as child processes ({@link FleetChild}, started with this test's class path) against a real
 * redis-server started here: one budget across the fleet; a JVM killed with -9 mid-lease; Redis killed and
 * restarted mid-run.
 */
class FleetProcessTest {
  @TempDir
  Path dir;

  /** One child: its process, log of reservations and stdout. */
  record Child(String holder, Process process, Path log, Path out) {
    /** @return the coupons it logged: "window|customer" to count, windows being UTC days */
    java.util.Map<String, Long> coupons() throws IOException {
      java.util.Map<String, Long> m = new java.util.TreeMap<>();
      if (!Files.exists(log)) {
        return m;
      }
      for (String line : Files.readAllLines(log, StandardCharsets.US_ASCII)) {
        String[] f = line.split(" ");
        if (f.length == 3 && f[0].equals("C")) {
          m.merge(Math.floorDiv(Long.parseLong(f[1]), 86_400_000L) + "|" + f[2], 1L, Long::sum);
        }
      }
      return m;
    }

    /** @return the reservations it logged: {time ms, micros} */
    List<long[]> reservations() throws IOException {
      List<long[]> r = new ArrayList<>();
      if (!Files.exists(log)) {
        return r;
      }
      for (String line : Files.readAllLines(log, StandardCharsets.US_ASCII)) {
        String[] f = line.split(" ");
        if (f.length == 3 && f[0].equals("R")) {
          r.add(new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
        }
      }
      return r;
    }

    long micros() throws IOException {
      long s = 0;
      for (long[] x : reservations()) {
        s += x[1];
      }
      return s;
    }

    String stdout() throws IOException {
      return Files.exists(out) ? Files.readString(out) : "";
    }
  }

  Child start(String holder, int port, String budget, String limit, long maxChunk, long ttlMs, long durationMs,
      long paceMicros, String... extra) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = dir.resolve(holder + ".log");
    Path out = dir.resolve(holder + ".out");
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx192m", "-XX:TieredStopAtLevel=1", "-cp",
        System.getProperty("java.class.path"), FleetChild.class.getName(), "port=" + port, "budget=" + budget,
        "limit=" + limit, "maxChunk=" + maxChunk, "ttlMs=" + ttlMs, "syncMs=" + Math.max(50, ttlMs / 10),
        "timeoutMs=" + Math.max(200, ttlMs / 3), "durationMs=" + durationMs, "paceMicros=" + paceMicros,
        "log=" + log, "holder=" + holder, "go=" + dir.resolve("go")));
    cmd.addAll(List.of(extra));
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(dir.resolve(holder + ".err")
        .toFile()).start();
    return new Child(holder, p, log, out);
  }

  /** Waits until every child is connected, then starts them all at once. */
  void awaitReadyAndGo(List<Child> children) throws Exception {
    awaitReady(children);
    Files.createFile(dir.resolve("go"));
  }

  static void awaitReady(List<Child> children) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    for (Child c : children) {
      while (!c.stdout().contains("READY")) {
        assertThat(c.process().isAlive()).as(c.holder() + " died before READY: " + c.stdout()).isTrue();
        assertThat(System.nanoTime() - end).as("children READY within 90 s").isNegative();
        Thread.sleep(20);
      }
    }
  }

  static void awaitExit(List<Child> children) throws Exception {
    for (Child c : children) {
      if (!c.process().waitFor(90, TimeUnit.SECONDS)) {
        c.process().destroyForcibly();
        throw new AssertionError(c.holder() + " did not finish within 90 s");
      }
    }
  }

  static void assertCleanRun(Child c) throws IOException {
    assertThat(c.process().exitValue()).as(c.holder() + " exit; " + c.stdout()).isZero();
    assertThat(c.stdout()).as(c.holder()).contains("DONE").contains(" violations=0 ");
    assertThat(c.stdout()).contains("micros=" + c.micros() + " ");
  }

  @Test
  void threeJvmsSpendOneBudgetAndNeverMoreThanIt() throws Exception {
    try (RedisProcess redis = RedisProcess.start(dir.resolve("redis"), false);
        RedisBudgetStore store = RedisBudgetStore.builder().port(redis.port())
            .timeout(java.time.Duration.ofSeconds(2)).build()) {
      long limit = 6_000_000; // 6.00
      long maxChunk = 500_000; // 0.50
      List<Child> children = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        children.add(start("jvm" + i, redis.port(), "fleet", "6.00", maxChunk, 3_000, 4_000, 0));
      }
      awaitReadyAndGo(children);
      awaitExit(children);
      long total = 0;
      for (Child c : children) {
        assertCleanRun(c);
        total += c.micros();
      }
      BudgetSnapshot s = store.snapshot("fleet:spend");
      List<String> outs = new ArrayList<>();
      for (Child c : children) {
        outs.add(c.stdout().trim().replace('\n', ' '));
      }
      System.out.printf("fleet of 3: spent %d of %d micro-units; per JVM %s%n", total, limit, outs);
      assertThat(total).isLessThanOrEqualTo(limit);
      assertThat(total).isGreaterThan(limit - 3 * maxChunk); // the budget was used up, to within the last chunks
      assertThat(s.spent()).isEqualTo(total); // every reservation reported, none counted twice
      assertThat(s.outstanding()).isZero();
      assertThat(s.holders()).isZero();
      assertThat(s.expiredLeases()).isZero();
    }
  }

  @Test
  void aJvmKilledMidLeaseAndARedisRestartKeepSpendWithinTheBound() throws Exception {
    try (RedisProcess redis = RedisProcess.start(dir.resolve("redis"), true)) {
      long limit = 16_000_000; // 16.00
      long maxChunk = 1_000_000; // 1.00
      long ttl = 2_000;
      List<Child> children = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        children.add(start("jvm" + i, redis.port(), "restart", "16.00", maxChunk, ttl, 9_000, 15_000));
      }
      awaitReadyAndGo(children);
      Thread.sleep(1_500);
      Child victim = children.get(0);
      victim.process().destroyForcibly(); // SIGKILL: no close, no release
      victim.process().waitFor(10, TimeUnit.SECONDS);
      Thread.sleep(1_500);
      long down = System.currentTimeMillis();
      redis.kill(); // SIGKILL; the append-only file has every acknowledged write (appendfsync always)
      Thread.sleep(2_500);
      long up = System.currentTimeMillis();
      redis.launch();
      List<Child> survivors = children.subList(1, 3);
      awaitExit(survivors);
      long survivorsMicros = 0;
      long lastBeforeOutage = 0;
      long duringOutage = 0;
      long afterRestart = 0;
      for (Child c : survivors) {
        assertCleanRun(c);
        survivorsMicros += c.micros();
        for (long[] r : c.reservations()) {
          if (r[0] > down + ttl * 4 / 5 + 300 && r[0] < up) {
            duringOutage++;
          }
          if (r[0] >= up) {
            afterRestart++;
          }
          if (r[0] < down + ttl) {
            lastBeforeOutage = Math.max(lastBeforeOutage, r[0]);
          }
        }
      }
      long victimMicros = victim.micros();
      long total = survivorsMicros + victimMicros;
      BudgetSnapshot s;
      try (RedisBudgetStore store = RedisBudgetStore.builder().port(redis.port())
          .timeout(java.time.Duration.ofSeconds(2)).build()) {
        s = store.snapshot("restart:spend");
      }
      long victimUnreported = total - s.spent();
      System.out.printf("kill -9 and restart: fleet spent %d of %d micro-units (overspend %d, bound %d); "
          + "killed JVM spent %d, %d of it never reported; reservations while Redis was down %d, after restart %d;"
          + " snapshot %s%n", total, limit, Math.max(0, total - limit), 3 * maxChunk, victimMicros, victimUnreported,
          duringOutage, afterRestart, s);
      assertThat(victimMicros).as("the victim spent before it was killed").isPositive();
      assertThat(total).isLessThanOrEqualTo(limit + 3 * maxChunk);
      assertThat(duringOutage).as("no promotion once the leases ran out while Redis was down").isZero();
      assertThat(afterRestart).as("promotions resumed after the restart").isPositive();
      assertThat(s.known()).isTrue(); // the restart kept the books (append-only file)
      assertThat(s.expiredLeases()).isGreaterThanOrEqualTo(1); // the victim's lease expired
      assertThat(s.outstanding()).isZero();
      assertThat(s.holders()).isZero();
      assertThat(victimUnreported).isBetween(0L, maxChunk); // what the victim spent since its last report
    }
  }

  /**
   * Three JVMs cap coupons at 2 per customer and day across the fleet, with one coupon in flight per customer
   * and JVM: customers that every JVM serves get at most 2 + 3 x 1; customers that one JVM serves get exactly 2;
   * a fifth of the requests are for new customers, so coupons are in flight all the time; a JVM killed with -9
   * mid-run loses at most its in-flight coupons from the store's count (never more than one per customer), and
   * the store counts every other coupon exactly once.
   */
  @Test
  void threeJvmsCapCouponsPerCustomerAcrossTheFleet() throws Exception {
    try (RedisProcess redis = RedisProcess.start(dir.resolve("redis"), false);
        RedisBudgetStore store = RedisBudgetStore.builder().port(redis.port())
            .timeout(java.time.Duration.ofSeconds(2)).build()) {
      long cap = 2;
      int jvms = 3;
      int shared = 8;
      int own = 6;
      List<Child> children = new ArrayList<>();
      for (int i = 0; i < jvms; i++) {
        children.add(start("jvm" + i, redis.port(), "coupons", "100000.00", 50_000_000, 3_000, 4_000, 1_000,
            "perCustomer=" + cap, "shared=" + shared, "own=" + own, "fresh=20"));
      }
      awaitReadyAndGo(children);
      Thread.sleep(2_000);
      Child victim = children.get(0);
      victim.process().destroyForcibly(); // SIGKILL mid-run: its in-flight coupons are never confirmed
      victim.process().waitFor(10, TimeUnit.SECONDS);
      List<Child> survivors = children.subList(1, jvms);
      awaitExit(survivors);
      java.util.Map<String, Long> logged = new java.util.TreeMap<>();
      for (Child c : children) {
        if (c != victim) {
          assertCleanRun(c);
        }
        c.coupons().forEach((k, v) -> logged.merge(k, v, Long::sum));
      }
      long worstExcess = Long.MIN_VALUE;
      long lostByVictim = 0;
      for (java.util.Map.Entry<String, Long> e : logged.entrySet()) {
        String[] wc = e.getKey().split("\\|", 2);
        long counted = store.addToCounters("coupons:per-customer", Long.parseLong(wc[0]), List.of(wc[1]),
            new long[1], 1).totals().get(0);
        long n = e.getValue();
        String customer = wc[1];
        assertThat(n).as(customer + " across the fleet").isLessThanOrEqualTo(cap + jvms);
        if (customer.startsWith("s-")) {
          worstExcess = Math.max(worstExcess, n - cap);
          assertThat(counted).as(customer + " in the store").isBetween(n - 1, n);
          lostByVictim += n - counted;
        } else if (customer.contains("-new-")) { // asked once: one coupon
          assertThat(n).as(customer).isEqualTo(1);
          if (customer.startsWith(victim.holder())) {
            assertThat(counted).as(customer + " in the store").isBetween(0L, 1L);
            lostByVictim += n - counted;
          } else {
            assertThat(counted).as(customer + " in the store").isEqualTo(1);
          }
        } else if (customer.startsWith(victim.holder())) {
          assertThat(n).as(customer + " served by the killed JVM only").isLessThanOrEqualTo(cap);
          assertThat(counted).as(customer + " in the store").isBetween(n - 1, n);
          lostByVictim += n - counted;
        } else {
          assertThat(n).as(customer + " served by one JVM only").isEqualTo(cap);
          assertThat(counted).as(customer + " in the store").isEqualTo(n);
        }
      }
      long sharedSeen = logged.keySet().stream().filter(k -> k.contains("|s-")).count();
      long fresh = logged.keySet().stream().filter(k -> k.contains("-new-")).count();
      logged.keySet().removeIf(k -> k.contains("-new-")); // printed as a count only
      System.out.printf("coupon cap %d per customer and day, %d JVMs, 1 in flight per customer: worst excess on "
          + "shared customers %d (bound %d); %d shared and %d single-JVM customer-days, %d one-request customers; "
          + "%d coupons of the killed JVM never confirmed; coupons %s%n", cap, jvms, worstExcess, jvms, sharedSeen,
          logged.size() - sharedSeen, fresh, lostByVictim, logged);
      assertThat(sharedSeen).isGreaterThanOrEqualTo(shared);
      assertThat(fresh).as("one-request customers").isPositive();
      for (String k : logged.keySet()) {
        if (k.contains("|s-")) {
          assertThat(logged.get(k)).as(k).isGreaterThanOrEqualTo(cap);
        }
      }
      assertThat(worstExcess).isLessThanOrEqualTo(jvms);
    }
  }
}
