package dev.pricing.bench;

import dev.pricing.api.PriceDecision;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import dev.pricing.core.log.DecisionLog;
import dev.pricing.core.log.DecisionLogReader;
import dev.pricing.core.privacy.Pseudonymiser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Measures the decision log's writer: how many records per second one writer thread pseudonymises, encodes
 * and hands to the OS, for each fsync policy, with and without feature vectors, and how fast a reader reads
 * them back. The producer never lets the queue overflow, so every record is written; the time runs until
 * the last record is flushed.
 *
 * <p>Run: {@code java -cp pricing-bench/target/benchmarks.jar dev.pricing.bench.DecisionLogThroughput [records]
 * [directory]}
 */
public final class DecisionLogThroughput {
  private DecisionLogThroughput() {}

  /**
   * Runs the measurement.
   *
   * @param args optional record count (default 2,000,000) and a directory on the disk to measure
   * @throws IOException if the directory cannot be used
   */
  public static void main(String[] args) throws IOException {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
    Path base = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("decision-log-throughput");
    Pseudonymiser p = Pseudonymiser.of("bench", "benchmark key, not a secret, 32+ bytes".getBytes(
        StandardCharsets.US_ASCII));
    PricingRequest[] requests = BenchData.requests(11, 1024);
    try (PricingEngine engine = BenchData.engine(BenchData.logisticModel(7))) {
      PriceDecision[] decisions = new PriceDecision[requests.length];
      for (int i = 0; i < requests.length; i++) {
        decisions[i] = engine.price(requests[i]);
      }
      System.out.printf(Locale.ROOT, "%-10s %-9s %12s %10s %8s %12s%n", "fsync", "features", "records/s", "MB/s",
          "B/rec", "read rec/s");
      for (boolean features : new boolean[] {false, true}) {
        for (DecisionLog.FsyncPolicy policy : DecisionLog.FsyncPolicy.values()) {
          Path dir = base.resolve(policy + (features ? "-features" : ""));
          DecisionLog log = DecisionLog.builder(dir).pseudonymiser(p).fsync(policy).storeFeatures(features).build();
          log.attach(engine);
          long t0 = System.nanoTime();
          for (int i = 0; i < n; i++) {
            while (log.queued() > 60_000) {
              Thread.onSpinWait();
            }
            log.onDecision(requests[i & 1023], decisions[i & 1023]);
          }
          log.close();
          double secs = (System.nanoTime() - t0) / 1e9;
          long t1 = System.nanoTime();
          DecisionLogReader reader = DecisionLogReader.open(dir);
          long read = 0;
          for (var d : reader.decisions()) {
            read += d.decisionId() >= 0 ? 1 : 0;
          }
          double readSecs = (System.nanoTime() - t1) / 1e9;
          if (log.flushed() != n || log.dropped() != 0 || read != n) {
            throw new IllegalStateException("flushed " + log.flushed() + ", dropped " + log.dropped() + ", read "
                + read + " of " + n);
          }
          System.out.printf(Locale.ROOT, "%-10s %-9s %12.0f %10.1f %8.0f %12.0f%n", policy, features, n / secs,
              log.bytes() / secs / 1e6, (double) log.bytes() / n, read / readSecs);
          delete(dir);
        }
      }
    }
    delete(base);
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    }
  }
}
