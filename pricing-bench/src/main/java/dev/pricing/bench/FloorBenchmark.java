package dev.pricing.bench;

import dev.pricing.api.FeatureSchema;
import dev.pricing.api.Market;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import dev.pricing.core.FeaturePipeline;
import dev.pricing.core.LogisticDemandModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine against honest floors, all with the benchmark's parametric logistic model (60 features, a price
 * interaction) and the same 4,096 requests:
 * <ul>
 *   <li>{@code factored}: what a hand-written pricer costs with no engine. The price term of a logistic
 *       model is separable, so one pass over the pre-extracted features gives the utility and the price
 *       slope, then one sigmoid per candidate (48) and the most profitable price. Nothing less can price a
 *       request with this model.
 *   <li>{@code factoredWithExtraction}: the same after extracting the request's features through the
 *       engine's own {@link FeaturePipeline} into a reused buffer (no allocation): the floor of any pricer
 *       that starts from a request.
 *   <li>{@code engine1} / {@code engine2}: {@code engine.price()} from one and two threads (same engine and
 *       guardrails as {@link EngineBenchmark}, which adds 48 candidates, ladder, bounds, baseline,
 *       refinement, binding probes, two contributions, decimals, telemetry); {@code engineNoCache} with the
 *       baseline cache off (every decision re-optimises the non-personal baseline).
 *   <li>{@code slate100} / {@code single100}: 100 products for one customer (each with its own market) with
 *       {@code priceAll}, against 100 {@code price()} calls on the same pre-built requests. Scores are per
 *       product ({@code OperationsPerInvocation(100)}).
 * </ul>
 * The request pool cycles, so after warm-up the baseline cache holds every product and market state of
 * {@code engine1}: read {@code engineNoCache} for a shop whose states never repeat.
 *
 * <p>Run: {@code java -jar pricing-bench/target/benchmarks.jar FloorBenchmark -f 1 -wi 3 -i 5 -w 1 -r 1 -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FloorBenchmark {
  static final int SLATE = 100;

  /** The engines, the request pool, the model as flat arrays, and slates of 100 products. */
  @State(Scope.Benchmark)
  public static class Data {
    PricingEngine engine;
    PricingEngine noCache;
    PricingEngine neutralBaseline;
    PricingEngine uniform;
    PricingEngine uniformNoCache;
    FeaturePipeline pipeline;
    PricingRequest[] requests;
    double[][] features;
    double[][] prices;
    double[] costs;
    int[] listIndex;
    double[] weights;
    double[] interactions;
    double intercept;
    double beta;
    // Slates: customer k with products and markets of 100 requests.
    dev.pricing.api.Customer[] slateCustomers;
    List<List<Product>> slateProducts;
    List<List<Market>> slateMarkets;
    PricingRequest[][] slateRequests;

    /** Builds the engines and lays out the model and the inputs. */
    @Setup(Level.Trial)
    public void setUp() {
      LogisticDemandModel model = BenchData.logisticModel(7);
      requests = BenchData.requests(11, 4096);
      engine = BenchData.engine(model);
      noCache = BenchData.engineBuilder(model).baselineCache(0, Duration.ofSeconds(1)).build();
      neutralBaseline = BenchData.engineBuilder(model).populationSample(0).build();
      uniform = BenchData.engineBuilder(model).uniformPricing(true).build();
      uniformNoCache = BenchData.engineBuilder(model).uniformPricing(true).baselineCache(0, Duration.ofSeconds(1))
          .build();
      pipeline = FeaturePipeline.of(BenchData.extractors());
      FeatureSchema schema = pipeline.schema();
      weights = new double[schema.size()];
      interactions = new double[schema.size()];
      for (Map.Entry<String, Double> w : model.weights().entrySet()) {
        weights[schema.require(w.getKey())] = w.getValue();
      }
      for (Map.Entry<String, Double> g : model.priceInteractions().entrySet()) {
        interactions[schema.require(g.getKey())] = g.getValue();
      }
      intercept = model.intercept();
      beta = model.priceCoefficient();
      features = new double[requests.length][];
      prices = new double[requests.length][BenchData.CANDIDATES];
      costs = new double[requests.length];
      listIndex = new int[] {schema.require("product.list_price")};
      for (int i = 0; i < requests.length; i++) {
        features[i] = pipeline.toArray(requests[i]);
        double list = requests[i].product().listPrice().doubleValue();
        costs[i] = requests[i].product().unitCost().doubleValue();
        for (int k = 0; k < BenchData.CANDIDATES; k++) {
          prices[i][k] = Math.floor(list * (0.7 + 0.6 * k / (BenchData.CANDIDATES - 1))) + 0.99;
        }
      }
      int slates = requests.length / SLATE;
      slateCustomers = new dev.pricing.api.Customer[slates];
      slateProducts = new ArrayList<>();
      slateMarkets = new ArrayList<>();
      slateRequests = new PricingRequest[slates][SLATE];
      for (int s = 0; s < slates; s++) {
        slateCustomers[s] = requests[s * SLATE].customer();
        List<Product> ps = new ArrayList<>();
        List<Market> ms = new ArrayList<>();
        for (int k = 0; k < SLATE; k++) {
          PricingRequest r = requests[s * SLATE + k];
          ps.add(r.product());
          ms.add(r.market());
          slateRequests[s][k] = PricingRequest.of(slateCustomers[s], r.product(), r.market());
        }
        slateProducts.add(List.copyOf(ps));
        slateMarkets.add(List.copyOf(ms));
      }
    }

    /** Closes the engines. */
    @TearDown(Level.Trial)
    public void tearDown() {
      engine.close();
      noCache.close();
      neutralBaseline.close();
      uniform.close();
      uniformNoCache.close();
    }
  }

  /** One thread's feature buffer for the extraction floor. */
  @State(Scope.Thread)
  public static class Buffer {
    double[] x;

    /** Allocates the buffer. */
    @Setup(Level.Trial)
    public void setUp(Data d) {
      x = new double[d.pipeline.size()];
    }
  }

  /** The factored price: one pass for utility and slope, then one sigmoid per candidate. */
  static double factoredPrice(Data d, double[] x, int i) {
    double[] w = d.weights;
    double[] g = d.interactions;
    double u = d.intercept;
    double b = d.beta;
    for (int j = 0; j < x.length; j++) {
      u += w[j] * x[j];
      b += g[j] * x[j];
    }
    double slope = Math.max(b, 0) / x[d.listIndex[0]];
    double[] p = d.prices[i];
    double cost = d.costs[i];
    double best = Double.NEGATIVE_INFINITY;
    double bestPrice = p[0];
    for (int k = 0; k < p.length; k++) {
      double z = u - slope * p[k];
      double demand = z >= 0 ? 1.0 / (1.0 + Math.exp(-z)) : Math.exp(z) / (1.0 + Math.exp(z));
      double profit = (p[k] - cost) * demand;
      if (profit > best) {
        best = profit;
        bestPrice = p[k];
      }
    }
    return bestPrice;
  }

  /**
   * The factored floor on pre-extracted features.
   *
   * @param d the data
   * @param c the cursor
   * @return the best price
   */
  @Benchmark
  public double factored(Data d, RequestCursor c) {
    int i = c.advance(d.features.length);
    return factoredPrice(d, d.features[i], i);
  }

  /**
   * The factored floor after extracting the request's features with the engine's pipeline.
   *
   * @param d the data
   * @param b the buffer
   * @param c the cursor
   * @return the best price
   */
  @Benchmark
  public double factoredWithExtraction(Data d, Buffer b, RequestCursor c) {
    int i = c.advance(d.requests.length);
    d.pipeline.extract(d.requests[i], b.x);
    return factoredPrice(d, b.x, i);
  }

  /**
   * One engine decision, one thread.
   *
   * @param d the data
   * @param c the cursor
   * @return the decision
   */
  @Benchmark
  @Threads(1)
  public PriceDecision engine1(Data d, RequestCursor c) {
    return d.engine.price(d.requests[c.advance(d.requests.length)]);
  }

  /**
   * One engine decision, two threads on the same engine.
   *
   * @param d the data
   * @param c the cursor
   * @return the decision
   */
  @Benchmark
  @Threads(2)
  public PriceDecision engine2(Data d, RequestCursor c) {
    return d.engine.price(d.requests[c.advance(d.requests.length)]);
  }

  /**
   * One engine decision without the baseline cache.
   *
   * @param d the data
   * @param c the cursor
   * @return the decision
   */
  @Benchmark
  public PriceDecision engineNoCache(Data d, RequestCursor c) {
    return d.noCache.price(d.requests[c.advance(d.requests.length)]);
  }

  /**
   * One engine decision with the neutral customer's baseline ({@code populationSample(0)}): the personal path
   * as it was before the population sample, for the ratio to {@link #engine1} in the same run.
   *
   * @param d the data
   * @param c the cursor
   * @return the decision
   */
  @Benchmark
  public PriceDecision engineNeutralBaseline(Data d, RequestCursor c) {
    return d.neutralBaseline.price(d.requests[c.advance(d.requests.length)]);
  }

  /**
   * One uniform-mode decision: the population price from the baseline cache (the pool's states repeat), one
   * personal extraction for the sample every fourth decision.
   *
   * @param d the data
   * @param c the cursor
   * @return the decision
   */
  @Benchmark
  public PriceDecision engineUniform(Data d, RequestCursor c) {
    return d.uniform.price(d.requests[c.advance(d.requests.length)]);
  }

  /**
   * One uniform-mode decision without the baseline cache: the population price recomputed for every decision
   * (one grid scoring per sample, 64 samples), what a shop whose states never repeat pays.
   *
   * @param d the data
   * @param c the cursor
   * @return the decision
   */
  @Benchmark
  public PriceDecision engineUniformNoCache(Data d, RequestCursor c) {
    return d.uniformNoCache.price(d.requests[c.advance(d.requests.length)]);
  }

  /**
   * A slate of 100 products for one customer; the score is per product.
   *
   * @param d the data
   * @param c the cursor
   * @return the decisions
   */
  @Benchmark
  @OperationsPerInvocation(SLATE)
  public List<PriceDecision> slate100(Data d, RequestCursor c) {
    int s = c.advance(64) % d.slateCustomers.length;
    return d.engine.priceAll(d.slateCustomers[s], d.slateProducts.get(s), d.slateMarkets.get(s));
  }

  /**
   * The same 100 products priced one {@code price()} call at a time; the score is per product.
   *
   * @param d the data
   * @param c the cursor
   * @return the last decision
   */
  @Benchmark
  @OperationsPerInvocation(SLATE)
  public PriceDecision single100(Data d, RequestCursor c) {
    int s = c.advance(64) % d.slateCustomers.length;
    PricingRequest[] rs = d.slateRequests[s];
    PriceDecision last = null;
    for (PricingRequest r : rs) {
      last = d.engine.price(r);
    }
    return last;
  }
}
