package dev.pricing.core.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pricing.api.FeatureSchema;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.core.demand.internal.GlmPlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link TrainedDemandModel#fromGlmCoefficients}: a GLM rebuilt from its raw coefficients scores exactly as the one
 * the trainer fitted, writes the library's own artifact (read back by {@link TrainedDemandModel#fromBytes}), and
 * bad coefficients are refused naming the field and the value.
 */
class GlmCoefficientsTest {

  static GlmCoefficients coefficientsOf(TrainedDemandModel m) {
    GlmPlan g = m.glmPlan();
    List<String> slopeInputs = new ArrayList<>();
    for (int k : g.interactionInputs()) {
      slopeInputs.add(g.inputs().names().get(k));
    }
    return new GlmCoefficients(m.candidatePriceFeatures(), slopeInputs,
        g.inputs().names().get(g.inputs().listIndex()), g.constant(), g.weights(), g.slopes(), g.interactionWeights(),
        g.inputs().fallback(), g.smear(), g.smoothing(), g.maxDemand());
  }

  static TrainingProvenance provenance() {
    Instant t = Instant.parse("2026-12-01T00:00:00Z");
    return new TrainingProvenance(t, 8000, 0, t, t, "none", "spark-mllib LogisticRegression", 0,
        List.of("trained on Spark 4.2.0 (MLlib)", "rows 8000", "input hash 00000000deadbeef"));
  }

  @Test
  void rebuiltGlmsScoreExactlyAsTrainedAndRoundTripThroughTheLibrarysArtifact() throws Exception {
    for (TrainedDemandModel trained : List.of(TrainedModels.glm(), TrainedModels.glmUnits())) {
      TrainedDemandModel rebuilt = TrainedDemandModel.fromGlmCoefficients(trained.algorithm(), "from-coefficients",
          trained.trainingSchema(), coefficientsOf(trained), provenance());
      TrainedDemandModel reloaded = TrainedDemandModel.fromBytes(rebuilt.toBytes());
      assertThat(reloaded.algorithm()).isEqualTo(trained.algorithm());
      assertThat(reloaded.version()).isEqualTo("from-coefficients");
      assertThat(reloaded.checksum()).isEqualTo(rebuilt.checksum());
      assertThat(reloaded.provenance().notes()).contains("rows 8000", "input hash 00000000deadbeef");
      assertThat(reloaded.priceCoefficients()).isEqualTo(trained.priceCoefficients());
      FeatureSchema schema = trained.trainingSchema();
      DemandModel.Scorer a = trained.bind(schema);
      DemandModel.Scorer b = reloaded.bind(schema);
      SplittableRandom rnd = new SplittableRandom(3);
      double[] prices = {5, 9.99, 14, 19.99, 30, 45};
      double[] oa = new double[prices.length];
      double[] ob = new double[prices.length];
      for (int i = 0; i < 200; i++) {
        double[] x = new double[schema.size()];
        for (int j = 0; j < x.length; j++) {
          x[j] = rnd.nextDouble() * 3;
        }
        x[schema.require(CandidatePriceFeatures.LIST_PRICE)] = 10 + rnd.nextDouble() * 30;
        a.score(x, prices, prices.length, oa);
        b.score(x, prices, prices.length, ob);
        assertThat(ob).containsExactly(oa);
      }
    }
  }

  @Test
  void refusesCoefficientsThatDoNotFitTheSchemaOrWouldRaiseDemandWithPrice() {
    TrainedDemandModel trained = TrainedModels.glm();
    GlmCoefficients c = coefficientsOf(trained);
    FeatureSchema schema = trained.trainingSchema();
    assertThatThrownBy(() -> TrainedDemandModel.fromGlmCoefficients(DemandAlgorithm.LOGISTIC_SGD, "v", schema, c,
        provenance())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("logistic-sgd");
    assertThatThrownBy(() -> TrainedDemandModel.fromGlmCoefficients(DemandAlgorithm.LOGISTIC_GLM, "v",
        FeatureSchema.of(schema.names().subList(1, schema.size())), c, provenance()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inputWeights has " + schema.size());
    assertThatThrownBy(() -> TrainedDemandModel.fromGlmCoefficients(DemandAlgorithm.LOGISTIC_GLM, " ", schema, c,
        provenance())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version");
    assertThatThrownBy(() -> TrainedDemandModel.fromGlmCoefficients(DemandAlgorithm.LOGISTIC_GLM, "v", schema,
        new GlmCoefficients(c.priceFeatures(), c.slopeInputs(), c.listPriceFeature(), c.constant(), c.inputWeights(),
            c.priceSlopes(), c.slopeWeights(), c.inputFallbacks(), 1.3, 0, Double.POSITIVE_INFINITY), provenance()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("smear 1.3");
    List<CandidatePriceFeature> kinked = List.of(CandidatePriceFeatures.ratio(), CandidatePriceFeatures.referenceGain());
    // reference_gain falls as the price rises: its slope must be >= 0
    assertThatThrownBy(() -> new GlmCoefficients(kinked, List.of(), c.listPriceFeature(), c.constant(),
        c.inputWeights(), new double[] {-1, -0.5}, new double[0], c.inputFallbacks(), 1, 0, Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("priceSlopes[1] of price feature 'reference_gain' is -0.5").hasMessageContaining(">= 0");
    // without slope inputs the primary slope is fixed, and must not be positive
    assertThatThrownBy(() -> new GlmCoefficients(kinked, List.of(), c.listPriceFeature(), c.constant(),
        c.inputWeights(), new double[] {0.2, 0.5}, new double[0], c.inputFallbacks(), 1, 0, Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("priceSlopes[0] of price feature 'ratio' is 0.2").hasMessageContaining("<= 0");
    double[] bad = c.inputWeights();
    bad[2] = Double.NaN;
    assertThatThrownBy(() -> new GlmCoefficients(c.priceFeatures(), c.slopeInputs(), c.listPriceFeature(),
        c.constant(), bad, c.priceSlopes(), c.slopeWeights(), c.inputFallbacks(), 1, 0, Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inputWeights[2] must be finite, found NaN");
    assertThatThrownBy(() -> TrainedDemandModel.fromGlmCoefficients(DemandAlgorithm.LOGISTIC_GLM, "v", schema,
        new GlmCoefficients(c.priceFeatures(), List.of("customer.nope"), c.listPriceFeature(), c.constant(),
            c.inputWeights(), c.priceSlopes(), new double[] {0.1}, c.inputFallbacks(), 1, 0, Double.POSITIVE_INFINITY),
        provenance())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("slope input 'customer.nope' is not in the schema");
    double[] fallback = c.inputFallbacks();
    fallback[schema.require(CandidatePriceFeatures.LIST_PRICE)] = 0;
    assertThatThrownBy(() -> TrainedDemandModel.fromGlmCoefficients(DemandAlgorithm.LOGISTIC_GLM, "v", schema,
        new GlmCoefficients(c.priceFeatures(), c.slopeInputs(), c.listPriceFeature(), c.constant(), c.inputWeights(),
            c.priceSlopes(), c.slopeWeights(), fallback, 1, 0, Double.POSITIVE_INFINITY), provenance()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("list price fallback must be positive");
  }
}
