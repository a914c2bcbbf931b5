package dev.pricing.bench;

import dev.pricing.api.PriceDecision;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import dev.pricing.core.log.DecisionLog;
import dev.pricing.core.privacy.Pseudonymiser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the decision log costs the pricing thread: the engine's {@code price} with and without a
 * {@link DecisionLog} listener (features stored or not; the writer thread does the pseudonymising, feature
 * extraction, encoding and I/O). The tear-down prints how many records the log wrote and dropped: drops mean
 * the writer could not keep up with the benchmark's single pricing thread.
 *
 * <p>Run: {@code java -jar pricing-bench/target/benchmarks.jar DecisionLogBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DecisionLogBenchmark {

  /** The engine, with or without a log. */
  @State(Scope.Benchmark)
  public static class Engine {
    /** none: no listener; log: decisions logged; log+features: feature vectors stored too. */
    @Param({"none", "log", "log+features"})
    public String logging;

    PricingEngine engine;
    DecisionLog log;
    Path dir;
    PricingRequest[] requests;

    /** Builds the engine and opens the log in a temporary directory. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
      requests = BenchData.requests(11, 1024);
      PricingEngine.Builder b = BenchData.engineBuilder(BenchData.logisticModel(7));
      if (!logging.equals("none")) {
        dir = Files.createTempDirectory("decision-log-bench");
        log = DecisionLog.builder(dir)
            .pseudonymiser(Pseudonymiser.of("bench", "benchmark key, not a secret, 32+ bytes"
                .getBytes(StandardCharsets.US_ASCII)))
            .storeFeatures(logging.equals("log+features"))
            .build();
        b.listener(log);
      }
      engine = b.build();
      if (log != null) {
      }
    }

    /** Closes the log, then the engine, prints the log's counters and deletes the directory. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      if (log != null) {
        log.close();
        System.out.printf("%n[decision log] written %d, flushed %d, dropped %d, bytes %d%n", log.written(),
            log.flushed(), log.dropped(), log.bytes());
      }
      engine.close();
      if (dir != null) {
        try (Stream<Path> s = Files.walk(dir)) {
          for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
    }
  }


  /**
   * Prices one request.
   *
   * @param e the engine
   * @param c the cursor
   * @return the decision
   */
  @Benchmark
  public PriceDecision price(Engine e, RequestCursor c) {
    PricingRequest r = e.requests[c.advance(e.requests.length)];
    return e.engine.price(r);
  }
}
