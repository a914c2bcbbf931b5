package dev.pricing.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pricing.api.PriceDecision;
import dev.pricing.api.ReasonCode;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The striped latency recorders: every stripe's latencies reach {@code health()}, from any thread. */
class TelemetryTest {

  private static PriceDecision decision(ReasonCode reason) {
    BigDecimal p = new BigDecimal("9.99");
    return new PriceDecision(1, "p", Currency.getInstance("USD"), p, p, p, 0.5, 5, 2, p, 2, Optional.empty(),
        List.of(reason), "m", false, 1.0, List.of());
  }

  @Test
  void stripes_powerOfTwo_twiceTheProcessors_atMostEight() {
    assertThat(Telemetry.stripes(1)).isEqualTo(2);
    assertThat(Telemetry.stripes(2)).isEqualTo(4);
    assertThat(Telemetry.stripes(3)).isEqualTo(8);
    assertThat(Telemetry.stripes(64)).isEqualTo(8);
    assertThat(new Telemetry(4).stripeCount()).isEqualTo(4);
  }

  @Test
  void percentiles_mergeEveryStripe_acrossReads() throws InterruptedException {
    Telemetry t = new Telemetry(4);
    PriceDecision ok = decision(ReasonCode.OPTIMISED);
    // 90 fast decisions in stripe 1, 10 slow ones in stripe 6 (= 2 of 4), from another thread.
    for (int i = 0; i < 90; i++) {
      t.record(ok, 1_000, 1);
    }
    CountDownLatch done = new CountDownLatch(1);
    new Thread(() -> {
      for (int i = 0; i < 10; i++) {
        t.record(ok, 1_000_000, 6);
      }
      done.countDown();
    }).start();
    done.await();
    long[] first = t.latencyPercentiles();
    assertThat(t.decisions()).isEqualTo(100);
    assertThat(first[0]).as("p50 from the fast stripe").isBetween(990L, 1_010L);
    assertThat(first[3]).as("max from the slow stripe").isBetween(990_000L, 1_010_000L);
    // A later read keeps what the first drained and adds what came since, in any stripe.
    t.record(decision(ReasonCode.COMPONENT_FAILED), 50_000_000, 3);
    long[] second = t.latencyPercentiles();
    assertThat(second[0]).isEqualTo(first[0]);
    assertThat(second[3]).isBetween(49_500_000L, 50_500_000L);
    assertThat(t.fallbacks()).isEqualTo(1);
    assertThat(t.fallbacks(ReasonCode.COMPONENT_FAILED)).isEqualTo(1);
  }
}
