package dev.pricing.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pricing.api.Outcome;
import dev.pricing.api.PricingEngine;
import dev.pricing.core.LogisticDemandModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DecisionLog#flush()}, sampling and drop reporting: flush returns only once every record offered
 * before it is written (readable by a reader while the log stays open), from any thread's buffer; a sample
 * keeps a decision together with its outcomes; drops reach the engine's health.
 */
class DecisionLogFlushTest {
  @TempDir Path dir;

  /** A log that would not write on its own for an hour: whatever is on disk got there by flush(). */
  private DecisionLog.Builder lazy() {
    return DecisionLog.builder(dir).pseudonymiser(LogFixtures.PSEUDONYMISER).flushEvery(1_000_000)
        .flushInterval(Duration.ofHours(1)).queueCapacity(1 << 20);
  }

  private static List<Long> ids(Path dir) {
    List<Long> out = new ArrayList<>();
    DecisionLogReader.open(dir).decisions().forEach(d -> out.add(d.decisionId()));
    return out;
  }

  @Test
  void flush_returnsOnceEveryRecordOfferedBeforeItIsWritten_fromEveryThreadsBuffer() throws Exception {
    for (DecisionLog.FsyncPolicy policy : DecisionLog.FsyncPolicy.values()) {
      Path sub = dir.resolve(policy.name());
      try (DecisionLog log = DecisionLog.builder(sub).pseudonymiser(LogFixtures.PSEUDONYMISER)
          .flushEvery(1_000_000).flushInterval(Duration.ofHours(1)).queueCapacity(1 << 20).fsync(policy).build()) {
        // Three threads each leave a partial buffer behind (far below a chunk), then stop.
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
          long from = t * 1_000L;
          Thread th = new Thread(() -> {
            for (long i = from; i < from + 300; i++) {
              log.onDecision(LogFixtures.request(i), LogFixtures.decision(i));
            }
          });
          threads.add(th);
          th.start();
        }
        for (Thread th : threads) {
          th.join();
        }
        assertThat(log.flushed()).as("nothing written before flush (%s)", policy).isZero();
        log.flush();
        assertThat(log.flushed()).as(policy.name()).isEqualTo(900);
        assertThat(log.written()).isEqualTo(900);
        Set<Long> read = new HashSet<>(ids(sub));
        assertThat(read).hasSize(900);
        // More records, then flush again: only the new ones are added, each once.
        for (long i = 5_000; i < 5_010; i++) {
          log.onDecision(LogFixtures.request(i), LogFixtures.decision(i));
        }
        log.flush();
        assertThat(log.flushed()).isEqualTo(910);
        assertThat(ids(sub)).hasSize(910).doesNotHaveDuplicates();
        assertThat(log.dropped()).isZero();
      }
    }
  }

  @Test
  void flush_afterClose_returnsAtOnce() {
    DecisionLog log = lazy().build();
    log.onDecision(LogFixtures.request(1), LogFixtures.decision(1));
    log.close();
    log.flush();
    assertThat(log.flushed()).isEqualTo(1);
    assertThat(ids(dir)).containsExactly(1L);
  }

  @Test
  void flush_waitsForASlowDisk() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    try (DecisionLog log = lazy().beforeWrite(() -> {
      entered.countDown();
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }).build()) {
      for (long i = 0; i < 50; i++) {
        log.onDecision(LogFixtures.request(i), LogFixtures.decision(i));
      }
      long t0 = System.nanoTime();
      log.flush();
      assertThat(entered.getCount()).isZero();
      assertThat(System.nanoTime() - t0).as("flush returned before the write").isGreaterThanOrEqualTo(250_000_000L);
      assertThat(log.flushed()).isEqualTo(50);
    }
  }

  @Test
  void sample_keepsAFixedShareOfDecisions_eachWithItsOutcomes() {
    int n = 8_000;
    try (DecisionLog log = lazy().sample(0.25).build()) {
      for (long i = 0; i < n; i++) {
        log.onDecision(LogFixtures.request(i), LogFixtures.decision(i));
        log.onOutcome(Outcome.conversion(i, i % 3 == 0, LogFixtures.T0.plusSeconds(i)));
      }
      log.flush();
      assertThat(log.written() + log.sampledOut()).isEqualTo(2L * n);
      assertThat(log.dropped()).isZero();
      assertThat(log.sampleRate()).isEqualTo(0.25);
      DecisionLogReader reader = DecisionLogReader.open(dir);
      assertThat(reader.stats().decisions()).isBetween((long) (0.22 * n), (long) (0.28 * n));
      assertThat(reader.stats().outcomes()).isEqualTo(reader.stats().decisions());
      assertThat(reader.stats().orphanOutcomes()).as("an outcome kept without its decision").isZero();
      reader.decisions().forEach(d -> assertThat(d.outcome()).as("decision %d lost its outcome", d.decisionId())
          .isPresent());
    }
    // The same ids are chosen by another log: the sample is a function of the decision id only.
    Path other = dir.resolve("other");
    try (DecisionLog log = DecisionLog.builder(other).pseudonymiser(LogFixtures.PSEUDONYMISER).sample(0.25).build()) {
      for (long i = 0; i < n; i++) {
        log.onDecision(LogFixtures.request(i), LogFixtures.decision(i));
      }
    }
    assertThat(ids(other)).containsExactlyInAnyOrderElementsOf(ids(dir));
    assertThatThrownBy(() -> lazy().sample(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sample rate").hasMessageContaining("0.0");
    assertThatThrownBy(() -> lazy().sample(1.5)).hasMessageContaining("1.5");
  }

  @Test
  void drops_areReportedInTheEnginesHealth() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    DecisionLog log = DecisionLog.builder(dir).pseudonymiser(LogFixtures.PSEUDONYMISER).queueCapacity(16)
        .flushEvery(1).beforeWrite(() -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }).build();
    LogisticDemandModel model = LogisticDemandModel.builder().version("m").intercept(2).priceCoefficient(3).build();
    try (PricingEngine engine = PricingEngine.builder().demandModel(model).listener(log).build()) {
      for (long i = 0; i < 200; i++) {
        engine.price(LogFixtures.request(i));
      }
      assertThat(log.dropped()).isGreaterThan(0);
      assertThat(engine.health().listenerDrops()).isEqualTo(log.dropped());
      release.countDown();
      log.close();
      assertThat(log.written() + log.dropped()).isEqualTo(200);
    }
  }
}
