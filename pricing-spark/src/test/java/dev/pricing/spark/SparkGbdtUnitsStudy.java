package dev.pricing.spark;

import dev.pricing.api.DemandKind;
import dev.pricing.api.FeatureSchema;
import dev.pricing.core.demand.DemandAlgorithm;
import dev.pricing.core.demand.DemandModelTrainer;
import dev.pricing.core.demand.GbdtOptions;
import dev.pricing.core.demand.OfferRecord;
import dev.pricing.core.demand.TrainedDemandModel;
import dev.pricing.core.demand.ValidationSplit;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The units-trees study (a main, not a unit test): {@link SparkGbdtUnitsTest}'s synthetic units at larger sizes,
 * with the default GBDT options (up to 300 rounds of depth 4, early stopping 30, the default price features and
 * base GLM) and inverse-propensity weights capped at 5. For each size n the core's single-machine trainer and
 * {@link SparkGbdtTrainer} train on the same first n offers by time (the core through {@code ValidationSplit.byTime})
 * and both are scored on the next n/5: wall time of each, rounds kept, held-out Poisson deviance and RMSE of
 * ln units, the engine's equal decisions and the core model's profit ratio. Arguments: the sizes (default 20000
 * 100000); {@code -Dworkers} (XGBoost workers, default 2). Runs on the tests' {@code local[2]} session.
 */
public final class SparkGbdtUnitsStudy {
  private SparkGbdtUnitsStudy() {}

  public static void main(String[] args) throws Exception {
    int[] sizes = args.length == 0 ? new int[] {20_000, 100_000}
        : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    int workers = Integer.getInteger("workers", 2);
    var spark = SparkTestSession.get();
    FeatureSchema schema = SparkFeatures.schemaOf(SparkTestSession.standardExtractors());
    System.out.println("| rows | core train (s) | Spark train (s) | Spark / core time | rounds kept core, Spark "
        + "| held-out deviance core, Spark (ratio) | RMSE ln units core, Spark (ratio) | equal decisions "
        + "| profit ratio |");
    System.out.println("|---:|---:|---:|---:|---|---|---|---:|---:|");
    for (int n : sizes) {
      List<OfferRecord> all = SparkGbdtUnitsTest.unitsOffers(n + n / 5, 0, 5);
      Instant cutoff = all.get(n).time();
      List<OfferRecord> training = all.stream().filter(o -> o.time().isBefore(cutoff)).toList();
      List<OfferRecord> heldOut = all.stream().filter(o -> !o.time().isBefore(cutoff)).toList();
      long t0 = System.nanoTime();
      TrainedDemandModel core = DemandModelTrainer.builder(DemandAlgorithm.GBDT_UNITS)
          .extractors(SparkTestSession.standardExtractors().create()).split(ValidationSplit.byTime(cutoff))
          .gbdt(GbdtOptions.DEFAULTS).inversePropensityWeighting(5).version("core").build().train(all).model();
      double coreSecs = (System.nanoTime() - t0) / 1e9;
      var log = OfferLogs.fromRecords(spark, training, Math.max(2, training.size() / 25_000)).cache();
      log.count();
      t0 = System.nanoTime();
      SparkGbdtTrainer.Fitted fitted = SparkGbdtTrainer.builder(DemandKind.EXPECTED_UNITS)
          .extractors(SparkTestSession.standardExtractors()).gbdt(GbdtOptions.DEFAULTS).inversePropensityWeighting(5)
          .workers(workers).version("spark").build().fit(log);
      double sparkSecs = (System.nanoTime() - t0) / 1e9;
      log.unpersist();
      TrainedDemandModel sparkModel = fitted.result().model();
      double[] qc = SparkGbdtUnitsTest.heldOut(core, heldOut, schema);
      double[] qs = SparkGbdtUnitsTest.heldOut(sparkModel, heldOut, schema);
      double[] d = SparkGbdtUnitsTest.decisions(sparkModel, core, schema);
      String coreKept = core.provenance().trainer().replaceAll(".*XGBoost count:poisson, (\\d+ of \\d+) rounds.*",
          "$1");
      System.out.printf(Locale.ROOT, "| %,d | %.1f | %.1f | %.2f | %s; %d of %d | %.5f, %.5f (%.4f) | %.5f, %.5f (%.4f) "
          + "| %.3f | %.5f |%n", training.size(), coreSecs, sparkSecs, sparkSecs / coreSecs, coreKept,
          fitted.treesKept(), fitted.roundsTrained(), qc[0], qs[0], qs[0] / qc[0], qc[1], qs[1], qs[1] / qc[1], d[0],
          d[1]);
    }
    System.out.println("master " + spark.sparkContext().master() + ", " + workers + " XGBoost workers, "
        + Runtime.getRuntime().availableProcessors() + " cores, Spark " + spark.version());
    spark.stop();
  }
}
