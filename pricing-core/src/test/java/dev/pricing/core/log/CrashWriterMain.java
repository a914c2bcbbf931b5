package dev.pricing.core.log;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The child JVM of {@link CrashSafetyTest}: writes {@link LogFixtures#decision(long)} 0, 1, 2, ... into a
 * decision log as fast as the writer keeps up, and after every 500 prints how many records the log reports
 * flushed, until it is killed. Not a test; started by the test with {@code java -cp}.
 */
public final class CrashWriterMain {
  private CrashWriterMain() {}

  /**
   * Runs until killed.
   *
   * @param args the log directory
   */
  public static void main(String[] args) {
    DecisionLog log = DecisionLog.builder(Path.of(args[0])).pseudonymiser(LogFixtures.PSEUDONYMISER)
        .segmentBytes(64 * 1024).flushEvery(64).flushInterval(Duration.ofMillis(5))
        .fsync(DecisionLog.FsyncPolicy.NEVER).queueCapacity(1 << 20).build();
    System.out.println("RUN " + log.runId());
    for (long i = 0; ; i++) {
      while (log.queued() > 20_000) {
        Thread.onSpinWait(); // keep the queue from overflowing so every id is written
      }
      log.onDecision(LogFixtures.request(i), LogFixtures.decision(i));
      if (i % 500 == 499) {
        System.out.println("FLUSHED " + log.flushed() + " DROPPED " + log.dropped());
        System.out.flush();
      }
    }
  }
}
