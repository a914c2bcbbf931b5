package dev.pricing.core.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pricing.api.FeatureSchema;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.spi.DemandModel;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The logistic GLM with a purchase ceiling on a market whose conversion levels off below 1 as the price falls
 * (half of the regular customers, four in five VIPs would buy at any price): the ceiling is recovered where a
 * plain logistic curve over-predicts low-price demand; the artifact keeps it; explanations stay exact; the boosted
 * trees start from it; and it is refused where it does not apply.
 */
class CeilingGlmTest {
  static List<OfferRecord> log;
  static TrainingResult ceiling;
  static TrainingResult plain;

  /** P = kappa(vip) sigma(4 - 6 p/L), kappa 0.5 for regular customers and 0.8 for VIPs. */
  static double truth(double vip, double ratio) {
    double kappa = vip > 0 ? 0.8 : 0.5;
    return kappa / (1 + Math.exp(-(4 - 6 * ratio)));
  }

  static List<OfferRecord> offers(int rows, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<OfferRecord> out = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      boolean vip = rnd.nextDouble() < 0.4;
      PricingRequest r = GlmModelTest.request(rnd, i, vip);
      double list = r.product().listPrice().doubleValue();
      BigDecimal price = BigDecimal.valueOf(list * (0.3 + 1.1 * rnd.nextDouble())).setScale(2, RoundingMode.HALF_UP);
      boolean bought = rnd.nextDouble() < truth(vip ? 1 : 0, price.doubleValue() / list);
      out.add(new OfferRecord(r, price, OptionalDouble.empty(), bought ? 1 : 0));
    }
    return out;
  }

  static DemandModelTrainer.Builder trainer(boolean withCeiling) {
    return DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_GLM).extractors(GlmModelTest.EXTRACTORS)
        .glm(GlmOptions.DEFAULTS.withPriceFeatures(List.of(CandidatePriceFeatures.ratio())).withCeiling(withCeiling))
        .version(withCeiling ? "ceiling" : "plain");
  }

  @BeforeAll
  static void train() {
    log = offers(30_000, 11);
    ceiling = trainer(true).build().train(log);
    plain = trainer(false).build().train(log);
  }

  /** The mean absolute error against the truth over requests at the training offers' times and a price range. */
  private static double meanError(TrainedDemandModel model, double lowRatio, double highRatio) {
    SplittableRandom rnd = new SplittableRandom(3);
    double sum = 0;
    int n = 0;
    for (int i = 0; i < 300; i++) {
      boolean vip = i % 2 == 0;
      // at times the training offers cover (the time features are inputs too)
      PricingRequest r = GlmModelTest.request(rnd, rnd.nextInt(24_000), vip);
      double list = r.product().listPrice().doubleValue();
      double[] prices = new double[5];
      for (int k = 0; k < prices.length; k++) {
        prices[k] = list * (lowRatio + (highRatio - lowRatio) * k / (prices.length - 1));
      }
      double[] got = model.score(GlmModelTest.featureVector(r), prices);
      for (int k = 0; k < prices.length; k++) {
        sum += Math.abs(got[k] - truth(vip ? 1 : 0, prices[k] / list));
        n++;
      }
    }
    return sum / n;
  }

  @Test
  void ceiling_isRecovered_whereAPlainLogisticOverPredictsLowPrices() {
    FitDiagnostics d = ceiling.diagnostics().orElseThrow();
    assertThat(d.converged()).isTrue();
    assertThat(d.iterations()).isBetween(1, 100);
    assertThat(d.gradient()).isLessThan(1e-7);
    assertThat(d.solver()).contains("purchase ceiling");
    assertThat(ceiling.model().provenance().trainer()).contains("purchase ceiling");
    // low prices, where the curve has levelled off at the ceiling
    double withCeiling = meanError(ceiling.model(), 0.3, 0.5);
    assertThat(withCeiling).isLessThan(0.025);
    assertThat(meanError(plain.model(), 0.3, 0.5)).isGreaterThan(2 * withCeiling);
    assertThat(meanError(ceiling.model(), 0.3, 1.4)).isLessThan(0.025);
    assertThat(ceiling.evaluation().logLoss().orElseThrow()).isLessThan(plain.evaluation().logLoss().orElseThrow());
  }

  @Test
  void artifact_keepsTheCeiling() throws Exception {
    TrainedDemandModel back = TrainedDemandModel.fromBytes(ceiling.model().toBytes());
    assertThat(back.checksum()).isEqualTo(ceiling.model().checksum());
    PricingRequest r = log.get(7).context();
    double[] prices = {2, 5, 10, 20, 40};
    assertThat(back.score(GlmModelTest.featureVector(r), prices))
        .containsExactly(ceiling.model().score(GlmModelTest.featureVector(r), prices));
  }

  @Test
  void contributions_sumToTheLogitDifference() {
    checkContributions(ceiling.model());
  }

  static void checkContributions(TrainedDemandModel model) {
    FeatureSchema schema = model.trainingSchema();
    DemandModel.ContributionScorer scorer = (DemandModel.ContributionScorer) model.bind(schema);
    SplittableRandom rnd = new SplittableRandom(17);
    double[] out = new double[schema.size()];
    double[] one = new double[1];
    for (int i = 0; i < 500; i++) {
      double[] x = GlmModelTest.featureVector(log.get(rnd.nextInt(log.size())).context()).toArray();
      double[] r = GlmModelTest.featureVector(log.get(rnd.nextInt(log.size())).context()).toArray();
      double p = x[0] * (0.3 + 1.2 * rnd.nextDouble());
      scorer.score(x, new double[] {p}, 1, one);
      double px = one[0];
      scorer.score(r, new double[] {p}, 1, one);
      double pr = one[0];
      double expected = Math.log(px / (1 - px)) - Math.log(pr / (1 - pr));
      scorer.contributions(x, r, p, out);
      double sum = 0;
      for (double c : out) {
        sum += c;
      }
      assertThat(sum).isCloseTo(expected, within(1e-9 * Math.max(1, Math.abs(expected))));
    }
  }

  @Test
  void boostedTrees_startFromTheCeilingModel() throws Exception {
    TrainingResult gbdt = DemandModelTrainer.builder(DemandAlgorithm.GBDT_CONVERSION)
        .extractors(GlmModelTest.EXTRACTORS)
        .gbdt(GbdtOptions.DEFAULTS.withTrees(40, 3).withEta(0.2)
            .withPriceFeatures(List.of(CandidatePriceFeatures.ratio()))
            .withBase(GlmOptions.DEFAULTS.withCeiling(true)))
        .version("gbdt-ceiling").build().train(log);
    assertThat(gbdt.model().provenance().trainer()).contains("purchase ceiling");
    assertThat(meanError(gbdt.model(), 0.3, 0.5)).isLessThan(0.025);
    checkContributions(gbdt.model());
    TrainedDemandModel back = TrainedDemandModel.fromBytes(gbdt.model().toBytes());
    PricingRequest r = log.get(9).context();
    double[] prices = {2, 5, 10, 20, 40};
    assertThat(back.score(GlmModelTest.featureVector(r), prices))
        .containsExactly(gbdt.model().score(GlmModelTest.featureVector(r), prices));
  }

  @Test
  void ceiling_isRefusedForUnitsModels_andWithEntityEffects() {
    assertThatThrownBy(() -> DemandModelTrainer.builder(DemandAlgorithm.LOG_LOG_GLM)
        .glm(GlmOptions.DEFAULTS.withCeiling(true)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ceiling")
        .hasMessageContaining("loglog-glm");
    assertThatThrownBy(() -> DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_GLM)
        .extractors(GlmModelTest.EXTRACTORS).glm(GlmOptions.DEFAULTS.withCeiling(true))
        .entities(EntityEffects.of("entity.product.id")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ceiling")
        .hasMessageContaining("entities");
    assertThatThrownBy(() -> DemandModelTrainer.builder(DemandAlgorithm.GBDT_UNITS)
        .gbdt(GbdtOptions.DEFAULTS.withBase(GlmOptions.DEFAULTS.withCeiling(true))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ceiling")
        .hasMessageContaining("gbdt-units");
  }
}
