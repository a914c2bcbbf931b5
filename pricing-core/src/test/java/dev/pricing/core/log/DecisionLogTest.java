package dev.pricing.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pricing.api.Outcome;
import dev.pricing.api.PriceDecision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionLogTest {
  @TempDir Path dir;

  private DecisionLog.Builder builder() {
    return DecisionLog.builder(dir).pseudonymiser(LogFixtures.PSEUDONYMISER);
  }

  private static void write(DecisionLog log, long from, long to) {
    for (long i = from; i < to; i++) {
      log.onDecision(LogFixtures.request(i), LogFixtures.decision(i));
    }
  }

  private static List<LoggedDecision> all(DecisionLogReader reader) {
    List<LoggedDecision> out = new ArrayList<>();
    reader.decisions().forEach(out::add);
    return out;
  }

  @Test
  void roundTrip_everyFieldExact_outcomesJoined() {
    DecisionLog log = builder().segmentBytes(8 * 1024).build();
    write(log, 0, 500);
    log.onOutcome(Outcome.conversion(7, true, LogFixtures.T0.plusSeconds(60)));
    log.onOutcome(new Outcome(8, 2, LogFixtures.T0.plusSeconds(61)));
    log.onOutcome(new Outcome(8, 1, LogFixtures.T0.plusSeconds(62)));
    log.onOutcome(Outcome.conversion(9, false, LogFixtures.T0.plusSeconds(63)));
    log.onOutcome(Outcome.conversion(123_456, true, LogFixtures.T0)); // its decision was never logged
    log.close();
    log.close(); // idempotent

    assertThat(log.written()).isEqualTo(505);
    assertThat(log.flushed()).isEqualTo(505);
    assertThat(log.dropped()).isZero();
    assertThat(log.segments()).isGreaterThan(3);
    DecisionLogReader reader = DecisionLogReader.open(dir);
    assertThat(reader.stats()).isEqualTo(new LogReadStats((int) log.segments(), 0, 500, 5, 1, 0, 0, 0, 0, 0));
    assertThat(reader.stats().clean()).isTrue();
    List<LoggedDecision> ds = all(reader);
    assertThat(ds).extracting(LoggedDecision::decisionId).containsExactlyElementsOf(
        java.util.stream.LongStream.range(0, 500).boxed().toList());
    for (LoggedDecision d : ds) {
      assertThat(LogFixtures.mismatch(d)).isNull();
      assertThat(d.runId()).isEqualTo(log.runId());
      assertThat(d.features()).isEmpty();
    }
    assertThat(ds.get(7).outcome().orElseThrow().units()).isEqualTo(1.0);
    assertThat(ds.get(8).outcome().orElseThrow().units()).isEqualTo(3.0);
    assertThat(ds.get(8).outcome().orElseThrow().time()).isEqualTo(LogFixtures.T0.plusSeconds(62));
    assertThat(ds.get(9).outcome().orElseThrow().bought()).isFalse();
    assertThat(ds.get(10).outcome()).isEmpty();
    assertThat(reader.decisions(LogFixtures.T0.plusSeconds(100), LogFixtures.T0.plusSeconds(110)))
        .extracting(LoggedDecision::decisionId).containsExactly(100L, 101L, 102L, 103L, 104L, 105L, 106L, 107L,
            108L, 109L);
  }

  @Test
  void manyPricingThreads_everyRecordLoggedOnce() throws Exception {
    int threads = 8;
    int each = 5_000;
    DecisionLog log = builder().segmentBytes(256 * 1024).queueCapacity(threads * each).build();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      long base = (long) t * each;
      Thread w = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        write(log, base, base + each);
        log.onOutcome(Outcome.conversion(base, true, LogFixtures.T0));
      });
      w.start();
      workers.add(w);
    }
    start.countDown();
    for (Thread w : workers) {
      w.join();
    }
    log.close();
    assertThat(log.dropped()).isZero();
    assertThat(log.flushed()).isEqualTo((long) threads * each + threads);
    DecisionLogReader reader = DecisionLogReader.open(dir);
    assertThat(reader.stats().clean()).isTrue();
    List<LoggedDecision> ds = all(reader);
    assertThat(ds).extracting(LoggedDecision::decisionId).doesNotHaveDuplicates().hasSize(threads * each);
    for (LoggedDecision d : ds) {
      assertThat(LogFixtures.mismatch(d)).isNull();
      assertThat(d.outcome().isPresent()).isEqualTo(d.decisionId() % each == 0);
    }
  }

  @Test
  void why_reportsPriceReasonsGuardrailContributionsAndOutcome() {
    try (DecisionLog log = builder().build()) {
      write(log, 0, 20);
      log.onOutcome(Outcome.conversion(8, true, LogFixtures.T0.plusSeconds(99)));
    }
    DecisionLogReader reader = DecisionLogReader.open(dir);
    String text = reader.why(8).orElseThrow().text();
    assertThat(text)
        .contains("price USD 10.08")
        .contains("reference 49.99")
        .contains("baseline without personal data 20.08")
        .contains("reasons: guardrail_binding, optimised")
        .contains("binding guardrail: max_change")
        .contains("model model-v0, propensity 1.0000")
        .contains(LogFixtures.decision(8).contributions().get(0).describe())
        .contains("outcome: bought 1 units")
        .contains(LogFixtures.PSEUDONYMISER.pseudonymise(LogFixtures.customerId(8)))
        .doesNotContain(LogFixtures.customerId(8));
    assertThat(reader.why(9).orElseThrow().text()).contains("binding guardrail: none")
        .contains("outcome: none logged");
    assertThat(reader.why(999)).isEmpty();
  }

  @Test
  void queueFull_dropsAndCounts_callerNeverWaitsForTheDisk() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    DecisionLog log = builder().queueCapacity(100).flushEvery(1).beforeWrite(() -> {
      entered.countDown();
      try {
        release.await(); // the "disk" hangs until the test releases it
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }).build();
    write(log, 0, 1);
    entered.await(); // the writer holds record 0 and is stuck in its first write
    write(log, 1, 5_001); // returns although the writer is stuck: nothing waits for space
    assertThat(log.dropped()).isEqualTo(5_000 - 100);
    assertThat(log.queued()).isEqualTo(100);
    assertThat(log.flushed()).isZero();
    release.countDown();
    log.close();
    assertThat(log.written()).isEqualTo(101);
    assertThat(log.flushed()).isEqualTo(101);
    assertThat(log.dropped()).isEqualTo(4_900);
    write(log, 5_001, 5_011); // after close: dropped, counted
    assertThat(log.dropped()).isEqualTo(4_910);
    List<LoggedDecision> ds = all(DecisionLogReader.open(dir));
    assertThat(ds).extracting(LoggedDecision::decisionId).containsExactlyElementsOf(
        java.util.stream.LongStream.range(0, 101).boxed().toList());
  }

  @Test
  void retentionByBytes_deletesOnlyWholeOldestSegments() throws IOException {
    long limit = 16 * 1024;
    try (DecisionLog log = builder().segmentBytes(2048).flushEvery(1).retainBytes(limit).build()) {
      write(log, 0, 2_000);
    }
    List<Path> left = DecisionLog.listSegments(dir);
    long total = 0;
    for (Path p : left) {
      total += Files.size(p);
    }
    assertThat(total).isLessThanOrEqualTo(limit + 4096);
    DecisionLogReader reader = DecisionLogReader.open(dir);
    assertThat(reader.stats().clean()).as("no segment was truncated: %s", reader.stats()).isTrue();
    List<LoggedDecision> ds = all(reader);
    // What is left is the newest, contiguous suffix of the decisions, every one intact.
    assertThat(ds.get(ds.size() - 1).decisionId()).isEqualTo(1_999);
    for (int k = 0; k < ds.size(); k++) {
      assertThat(ds.get(k).decisionId()).isEqualTo(2_000 - ds.size() + k);
      assertThat(LogFixtures.mismatch(ds.get(k))).isNull();
    }
    assertThat(ds.size()).isLessThan(2_000);
    // Segment sequence numbers left are the newest, without gaps.
    long first = SegmentFormat.sequenceOf(left.get(0).getFileName().toString());
    for (int k = 0; k < left.size(); k++) {
      assertThat(SegmentFormat.sequenceOf(left.get(k).getFileName().toString())).isEqualTo(first + k);
    }
  }

  @Test
  void retentionByAge_deletesSegmentsOlderThanTheLimitOnly() throws IOException {
    try (DecisionLog log = builder().segmentBytes(2048).build()) {
      write(log, 0, 100);
    }
    List<Path> firstRun = DecisionLog.listSegments(dir);
    assertThat(firstRun).hasSizeGreaterThan(2);
    Instant now = Instant.now();
    for (int k = 0; k < firstRun.size(); k++) {
      // The older half was last written 10 days ago, the rest 1 day ago.
      Duration age = k < firstRun.size() / 2 ? Duration.ofDays(10) : Duration.ofDays(1);
      Files.setLastModifiedTime(firstRun.get(k), FileTime.from(now.minus(age)));
    }
    try (DecisionLog log = builder().retainFor(Duration.ofDays(7)).build()) {
      write(log, 0, 5);
    }
    List<Path> left = DecisionLog.listSegments(dir);
    assertThat(left).doesNotContainAnyElementsOf(firstRun.subList(0, firstRun.size() / 2));
    assertThat(left).containsAll(firstRun.subList(firstRun.size() / 2, firstRun.size()));
    assertThat(left).hasSize(firstRun.size() - firstRun.size() / 2 + 1);
  }

  @Test
  void corruptBytesInTheMiddle_areSkippedAndCounted_otherRecordsIntact() throws IOException {
    try (DecisionLog log = builder().build()) {
      write(log, 0, 300);
    }
    Path seg = DecisionLog.listSegments(dir).get(0);
    byte[] b = Files.readAllBytes(seg);
    int middle = b.length / 2;
    for (int k = 0; k < 5; k++) {
      b[middle + k] ^= 0x5A;
    }
    Files.write(seg, b);
    DecisionLogReader reader = DecisionLogReader.open(dir);
    LogReadStats s = reader.stats();
    assertThat(s.corruptRegions()).isEqualTo(1);
    assertThat(s.corruptBytes()).isPositive();
    assertThat(s.tornTails()).isZero();
    assertThat(s.decisions()).isBetween(297L, 299L);
    List<LoggedDecision> ds = all(reader);
    assertThat(ds).hasSize((int) s.decisions());
    for (LoggedDecision d : ds) {
      assertThat(LogFixtures.mismatch(d)).isNull();
    }
    assertThat(ds.get(0).decisionId()).isZero();
    assertThat(ds.get(ds.size() - 1).decisionId()).isEqualTo(299);
  }

  @Test
  void tornTail_isSkippedAndCounted_everyEarlierRecordIntact() throws IOException {
    try (DecisionLog log = builder().build()) {
      write(log, 0, 50);
    }
    Path seg = DecisionLog.listSegments(dir).get(0);
    byte[] b = Files.readAllBytes(seg);
    Files.write(seg, java.util.Arrays.copyOf(b, b.length - 7));
    DecisionLogReader reader = DecisionLogReader.open(dir);
    assertThat(reader.stats().tornTails()).isEqualTo(1);
    assertThat(reader.stats().corruptRegions()).isZero();
    List<LoggedDecision> ds = all(reader);
    assertThat(ds).extracting(LoggedDecision::decisionId).containsExactlyElementsOf(
        java.util.stream.LongStream.range(0, 49).boxed().toList());
  }

  @Test
  void unpairedSurrogate_isWrittenAsTheReplacementCharacter_pairsAndOtherTextExactly() {
    PriceDecision d = LogFixtures.decision(1);
    PriceDecision odd = new PriceDecision(1, "sku-\uD800-\uD83D\uDE00-\u0000-\u00E9", d.currency(), d.price(),
        d.proposedPrice(), d.referencePrice(), d.expectedConversion(), d.expectedRevenue(), d.expectedProfit(),
        d.baselinePrice(), d.baselineExpectedProfit(), d.bindingGuardrail(), d.reasons(), "v\uDC00", false,
        d.propensity(), d.contributions());
    try (DecisionLog log = builder().build()) {
      log.onDecision(LogFixtures.request(1), odd);
    }
    LoggedDecision l = all(DecisionLogReader.open(dir)).get(0);
    assertThat(l.productId()).isEqualTo("sku-\uFFFD-\uD83D\uDE00-\u0000-\u00E9");
    assertThat(l.modelVersion()).isEqualTo("v\uFFFD");
  }

  @Test
  void badConfiguration_isRefusedNamingTheField() {
    assertThatThrownBy(() -> DecisionLog.builder(dir).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pseudonymiser");
    assertThatThrownBy(() -> builder().segmentBytes(10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("segmentBytes").hasMessageContaining("10");
    assertThatThrownBy(() -> builder().queueCapacity(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("queueCapacity").hasMessageContaining("0");
    assertThatThrownBy(() -> builder().flushEvery(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("flushEvery").hasMessageContaining("-1");
    assertThatThrownBy(() -> builder().flushInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("flushInterval");
    assertThatThrownBy(() -> builder().retainBytes(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retainBytes");
    assertThatThrownBy(() -> builder().retainFor(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retainFor");
    try (DecisionLog open = builder().build()) {
      assertThatThrownBy(() -> builder().build()).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(dir.toString());
    }
  }
}
