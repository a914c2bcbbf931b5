package dev.pricing.bench;

import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import dev.pricing.core.log.DecisionLog;
import dev.pricing.core.privacy.Pseudonymiser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * Whether the decision log keeps up with the engine at full speed: 8 pricing threads call
 * {@code engine.price()} as fast as they can for a fixed time (on a 2-core machine that saturates every
 * core), with the log as the engine's listener, once per fsync policy, with and without feature vectors,
 * and once without any log. Reports decisions per second, the log's drop rate
 * ({@code dropped / decisions}) and the throughput with the log as a ratio to the same run without it.
 *
 * <p>Run: {@code java -cp pricing-bench/target/benchmarks.jar dev.pricing.bench.DecisionLogKeepsUp [seconds]
 * [threads] [directory]} (defaults 5 s, 8 threads, a temporary directory).
 */
public final class DecisionLogKeepsUp {
  private DecisionLogKeepsUp() {}

  /**
   * Runs the measurement.
   *
   * @param args optional seconds per configuration, thread count and directory
   * @throws Exception if a thread fails or the directory cannot be used
   */
  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    Path base = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("decision-log-keeps-up");
    Pseudonymiser p = Pseudonymiser.of("bench", "benchmark key, not a secret, 32+ bytes".getBytes(
        StandardCharsets.US_ASCII));
    PricingRequest[] requests = BenchData.requests(11, 4096);
    var model = BenchData.logisticModel(7);
    // Warm-up without a log, then the reference figure.
    run(BenchData.engine(model), requests, threads, Math.min(2, seconds));
    double bare = run(BenchData.engine(model), requests, threads, seconds)[0];
    System.out.printf(Locale.ROOT, "%d pricing threads, %d cores, %.0f s per row%n", threads,
        Runtime.getRuntime().availableProcessors(), seconds);
    System.out.printf(Locale.ROOT, "%-10s %-9s %14s %10s %12s %12s %10s%n", "fsync", "features", "decisions/s",
        "vs bare", "dropped", "written", "drop rate");
    System.out.printf(Locale.ROOT, "%-10s %-9s %14.0f %10s %12s %12s %10s%n", "no log", "-", bare, "1.00", "-", "-",
        "-");
    for (boolean features : new boolean[] {false, true}) {
      for (DecisionLog.FsyncPolicy policy : DecisionLog.FsyncPolicy.values()) {
        Path dir = base.resolve(policy + (features ? "-features" : ""));
        DecisionLog log = DecisionLog.builder(dir).pseudonymiser(p).fsync(policy).storeFeatures(features).build();
        double[] r = run(BenchData.engineBuilder(model).listener(log).build(), requests, threads, seconds);
        log.close();
        long decisions = (long) r[1];
        double dropRate = (double) log.dropped() / decisions;
        System.out.printf(Locale.ROOT, "%-10s %-9s %14.0f %10.2f %12d %12d %9.3f%%%n", policy, features, r[0],
            r[0] / bare, log.dropped(), log.written(), 100 * dropRate);
        delete(dir);
      }
    }
    delete(base);
  }

  /** Prices from {@code threads} threads for {@code seconds}; returns {decisions per second, decisions}. */
  private static double[] run(PricingEngine engine, PricingRequest[] requests, int threads, double seconds)
      throws InterruptedException {
    LongAdder count = new LongAdder();
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int offset = t * 509;
      Thread th = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        long n = 0;
        int i = offset;
        while (!stop.get()) {
          engine.price(requests[i++ & (requests.length - 1)]);
          n++;
        }
        count.add(n);
      });
      ts.add(th);
      th.start();
    }
    long t0 = System.nanoTime();
    start.countDown();
    Thread.sleep((long) (seconds * 1000));
    stop.set(true);
    for (Thread th : ts) {
      th.join();
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    engine.close();
    return new double[] {count.sum() / secs, count.sum()};
  }

  private static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    }
  }
}
