package dev.pricing.spark;

import dev.pricing.api.PriceDecision;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.ReasonCode;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.core.demand.OfferRecord;
import dev.pricing.core.demand.ModelArtifactException;
import dev.pricing.core.demand.TrainedDemandModel;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Prices a Dataset of requests with the library's engine: the model artifact is broadcast once, and each
 * partition decodes it, builds one engine with the {@link EngineFactory} (the checkout's own configuration),
 * prices its requests one by one through {@code PricingEngine.price}, and closes the engine when the
 * partition ends (also when its task fails). The decisions keep their reasons, binding guardrail and
 * personalisation flag, and can be written to Parquet.
 *
 * <p>Requests use the offer-log columns ({@link OfferLogs#SCHEMA}); the outcome columns
 * ({@code offered_price}, {@code propensity}, {@code units}) are ignored and may be absent or null.
 * {@link #priceList} builds such requests from a catalogue and a set of customer segments.
 *
 * <p>Stateless and thread-safe.
 */
public final class BatchPricing {

  /** The decision columns. */
  public static final StructType DECISIONS = DataTypes.createStructType(List.of(
      field("customer_id", DataTypes.StringType, false),
      field("product_id", DataTypes.StringType, false),
      field("time", DataTypes.TimestampType, false),
      field("currency", DataTypes.StringType, false),
      field("price", DataTypes.StringType, false),
      field("proposed_price", DataTypes.StringType, false),
      field("reference_price", DataTypes.StringType, false),
      field("baseline_price", DataTypes.StringType, false),
      field("expected_conversion", DataTypes.DoubleType, false),
      field("expected_revenue", DataTypes.DoubleType, false),
      field("expected_profit", DataTypes.DoubleType, false),
      field("baseline_expected_profit", DataTypes.DoubleType, false),
      field("propensity", DataTypes.DoubleType, false),
      field("model_version", DataTypes.StringType, false),
      field("reasons", DataTypes.createArrayType(DataTypes.StringType, false), false),
      field("binding_guardrail", DataTypes.StringType, true),
      field("personalised", DataTypes.BooleanType, false),
      field("fallback", DataTypes.BooleanType, false),
      field("explanation", DataTypes.createArrayType(DataTypes.StringType, false), false)));

  private BatchPricing() {}

  private static StructField field(String name, org.apache.spark.sql.types.DataType t, boolean nullable) {
    return DataTypes.createStructField(name, t, nullable);
  }

  /**
   * Prices requests.
   *
   * @param requests rows with the offer-log columns
   * @param artifact the model artifact, as the checkout loads it ({@link TrainedDemandModel#fromBytes})
   * @param engines how to build an engine around the model
   * @return one decision row per request ({@link #DECISIONS}); lazy
   * @throws IllegalArgumentException if the artifact does not decode (checked on the driver first)
   */
  public static Dataset<Row> price(Dataset<Row> requests, byte[] artifact, EngineFactory engines) {
    Objects.requireNonNull(requests, "requests must not be null");
    Objects.requireNonNull(artifact, "artifact must not be null");
    Objects.requireNonNull(engines, "engines must not be null");
    try {
      TrainedDemandModel.fromBytes(artifact);
    } catch (ModelArtifactException e) {
      throw new IllegalArgumentException("artifact does not decode: " + e.getMessage(), e);
    }
    Dataset<Row> rows = asOfferColumns(requests);
    Broadcast<byte[]> shared = JavaSparkContext.fromSparkContext(requests.sparkSession().sparkContext())
        .broadcast(artifact.clone());
    return rows.mapPartitions((MapPartitionsFunction<Row, Row>) it -> {
      DemandModel model = TrainedDemandModel.fromBytes(shared.value());
      PricingEngine engine = engines.create(model);
      AtomicBoolean closed = new AtomicBoolean();
      Runnable close = () -> {
        if (closed.compareAndSet(false, true)) {
          engine.close();
        }
      };
      TaskContext task = TaskContext.get();
      if (task != null) {
        task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) ctx -> close.run());
      }
      Iterator<OfferLogs.Parsed> parsed = OfferLogs.parse(it);
      return new Iterator<Row>() {
        @Override
        public boolean hasNext() {
          boolean more = parsed.hasNext();
          if (!more) {
            close.run();
          }
          return more;
        }

        @Override
        public Row next() {
          OfferRecord r = parsed.next().offer();
          return decisionRow(r, engine.price(r.context()));
        }
      };
    }, Encoders.row(DECISIONS));
  }

  /**
   * Writes decisions to Parquet.
   *
   * @param decisions rows of {@link #DECISIONS}
   * @param path the output directory, overwritten
   */
  public static void writeDecisions(Dataset<Row> decisions, String path) {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("path must not be blank, found " + path);
    }
    decisions.write().mode("overwrite").parquet(path);
  }

  /**
   * Builds a price list: every product of a catalogue priced for every customer segment at one time.
   *
   * @param catalogue one row per product with the product and market columns of the offer log
   *     ({@code product_id}, {@code currency}, {@code list_price}, {@code unit_cost}, {@code category},
   *     {@code title}, {@code product_attributes}, {@code competitor_prices}, {@code inventory_units},
   *     {@code daily_sales_rate}, {@code channel}, {@code reference_price})
   * @param segments one row per segment: a {@code segment} name and the customer columns of the offer log
   *     ({@code views}, {@code clicks}, {@code carts}, {@code purchases}, {@code days_since_last_purchase},
   *     {@code monetary_value}, {@code discount_response_rate}, {@code customer_attributes}) describing the
   *     segment's typical customer
   * @param time the market time of the list
   * @param artifact the model artifact
   * @param engines how to build the engine
   * @return rows {@code segment, product_id} followed by the {@link #DECISIONS} columns after
   *     {@code product_id}
   * @throws IllegalArgumentException naming the column if a catalogue or segment column is missing
   */
  public static Dataset<Row> priceList(Dataset<Row> catalogue, Dataset<Row> segments, Instant time, byte[] artifact,
      EngineFactory engines) {
    Objects.requireNonNull(time, "time must not be null");
    requireColumns(segments, "segments", List.of("segment", "views", "clicks", "carts", "purchases",
        "days_since_last_purchase", "monetary_value", "discount_response_rate", "customer_attributes"));
    requireColumns(catalogue, "catalogue", List.of("product_id", "currency", "list_price", "unit_cost", "category",
        "title", "product_attributes", "competitor_prices", "inventory_units", "daily_sales_rate", "channel",
        "reference_price"));
    Dataset<Row> grid = catalogue.crossJoin(segments.withColumn("customer_id",
        functions.concat(functions.lit("segment:"), functions.col("segment"))))
        .withColumn("time", functions.lit(Timestamp.from(time)));
    // Keep the segment name next to each request: price() keeps customer_id, which carries it.
    Dataset<Row> decisions = price(grid, artifact, engines);
    return decisions.withColumn("segment", functions.expr("substring(customer_id, 9)"))
        .select(selection(decisions));
  }

  private static Column[] selection(Dataset<Row> decisions) {
    List<Column> cols = new ArrayList<>();
    cols.add(functions.col("segment"));
    for (String c : decisions.columns()) {
      if (!c.equals("customer_id") && !c.equals("segment")) {
        cols.add(functions.col(c));
      }
    }
    return cols.toArray(new Column[0]);
  }

  private static void requireColumns(Dataset<Row> ds, String what, List<String> columns) {
    Objects.requireNonNull(ds, what + " must not be null");
    List<String> have = List.of(ds.columns());
    for (String c : columns) {
      if (!have.contains(c)) {
        throw new IllegalArgumentException(what + " must have a column " + c + "; found " + have);
      }
    }
  }

  /** Selects the offer-log columns, filling the outcome columns a request does not have. */
  static Dataset<Row> asOfferColumns(Dataset<Row> requests) {
    List<String> have = List.of(requests.columns());
    List<Column> cols = new ArrayList<>();
    for (StructField f : OfferLogs.SCHEMA.fields()) {
      String c = f.name();
      Column col;
      if (c.equals("offered_price")) {
        col = have.contains(c) ? functions.coalesce(functions.col(c).cast(DataTypes.StringType),
            functions.col("list_price").cast(DataTypes.StringType)) : functions.col("list_price");
      } else if (c.equals("units")) {
        col = have.contains(c) ? functions.coalesce(functions.col(c), functions.lit(0.0)) : functions.lit(0.0);
      } else if (c.equals("propensity") && !have.contains(c)) {
        col = functions.lit(null);
      } else if (!have.contains(c)) {
        throw new IllegalArgumentException("requests must have a column " + c + " (see OfferLogs.SCHEMA); found "
            + have);
      } else {
        col = functions.col(c);
      }
      cols.add(col.cast(f.dataType()).as(c));
    }
    return requests.select(cols.toArray(new Column[0]));
  }

  static Row decisionRow(OfferRecord r, PriceDecision d) {
    List<String> reasons = new ArrayList<>(d.reasons().size());
    for (ReasonCode c : d.reasons()) {
      reasons.add(c.id());
    }
    return new GenericRowWithSchema(new Object[] {r.context().customer().id(), d.productId(), Timestamp.from(r.time()),
        d.currency().getCurrencyCode(), d.price().toPlainString(), d.proposedPrice().toPlainString(),
        d.referencePrice().toPlainString(), d.baselinePrice().toPlainString(), d.expectedConversion(),
        d.expectedRevenue(), d.expectedProfit(), d.baselineExpectedProfit(), d.propensity(), d.modelVersion(),
        scala.jdk.javaapi.CollectionConverters.asScala(reasons).toSeq(),
        d.bindingGuardrail().map(g -> g.id()).orElse(null), d.personalised(), d.fallback(),
        scala.jdk.javaapi.CollectionConverters.asScala(d.explanation()).toSeq()}, DECISIONS);
  }

}
