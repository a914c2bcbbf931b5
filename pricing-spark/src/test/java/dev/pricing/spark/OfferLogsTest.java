package dev.pricing.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pricing.core.demand.OfferLogCsv;
import dev.pricing.core.demand.OfferRecord;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CSV and Parquet offer logs read into the same rows, which turn back into the same library offers; the
 * training input hash does not depend on the format, order or partitioning; malformed rows fail with the
 * library's message naming the column.
 */
class OfferLogsTest {
  static final List<dev.pricing.core.demand.CandidatePriceFeature> PRICE =
      List.of(dev.pricing.core.demand.CandidatePriceFeatures.ratio());


  @Test
  void csvAndParquet_readTheSameOffers_andTheInputHashIgnoresFormatAndOrder(@TempDir Path dir) throws Exception {
    SparkSession spark = SparkTestSession.get();
    List<OfferRecord> offers = SparkTestSession.conversionOffers(21, 1200);
    Path csv = dir.resolve("csv");
    Files.createDirectories(csv);
    // Two CSV files, each with its header.
    try (Writer w = Files.newBufferedWriter(csv.resolve("a.csv"), StandardCharsets.UTF_8)) {
      OfferLogCsv.write(offers.subList(0, 500), w);
    }
    try (Writer w = Files.newBufferedWriter(csv.resolve("b.csv"), StandardCharsets.UTF_8)) {
      OfferLogCsv.write(offers.subList(500, offers.size()), w);
    }
    Dataset<Row> fromCsv = OfferLogs.readCsv(spark, csv.toString());
    String parquet = dir.resolve("pq").toString();
    OfferLogs.writeParquet(OfferLogs.fromRecords(spark, offers, 3), parquet);
    Dataset<Row> fromParquet = OfferLogs.readParquet(spark, parquet);

    List<String> expected = offers.stream().map(OfferLogCsv::formatRow).sorted().toList();
    List<String> a = fromCsv.collectAsList().stream().map(OfferLogs::toRecord).map(OfferLogCsv::formatRow).sorted()
        .toList();
    List<String> b = fromParquet.collectAsList().stream().map(OfferLogs::toRecord).map(OfferLogCsv::formatRow)
        .sorted().toList();
    assertThat(a).isEqualTo(expected);
    assertThat(b).isEqualTo(expected);

    long h1 = hash(SparkFeatures.extract(fromCsv, SparkTestSession.standardExtractors(),
        PRICE, dev.pricing.core.demand.CandidatePriceFeatures.LIST_PRICE));
    long h2 = hash(SparkFeatures.extract(fromParquet.repartition(5), SparkTestSession.standardExtractors(),
        PRICE, dev.pricing.core.demand.CandidatePriceFeatures.LIST_PRICE));
    long h3 = hash(SparkFeatures.extract(OfferLogs.fromRecords(spark, offers.subList(1, offers.size()), 2),
        SparkTestSession.standardExtractors(),
        PRICE, dev.pricing.core.demand.CandidatePriceFeatures.LIST_PRICE));
    assertThat(h1).isEqualTo(h2);
    assertThat(h3).isNotEqualTo(h1);
  }

  @Test
  void malformedRow_failsWithTheLibrarysMessage_andAMissingParquetColumnIsNamed(@TempDir Path dir) throws Exception {
    SparkSession spark = SparkTestSession.get();
    List<OfferRecord> offers = SparkTestSession.conversionOffers(22, 20);
    Path csv = dir.resolve("bad.csv");
    StringBuilder sb = new StringBuilder(OfferLogCsv.HEADER).append('\n');
    sb.append(OfferLogCsv.formatRow(offers.get(0))).append('\n');
    String bad = OfferLogCsv.formatRow(offers.get(1));
    int cut = bad.lastIndexOf(',');
    int cut2 = bad.lastIndexOf(',', cut - 1);
    int cut3 = bad.lastIndexOf(',', cut2 - 1);
    sb.append(bad, 0, cut3 + 1).append("abc").append(bad.substring(cut2)).append('\n');
    Files.writeString(csv, sb.toString());
    assertThatThrownBy(() -> OfferLogs.readCsv(spark, csv.toString()).collectAsList())
        .hasStackTraceContaining("column offered_price: 'abc' is not a decimal number");
    String pq = dir.resolve("pq").toString();
    OfferLogs.fromRecords(spark, offers, 1).drop("channel").write().parquet(pq);
    assertThatThrownBy(() -> OfferLogs.readParquet(spark, pq))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column channel is missing");
    assertThatThrownBy(() -> OfferLogs.readCsv(spark, " ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("path must not be blank");
  }

  static long hash(Dataset<Row> features) {
    return features.select("row_hash").javaRDD().map(r -> r.getLong(0)).fold(0L, Long::sum);
  }
}
