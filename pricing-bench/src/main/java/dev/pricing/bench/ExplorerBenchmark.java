package dev.pricing.bench;

import dev.pricing.api.Outcome;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import dev.pricing.core.FeatureExtractors;
import dev.pricing.core.explore.ContextualThompsonExplorer;
import dev.pricing.core.explore.EpsilonGreedyExplorer;
import dev.pricing.core.explore.ThompsonSamplingExplorer;
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
 * The hot-path cost of exploration: the engine of {@link EngineBenchmark} (parametric logistic model, 48
 * candidates, guardrails) without an explorer, with Thompson sampling (defaults: 8 arms, K = 32 propensity
 * draws; and K = 8), with epsilon-greedy (0.1) and with contextual Thompson sampling (7 features, D = 16,
 * K = 16), in the same run. Each operation prices a request and records its
 * outcome (bought one time in five), the full online-learning loop; {@code price} alone is measured too.
 * The 4,096 requests spread over 5,000 SKUs, so most cells have few outcomes and their posteriors are wide:
 * close to Thompson sampling's worst case (many contenders).
 *
 * <p>Run: {@code java -jar pricing-bench/target/benchmarks.jar ExplorerBenchmark -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
public class ExplorerBenchmark {

  /** The engine, with or without an explorer. */
  @State(Scope.Benchmark)
  public static class Engine {
    /** Which explorer. */
    @Param({"none", "thompson", "thompson-k8", "epsilon", "contextual"})
    public String explorer;

    PricingEngine engine;
    PricingRequest[] requests;

    /** Builds the engine and pre-generates 4096 varied requests. */
    @Setup(Level.Trial)
    public void setUp() {
      PricingEngine.Builder b = BenchData.engineBuilder(BenchData.logisticModel(7));
      switch (explorer) {
        case "thompson" -> b.explorer(ThompsonSamplingExplorer.builder().seed(1).build());
        case "thompson-k8" -> b.explorer(ThompsonSamplingExplorer.builder().seed(1).propensitySamples(8).build());
        case "epsilon" -> b.explorer(EpsilonGreedyExplorer.builder().seed(1).build());
        case "contextual" -> b.explorer(ContextualThompsonExplorer.builder(FeatureExtractors.standard())
            .features("behaviour.carts_log1p", "behaviour.recency", "behaviour.purchases_log1p",
                "behaviour.discount_response", "behaviour.discount_response_known", "market.competitor_min_gap",
                "market.season_sin")
            .seed(1).build());
        case "none" -> { }
        default -> throw new IllegalArgumentException("explorer must be none, thompson, thompson-k8, epsilon or contextual, found "
            + explorer);
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


  /**
   * One decision and its outcome.
   *
   * @param e the engine
   * @param c the cursor
   * @return the decision
   */
  @Benchmark
  public PriceDecision priceAndRecord(Engine e, RequestCursor c) {
    PricingRequest r = e.requests[c.advance(e.requests.length)];
    PriceDecision d = e.engine.price(r);
    e.engine.record(Outcome.conversion(d.decisionId(), c.calls() % 5 == 0, r.market().time()));
    return d;
  }

  /**
   * One decision (with an explorer, its pending entry is later evicted: the pending map stays at its bound).
   *
   * @param e the engine
   * @param c the cursor
   * @return the decision
   */
  @Benchmark
  public PriceDecision price(Engine e, RequestCursor c) {
    return e.engine.price(e.requests[c.advance(e.requests.length)]);
  }
}
