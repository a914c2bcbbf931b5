package dev.pricing.core.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pricing.api.BehaviourSummary;
import dev.pricing.api.Customer;
import dev.pricing.api.FeatureSchema;
import dev.pricing.api.Market;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import dev.pricing.api.ReasonCode;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.api.spi.FeatureExtractor;
import dev.pricing.core.FeatureExtractors;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The converged GLMs on a market with a kink at the reference price and segments of opposite price sensitivity:
 * what they recover, their artifact, their options and their gates.
 */
class GlmModelTest {
  static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");
  static final List<FeatureExtractor> EXTRACTORS = List.of(FeatureExtractors.product(), FeatureExtractors.market(),
      FeatureExtractors.customerAttributes(Map.of("vip", 0.0)));
  static final String VIP = "customer.attr.vip";
  static List<OfferRecord> log;
  static TrainingResult fit;

  /** logit = 2 + 0.8 vip - (4 - 2 vip) p/L - 6 max(0, p - R)/L. */
  static double truth(double vip, double ratio, double refRatio) {
    double s = 2 + 0.8 * vip - (4 - 2 * vip) * ratio - 6 * Math.max(0, ratio - refRatio);
    return 1 / (1 + Math.exp(-s));
  }

  static PricingRequest request(SplittableRandom rnd, int i, boolean vip) {
    String list = new String[] {"9.99", "19.99", "49.99"}[rnd.nextInt(3)];
    Product product = Product.builder("sku-" + list, "USD").listPrice(list).unitCost("2").category("juice")
        .title("t").build();
    double ref = 0.8 + 0.4 * rnd.nextDouble();
    Market market = Market.of(100, T0.plusSeconds(60L * i))
        .withReferencePrice(product.listPrice().multiply(BigDecimal.valueOf(ref)).setScale(2, RoundingMode.HALF_UP));
    Customer c = new Customer("c" + rnd.nextInt(3000), BehaviourSummary.empty(), List.of(),
        vip ? Map.of("vip", 1.0) : Map.of());
    return PricingRequest.of(c, product, market);
  }

