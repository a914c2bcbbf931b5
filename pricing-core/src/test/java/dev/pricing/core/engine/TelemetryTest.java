package dev.pricing.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pricing.api.PriceDecision;
import dev.pricing.api.ReasonCode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The per-thread counters and latency rings: every thread's decisions and latencies reach {@code health()}
 * exactly, across ring wraps, reads in the middle of a burst and threads that end.
 */
class TelemetryTest {

  private static PriceDecision decision(ReasonCode reason) {
    BigDecimal p = new BigDecimal("9.99");
    return new PriceDecision(1, "p", Currency.getInstance("USD"), p, p, p, 0.5, 5, 2, p, 2, Optional.empty(),
        List.of(reason), "m", false, 1.0, List.of());
  }

  @Test
  void percentiles_mergeEveryThread_acrossReads() throws InterruptedException {
    Telemetry t = new Telemetry();
    PriceDecision ok = decision(ReasonCode.OPTIMISED);
    // 90 fast decisions on this thread, 10 slow ones on another.
    Telemetry.Local mine = t.register();
    for (int i = 0; i < 90; i++) {
      t.record(ok, 1_000, mine);
    }
    CountDownLatch done = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread other = new Thread(() -> {
      Telemetry.Local l = t.register();
      for (int i = 0; i < 10; i++) {
        t.record(ok, 1_000_000, l);
        l.cacheHit();
      }
      done.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    other.start();
    done.await();
    long[] first = t.latencyPercentiles();
    assertThat(t.decisions()).isEqualTo(100);
    assertThat(t.cacheStats()).containsExactly(10, 0);
    assertThat(first[0]).as("p50 from the fast thread").isBetween(990L, 1_010L);
    assertThat(first[3]).as("max from the slow thread").isBetween(990_000L, 1_010_000L);
    // A later read keeps what the first drained and adds what came since.
    t.record(decision(ReasonCode.COMPONENT_FAILED), 50_000_000, mine);
    long[] second = t.latencyPercentiles();
    assertThat(second[0]).isEqualTo(first[0]);
    assertThat(second[3]).isBetween(49_500_000L, 50_500_000L);
    assertThat(t.fallbacks()).isEqualTo(1);
    assertThat(t.fallbacks(ReasonCode.COMPONENT_FAILED)).isEqualTo(1);
    // The other thread ends: its counts are kept, its local is folded away.
    release.countDown();
    other.join();
    assertThat(t.localCount()).isEqualTo(1);
    assertThat(t.decisions()).isEqualTo(101);
    assertThat(t.cacheStats()).containsExactly(10, 0);
    assertThat(t.latencyPercentiles()[3]).isBetween(49_500_000L, 50_500_000L);
  }

  @Test
  void ringWraps_everyLatencyCounted_once() {
    Telemetry t = new Telemetry();
    Telemetry.Local l = t.register();
    PriceDecision ok = decision(ReasonCode.OPTIMISED);
    int n = 5 * Telemetry.RING + 17;
    // The first 3 ring-fulls at 1 us, a read in the middle, the rest at 2 us: p50 sits in the first value
    // exactly when no latency was lost or counted twice.
    for (int i = 0; i < n; i++) {
      t.record(ok, i < n / 2 + 1 ? 1_000 : 2_000_000, l);
      if (i == 2 * Telemetry.RING + 3) {
        t.latencyPercentiles();
      }
    }
    long[] p = t.latencyPercentiles();
    assertThat(t.decisions()).isEqualTo(n);
    assertThat(p[0]).isBetween(990L, 1_010L);
    assertThat(p[1]).isBetween(1_990_000L, 2_010_000L);
  }

  @Test
  void concurrentWritersAndReaders_countExactly() throws Exception {
    Telemetry t = new Telemetry();
    PriceDecision ok = decision(ReasonCode.OPTIMISED);
    int threads = 4;
    int each = 20_000;
    List<Thread> writers = new ArrayList<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (int w = 0; w < threads; w++) {
      Thread th = new Thread(() -> {
        Telemetry.Local l = t.register();
        for (int i = 0; i < each; i++) {
          t.record(ok, 1_000 + (i & 7), l);
          if ((i & 3) == 0) {
            l.cacheMiss();
          }
        }
      });
      th.setUncaughtExceptionHandler((x, e) -> failure.set(e));
      writers.add(th);
      th.start();
    }
    long last = 0;
    while (writers.stream().anyMatch(Thread::isAlive)) {
      long n = t.decisions();
      assertThat(n).isGreaterThanOrEqualTo(last).isLessThanOrEqualTo((long) threads * each);
      last = n;
      t.latencyPercentiles();
    }
    for (Thread th : writers) {
      th.join();
    }
    assertThat(failure.get()).isNull();
    assertThat(t.decisions()).isEqualTo((long) threads * each);
    assertThat(t.cacheStats()).containsExactly(0, (long) threads * each / 4);
    long[] p = t.latencyPercentiles();
    assertThat(p[3]).isBetween(1_000L, 1_010L);
    assertThat(t.localCount()).isZero();
  }
}
