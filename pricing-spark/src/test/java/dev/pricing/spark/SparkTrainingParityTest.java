package dev.pricing.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pricing.api.DemandKind;
import dev.pricing.api.FeatureSchema;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.core.FeaturePipeline;
import dev.pricing.core.demand.DemandAlgorithm;
import dev.pricing.core.demand.DemandModelTrainer;
import dev.pricing.core.demand.GlmOptions;
import dev.pricing.core.demand.OfferRecord;
import dev.pricing.core.demand.TrainedDemandModel;
import dev.pricing.core.demand.TrainingResult;
import dev.pricing.core.demand.ValidationSplit;
import dev.pricing.eval.MarketSimulator;
import dev.pricing.eval.SimulatedRequest;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Spark-trained GLMs against the single-machine trainer's converged fit ({@link DemandAlgorithm#LOGISTIC_GLM}
 * and {@link DemandAlgorithm#LOG_LOG_GLM}, the core's {@code GlmAlgorithm}) on the same rows, with the same
 * candidate-price features (the defaults: ratio or log ratio, reference gain and loss, the competitor gaps, price to
 * basket), the same ridge and a slope input: predictions within 1e-4, the engine's decisions with either artifact
 * equal on at least 99.9% of requests, and the Spark artifact is the library's own (format 2, read by
 * {@link TrainedDemandModel#fromBytes}).
 */
class SparkTrainingParityTest {
  static final String SLOPE_INPUT = "behaviour.purchases_log1p";
  static List<OfferRecord> offers;
  static Instant cutoff;
  static List<OfferRecord> training;

  @BeforeAll
  static void data() {
    offers = SparkTestSession.conversionOffers(11, 6000);
    long[] times = offers.stream().mapToLong(o -> o.time().toEpochMilli()).sorted().toArray();
    cutoff = Instant.ofEpochMilli(times[5000]);
    training = offers.stream().filter(o -> o.time().isBefore(cutoff)).toList();
  }

  /** The core trainer on every offer, holding out those at or after the cutoff: it trains on {@link #training}. */
  static TrainingResult single(DemandAlgorithm algorithm, List<OfferRecord> log, GlmOptions options, double c) {
    DemandModelTrainer.Builder b = DemandModelTrainer.builder(algorithm)
        .extractors(SparkTestSession.standardExtractors().create())
        .split(ValidationSplit.byTime(cutoff)).glm(options).version("single-" + algorithm.id());
    if (c > 0) {
      b.unitsSmoothing(c);
    }
    return b.build().train(log);
  }

  @Test
  void conversion_sparkMatchesTheCoresConvergedGlmWithin1e4_andEngineDecisionsAgree() throws Exception {
    GlmOptions options = GlmOptions.DEFAULTS.withSlopeInputs(List.of(SLOPE_INPUT));
    TrainedDemandModel core = single(DemandAlgorithm.LOGISTIC_GLM, offers, options, 0).model();
    SparkTrainingResult res = SparkDemandTrainer.builder(DemandKind.CONVERSION_PROBABILITY)
        .extractors(SparkTestSession.standardExtractors()).glm(options).version("spark-conv").build()
        .train(OfferLogs.fromRecords(SparkTestSession.get(), training, 2));
    assertThat(res.rows()).isEqualTo(training.size());
    assertThat(core.provenance().trainingRows()).isEqualTo(training.size());
    TrainedDemandModel spark = TrainedDemandModel.fromBytes(res.artifact());
    assertThat(spark.algorithm()).isEqualTo(DemandAlgorithm.LOGISTIC_GLM);
    assertThat(spark.checksum()).isEqualTo(res.model().checksum());
    assertThat(spark.candidatePriceFeatures()).isEqualTo(core.candidatePriceFeatures());
    assertThat(spark.provenance().notes()).anyMatch(s -> s.startsWith("trained on Spark 4."))
        .contains("rows " + training.size()).contains("input hash " + res.inputHash()
            + " (wrapping sum of 64-bit row fingerprints)");
    assertThat(spark.priceCoefficients()).hasSize(core.candidatePriceFeatures().size());

    double maxDiff = maxPredictionDifference(spark, core, false);
    System.out.printf("conversion: max |P_spark - P_core| = %.3g over 3000 requests x 8 prices; primary slope spark "
        + "%.6f core %.6f; MLlib %d iterations; projected gradient %.3g%n", maxDiff, spark.priceCoefficients().get(0),
        core.priceCoefficients().get(0), res.iterations(), res.gradient());
    assertThat(maxDiff).isLessThan(1e-4);

    double agree = decisionAgreement(spark, core);
    System.out.printf("conversion: engine decisions agree on %.4f of 4000 requests%n", agree);
    assertThat(agree).isGreaterThanOrEqualTo(0.999);
  }

  @Test
  void units_sparkMatchesTheCoresLogLogGlmWithin1e4Relative_withInversePropensityWeights() throws Exception {
    // ln units = 1.2 - 1.8 ln(p/L) + N(0, 0.3^2), some offers selling nothing (hence the smoothing)
    SplittableRandom r = new SplittableRandom(5);
    List<OfferRecord> units = offers.stream().map(o -> {
      double ratio = o.offeredPrice().doubleValue() / o.context().product().listPrice().doubleValue();
      double u = r.nextDouble() < 0.1 ? 0 : Math.exp(1.2 - 1.8 * Math.log(ratio) + 0.3 * gaussian(r));
      return new OfferRecord(o.context(), o.offeredPrice(), o.propensity(), u);
    }).toList();
    List<OfferRecord> unitsTraining = units.stream().filter(o -> o.time().isBefore(cutoff)).toList();
    GlmOptions options = GlmOptions.DEFAULTS.withRidge(0.5);
    TrainingResult coreFit = DemandModelTrainer.builder(DemandAlgorithm.LOG_LOG_GLM)
        .extractors(SparkTestSession.standardExtractors().create()).split(ValidationSplit.byTime(cutoff))
        .glm(options).unitsSmoothing(0.5).inversePropensityWeighting(5).version("single-units").build().train(units);
    TrainedDemandModel core = coreFit.model();
    SparkTrainingResult res = SparkDemandTrainer.builder(DemandKind.EXPECTED_UNITS)
        .extractors(SparkTestSession.standardExtractors()).glm(options).unitsSmoothing(0.5)
        .inversePropensityWeighting(5).version("spark-units").build()
        .train(OfferLogs.fromRecords(SparkTestSession.get(), unitsTraining, 3));
    TrainedDemandModel spark = TrainedDemandModel.fromBytes(res.artifact());
    assertThat(spark.algorithm()).isEqualTo(DemandAlgorithm.LOG_LOG_GLM);
    double elasticity = spark.priceCoefficients().get(0);
    double maxRel = maxPredictionDifference(spark, core, true);
    System.out.printf("units: log-ratio slope spark %.6f core %.6f; max relative difference %.3g; projected "
        + "gradient %.3g%n", elasticity, core.priceCoefficients().get(0), maxRel, res.gradient());
    assertThat(maxRel).isLessThan(1e-4);
  }

  @Test
  void refusesEmptyOneOutcomeBadSchemaAndUnconvergedFits_andBadOptions() {
    SparkDemandTrainer t = SparkDemandTrainer.builder(DemandKind.CONVERSION_PROBABILITY)
        .extractors(SparkTestSession.standardExtractors()).build();
    Dataset<Row> some = OfferLogs.fromRecords(SparkTestSession.get(), training.subList(0, 300), 2);
    assertThatThrownBy(() -> t.train(some.limit(0))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the offer log is empty");
    List<OfferRecord> none = training.subList(0, 300).stream()
        .map(o -> new OfferRecord(o.context(), o.offeredPrice(), o.propensity(), 0)).toList();
    assertThatThrownBy(() -> t.train(OfferLogs.fromRecords(SparkTestSession.get(), none, 2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs both outcomes; 0 of 300");
    List<OfferRecord> onePrice = training.subList(0, 300).stream()
        .map(o -> new OfferRecord(o.context(), o.context().product().listPrice(), o.propensity(), o.units())).toList();
    assertThatThrownBy(() -> t.train(OfferLogs.fromRecords(SparkTestSession.get(), onePrice, 2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same price relative to list (p/L = 1.0)");
    List<OfferRecord> noPropensity = training.subList(0, 300).stream()
        .map(o -> new OfferRecord(o.context(), o.offeredPrice(), OptionalDouble.empty(), o.units())).toList();
    assertThatThrownBy(() -> SparkDemandTrainer.builder(DemandKind.CONVERSION_PROBABILITY)
        .extractors(SparkTestSession.standardExtractors()).inversePropensityWeighting(10).build()
        .train(OfferLogs.fromRecords(SparkTestSession.get(), noPropensity, 2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a propensity on every offer; 300 of "
            + "300 have none");
    List<OfferRecord> zeroUnits = training.subList(0, 300);
    assertThatThrownBy(() -> SparkDemandTrainer.builder(DemandKind.EXPECTED_UNITS)
        .extractors(SparkTestSession.standardExtractors()).build()
        .train(OfferLogs.fromRecords(SparkTestSession.get(), zeroUnits, 2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sold 0 units and unitsSmoothing is 0");
    assertThatThrownBy(() -> t.train(some.drop("offered_price"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("offer-log column offered_price");
    // Two L-BFGS iterations are far from the optimum: refused, never exported.
    assertThatThrownBy(() -> SparkDemandTrainer.builder(DemandKind.CONVERSION_PROBABILITY)
        .extractors(SparkTestSession.standardExtractors()).maxIter(2).build().train(some))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("did not converge")
        .hasMessageContaining("maxIter (2)");
    assertThatThrownBy(() -> SparkDemandTrainer.builder(DemandKind.CONVERSION_PROBABILITY).unitsSmoothing(1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unitsSmoothing");
    assertThatThrownBy(() -> SparkDemandTrainer.builder(DemandKind.CONVERSION_PROBABILITY)
        .glm(dev.pricing.core.demand.GlmOptions.DEFAULTS.withCeiling(true)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("glm.ceiling=true");
    assertThatThrownBy(() -> SparkDemandTrainer.builder(DemandKind.CONVERSION_PROBABILITY)
        .glm(GlmOptions.DEFAULTS.withMaxIterations(7)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("glm.maxIterations=7")
        .hasMessageContaining("maxIter");
    assertThatThrownBy(() -> SparkDemandTrainer.builder(DemandKind.CONVERSION_PROBABILITY).maxIter(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxIter must be positive, found 0");
    assertThatThrownBy(() -> SparkDemandTrainer.builder(DemandKind.CONVERSION_PROBABILITY)
        .extractors(SparkTestSession.standardExtractors())
        .glm(GlmOptions.DEFAULTS.withSlopeInputs(List.of("no.such"))).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slope input 'no.such'");
  }

  /** Max absolute (conversion) or relative (units) difference over fresh requests at 8 prices each. */
  static double maxPredictionDifference(DemandModel a, DemandModel b, boolean relative) {
    MarketSimulator sim = MarketSimulator.defaultMarket(11);
    FeaturePipeline pipeline = FeaturePipeline.of(SparkTestSession.standardExtractors().create());
    FeatureSchema schema = pipeline.schema();
    DemandModel.Scorer sa = a.bind(schema);
    DemandModel.Scorer sb = b.bind(schema);
    double max = 0;
    double[] oa = new double[8];
    double[] ob = new double[8];
    double[] f = new double[schema.size()];
    for (SimulatedRequest q : sim.requests(3000, 99)) {
      double list = q.request().product().listPrice().doubleValue();
      Arrays.fill(f, 0);
      pipeline.extract(q.request(), f);
      double[] prices = new double[8];
      for (int i = 0; i < 8; i++) {
        prices[i] = list * (0.6 + 0.1 * i);
      }
      sa.score(f, prices, 8, oa);
      sb.score(f, prices, 8, ob);
      for (int i = 0; i < 8; i++) {
        double diff = Math.abs(oa[i] - ob[i]);
        max = Math.max(max, relative ? diff / Math.max(Math.abs(ob[i]), 1e-9) : diff);
      }
    }
    return max;
  }

  static double decisionAgreement(DemandModel a, DemandModel b) {
    MarketSimulator sim = MarketSimulator.defaultMarket(11);
    int same = 0;
    int n = 0;
    try (PricingEngine ea = sim.engineBuilder().demandModel(a).build();
        PricingEngine eb = sim.engineBuilder().demandModel(b).build()) {
      for (SimulatedRequest q : sim.requests(4000, 123)) {
        PriceDecision da = ea.price(q.request());
        PriceDecision db = eb.price(q.request());
        n++;
        if (da.price().compareTo(db.price()) == 0) {
          same++;
        }
      }
    }
    return (double) same / n;
  }

  static double gaussian(SplittableRandom r) {
    double u = r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
  }
}
