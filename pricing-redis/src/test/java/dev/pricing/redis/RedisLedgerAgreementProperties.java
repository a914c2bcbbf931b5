package dev.pricing.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pricing.core.budget.InMemoryBudgetStore;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * The Lua script keeps the same books as the in-memory store (the reference accounting) on arbitrary sequences
 * of syncs, releases and snapshots by several holders.
 */
@AddLifecycleHook(SkipWithoutRedis.class)
class RedisLedgerAgreementProperties {
  private static RedisBudgetStore redis;
  private static int tries;

  /** One connection for all tries (a Lettuce client per try would dominate the run); each try its own budget. */
  static synchronized RedisBudgetStore redis() throws Exception {
    if (redis == null) {
      redis = SharedRedis.store();
    }
    return redis;
  }

  @net.jqwik.api.lifecycle.AfterContainer
  static synchronized void closeStore() {
    if (redis != null) {
      redis.close();
      redis = null;
    }
  }

  @Property(tries = 20)
  void luaAgreesWithTheReferenceLedger(@ForAll long seed, @ForAll @LongRange(min = 0, max = 1_000_000) long limit,
      @ForAll @IntRange(min = 1, max = 5) int holders) throws Exception {
    SplittableRandom r = new SplittableRandom(seed);
    InMemoryBudgetStore ref = new InMemoryBudgetStore();
    RedisBudgetStore redis = redis();
    String b;
    synchronized (RedisLedgerAgreementProperties.class) {
      b = "b" + tries++;
    }
    {
      assertThat(redis.define(b, limit)).isEqualTo(ref.define(b, limit));
      for (int step = 0; step < 60; step++) {
        String h = "h" + r.nextInt(holders);
        long spent = r.nextInt(3) == 0 ? 0 : r.nextLong(limit / 4 + 2);
        long want = r.nextLong(limit / 3 + 2);
        switch (r.nextInt(5)) {
          case 0:
            assertThat(redis.release(b, h, spent)).isEqualTo(ref.release(b, h, spent));
            break;
          case 1:
            assertThat(redis.snapshot(b)).isEqualTo(ref.snapshot(b));
            break;
          default:
            assertThat(redis.sync(b, h, spent, want, 600_000)).isEqualTo(ref.sync(b, h, spent, want, 600_000));
        }
      }
      assertThat(redis.snapshot(b)).isEqualTo(ref.snapshot(b));
    }
  }

  @Property(tries = 20)
  void countersAgreeWithTheReferenceLedger(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int keys)
      throws Exception {
    SplittableRandom r = new SplittableRandom(seed);
    InMemoryBudgetStore ref = new InMemoryBudgetStore();
    RedisBudgetStore redis = redis();
    String b;
    synchronized (RedisLedgerAgreementProperties.class) {
      b = "c" + tries++;
    }
    long limit = r.nextInt(5);
    assertThat(redis.addToCounters(b, 0, java.util.List.of("k0"), new long[] {1}, 600_000))
        .isEqualTo(ref.addToCounters(b, 0, java.util.List.of("k0"), new long[] {1}, 600_000));
    assertThat(redis.define(b, limit)).isEqualTo(ref.define(b, limit));
    for (int step = 0; step < 40; step++) {
      long window = r.nextInt(3);
      java.util.List<String> ks = new java.util.ArrayList<>();
      for (int k = 0; k < keys; k++) {
        if (r.nextBoolean()) {
          ks.add(k == 0 ? "k0" : "cust:" + k + "|x");
        }
      }
      long[] deltas = new long[ks.size()];
      for (int i = 0; i < deltas.length; i++) {
        deltas[i] = r.nextInt(3);
      }
      assertThat(redis.addToCounters(b, window, ks, deltas, 600_000))
          .isEqualTo(ref.addToCounters(b, window, ks, deltas, 600_000));
    }
  }
}
