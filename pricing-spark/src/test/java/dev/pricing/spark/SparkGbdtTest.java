package dev.pricing.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pricing.api.FeatureSchema;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.core.FeaturePipeline;
import dev.pricing.core.demand.CandidatePriceFeatures;
import dev.pricing.core.demand.DemandAlgorithm;
import dev.pricing.core.demand.GbdtOptions;
import dev.pricing.core.demand.GlmOptions;
import dev.pricing.core.demand.OfferRecord;
import dev.pricing.core.demand.TrainedDemandModel;
import dev.pricing.eval.MarketSimulator;
import dev.pricing.eval.SimulatedRequest;
import java.util.List;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Monotone boosted trees on Spark (XGBoost4J-Spark, base margins from the Spark GLM): the exported artifact is the
 * library's own GBDT ({@link TrainedDemandModel#fromBytes}), scores every training row as XGBoost's own booster does
 * (base margins included),
 * never rises with price, and serves an engine.
 */
class SparkGbdtTest {

  @Test
  void gbdtOnSpark_exportsTheLibrarysArtifact_equalToXgboostsOwnPredictions_andMonotone() throws Exception {
    List<OfferRecord> offers = SparkTestSession.conversionOffers(11, 2000);
    // p / L and the reference kink: a small base GLM keeps the test's MLlib work short
    GbdtOptions options = GbdtOptions.DEFAULTS.withTrees(30, 3).withEta(0.2).withPriceFeatures(List.of(
        CandidatePriceFeatures.ratio(), CandidatePriceFeatures.referenceGain(), CandidatePriceFeatures.referenceLoss()))
        .withBase(GlmOptions.DEFAULTS.withTolerance(1e-4));
    SparkGbdtTrainer.Fitted fitted = SparkGbdtTrainer.builder().extractors(SparkTestSession.standardExtractors())
        .gbdt(options).baseMllibTolerance(1e-6).version("spark-gbdt").build()
        .fit(OfferLogs.fromRecords(SparkTestSession.get(), offers, 2));
    TrainedDemandModel model = TrainedDemandModel.fromBytes(fitted.result().artifact());
    assertThat(model.algorithm()).isEqualTo(DemandAlgorithm.GBDT_CONVERSION);
    assertThat(model.provenance().notes()).anyMatch(s -> s.startsWith("trained on Spark 4."))
        .contains("rows 2000");
    assertThat(fitted.result().coefficients()).isNotNull();

    // The compiled artifact against XGBoost's own booster (the JSON it trained, loaded by xgboost4j) on the rows it
    // trained on, base margins included. (XGBoost4J-Spark 3.1.1's own transform fails on Spark 4: it calls
    // Row.fieldIndex on rows without a schema.)
    FeatureSchema schema = SparkFeatures.schemaOf(SparkTestSession.standardExtractors());
    int n = schema.size();
    DemandModel.Scorer scorer = model.bind(schema);
    List<Row> rows = fitted.data().collectAsList();
    int cols = ((Vector) rows.get(0).get(0)).size();
    float[] values = new float[rows.size() * cols];
    float[] margins = new float[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      double[] v = ((Vector) rows.get(i).get(0)).toArray();
      for (int j = 0; j < cols; j++) {
        values[i * cols + j] = (float) v[j];
      }
      margins[i] = (float) rows.get(i).getDouble(2);
    }
    DMatrix dm = new DMatrix(values, rows.size(), cols, Float.NaN);
    dm.setBaseMargin(margins);
    Booster booster = XGBoost.loadModel(fitted.xgboost().nativeBooster().toByteArray("json"));
    float[][] own = booster.predict(dm);
    double max = 0;
    double[] price = new double[1];
    double[] out = new double[1];
    int listIdx = schema.require("product.list_price");
    for (int i = 0; i < rows.size(); i++) {
      double[] v = ((Vector) rows.get(i).get(0)).toArray();
      double[] x = java.util.Arrays.copyOf(v, n);
      price[0] = v[n] * x[listIdx]; // the first price feature is p / L
      scorer.score(x, price, 1, out);
      max = Math.max(max, Math.abs(out[0] - own[i][0]));
    }
    booster.dispose();
    dm.dispose();
    System.out.printf("gbdt on Spark: max |artifact - XGBoost booster| = %.3g over %d training rows%n", max,
        rows.size());
    assertThat(rows).hasSize(offers.size());
    // float inputs and margins in XGBoost, doubles in the artifact
    assertThat(max).isLessThan(1e-5);

    // Never rises with price, for fresh requests over a 21-point grid.
    MarketSimulator sim = MarketSimulator.defaultMarket(11);
    FeaturePipeline pipeline = FeaturePipeline.of(SparkTestSession.standardExtractors().create());
    double[] f = new double[n];
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
    try (PricingEngine engine = sim.engineBuilder().demandModel(model).build()) {
      PriceDecision d = engine.price(sim.requests(1, 5).get(0).request());
      assertThat(d.modelVersion()).isEqualTo("spark-gbdt");
    }
  }
}
