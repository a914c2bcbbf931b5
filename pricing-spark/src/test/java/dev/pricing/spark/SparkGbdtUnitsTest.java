package dev.pricing.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pricing.api.DemandKind;
import dev.pricing.api.FeatureSchema;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.core.FeaturePipeline;
import dev.pricing.core.demand.CandidatePriceFeatures;
import dev.pricing.core.demand.DemandAlgorithm;
import dev.pricing.core.demand.DemandModelTrainer;
import dev.pricing.core.demand.GbdtOptions;
import dev.pricing.core.demand.GlmOptions;
import dev.pricing.core.demand.OfferRecord;
import dev.pricing.core.demand.TrainedDemandModel;
import dev.pricing.core.demand.ValidationSplit;
import dev.pricing.eval.MarketSimulator;
import dev.pricing.eval.SimulatedRequest;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Monotone boosted trees for units ({@link DemandAlgorithm#GBDT_UNITS}, {@code count:poisson}) on Spark: base
 * margins from the Spark {@code LOG_LOG_GLM} plus {@code ln(smear)}, inverse-propensity weights and early stopping
 * on the latest tenth, as the single-machine trainer. The artifact scores as XGBoost's own booster, never rises with
 * price, serves an engine, and is as good on held-out offers as the core's own fit on the same rows.
 */
class SparkGbdtUnitsTest {
  static final GbdtOptions OPTIONS = GbdtOptions.DEFAULTS.withTrees(150, 3).withEta(0.1).withEarlyStoppingRounds(10)
      .withPriceFeatures(List.of(CandidatePriceFeatures.logRatio(), CandidatePriceFeatures.referenceGain(),
          CandidatePriceFeatures.referenceLoss()));

  /**
   * Units on the default market's offers (in time order): ln units = 1.1 - b ln(p/L) - 1.5 max(0, ln(p/L)) + a +
   * N(0, 0.3^2), with a = 0.6 and b = 2.2 for products listed above the median list price, else a = 0 and b = 0.9: a
   * kink, a step and an interaction that the log-log GLM cannot fit but trees can; with {@code zeroShare} of the
   * offers selling nothing.
   */
  static List<OfferRecord> unitsOffers(int count, double zeroShare, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<OfferRecord> offers = SparkTestSession.conversionOffers(11, count);
    double median = offers.stream().mapToDouble(o -> o.context().product().listPrice().doubleValue()).sorted()
        .toArray()[count / 2];
    return offers.stream().sorted(Comparator.comparing(OfferRecord::time)).map(o -> {
          double list = o.context().product().listPrice().doubleValue();
          double lr = Math.log(o.offeredPrice().doubleValue() / list);
          boolean dear = list > median;
          double mean = 1.1 - (dear ? 2.2 : 0.9) * lr - 1.5 * Math.max(0, lr) + (dear ? 0.6 : 0);
          double u = r.nextDouble() < zeroShare ? 0
              : Math.exp(mean + 0.3 * SparkTrainingParityTest.gaussian(r));
          return new OfferRecord(o.context(), o.offeredPrice(), o.propensity(), u);
        }).toList();
  }

  @Test
  void unitsTreesOnSpark_scoreAsXgboost_monotone_andAsGoodAsTheCoresFitOnHeldOutOffers() throws Exception {
    List<OfferRecord> all = unitsOffers(6000, 0, 5);
    Instant cutoff = all.get(5000).time();
    List<OfferRecord> training = all.stream().filter(o -> o.time().isBefore(cutoff)).toList();
    List<OfferRecord> heldOut = all.stream().filter(o -> !o.time().isBefore(cutoff)).toList();

    TrainedDemandModel core = DemandModelTrainer.builder(DemandAlgorithm.GBDT_UNITS)
        .extractors(SparkTestSession.standardExtractors().create()).split(ValidationSplit.byTime(cutoff))
        .gbdt(OPTIONS).inversePropensityWeighting(5).version("single-gbdt-units").build().train(all).model();
    SparkGbdtTrainer.Fitted fitted = SparkGbdtTrainer.builder(DemandKind.EXPECTED_UNITS)
        .extractors(SparkTestSession.standardExtractors()).gbdt(OPTIONS).inversePropensityWeighting(5).workers(2)
        .version("spark-gbdt-units").build().fit(OfferLogs.fromRecords(SparkTestSession.get(), training, 2));
    TrainedDemandModel spark = TrainedDemandModel.fromBytes(fitted.result().artifact());
    assertThat(spark.algorithm()).isEqualTo(DemandAlgorithm.GBDT_UNITS);
    assertThat(spark.candidatePriceFeatures()).isEqualTo(core.candidatePriceFeatures());
    assertThat(spark.provenance().notes()).anyMatch(s -> s.startsWith("trained on Spark 4."))
        .contains("rows " + training.size()).contains("input hash " + fitted.result().inputHash()
            + " (wrapping sum of 64-bit row fingerprints)");
    assertThat(spark.provenance().trainer()).contains("count:poisson").contains("correcting loglog-glm")
        .contains("early stopping 10 on the " + fitted.stopping().count() + " offers from ");
    assertThat(fitted.result().coefficients()).isNotNull(); // every offer sold: the trees correct the GLM
    assertThat(fitted.result().coefficients().smear()).isGreaterThan(1.0);
    assertThat(fitted.stopping().count()).isBetween(490L, 510L);
    assertThat(fitted.treesKept()).isEqualTo(SparkGbdtTrainer.bestRound(fitted.validationMetric()) + 1)
        .isLessThanOrEqualTo(fitted.roundsTrained());

    FeatureSchema schema = SparkFeatures.schemaOf(SparkTestSession.standardExtractors());
    DemandModel.Scorer scorer = spark.bind(schema);
    SparkGbdtTest.BoosterCheck rel = SparkGbdtTest.compareWithBooster(fitted, scorer, schema, true, true);

    double[] qs = heldOut(spark, heldOut, schema);
    double[] qc = heldOut(core, heldOut, schema);
    double[] decisions = decisions(spark, core, schema);
    double agree = decisions[0];
    System.out.printf("gbdt units on Spark: %d of %d rounds kept (core: %s); max |artifact / booster - 1| = %.3g (its "
        + "predict), %.3g (its leaves summed in double) over %d rows; held-out %d offers: Poisson deviance spark %.5f core %.5f (ratio %.4f), RMSE ln units spark %.5f "
        + "core %.5f (ratio %.4f); engine decisions agree %.4f of 4000, the core model's expected profit at Spark's prices / at its own %.5f%n", fitted.treesKept(), fitted.roundsTrained(),
        core.provenance().trainer(), rel.vsPredict(), rel.vsLeaves(), training.size(), heldOut.size(), qs[0], qc[0], qs[0] / qc[0], qs[1], qc[1],
        qs[1] / qc[1], agree, decisions[1]);
    // XGBoost's predict sums 60-odd leaves and the base margin in float32 (relative error ~ sqrt(trees) x 6e-8 x
    // |margin| ~ 1e-6); along the booster's own leaves in double the artifact agrees to rounding
    assertThat(rel.vsPredict()).isLessThan(5e-6);
    assertThat(rel.vsLeaves()).isLessThan(1e-9);
    // Distributed sketch and per-worker histograms: other bins, other splits, so not bit-identical; the same data
    // and objective must still fit equally well out of sample.
    assertThat(qs[0] / qc[0]).isBetween(0.95, 1.05);
    assertThat(qs[1] / qc[1]).isBetween(0.95, 1.05);
    // a price is an argmax over a fine ladder: two close step-function fits move it to a neighbouring point, which
    // the reference model values almost as highly
    assertThat(agree).isGreaterThanOrEqualTo(0.7);
    assertThat(decisions[1]).isGreaterThanOrEqualTo(0.99);

    assertMonotone(scorer, schema);
    MarketSimulator sim = MarketSimulator.defaultMarket(11);
    try (PricingEngine engine = sim.engineBuilder().demandModel(spark).build()) {
      PriceDecision d = engine.price(sim.requests(1, 5).get(0).request());
      assertThat(d.modelVersion()).isEqualTo("spark-gbdt-units");
    }
  }

  @Test
  void unitsWithZeroSales_treesAlone_likeOneMachine_andRefusals() throws Exception {
    List<OfferRecord> offers = unitsOffers(1500, 0.2, 9);
    GbdtOptions options = OPTIONS.withTrees(40, 3).withEarlyStoppingRounds(0);
    SparkGbdtTrainer.Fitted fitted = SparkGbdtTrainer.builder(DemandKind.EXPECTED_UNITS)
        .extractors(SparkTestSession.standardExtractors()).gbdt(options).build()
        .fit(OfferLogs.fromRecords(SparkTestSession.get(), offers, 2));
    TrainedDemandModel model = TrainedDemandModel.fromBytes(fitted.result().artifact());
    assertThat(fitted.result().coefficients()).isNull();
    assertThat(model.provenance().trainer()).contains("trees alone").contains("no early stopping");
    assertThat(model.provenance().notes()).anyMatch(s -> s.startsWith("no base GLM: ") && s.contains(" of 1500 offers "
        + "sold 0 units"));
    assertThat(fitted.treesKept()).isEqualTo(40).isEqualTo(fitted.roundsTrained());
    assertThat(fitted.stopping().count()).isZero();
    FeatureSchema schema = SparkFeatures.schemaOf(SparkTestSession.standardExtractors());
    DemandModel.Scorer scorer = model.bind(schema);
    SparkGbdtTest.BoosterCheck rel = SparkGbdtTest.compareWithBooster(fitted, scorer, schema, true, true);
    System.out.printf("gbdt units on Spark, trees alone: max |artifact / booster - 1| = %.3g (its predict), %.3g (its "
        + "leaves summed in double)%n", rel.vsPredict(), rel.vsLeaves());
    assertThat(rel.vsPredict()).isLessThan(5e-6);
    assertThat(rel.vsLeaves()).isLessThan(1e-9);
    assertMonotone(scorer, schema);

    // Refused, naming the option or the problem.
    var units = OfferLogs.fromRecords(SparkTestSession.get(), offers.subList(0, 300), 2);
    assertThatThrownBy(() -> SparkGbdtTrainer.builder(DemandKind.EXPECTED_UNITS)
        .gbdt(options.withBase(GlmOptions.DEFAULTS.withCeiling(true))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gbdt.base.ceiling=true applies to conversion models only, not to gbdt-units");
    assertThatThrownBy(() -> SparkGbdtTrainer.builder()
        .gbdt(options.withBase(GlmOptions.DEFAULTS.withCeiling(true))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gbdt.base.ceiling=true is not supported");
    assertThatThrownBy(() -> SparkGbdtTrainer.builder(DemandKind.EXPECTED_UNITS).baseMllibTolerance(1e-6))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("baseMllibTolerance applies to "
            + "gbdt-conversion only, not to gbdt-units");
    assertThatThrownBy(() -> SparkGbdtTrainer.builder(DemandKind.EXPECTED_UNITS).inversePropensityWeighting(0.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inversePropensityWeighting cap must be "
            + "finite and >= 1, found 0.5");
    assertThatThrownBy(() -> SparkGbdtTrainer.builder(DemandKind.EXPECTED_UNITS)
        .extractors(SparkTestSession.standardExtractors())
        .gbdt(options.withBase(GlmOptions.DEFAULTS.withSlopeInputs(List.of("no.such")))).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gbdt.base slope input 'no.such'");
    List<OfferRecord> none = offers.subList(0, 300).stream()
        .map(o -> new OfferRecord(o.context(), o.offeredPrice(), o.propensity(), 0)).toList();
    SparkGbdtTrainer t = SparkGbdtTrainer.builder(DemandKind.EXPECTED_UNITS)
        .extractors(SparkTestSession.standardExtractors()).gbdt(options).build();
    assertThatThrownBy(() -> t.train(OfferLogs.fromRecords(SparkTestSession.get(), none, 2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("all 300 offers sold 0 units");
    List<OfferRecord> noPropensity = offers.subList(0, 300).stream()
        .map(o -> new OfferRecord(o.context(), o.offeredPrice(), OptionalDouble.empty(), o.units())).toList();
    assertThatThrownBy(() -> SparkGbdtTrainer.builder(DemandKind.EXPECTED_UNITS)
        .extractors(SparkTestSession.standardExtractors()).gbdt(options).inversePropensityWeighting(5).build()
        .train(OfferLogs.fromRecords(SparkTestSession.get(), noPropensity, 2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a propensity on every offer; 300 of "
            + "300 have none");
    assertThatThrownBy(() -> t.train(units.drop("units"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("offer-log column units");
  }

  /**
   * The engine with either model on 4,000 fresh requests: the share of equal prices, and the expected profit the
   * reference model ({@code core}) gives Spark's prices over the profit it gives its own (at most 1 where the engine
   * maximises the core's profit over the same feasible prices).
   */
  static double[] decisions(DemandModel spark, DemandModel core, FeatureSchema schema) {
    MarketSimulator sim = MarketSimulator.defaultMarket(11);
    FeaturePipeline pipeline = FeaturePipeline.of(SparkTestSession.standardExtractors().create());
    DemandModel.Scorer reference = core.bind(schema);
    double[] f = new double[schema.size()];
    double[] p = new double[2];
    double[] u = new double[2];
    int same = 0;
    double atSpark = 0;
    double atCore = 0;
    List<SimulatedRequest> requests = sim.requests(4000, 123);
    try (PricingEngine es = sim.engineBuilder().demandModel(spark).build();
        PricingEngine ec = sim.engineBuilder().demandModel(core).build()) {
      for (SimulatedRequest q : requests) {
        PriceDecision ds = es.price(q.request());
        PriceDecision dc = ec.price(q.request());
        same += ds.price().compareTo(dc.price()) == 0 ? 1 : 0;
        pipeline.extract(q.request(), f);
        p[0] = ds.price().doubleValue();
        p[1] = dc.price().doubleValue();
        reference.score(f, p, 2, u);
        double cost = q.request().product().unitCost().doubleValue();
        atSpark += u[0] * (p[0] * (1 - sim.feeRate()) - cost);
        atCore += u[1] * (p[1] * (1 - sim.feeRate()) - cost);
      }
    }
    return new double[] {(double) same / requests.size(), atSpark / atCore};
  }

  /** Never rises with price: 500 fresh requests over a sorted 21-point grid, 0.6 to 1.4 x list. */
  static void assertMonotone(DemandModel.Scorer scorer, FeatureSchema schema) {
    MarketSimulator sim = MarketSimulator.defaultMarket(11);
    FeaturePipeline pipeline = FeaturePipeline.of(SparkTestSession.standardExtractors().create());
    double[] f = new double[schema.size()];
    double[] grid = new double[21];
    double[] demand = new double[21];
    for (SimulatedRequest q : sim.requests(500, 77)) {
      pipeline.extract(q.request(), f);
      double list = q.request().product().listPrice().doubleValue();
      for (int i = 0; i < grid.length; i++) {
        grid[i] = list * (0.6 + 0.04 * i);
      }
      scorer.score(f, grid, grid.length, demand);
      for (int i = 1; i < grid.length; i++) {
        assertThat(demand[i]).isLessThanOrEqualTo(demand[i - 1]);
      }
    }
  }

  /** Mean Poisson deviance and RMSE of ln units at the offered price over held-out offers (all sold). */
  static double[] heldOut(DemandModel model, List<OfferRecord> offers, FeatureSchema schema) {
    FeaturePipeline pipeline = FeaturePipeline.of(SparkTestSession.standardExtractors().create());
    DemandModel.Scorer s = model.bind(schema);
    double[] f = new double[schema.size()];
    double[] p = new double[1];
    double[] mu = new double[1];
    double dev = 0;
    double sq = 0;
    for (OfferRecord o : offers) {
      pipeline.extract(o.context(), f);
      p[0] = o.offeredPrice().doubleValue();
      s.score(f, p, 1, mu);
      double y = o.units();
      dev += 2 * (y * Math.log(y / mu[0]) - (y - mu[0]));
      double e = Math.log(y) - Math.log(mu[0]);
      sq += e * e;
    }
    return new double[] {dev / offers.size(), Math.sqrt(sq / offers.size())};
  }
}
