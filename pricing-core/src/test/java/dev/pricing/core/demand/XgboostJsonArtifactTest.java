package dev.pricing.core.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pricing.api.FeatureSchema;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.core.demand.internal.GbdtFit;
import dev.pricing.core.demand.internal.GbdtMatrix;
import dev.pricing.core.demand.internal.GbdtObjective;
import dev.pricing.core.demand.internal.GbdtParams;
import dev.pricing.core.demand.internal.GbdtPlan;
import dev.pricing.core.demand.internal.ModelInputs;
import dev.pricing.core.demand.internal.PricePlan;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * {@link TrainedDemandModel#fromXgboostJson}: an XGBoost model trained elsewhere (here by the core's own
 * {@code GbdtFit}, as XGBoost4J-Spark's booster would be) becomes the library's GBDT artifact, scores exactly as the
 * plan the core's trainer builds from the same trees, round-trips through {@link TrainedDemandModel#fromBytes}, and a
 * model that does not fit is refused naming what.
 */
class XgboostJsonArtifactTest {

  @Test
  void anXgboostModelBecomesTheLibrarysGbdtArtifact_andBadInputIsRefused() throws Exception {
    FeatureSchema schema = DemandModelTrainer.schemaOf(SyntheticOffers.extractors());
    int n = schema.size();
    int cols = n + 1;
    int rows = 1500;
    SplittableRandom rnd = new SplittableRandom(9);
    double[] x = new double[rows * cols];
    double[] y = new double[rows];
    int list = schema.require(CandidatePriceFeatures.LIST_PRICE);
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < n; j++) {
        x[i * cols + j] = rnd.nextDouble() * 2;
      }
      x[i * cols + list] = 10 + rnd.nextDouble() * 30;
      double ratio = 0.6 + 0.8 * rnd.nextDouble();
      x[i * cols + n] = ratio;
      y[i] = rnd.nextDouble() < 1 / (1 + Math.exp(-(3 - 4 * ratio + x[i * cols + 1]))) ? 1 : 0;
    }
    int[] monotone = new int[cols];
    monotone[n] = -1;
    GbdtFit.Result fit = GbdtFit.fit(GbdtMatrix.of(x, rows, cols, y, null), null, monotone,
        GbdtObjective.BINARY_LOGISTIC, new GbdtParams(20, 3, 0.3, 1, 1, 1, 256, 7, 1, 0));
    double[] fallback = new double[n];
    fallback[list] = 25;
    List<CandidatePriceFeature> price = List.of(CandidatePriceFeatures.ratio());
    TrainedDemandModel model = TrainedDemandModel.fromXgboostJson(DemandAlgorithm.GBDT_CONVERSION, "xgb-json",
        schema, price, CandidatePriceFeatures.LIST_PRICE, fallback, fit.modelJson(), null, Double.POSITIVE_INFINITY,
        GlmCoefficientsTest.provenance());
    TrainedDemandModel back = TrainedDemandModel.fromBytes(model.toBytes());
    assertThat(back.algorithm()).isEqualTo(DemandAlgorithm.GBDT_CONVERSION);
    assertThat(back.checksum()).isEqualTo(model.checksum());

    ModelInputs inputs = new ModelInputs(schema.names(), fallback, list, 25);
    GbdtPlan reference = new GbdtPlan(inputs, new PricePlan(price, schema.names()), fit.ensemble(),
        Double.POSITIVE_INFINITY);
    DemandModel.Scorer a = back.bind(schema);
    DemandModel.Scorer b = reference.bind(schema, new LongAdder());
    double[] prices = {8, 12, 20, 31, 44};
    double[] oa = new double[prices.length];
    double[] ob = new double[prices.length];
    double[] f = new double[n];
    for (int i = 0; i < 200; i++) {
      System.arraycopy(x, i * cols, f, 0, n);
      a.score(f, prices, prices.length, oa);
      b.score(f, prices, prices.length, ob);
      assertThat(oa).containsExactly(ob);
      for (int k = 1; k < prices.length; k++) {
        assertThat(oa[k]).isLessThanOrEqualTo(oa[k - 1]);
      }
    }

    assertThatThrownBy(() -> TrainedDemandModel.fromXgboostJson(DemandAlgorithm.LOGISTIC_GLM, "v", schema, price,
        CandidatePriceFeatures.LIST_PRICE, fallback, fit.modelJson(), null, Double.POSITIVE_INFINITY,
        GlmCoefficientsTest.provenance())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found logistic-glm");
    assertThatThrownBy(() -> TrainedDemandModel.fromXgboostJson(DemandAlgorithm.GBDT_UNITS, "v", schema, price,
        CandidatePriceFeatures.LIST_PRICE, fallback, fit.modelJson(), null, 100, GlmCoefficientsTest.provenance()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not match gbdt-units");
    assertThatThrownBy(() -> TrainedDemandModel.fromXgboostJson(DemandAlgorithm.GBDT_CONVERSION, "v", schema,
        List.of(CandidatePriceFeatures.ratio(), CandidatePriceFeatures.logRatio()), CandidatePriceFeatures.LIST_PRICE,
        fallback, fit.modelJson(), null, Double.POSITIVE_INFINITY, GlmCoefficientsTest.provenance()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reads " + cols + " columns");
    assertThatThrownBy(() -> TrainedDemandModel.fromXgboostJson(DemandAlgorithm.GBDT_CONVERSION, "v", schema, price,
        CandidatePriceFeatures.LIST_PRICE, fallback, "{\"not\": \"a model\"}".getBytes(StandardCharsets.UTF_8), null,
        Double.POSITIVE_INFINITY, GlmCoefficientsTest.provenance())).isInstanceOf(IllegalArgumentException.class);
  }
}
