package dev.pricing.core.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class TrendTrackerTest {
  static final Instant DAY0 = Instant.parse("2026-01-05T00:00:00Z");

  static Instant day(long d, int hour) {
    return DAY0.plus(Duration.ofDays(d)).plusSeconds(hour * 3600L);
  }

  @Test
  void demandEventsWithinAPeriod_areSummed_andFoldedWhenTheNextPeriodStarts() {
    TrendTracker t = TrendTracker.builder().origin(DAY0).demand(Smoothing.simple(0.5)).build();
    t.recordDemand("oj", day(0, 9), 2);
    t.recordDemand("oj", day(0, 15), 3);
    assertThat(t.track("oj").orElseThrow().demand().observations()).isZero();
    t.recordDemand("oj", day(1, 8), 1);
    TrendTracker.Track k = t.track("oj").orElseThrow();
    assertThat(k.demand().level()).isEqualTo(5);
    assertThat(k.demand().lastPeriod()).isEqualTo(0);
    assertThat(k.demandOpen()).isEqualTo(1);
    assertThat(k.demandSum()).isEqualTo(1);
    assertThat(t.updateCount()).isEqualTo(3);
  }

  @Test
  void competitorPricesWithinAPeriod_areAveraged_andTheirTrendTracked() {
    TrendTracker t = TrendTracker.builder().origin(DAY0).competitor(Smoothing.holt(0.5, 0.3)).build();
    for (int d = 0; d < 30; d++) {
      t.recordCompetitorPrice("oj", day(d, 10), 19 + 0.1 * d);
      t.recordCompetitorPrice("oj", day(d, 11), 21 + 0.1 * d);
    }
    SeriesState c = t.track("oj").orElseThrow().competitor();
    assertThat(c.trend()).isCloseTo(0.1, within(1e-9));
    assertThat(c.level()).isCloseTo(20 + 0.1 * 28, within(1e-9));
  }

  @Test
  void outOfOrder_rejectedByDefault_namingTheTimestamp_stateUnchanged() {
    TrendTracker t = TrendTracker.builder().origin(DAY0).build();
    t.recordDemand("oj", day(3, 10), 4);
    t.recordDemand("oj", day(3, 9), 1); // same period: fine, in any order
    TrendTracker.Track before = t.track("oj").orElseThrow();
    assertThatThrownBy(() -> t.recordDemand("oj", day(2, 23), 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(day(2, 23).toString()).hasMessageContaining("oj");
    assertThat(t.track("oj").orElseThrow()).isSameAs(before);
    assertThat(t.ignoredCount()).isZero();
  }

  @Test
  void outOfOrder_ignoredAndCounted_whenConfigured() {
    TrendTracker t = TrendTracker.builder().origin(DAY0).outOfOrder(OutOfOrderPolicy.IGNORE).build();
    t.recordCompetitorPrice("oj", day(5, 0), 20);
    t.recordCompetitorPrice("oj", day(4, 0), 30);
    t.recordDemand("oj", day(5, 0), 1);
    t.recordDemand("oj", day(1, 0), 1);
    assertThat(t.ignoredCount()).isEqualTo(2);
    assertThat(t.updateCount()).isEqualTo(2);
    assertThat(t.track("oj").orElseThrow().competitorSum()).isEqualTo(20);
  }

  @Test
  void badValues_areRejectedNamingTheFieldAndValue() {
    TrendTracker t = TrendTracker.builder().build();
    assertThatThrownBy(() -> t.recordDemand("oj", DAY0, Double.NaN)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("units").hasMessageContaining("NaN");
    assertThatThrownBy(() -> t.recordDemand("oj", DAY0, -1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("units").hasMessageContaining("-1.0");
    assertThatThrownBy(() -> t.recordCompetitorPrice("oj", DAY0, Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minPrice").hasMessageContaining("Infinity");
    assertThatThrownBy(() -> t.recordDemand(" ", DAY0, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("productId");
    assertThatThrownBy(() -> t.recordDemand("oj", null, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("time");
    assertThatThrownBy(() -> TrendTracker.builder().period(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("period").hasMessageContaining("PT0S");
    assertThat(t.productCount()).isZero();
    assertThat(t.track("unknown")).isEmpty();
  }

  @Test
  void readersDuringUpdates_alwaysSeeAConsistentSnapshot() throws Exception {
    // The writer feeds y = 5 + 2 t with Holt, which tracks it exactly: in every snapshot a reader sees,
    // level == 5 + 2 * lastPeriod and trend == 2. A torn read (level of one update, period of another)
    // would break the identity.
    TrendTracker t = TrendTracker.builder().origin(DAY0).demand(Smoothing.holt(0.5, 0.5)).build();
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<Long>> readers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      readers.add(pool.submit(() -> {
        long checked = 0;
        while (!done.get()) {
          TrendTracker.Track k = t.trackOrNull("oj");
          if (k != null && k.demand().ready()) {
            SeriesState s = k.demand();
            if (Math.abs(s.level() - (5 + 2.0 * s.lastPeriod())) > 1e-6 || Math.abs(s.trend() - 2) > 1e-9) {
              throw new AssertionError("torn snapshot " + s);
            }
            checked++;
          }
        }
        return checked;
      }));
    }
    Future<?> writer = pool.submit(() -> {
      for (int d = 0; d < 20_000; d++) {
        t.recordDemand("oj", day(d, 12), 5 + 2.0 * d);
      }
      done.set(true);
      return null;
    });
    writer.get();
    long checked = 0;
    for (Future<Long> r : readers) {
      checked += r.get();
    }
    pool.shutdown();
    assertThat(checked).isPositive();
    assertThat(t.track("oj").orElseThrow().demand().observations()).isEqualTo(19_999);
  }
}
