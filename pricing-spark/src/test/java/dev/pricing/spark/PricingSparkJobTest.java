package dev.pricing.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pricing.core.demand.DemandAlgorithm;
import dev.pricing.core.demand.OfferRecord;
import dev.pricing.core.demand.TrainedDemandModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spark-submit entry point: price from an artifact file to Parquet; bad arguments are named. */
class PricingSparkJobTest {

  @Test
  void price_readsTheArtifactFileAndWritesDecisions(@TempDir Path dir) throws Exception {
    SparkSession spark = SparkTestSession.get();
    List<OfferRecord> offers = SparkTestSession.conversionOffers(31, 300);
    String requests = dir.resolve("requests").toString();
    OfferLogs.writeParquet(OfferLogs.fromRecords(spark, offers, 2), requests);
    Path artifact = dir.resolve("m.pspk");
    Files.write(artifact, BatchPricingAndLogAnalyticsTest.artifact());
    String out = dir.resolve("out").toString();
    PricingSparkJob.run(spark, "price", Map.of("requests", requests, "artifact", artifact.toString(), "out", out,
        "min-margin", "0.05"));
    List<Row> rows = spark.read().parquet(out).collectAsList();
    assertThat(rows).hasSize(300);
    assertThat(rows).allSatisfy(r -> assertThat(r.<String>getAs("model_version")).isEqualTo("batch-test"));
  }

  @Test
  void train_gbdtUnits_writesTheTreesArtifact(@TempDir Path dir) throws Exception {
    SparkSession spark = SparkTestSession.get();
    List<OfferRecord> offers = SparkTestSession.conversionOffers(31, 400);
    String log = dir.resolve("offers").toString();
    OfferLogs.writeParquet(OfferLogs.fromRecords(spark, offers, 2), log);
    Path artifact = dir.resolve("units.model");
    PricingSparkJob.run(spark, "train", Map.of("offers", log, "kind", "units", "model", "gbdt", "trees", "20",
        "depth", "2", "ipw", "5", "version", "job-units", "artifact", artifact.toString()));
    TrainedDemandModel m = TrainedDemandModel.fromBytes(Files.readAllBytes(artifact));
    assertThat(m.algorithm()).isEqualTo(DemandAlgorithm.GBDT_UNITS);
    assertThat(m.version()).isEqualTo("job-units");
    assertThat(m.provenance().notes()).contains("rows 400");
    assertThatThrownBy(() -> PricingSparkJob.run(spark, "train", Map.of("offers", log, "artifact", "x",
        "model", "gbdt", "smoothing", "1"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--smoothing applies to --model glm only");
    assertThatThrownBy(() -> PricingSparkJob.run(spark, "train", Map.of("offers", log, "artifact", "x",
        "trees", "10"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--trees applies to --model gbdt only, not to --model glm");
    assertThatThrownBy(() -> PricingSparkJob.run(spark, "train", Map.of("offers", log, "artifact", "x",
        "model", "forest"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--model must be glm or gbdt, found 'forest'");
  }

  @Test
  void badArguments_areNamed() {
    assertThatThrownBy(() -> PricingSparkJob.options(new String[] {"fit"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'fit'");
    assertThatThrownBy(() -> PricingSparkJob.options(new String[] {"train", "--offers"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'--offers'");
    assertThatThrownBy(() -> PricingSparkJob.run(SparkTestSession.get(), "train", Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--offers is required");
    assertThatThrownBy(() -> PricingSparkJob.read(SparkTestSession.get(), "x", "json"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'json'");
  }
}
