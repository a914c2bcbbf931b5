package dev.pricing.bench;

import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.core.demand.TrainedDemandModel;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * A compiled scorer alone against Tribuo's {@code predict} on the same inputs: one feature vector and a grid
 * of 48 candidate prices per operation.
 *
 * <p>Run: {@code java -jar pricing-bench/target/benchmarks.jar ScorerBenchmark -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ScorerBenchmark {

  /** Pre-extracted feature vectors and price grids, the trained model and its compiled scorer. */
  @State(Scope.Thread)
  public static class Data {
    /** Which trained model. */
    @Param({"logistic", "cart"})
    public String model;

    TrainedDemandModel trained;
    DemandModel.Scorer compiled;
    double[][] features;
    double[][] prices;
    double[] out = new double[BenchData.CANDIDATES];
    int next;

    /** Trains the model, compiles it for the engine's schema, extracts 1024 vectors. */
    @Setup(Level.Trial)
    public void setUp() {
      trained = BenchModels.train(model);
      compiled = trained.bind(BenchData.schema());
      PricingRequest[] requests = BenchData.requests(11, 1024);
      features = new double[requests.length][];
      prices = new double[requests.length][];
      try (PricingEngine engine = BenchData.engine(trained)) {
        for (int i = 0; i < requests.length; i++) {
          features[i] = engine.features(requests[i]).toArray();
          prices[i] = BenchModels.candidates(requests[i].product().listPrice().doubleValue());
        }
      }
    }

    int advance() {
      int i = next;
      next = (i + 1) & (features.length - 1);
      return i;
    }
  }

  /**
   * Scores 48 prices with the compiled scorer.
   *
   * @param d the data
   * @return the output buffer (consumed by JMH)
   */
  @Benchmark
  public double[] compiled(Data d) {
    int i = d.advance();
    d.compiled.score(d.features[i], d.prices[i], BenchData.CANDIDATES, d.out);
    return d.out;
  }

  /**
   * Scores the same 48 prices with Tribuo's predict, one example per price.
   *
   * @param d the data
   * @return the scores
   */
  @Benchmark
  public double[] tribuoPredict(Data d) {
    int i = d.advance();
    return d.trained.predictWithTribuo(d.features[i], d.prices[i], true);
  }
}
