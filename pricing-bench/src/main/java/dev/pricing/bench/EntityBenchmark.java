package dev.pricing.bench;

import dev.pricing.api.BehaviourSummary;
import dev.pricing.api.Channel;
import dev.pricing.api.Customer;
import dev.pricing.api.Market;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.api.spi.FeatureExtractor;
import dev.pricing.core.FeatureExtractors;
import dev.pricing.core.FeaturePipeline;
import dev.pricing.core.demand.CategoryIndicators;
import dev.pricing.core.demand.DemandAlgorithm;
import dev.pricing.core.demand.DemandModelTrainer;
import dev.pricing.core.demand.EntityEffects;
import dev.pricing.core.demand.EntityIds;
import dev.pricing.core.demand.EntityKey;
import dev.pricing.core.demand.OfferRecord;
import dev.pricing.core.demand.TrainedDemandModel;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
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
 * A high-cardinality entity (900 categories) in the hot path, two ways, each trained as a {@code LOG_LOG_GLM} on the
 * same 9,000-offer log: {@link EntityIds} with {@link EntityEffects} (one code column, an array lookup per request)
 * against {@link CategoryIndicators#learnAll} (900 one-hot columns, a 901-term dot product per request). Each operation
 * extracts one request's features through the {@link FeaturePipeline} and scores 48 candidate prices.
 *
 * <p>Run: {@code java -jar pricing-bench/target/benchmarks.jar EntityBenchmark -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EntityBenchmark {
  static final int LEVELS = 900;


  /** The two trained models, their pipelines and 1024 requests. */
  @State(Scope.Thread)
  public static class Data {
    FeaturePipeline entityPipeline;
    DemandModel.Scorer entityScorer;
    double[] entityX;
    FeaturePipeline oneHotPipeline;
    DemandModel.Scorer oneHotScorer;
    double[] oneHotX;
    PricingRequest[] requests;
    double[] prices = new double[48];
    double[] out = new double[48];
    int next;

    /** Simulates the log and trains both models. */
    @Setup(Level.Trial)
    public void setUp() {
      SplittableRandom r = new SplittableRandom(5);
      Product[] products = new Product[LEVELS];
      double[] level = new double[LEVELS];
      for (int k = 0; k < LEVELS; k++) {
        products[k] = Product.builder("p" + k, "USD").listPrice(new BigDecimal("10.00")).unitCost(BigDecimal.ONE)
            .category("c-" + k).build();
        level[k] = 2 + 0.5 * r.nextGaussian();
      }
      Customer c = new Customer("c", BehaviourSummary.empty(), List.of(), Map.of());
      List<OfferRecord> log = new ArrayList<>();
      Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
      for (int i = 0; i < LEVELS * 10; i++) {
        int k = i % LEVELS;
        double ratio = Math.exp(r.nextDouble(-0.3, 0.3));
        BigDecimal p = new BigDecimal("10.00").multiply(BigDecimal.valueOf(ratio)).setScale(2, RoundingMode.HALF_UP);
        double units = Math.exp(level[k] - 2 * Math.log(p.doubleValue() / 10) + 0.3 * r.nextGaussian());
        Market m = new Market(List.of(), 0, 0, t0.plusSeconds(i), Channel.WEB, Optional.empty());
        log.add(new OfferRecord(new PricingRequest(c, products[k], m), p, OptionalDouble.empty(), units));
      }
      EntityIds ids = EntityIds.learn(EntityKey.parse("product.category"), log);
      List<FeatureExtractor> entity = List.of(FeatureExtractors.product(), ids);
      TrainedDemandModel em = DemandModelTrainer.builder(DemandAlgorithm.LOG_LOG_GLM).extractors(entity)
          .entities(EntityEffects.of(ids.featureName()).withSlopes(ids.featureName())).build().train(log).model();
      List<FeatureExtractor> oneHot = List.of(FeatureExtractors.product(), CategoryIndicators.learnAll(log));
      TrainedDemandModel om = DemandModelTrainer.builder(DemandAlgorithm.LOG_LOG_GLM).extractors(oneHot).build()
          .train(log).model();
      entityPipeline = FeaturePipeline.of(entity);
      entityScorer = em.bind(entityPipeline.schema());
      entityX = new double[entityPipeline.schema().size()];
      oneHotPipeline = FeaturePipeline.of(oneHot);
      oneHotScorer = om.bind(oneHotPipeline.schema());
      oneHotX = new double[oneHotPipeline.schema().size()];
      requests = new PricingRequest[1024];
      for (int i = 0; i < requests.length; i++) {
        requests[i] = log.get(r.nextInt(log.size())).context();
      }
      for (int j = 0; j < prices.length; j++) {
        prices[j] = 7 + 0.125 * j;
      }
    }

    int advance() {
      int i = next;
      next = (i + 1) & (requests.length - 1);
      return i;
    }
  }

  /**
   * Entity code: extract (one lookup) and score 48 prices.
   *
   * @param d the data
   * @return the output (consumed by JMH)
   */
  @Benchmark
  public double[] entityCode(Data d) {
    d.entityPipeline.extract(d.requests[d.advance()], d.entityX);
    d.entityScorer.score(d.entityX, d.prices, d.prices.length, d.out);
    return d.out;
  }

  /**
   * One-hot: extract (fill 901 columns) and score 48 prices.
   *
   * @param d the data
   * @return the output (consumed by JMH)
   */
  @Benchmark
  public double[] oneHot(Data d) {
    d.oneHotPipeline.extract(d.requests[d.advance()], d.oneHotX);
    d.oneHotScorer.score(d.oneHotX, d.prices, d.prices.length, d.out);
    return d.out;
  }
}
