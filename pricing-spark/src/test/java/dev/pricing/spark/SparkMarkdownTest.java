package dev.pricing.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pricing.api.BehaviourSummary;
import dev.pricing.api.Customer;
import dev.pricing.api.Market;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.core.FeatureExtractors;
import dev.pricing.core.demand.TrainedDemandModel;
import dev.pricing.core.markdown.CataloguePlanner;
import dev.pricing.core.markdown.MarkdownDemand;
import dev.pricing.core.markdown.MarkdownPlan;
import dev.pricing.core.markdown.MarkdownProblem;
import dev.pricing.core.markdown.MarkdownRules;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A catalogue's markdown plans on Spark equal the single-machine {@link CataloguePlanner}'s plans of the same
 * problems (the same demand model, decoded from the broadcast artifact): expected profit, sell-through and leftover
 * within 1e-9 (relative for profit), the price now and the price and stock path exactly, product by product; a row that cannot be planned gets its error and the job goes on; plans go to Parquet.
 */
class SparkMarkdownTest {
  static final Instant SEASON = Instant.parse("2027-01-04T00:00:00Z");
  static final StructType CATALOGUE = DataTypes.createStructType(List.of(
      DataTypes.createStructField("product_id", DataTypes.StringType, false),
      DataTypes.createStructField("list_price", DataTypes.StringType, false),
      DataTypes.createStructField("unit_cost", DataTypes.StringType, false),
      DataTypes.createStructField("stock", DataTypes.IntegerType, false),
      DataTypes.createStructField("periods", DataTypes.IntegerType, false),
      DataTypes.createStructField("weekly_visits", DataTypes.DoubleType, false)));

  /** One product's season: weekly periods, a typical visitor per week, the model's P(buy) times the visits. */
  static MarkdownProblem problem(Row row, DemandModel model) {
    Product p = Product.builder(row.getString(0), "USD").listPrice(new BigDecimal(row.getString(1)))
        .unitCost(new BigDecimal(row.getString(2))).category("fashion").title("coat " + row.getString(0)).build();
    int periods = row.getInt(4);
    List<List<PricingRequest>> contexts = new ArrayList<>();
    double[] traffic = new double[periods];
    Customer visitor = new Customer("typical", BehaviourSummary.empty(), List.of(), Map.of());
    for (int t = 0; t < periods; t++) {
      contexts.add(List.of(PricingRequest.of(visitor, p, Market.of(row.getInt(3), SEASON.plusSeconds(604_800L * t)))));
      traffic[t] = row.getDouble(5) * Math.pow(0.9, t);
    }
    return MarkdownProblem.builder(p).stock(row.getInt(3)).periods(periods).salvage(0.2 * p.unitCost().doubleValue())
        .demand(MarkdownDemand.fromModel(model, FeatureExtractors.standard(), contexts, traffic))
        .rules(MarkdownRules.builder().maxChanges(3).build()).keepPolicy(false).build();
  }

  @Test
  void plansOnSparkEqualTheSingleMachineCataloguePlanner_andFailuresAreRows(@TempDir Path dir) throws Exception {
    SparkSession spark = SparkTestSession.get();
    List<Row> rows = new ArrayList<>();
    String[] lists = {"29.99", "49.99", "79.99", "119.00"};
    for (int i = 0; i < 24; i++) {
      String list = lists[i % lists.length];
      String cost = new BigDecimal(list).multiply(new BigDecimal("0.45")).setScale(2, java.math.RoundingMode.HALF_UP)
          .toPlainString();
      rows.add(RowFactory.create("sku-" + i, list, cost, 20 + 7 * (i % 9), 6 + i % 4, 40.0 + 5 * (i % 5)));
    }
    rows.add(RowFactory.create("sku-bad", "29.99", "12.00", -3, 6, 40.0)); // negative stock: refused
    byte[] artifact = BatchPricingAndLogAnalyticsTest.artifact();
    Dataset<Row> catalogue = spark.createDataFrame(rows, CATALOGUE).repartition(4);
    Dataset<Row> plans = SparkMarkdown.plan(catalogue, artifact, SparkMarkdownTest::problem);
    String out = dir.resolve("plans").toString();
    SparkMarkdown.writePlans(plans, out);
    List<Row> back = spark.read().parquet(out).collectAsList();
    assertThat(back).hasSize(25);

    // The same problems on one machine, with the same model.
    TrainedDemandModel model = TrainedDemandModel.fromBytes(artifact);
    List<MarkdownProblem> problems = new ArrayList<>();
    for (Row r : rows.subList(0, 24)) {
      problems.add(problem(r, model));
    }
    Map<String, MarkdownPlan> single = new HashMap<>();
    CataloguePlanner.Summary summary = CataloguePlanner.of(2, 4).planAll(problems.iterator(), problems.size(),
        plan -> {
          synchronized (single) {
            single.put(plan.problem().products().get(0).id(), plan);
          }
        }, null);
    assertThat(summary.planned()).isEqualTo(24);
    int equal = 0;
    double sparkProfit = 0;
    for (Row r : back) {
      List<String> ids = r.getList(r.fieldIndex("product_ids"));
      if (ids.isEmpty()) { // the factory refused the row (sku-bad) before a problem, and so its ids, existed
        assertThat(r.<String>getAs("error")).isEqualTo("problem: market.inventoryUnits must not be negative, found -3");
        assertThat(r.isNullAt(r.fieldIndex("expected_profit"))).isTrue();
        continue;
      }
      assertThat(r.isNullAt(r.fieldIndex("error"))).isTrue();
      MarkdownPlan s = single.get(ids.get(0));
      // Math.exp and Math.pow may differ in the last bit between the interpreter and JIT intrinsics
      assertThat(r.<Double>getAs("expected_profit")).isCloseTo(s.expectedProfit(), within(1e-9 * s.expectedProfit()));
      assertThat(r.<Double>getAs("sell_through")).isCloseTo(s.sellThrough(), within(1e-9));
      assertThat(r.<Double>getAs("expected_leftover")).isCloseTo(s.expectedLeftover(), within(1e-9));
      assertThat(r.<String>getList(r.fieldIndex("prices_now")).get(0)).isEqualTo(s.priceNow().toPlainString());
      List<Row> path = r.getList(r.fieldIndex("path"));
      assertThat(path).hasSize(s.path().size());
      for (int t = 0; t < path.size(); t++) {
        MarkdownPlan.Step step = s.path().get(t);
        assertThat(path.get(t).getInt(0)).isEqualTo(step.period());
        assertThat(path.get(t).<String>getList(1).get(0)).isEqualTo(step.price().toPlainString());
        assertThat(path.get(t).getInt(2)).isEqualTo(step.startStock());
      }
      sparkProfit += r.<Double>getAs("expected_profit");
      equal++;
    }
    assertThat(equal).isEqualTo(24);
    assertThat(back.stream().filter(r -> !r.isNullAt(r.fieldIndex("error")))).hasSize(1);
    System.out.printf("markdown on Spark: 24 plans equal to CataloguePlanner's; expected profit %.2f (single machine "
        + "%.2f)%n", sparkProfit, summary.expectedProfit());
  }
}
