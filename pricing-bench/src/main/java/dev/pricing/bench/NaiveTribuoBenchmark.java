package dev.pricing.bench;

import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The reference a user would otherwise write: the same decision (same features, 48 candidate prices, same
 * trained model) computed with Tribuo's own {@code predict}, one built example per candidate.
 *
 * <p>Run: {@code java -jar pricing-bench/target/benchmarks.jar NaiveTribuoBenchmark -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class NaiveTribuoBenchmark {

  /** The trained model, an engine used only to extract features, and the request pool. */
  @State(Scope.Thread)
  public static class Data {
    /** Which trained model. */
    @Param({"logistic", "cart"})
    public String model;

    PricingEngine engine;
    PricingRequest[] requests;
    TrainedDemandModel trained;
    int next;

    /** Trains the model and pre-generates the requests. */
    @Setup(Level.Trial)
    public void setUp() {
      trained = BenchModels.train(model);
      engine = BenchData.engine(trained);
      requests = BenchData.requests(11, 4096);
    }

    /** Closes the engine used for feature extraction. */
    @TearDown(Level.Trial)
    public void tearDown() {
      engine.close();
    }
  }

  /**
   * Extracts features, predicts each of 48 candidates with Tribuo and keeps the most profitable.
   *
   * @param s the data
   * @return the best price
   */
  @Benchmark
  public double naiveDecision(Data s) {
    int i = s.next;
    s.next = (i + 1) & (s.requests.length - 1);
    PricingRequest req = s.requests[i];
    double[] x = s.engine.features(req).toArray();
    double list = req.product().listPrice().doubleValue();
    double cost = req.product().unitCost().doubleValue();
    double[] prices = BenchModels.candidates(list);
    double[] demand = s.trained.predictWithTribuo(x, prices, true);
    double best = Double.NEGATIVE_INFINITY;
    double bestPrice = list;
    for (int k = 0; k < prices.length; k++) {
      double profit = (prices[k] - cost) * demand[k];
      if (profit > best) {
        best = profit;
        bestPrice = prices[k];
      }
    }
    return bestPrice;
  }
}
