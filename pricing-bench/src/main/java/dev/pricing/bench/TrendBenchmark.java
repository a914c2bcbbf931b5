package dev.pricing.bench;

import dev.pricing.api.PriceDecision;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import dev.pricing.core.trend.EventCalendar;
import dev.pricing.core.trend.TrendFeatures;
import dev.pricing.core.trend.TrendTracker;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of trend features: the engine of {@link EngineBenchmark} (parametric logistic model) without and
 * with {@link TrendFeatures} (a tracker holding 5,000 SKUs with 120 days of demand and competitor prices,
 * Holt-Winters weekly season, and a calendar with events and a day-of-week profile), in the same run; and
 * one {@link TrendTracker} update (an observation that closes the product's period, the expensive case).
 *
 * <p>Run: {@code java -jar pricing-bench/target/benchmarks.jar TrendBenchmark -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
public class TrendBenchmark {
  static final int SKUS = 5_000;
  static final Instant START = Instant.ofEpochSecond(1_760_000_000L - 120L * 86_400);

  static TrendTracker filledTracker() {
    TrendTracker t = TrendTracker.builder().build();
    for (int d = 0; d <= 120; d++) {
      Instant time = START.plusSeconds(86_400L * d);
      for (int s = 0; s < SKUS; s++) {
        t.recordDemand("sku-" + s, time, 5 + (s % 7) + (d % 7));
        t.recordCompetitorPrice("sku-" + s, time, 50 + 0.01 * d);
      }
    }
    return t;
  }

  /** The engine, with or without trend features. */
  @State(Scope.Benchmark)
  public static class Engine {
    /** Whether the engine has trend features. */
    @Param({"without", "with"})
    public String trend;

    PricingEngine engine;
    PricingRequest[] requests;

    /** Builds the engine and pre-generates 4096 varied requests. */
    @Setup(Level.Trial)
    public void setUp() {
      PricingEngine.Builder b = BenchData.engineBuilder(BenchData.logisticModel(7));
      if (trend.equals("with")) {
        EventCalendar cal = EventCalendar.builder(ZoneOffset.UTC).dayOfWeek(DayOfWeek.SATURDAY, 1.3)
            .event("sale", LocalDate.of(2025, 11, 28), LocalDate.of(2025, 12, 1), 1.8)
            .event("holidays", LocalDate.of(2025, 12, 20), LocalDate.of(2026, 1, 2), 1.4).build();
        b.extractor(new TrendFeatures(filledTracker(), cal));
      }
      engine = b.build();
      requests = BenchData.requests(11, 4096);
    }

    /** Closes the engine. */
    @TearDown(Level.Trial)
    public void tearDown() {
      engine.close();
    }
  }


  /** A tracker and a stream of observations, each closing its product's open period. */
  @State(Scope.Thread)
  public static class Updates {
    TrendTracker tracker;
    String[] ids;
    long day;
    int sku;

    /** Fills a tracker. */
    @Setup(Level.Trial)
    public void setUp() {
      tracker = filledTracker();
      ids = new String[SKUS];
      for (int s = 0; s < SKUS; s++) {
        ids[s] = "sku-" + s;
      }
      day = 121;
    }
  }

  /**
   * One decision.
   *
   * @param e the engine
   * @param c the cursor
   * @return the decision
   */
  @Benchmark
  public PriceDecision price(Engine e, RequestCursor c) {
    return e.engine.price(e.requests[c.advance(e.requests.length)]);
  }

  /**
   * One demand observation that closes the product's previous period (Holt-Winters update, m = 7).
   *
   * @param u the tracker and stream
   * @return the tracker (kept alive for JMH)
   */
  @Benchmark
  public TrendTracker trackerUpdate(Updates u) {
    if (u.sku == SKUS) {
      u.sku = 0;
      u.day++;
    }
    u.tracker.recordDemand(u.ids[u.sku++], START.plusSeconds(86_400L * u.day), 7);
    return u.tracker;
  }
}
