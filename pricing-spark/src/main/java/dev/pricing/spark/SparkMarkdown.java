package dev.pricing.spark;

import dev.pricing.api.Product;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.core.demand.ModelArtifactException;
import dev.pricing.core.demand.TrainedDemandModel;
import dev.pricing.core.markdown.MarkdownPlan;
import dev.pricing.core.markdown.MarkdownPlanner;
import dev.pricing.core.markdown.MarkdownProblem;
import dev.pricing.core.markdown.PlanOutcome;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Markdown plans for a whole catalogue across a cluster, with the library's own planner
 * ({@link MarkdownPlanner}, the dynamic programme over period and stock that {@code CataloguePlanner} runs on one
 * machine): each catalogue row is one planning problem (a product, or a group sharing one stock), built on the
 * executor by the caller's {@link ProblemFactory} from the row and the broadcast demand-model artifact, planned
 * there, and turned into one plan row. A partition holds one decoded model and plans its rows one at a time, so an
 * executor's memory is one problem's work arrays plus one plan, whatever the catalogue's size; Spark spreads the
 * partitions over the cluster's cores.
 *
 * <p>As in {@code CataloguePlanner}, a problem that fails (rules that admit no path, invalid demand, a factory that
 * throws {@link IllegalArgumentException}) gives a row with its {@code error} and the job goes on.
 *
 * <p>Stateless and thread-safe; the factory must be serialisable (a lambda cast to the interface is).
 */
public final class SparkMarkdown {

  /** Builds one planning problem from a catalogue row on an executor. Implementations must be serialisable. */
  @FunctionalInterface
  public interface ProblemFactory extends Serializable {
    /**
     * Builds the problem.
     *
     * @param row one catalogue row
     * @param model the demand model decoded from the broadcast artifact (one instance per partition)
     * @return the problem; set {@code keepPolicy(false)}: the plan row carries the path, not the decision table
     * @throws IllegalArgumentException if the row cannot be planned (recorded in the plan row's {@code error})
     */
    MarkdownProblem create(Row row, DemandModel model);
  }

  private static final StructType STEP = DataTypes.createStructType(List.of(
      DataTypes.createStructField("period", DataTypes.IntegerType, false),
      DataTypes.createStructField("prices", DataTypes.createArrayType(DataTypes.StringType, false), false),
      DataTypes.createStructField("start_stock", DataTypes.IntegerType, false),
      DataTypes.createStructField("median_units", DataTypes.IntegerType, false)));

  /**
   * The plan rows: the products' ids, the starting stock and periods left, the expected profit, revenue, units
   * sold, leftover, salvage value and sell-through, the price now (one per product, exact decimals), the expected
   * path ({@code period, prices, start_stock, median_units} per period), and the error ({@code null} when planned;
   * then every other column but the ids is null).
   */
  public static final StructType PLANS = DataTypes.createStructType(List.of(
      field("product_ids", DataTypes.createArrayType(DataTypes.StringType, false), false),
      field("stock", DataTypes.IntegerType, true),
      field("periods_left", DataTypes.IntegerType, true),
      field("expected_profit", DataTypes.DoubleType, true),
      field("expected_revenue", DataTypes.DoubleType, true),
      field("expected_units_sold", DataTypes.DoubleType, true),
      field("expected_leftover", DataTypes.DoubleType, true),
      field("expected_salvage_value", DataTypes.DoubleType, true),
      field("sell_through", DataTypes.DoubleType, true),
      field("prices_now", DataTypes.createArrayType(DataTypes.StringType, false), true),
      field("path", DataTypes.createArrayType(STEP, false), true),
      field("error", DataTypes.StringType, true)));

  private SparkMarkdown() {}

  private static StructField field(String name, org.apache.spark.sql.types.DataType t, boolean nullable) {
    return DataTypes.createStructField(name, t, nullable);
  }

  /**
   * Plans every row of a catalogue.
   *
   * @param catalogue one row per planning problem, with whatever columns the factory reads
   * @param artifact the demand-model artifact ({@link TrainedDemandModel#toBytes()}), decoded once per partition
   * @param problems builds each row's problem
   * @return one row of {@link #PLANS} per catalogue row; lazy
   * @throws IllegalArgumentException if the artifact does not decode (checked on the driver first)
   */
  public static Dataset<Row> plan(Dataset<Row> catalogue, byte[] artifact, ProblemFactory problems) {
    Objects.requireNonNull(catalogue, "catalogue must not be null");
    Objects.requireNonNull(artifact, "artifact must not be null");
    Objects.requireNonNull(problems, "problems must not be null");
    try {
      TrainedDemandModel.fromBytes(artifact);
    } catch (ModelArtifactException e) {
      throw new IllegalArgumentException("artifact does not decode: " + e.getMessage(), e);
    }
    Broadcast<byte[]> shared = JavaSparkContext.fromSparkContext(catalogue.sparkSession().sparkContext())
        .broadcast(artifact.clone());
    return catalogue.mapPartitions((MapPartitionsFunction<Row, Row>) it -> {
      DemandModel model = TrainedDemandModel.fromBytes(shared.value());
      MarkdownPlanner planner = new MarkdownPlanner();
      return new Iterator<Row>() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public Row next() {
          return planRow(it.next(), model, planner, problems);
        }
      };
    }, Encoders.row(PLANS));
  }

  static Row planRow(Row row, DemandModel model, MarkdownPlanner planner, ProblemFactory problems) {
    MarkdownProblem problem;
    try {
      problem = problems.create(row, model);
    } catch (IllegalArgumentException e) {
      return failed(List.of(), "problem: " + e.getMessage());
    }
    List<String> ids = new ArrayList<>();
    for (Product p : problem.products()) {
      ids.add(p.id());
    }
    MarkdownPlan plan;
    try {
      plan = planner.plan(problem);
    } catch (IllegalArgumentException e) {
      return failed(ids, e.getMessage());
    }
    PlanOutcome o = plan.outcome();
    List<Row> path = new ArrayList<>();
    for (MarkdownPlan.Step s : plan.path()) {
      path.add(RowFactory.create(s.period(), seq(strings(s.prices())), s.startStock(), s.medianUnits()));
    }
    return RowFactory.create(seq(ids), problem.stock(), problem.periodsLeft(), o.expectedProfit(),
        o.expectedRevenue(), o.expectedUnitsSold(), o.expectedLeftover(), o.expectedSalvageValue(), o.sellThrough(),
        seq(strings(plan.pricesNow())), seq(path), null);
  }

  private static Row failed(List<String> ids, String error) {
    return RowFactory.create(seq(ids), null, null, null, null, null, null, null, null, null, null,
        error == null ? "failed" : error);
  }

  private static <T> scala.collection.immutable.Seq<T> seq(List<T> list) {
    return scala.jdk.javaapi.CollectionConverters.asScala(list).toSeq();
  }

  private static List<String> strings(List<BigDecimal> prices) {
    List<String> out = new ArrayList<>(prices.size());
    for (BigDecimal p : prices) {
      out.add(p.toPlainString());
    }
    return out;
  }

  /**
   * Writes plans to Parquet.
   *
   * @param plans rows of {@link #PLANS}
   * @param path the output directory, overwritten
   */
  public static void writePlans(Dataset<Row> plans, String path) {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("path must not be blank, found " + path);
    }
    plans.write().mode("overwrite").parquet(path);
  }
}
