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
    // every round kept (the GLM is already close here: early stopping would keep 1 tree; SparkGbdtUnitsTest covers it)
    GbdtOptions options = GbdtOptions.DEFAULTS.withTrees(30, 3).withEta(0.2).withEarlyStoppingRounds(0)
        .withPriceFeatures(List.of(
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
    // trained on and the early-stopping rows, base margins included. (XGBoost4J-Spark 3.1.1's own transform fails on
    // Spark 4: it calls Row.fieldIndex on rows without a schema.)
    FeatureSchema schema = SparkFeatures.schemaOf(SparkTestSession.standardExtractors());
    int n = schema.size();
    DemandModel.Scorer scorer = model.bind(schema);
    BoosterCheck check = compareWithBooster(fitted, scorer, schema, false, false);
    System.out.printf("gbdt on Spark: max |artifact - XGBoost booster| = %.3g (its predict), %.3g (its leaves summed "
        + "in double) over %d training rows; %d of %d rounds kept%n", check.vsPredict(), check.vsLeaves(),
        offers.size(), fitted.treesKept(), fitted.roundsTrained());
    assertThat(fitted.data().count()).isEqualTo(offers.size());
    assertThat(fitted.stopping().count()).isZero();
    assertThat(fitted.treesKept()).isEqualTo(30).isEqualTo(fitted.roundsTrained());
    // float32 margins in XGBoost's predict, doubles in the artifact; the same leaves in every tree
    assertThat(check.vsPredict()).isLessThan(1e-5);
    assertThat(check.vsLeaves()).isLessThan(1e-9);

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

  /**
   * The artifact's scorer against XGBoost on the rows the trees trained on and the early-stopping rows, with the
   * booster XGBoost4J-Spark trained (its JSON loaded by xgboost4j, cut at the trees kept, base margins set when the
   * trees correct a GLM). {@code vsPredict}: against the booster's own prediction, which sums the trees and the base
   * margin in float32. {@code vsLeaves}: against the leaves the booster itself reaches in each tree
   * ({@code predictLeaf}), summed in double with the row's double base margin (or the booster's base score), which
   * checks every tree's path exactly, free of float32 accumulation. Absolute differences, or relative to XGBoost.
   *
   * @param logRatio whether the first price feature is {@code ln(p/L)} (else {@code p/L})
   */
  record BoosterCheck(double vsPredict, double vsLeaves) {}

  static BoosterCheck compareWithBooster(SparkGbdtTrainer.Fitted fitted, DemandModel.Scorer scorer,
      FeatureSchema schema, boolean logRatio, boolean relative) throws Exception {
    int n = schema.size();
    int listIdx = schema.require("product.list_price");
    boolean units = fitted.result().model().algorithm() == DemandAlgorithm.GBDT_UNITS;
    boolean withBase = fitted.result().coefficients() != null;
    List<Row> rows = new java.util.ArrayList<>(fitted.data().collectAsList());
    rows.addAll(fitted.stopping().collectAsList());
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
    if (withBase) {
      dm.setBaseMargin(margins);
    }
    Booster booster = XGBoost.loadModel(fitted.boosterJson());
    float[][] own = booster.predict(dm, false, fitted.treesKept());
    float[][] leaves = booster.predictLeaf(dm, fitted.treesKept());
    booster.dispose();
    dm.dispose();
    com.fasterxml.jackson.databind.JsonNode learner = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(fitted.boosterJson()).path("learner");
    com.fasterxml.jackson.databind.JsonNode trees = learner.path("gradient_booster").path("model").path("trees");
    assertThat(leaves[0]).hasSize(fitted.treesKept());
    float baseScore = Float.parseFloat(learner.path("learner_model_param").path("base_score").asText()
        .replace("[", "").replace("]", ""));
    double scoreMargin = units ? (float) Math.log(baseScore) : (float) -Math.log(1.0f / baseScore - 1.0f);
    double maxPredict = 0;
    double maxLeaves = 0;
    double[] price = new double[1];
    double[] out = new double[1];
    for (int i = 0; i < rows.size(); i++) {
      double[] v = ((Vector) rows.get(i).get(0)).toArray();
      double[] x = java.util.Arrays.copyOf(v, n);
      price[0] = (logRatio ? Math.exp(v[n]) : v[n]) * x[listIdx];
      scorer.score(x, price, 1, out);
      double margin = withBase ? rows.get(i).getDouble(2) : scoreMargin;
      for (int t = 0; t < leaves[i].length; t++) {
        margin += (float) trees.get(t).path("split_conditions").get((int) leaves[i][t]).asDouble();
      }
      double ref = units ? Math.exp(margin) : 1 / (1 + Math.exp(-margin));
      double dp = Math.abs(out[0] - own[i][0]);
      double dl = Math.abs(out[0] - ref);
      maxPredict = Math.max(maxPredict, relative ? dp / Math.abs(own[i][0]) : dp);
      maxLeaves = Math.max(maxLeaves, relative ? dl / Math.abs(ref) : dl);
    }
    return new BoosterCheck(maxPredict, maxLeaves);
  }
}
