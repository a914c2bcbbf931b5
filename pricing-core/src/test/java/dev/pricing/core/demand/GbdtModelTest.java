package dev.pricing.core.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pricing.api.spi.DemandModel;
import dev.pricing.core.demand.internal.GbdtPlan;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Monotone boosted trees through the trainer: compiled grid scoring, artifact, options, evaluation. */
class GbdtModelTest {

  @Test
  void gridScorer_equalsThePerRowEnsemble_onRandomInputsAndGrids() {
    for (TrainedDemandModel model : new TrainedDemandModel[] {TrainedModels.gbdt(), TrainedModels.gbdtUnits()}) {
      GbdtPlan plan = model.gbdtPlan();
      DemandModel.Scorer scorer = model.bind(model.trainingSchema());
      SplittableRandom rnd = new SplittableRandom(3);
      double maxDiff = 0;
      for (int c = 0; c < 2000; c++) {
        double[] x = CompiledScorerParityTest.randomInput(rnd);
        double[] prices = CompiledScorerParityTest.randomPrices(rnd, x[0], 1 + rnd.nextInt(48));
        double[] out = new double[prices.length];
        scorer.score(x, prices, prices.length, out);
        double[] sane = x.clone();
        plan.inputs().sanitize(sane);
        for (int k = 0; k < prices.length; k++) {
          double expected = plan.predict(sane, prices[k]);
          if (Double.isNaN(expected)) {
            assertThat(out[k]).isNaN();
          } else {
            double d = Math.abs(out[k] - expected);
            maxDiff = Math.max(maxDiff, model.kind() == dev.pricing.api.DemandKind.EXPECTED_UNITS
                ? d / Math.max(1e-12, Math.abs(expected)) : d);
          }
        }
      }
      // The per-row path reproduces XGBoost's float accumulation (GbdtEnsembleTest: <= 1e-6 against the booster);
      // the grid adds the same float leaves in double and in another order, so units (exp of the margin) may
      // differ by a few float roundings of the margin.
      assertThat(maxDiff).as(model.version()).isLessThanOrEqualTo(
          model.kind() == dev.pricing.api.DemandKind.EXPECTED_UNITS ? 3e-6 : 1e-6);
    }
  }

  @Test
  void artifact_roundTripsExactly_andDamageIsRefused() throws Exception {
    TrainedDemandModel model = TrainedModels.gbdt();
    TrainedDemandModel back = TrainedDemandModel.fromBytes(model.toBytes());
    assertThat(back.checksum()).isEqualTo(model.checksum());
    assertThat(back.algorithm()).isEqualTo(DemandAlgorithm.GBDT_CONVERSION);
    DemandModel.Scorer a = model.bind(model.trainingSchema());
    DemandModel.Scorer b = back.bind(model.trainingSchema());
    SplittableRandom rnd = new SplittableRandom(5);
    for (int c = 0; c < 200; c++) {
      double[] x = CompiledScorerParityTest.randomInput(rnd);
      double[] prices = CompiledScorerParityTest.randomPrices(rnd, x[0], 16);
      double[] oa = new double[16];
      double[] ob = new double[16];
      a.score(x, prices, 16, oa);
      b.score(x, prices, 16, ob);
      assertThat(ob).containsExactly(oa);
    }
    byte[] bytes = model.toBytes();
    byte[] cut = Arrays.copyOf(bytes, bytes.length - 7);
    assertThatThrownBy(() -> TrainedDemandModel.fromBytes(cut)).isInstanceOf(ModelArtifactException.class);
  }

  @Test
  void training_learnsThePriceEffect_andReportsItsRounds() {
    TrainingResult r = DemandModelTrainer.builder(DemandAlgorithm.GBDT_CONVERSION)
        .extractors(SyntheticOffers.extractors()).gbdt(GbdtOptions.DEFAULTS.withTrees(120, 4).withEta(0.1))
        .build().train(SyntheticOffers.conversions(DemandModelTrainerTest.CONVERSION, 12_000, 31));
    FitDiagnostics d = r.diagnostics().orElseThrow();
    assertThat(d.iterations()).isBetween(1, 120);
    assertThat(d.solver()).contains("XGBoost").contains("monotone in [ratio]");
    assertThat(r.evaluation().auc().orElseThrow()).isGreaterThan(0.7);
    assertThat(r.evaluation().priceSensitivity()).isEmpty();
    assertThat(r.evaluation().notes()).anySatisfy(n -> assertThat(n).contains("average point elasticity at the "
        + "offered prices -"));
    assertThat(r.evaluation().meanPrediction()).isCloseTo(r.evaluation().meanOutcome(), within(0.03));
  }

  @Test
  void options_areTypedPerAlgorithm() {
    assertThatThrownBy(() -> DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_GLM).gbdt(GbdtOptions.DEFAULTS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("logistic-glm");
    assertThatThrownBy(() -> DemandModelTrainer.builder(DemandAlgorithm.GBDT_UNITS).glm(GlmOptions.DEFAULTS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gbdt-units");
    assertThatThrownBy(() -> GbdtOptions.DEFAULTS.withTrees(0, 6)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trees").hasMessageContaining("0");
  }
}