  static List<OfferRecord> offers(int rows, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<OfferRecord> out = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      boolean vip = rnd.nextDouble() < 0.4;
      PricingRequest r = request(rnd, i, vip);
      double list = r.product().listPrice().doubleValue();
      BigDecimal price = BigDecimal.valueOf(list * (0.6 + 0.8 * rnd.nextDouble())).setScale(2, RoundingMode.HALF_UP);
      double ratio = price.doubleValue() / list;
      double refRatio = r.referencePrice().doubleValue() / list;
      boolean bought = rnd.nextDouble() < truth(vip ? 1 : 0, ratio, refRatio);
      out.add(new OfferRecord(r, price, OptionalDouble.empty(), bought ? 1 : 0));
    }
    return out;
  }

  @BeforeAll
  static void train() {
    log = offers(30_000, 5);
    fit = DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_GLM).extractors(EXTRACTORS)
        .glm(GlmOptions.DEFAULTS.withRidge(0.01).withSlopeInputs(List.of(VIP))).version("glm-test").build().train(log);
    System.out.println(fit.evaluation().report());
  }

  static double[] features(PricingRequest r) {
    FeatureSchema schema = DemandModelTrainer.schemaOf(EXTRACTORS);
    double[] x = new double[schema.size()];
    int o = 0;
    for (FeatureExtractor e : EXTRACTORS) {
      e.extract(r, x, o);
      o += e.featureNames().size();
    }
    return x;
  }

  @Test
  void fit_converges_andReportsIterations() {
    FitDiagnostics d = fit.diagnostics().orElseThrow();
    assertThat(d.converged()).isTrue();
    assertThat(d.iterations()).isBetween(2, 30);
    assertThat(d.gradient()).isLessThan(1e-7);
    assertThat(d.absurdPredictions()).isZero();
    assertThat(fit.model().provenance().trainer()).contains("converged in " + d.iterations() + " iterations");
  }

  @Test
  void fit_recoversTheKinkAndTheOppositeSegmentSlopes() {
    SplittableRandom rnd = new SplittableRandom(9);
    double maxErr = 0;
    for (int i = 0; i < 400; i++) {
      boolean vip = i % 2 == 0;
      PricingRequest r = request(rnd, i, vip);
      double list = r.product().listPrice().doubleValue();
      double refRatio = r.referencePrice().doubleValue() / list;
      double[] prices = {0.7 * list, list, 1.3 * list};
      double[] got = fit.model().score(featureVector(r), prices);
      for (int k = 0; k < prices.length; k++) {
        maxErr = Math.max(maxErr, Math.abs(got[k] - truth(vip ? 1 : 0, prices[k] / list, refRatio)));
      }
    }
    assertThat(maxErr).isLessThan(0.05);
  }

  static dev.pricing.api.FeatureVector featureVector(PricingRequest r) {
    return dev.pricing.api.FeatureVector.of(DemandModelTrainer.schemaOf(EXTRACTORS), features(r));
  }

  @Test
  void artifact_roundTrips_andUnknownPriceFeaturesAreRefused() throws Exception {
    byte[] bytes = fit.model().toBytes();
    TrainedDemandModel back = TrainedDemandModel.fromBytes(bytes);
    assertThat(back.checksum()).isEqualTo(fit.model().checksum());
    assertThat(back.candidatePriceFeatures()).isEqualTo(fit.model().candidatePriceFeatures());
    PricingRequest r = log.get(3).context();
    double[] prices = {5, 10, 20, 40};
    assertThat(back.score(featureVector(r), prices)).containsExactly(fit.model().score(featureVector(r), prices));

    CandidatePriceFeature custom = new CandidatePriceFeature() {
      @Override
      public String name() {
        return "above_99";
      }

      @Override
      public List<String> inputs() {
        return List.of("product.list_price");
      }

      @Override
      public Direction direction() {
        return Direction.INCREASING;
      }

      @Override
      public double value(double price, double[] in, int o) {
        return Math.max(0, price / in[o] - 0.99);
      }
    };
    TrainedDemandModel withCustom = DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_GLM).extractors(EXTRACTORS)
        .glm(GlmOptions.DEFAULTS.withPriceFeatures(List.of(CandidatePriceFeatures.ratio(), custom))).build()
        .train(log.subList(0, 5000)).model();
    assertThatThrownBy(() -> TrainedDemandModel.fromBytes(withCustom.toBytes()))
        .isInstanceOf(ModelArtifactException.class).hasMessageContaining("'above_99'")
        .hasMessageContaining("cannot compute");
    assertThat(TrainedDemandModel.fromBytes(withCustom.toBytes(), List.of(custom)).checksum())
        .isEqualTo(withCustom.checksum());
  }

  @Test
  void options_thatDoNotApply_areRefused() {
    assertThatThrownBy(() -> DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_GLM).epochs(50))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epochs").hasMessageContaining("logistic-glm");
    assertThatThrownBy(() -> DemandModelTrainer.builder(DemandAlgorithm.CART_TREE).learningRate(0.1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("learningRate");
    assertThatThrownBy(() -> DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_SGD).glm(GlmOptions.DEFAULTS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("logistic-sgd");
    assertThatThrownBy(() -> DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_SGD).maxDepth(3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxDepth");
    assertThatThrownBy(() -> DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_GLM).unitsSmoothing(1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unitsSmoothing");
    assertThatThrownBy(() -> GlmOptions.DEFAULTS.withRidge(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ridge").hasMessageContaining("-1");
  }

  @Test
  void fitThatDoesNotConverge_fails() {
    assertThatThrownBy(() -> DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_GLM).extractors(EXTRACTORS)
        .glm(GlmOptions.DEFAULTS.withMaxIterations(1).withTolerance(1e-12)).build().train(log.subList(0, 5000)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("did not converge in 1 iterations");
  }

  @Test
  void missingPriceFeatureInput_isRefusedByName() {
    assertThatThrownBy(() -> DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_GLM)
        .extractors(List.of(FeatureExtractors.product()))
        .glm(GlmOptions.DEFAULTS.withPriceFeatures(List.of(CandidatePriceFeatures.ratio(),
            CandidatePriceFeatures.referenceLoss()))).build().train(log.subList(0, 2000)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reference_loss")
        .hasMessageContaining("market.reference_log_gap");
    // an engine whose extractors lack an input the model reads refuses the model when it binds it
    FeatureSchema productOnly = DemandModelTrainer.schemaOf(List.of(FeatureExtractors.product()));
    assertThatThrownBy(() -> fit.model().bind(productOnly)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("market.");
  }

  @Test
  void unitsModel_absurdDemand_isAnInvalidModelOutputNotAPrice() {
    SplittableRandom rnd = new SplittableRandom(4);
    List<OfferRecord> units = new ArrayList<>();
    for (int i = 0; i < 6000; i++) {
      PricingRequest r = request(rnd, i, rnd.nextBoolean());
      double list = r.product().listPrice().doubleValue();
      double ratio = 0.7 + 0.6 * rnd.nextDouble();
      double u = Math.exp(1.0 - 2.0 * Math.log(ratio) + 0.2 * rnd.nextGaussian());
      units.add(new OfferRecord(r, BigDecimal.valueOf(list * ratio).setScale(2, RoundingMode.HALF_UP),
          OptionalDouble.empty(), u));
    }
    TrainingResult u = DemandModelTrainer.builder(DemandAlgorithm.LOG_LOG_GLM).extractors(EXTRACTORS)
        .glm(GlmOptions.DEFAULTS.withPriceFeatures(List.of(CandidatePriceFeatures.logRatio()))).build().train(units);
    assertThat(u.evaluation().priceSensitivity().orElseThrow().coefficient()).isCloseTo(-2.0, within(0.05));
    // a price a thousandth of list would need 1e6 times the demand: above the cap, so NaN
    PricingRequest r = units.get(0).context();
    double list = r.product().listPrice().doubleValue();
    double[] d = u.model().score(featureVector(r), new double[] {list, list * 1e-3});
    assertThat(d[0]).isFinite().isPositive();
    assertThat(d[1]).isNaN();
    try (PricingEngine engine = PricingEngine.builder().extractors(EXTRACTORS).demandModel(u.model())
        .ladder(dev.pricing.api.PriceLadder.MINOR_UNIT).guardrail(dev.pricing.api.Guardrail.floor("USD", "0.01")).build()) {
      Product cheap = Product.builder("sku-x", "USD").listPrice("19.99").unitCost("0").category("juice").title("t")
          .build();
      PriceDecision decision = engine.price(PricingRequest.of(r.customer(), cheap, r.market().withReferencePrice(
          new BigDecimal("19.99"))));
      // the engine either finds a finite optimum inside the cap or falls back; it never prices from NaN demand
      assertThat(decision.price()).isPositive();
      if (decision.fallback()) {
        assertThat(decision.reasons()).contains(ReasonCode.MODEL_OUTPUT_INVALID);
      }
    }
  }

  @Test
  void scorer_isAllocationFreeContract_writesEveryCandidate() {
    DemandModel.Scorer s = fit.model().bind(DemandModelTrainer.schemaOf(EXTRACTORS));
    double[] x = features(log.get(0).context());
    double[] prices = new double[48];
    double[] out = new double[48];
    for (int i = 0; i < 48; i++) {
      prices[i] = 5 + i;
    }
    s.score(x, prices, 48, out);
    for (int i = 1; i < 48; i++) {
      assertThat(out[i]).isLessThanOrEqualTo(out[i - 1]);
    }
  }
}
