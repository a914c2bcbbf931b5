package dev.pricing.bench;

import dev.pricing.api.FeatureSchema;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import dev.pricing.core.LogisticDemandModel;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floor: what a hand-written pricer costs with no engine at all. Features are pre-extracted; per
 * candidate it computes one dot product and one sigmoid, then keeps the most profitable price.
 *
 * <p>Run: {@code java -jar pricing-bench/target/benchmarks.jar BaselineBenchmark -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BaselineBenchmark {

  /** Pre-extracted feature vectors, candidate grids and the model's weights as flat arrays. */
  @State(Scope.Thread)
  public static class Data {
    double[][] features;
    double[][] prices;
    double[] costs;
    double[] weights;
    double[] lists;
    double intercept;
    double beta;
    int next;

    /** Extracts features with the engine's own extractors and lays out the model as arrays. */
    @Setup(Level.Trial)
    public void setUp() {
      LogisticDemandModel model = BenchData.logisticModel(7);
      PricingRequest[] requests = BenchData.requests(11, 4096);
      FeatureSchema schema = BenchData.schema();
      weights = new double[schema.size()];
      for (Map.Entry<String, Double> w : model.weights().entrySet()) {
        weights[schema.require(w.getKey())] = w.getValue();
      }
      intercept = model.intercept();
      beta = model.priceCoefficient();
      features = new double[requests.length][];
      prices = new double[requests.length][BenchData.CANDIDATES];
      costs = new double[requests.length];
      lists = new double[requests.length];
      Random r = new Random(3);
      try (PricingEngine engine = BenchData.engine(model)) {
        for (int i = 0; i < requests.length; i++) {
          features[i] = engine.features(requests[i]).toArray();
          lists[i] = requests[i].product().listPrice().doubleValue();
          costs[i] = requests[i].product().unitCost().doubleValue();
          for (int k = 0; k < BenchData.CANDIDATES; k++) {
            prices[i][k] = Math.floor(lists[i] * (0.7 + 0.6 * k / (BenchData.CANDIDATES - 1))) + 0.99;
          }
        }
      }
      next = r.nextInt(requests.length);
    }
  }

  /**
   * Prices one request by hand.
   *
   * @param d the data
   * @return the best price
   */
  @Benchmark
  public double handWritten(Data d) {
    int i = d.next;
    d.next = (i + 1) & (d.features.length - 1);
    double[] x = d.features[i];
    double[] w = d.weights;
    double[] p = d.prices[i];
    double list = d.lists[i];
    double cost = d.costs[i];
    double best = Double.NEGATIVE_INFINITY;
    double bestPrice = p[0];
    for (int k = 0; k < p.length; k++) {
      double u = d.intercept;
      for (int j = 0; j < x.length; j++) {
        u += w[j] * x[j];
      }
      u -= d.beta * p[k] / list;
      double demand = 1.0 / (1.0 + Math.exp(-u));
      double profit = (p[k] - cost) * demand;
      if (profit > best) {
        best = profit;
        bestPrice = p[k];
      }
    }
    return bestPrice;
  }
}
