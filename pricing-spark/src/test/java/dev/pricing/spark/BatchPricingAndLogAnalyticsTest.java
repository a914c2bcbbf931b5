package dev.pricing.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pricing.api.DemandKind;
import dev.pricing.api.EngineHealth;
import dev.pricing.api.FeatureSchema;
import dev.pricing.api.FeatureVector;
import dev.pricing.api.Outcome;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import dev.pricing.api.ReasonCode;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.core.demand.OfferRecord;
import dev.pricing.core.demand.CandidatePriceFeatures;
import dev.pricing.core.demand.DemandAlgorithm;
import dev.pricing.core.demand.GlmCoefficients;
import dev.pricing.core.demand.TrainedDemandModel;
import dev.pricing.core.demand.TrainingProvenance;
import dev.pricing.core.log.DecisionLog;
import dev.pricing.core.log.DecisionLogReader;
import dev.pricing.core.log.LoggedDecision;
import dev.pricing.core.privacy.Pseudonymiser;
import dev.pricing.eval.AbTest;
import dev.pricing.eval.Arm;
import dev.pricing.eval.DifferenceInterval;
import dev.pricing.eval.HashAssignment;
import dev.pricing.eval.LoggedOffer;
import dev.pricing.eval.MarketSimulator;
import dev.pricing.eval.OffPolicyEstimator;
import dev.pricing.eval.OpeEstimate;
import dev.pricing.eval.PriceDistribution;
import dev.pricing.eval.PricingPolicy;
import dev.pricing.eval.RewardModel;
import dev.pricing.eval.SimulatedRequest;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batch pricing equals the engine's own decisions request by request, with one engine per partition that is
 * closed; the price-list job covers the catalogue x segment grid; decision-log segments read into Spark
 * with outcomes joined give IPS, SNIPS, DR and the Welch A/B interval equal to the single-machine
 * estimators on the same log.
 */
class BatchPricingAndLogAnalyticsTest {
  static final AtomicInteger CREATED = new AtomicInteger();
  static final AtomicInteger CLOSED = new AtomicInteger();

  /** The library's GLM artifact over the standard schema: P = sigmoid(2.5 - 4 p/L + 0.3 carts). */
  static byte[] artifact() {
    FeatureSchema schema = SparkFeatures.schemaOf(SparkTestSession.standardExtractors());
    double[] w = new double[schema.size()];
    int carts = schema.indexOf("behaviour.carts_log1p");
    if (carts >= 0) {
      w[carts] = 0.3;
    }
    double[] means = new double[schema.size()];
    means[schema.require(CandidatePriceFeatures.LIST_PRICE)] = 20;
    return TrainedDemandModel.fromGlmCoefficients(DemandAlgorithm.LOGISTIC_GLM, "batch-test", schema,
        new GlmCoefficients(List.of(CandidatePriceFeatures.ratio()), List.of(), CandidatePriceFeatures.LIST_PRICE, 2.5,
            w, new double[] {-4}, new double[0], means, 1, 0, Double.POSITIVE_INFINITY),
        new TrainingProvenance(Instant.EPOCH, 1, 0, Instant.EPOCH, Instant.EPOCH, "none", "hand-written", 0,
            List.of())).toBytes();
  }

  static EngineFactory engines() {
    return model -> {
      CREATED.incrementAndGet();
      // populationSample(0): each partition's engine would otherwise average over the arrivals of its own
      // partition (the population price), and this test checks parity with one engine over all requests.
      return new Counted(MarketSimulator.defaultMarket(3).engineBuilder().demandModel(model).populationSample(0)
          .build());
    };
  }

  @Test
  void batchPricing_equalsTheEngine_oneEnginePerPartitionClosed_andWritesParquet(@TempDir Path dir) throws Exception {
    SparkSession spark = SparkTestSession.get();
    MarketSimulator sim = MarketSimulator.defaultMarket(3);
    List<OfferRecord> requests = new ArrayList<>();
    for (SimulatedRequest q : sim.requests(2000, 8)) {
      requests.add(new OfferRecord(q.request(), q.request().product().listPrice(), OptionalDouble.empty(), 0));
    }
    Dataset<Row> rows = OfferLogs.fromRecords(spark, requests, 3)
        .drop("offered_price", "propensity", "units");
    CREATED.set(0);
    CLOSED.set(0);
    byte[] artifact = artifact();
    Dataset<Row> decisions = BatchPricing.price(rows, artifact, engines());
    String out = dir.resolve("decisions").toString();
    BatchPricing.writeDecisions(decisions, out);
    assertThat(CREATED.get()).isEqualTo(3);
    assertThat(CLOSED.get()).isEqualTo(3);

    Dataset<Row> back = spark.read().parquet(out);
    assertThat(back.count()).isEqualTo(2000);
    Map<String, Row> byKey = new HashMap<>();
    for (Row r : back.collectAsList()) {
      byKey.put(r.<String>getAs("customer_id") + "|" + r.<String>getAs("product_id") + "|"
          + r.getAs("time").toString(), r);
    }
    DemandModel model = TrainedDemandModel.fromBytes(artifact);
    int same = 0;
    int withReasons = 0;
    try (PricingEngine engine = sim.engineBuilder().demandModel(model).populationSample(0).build()) {
      for (OfferRecord q : requests) {
        PriceDecision d = engine.price(q.context());
        Row r = byKey.get(q.context().customer().id() + "|" + q.context().product().id() + "|"
            + java.sql.Timestamp.from(q.time()));
        if (r != null && new BigDecimal(r.<String>getAs("price")).compareTo(d.price()) == 0
            && Math.abs(r.<Double>getAs("expected_profit") - d.expectedProfit()) < 1e-9) {
          same++;
        }
        if (r != null && r.getList(r.fieldIndex("reasons")).contains(d.reasons().get(0).id())) {
          withReasons++;
        }
      }
    }
    // Requests of one customer, product and time repeat in the simulator's draw; each has the same decision.
    assertThat(same).isEqualTo(2000);
    assertThat(withReasons).isEqualTo(2000);
    assertThat(back.filter(functions.col("fallback")).count()).isZero();
  }

  @Test
  void priceList_coversCatalogueTimesSegments_atTheEnginesPrices() throws Exception {
    SparkSession spark = SparkTestSession.get();
    MarketSimulator sim = MarketSimulator.defaultMarket(3);
    Instant time = Instant.parse("2026-12-07T10:00:00Z");
    List<SimulatedRequest> reqs = sim.requests(400, 9);
    Map<String, PricingRequest> byProduct = new HashMap<>();
    for (SimulatedRequest q : reqs) {
      byProduct.putIfAbsent(q.request().product().id(), q.request());
    }
    List<OfferRecord> catalogueOffers = new ArrayList<>();
    for (PricingRequest q : byProduct.values()) {
      catalogueOffers.add(new OfferRecord(q, q.product().listPrice(), OptionalDouble.empty(), 0));
    }
    Dataset<Row> catalogue = OfferLogs.fromRecords(spark, catalogueOffers, 2)
        .select("product_id", "currency", "list_price", "unit_cost", "category", "title", "product_attributes",
            "competitor_prices", "inventory_units", "daily_sales_rate", "channel", "reference_price");
    Dataset<Row> segments = spark.sql("SELECT * FROM VALUES "
        + "('new', 0, 0, 0, 0, CAST(NULL AS DOUBLE), 0.0, CAST(NULL AS DOUBLE), ''), "
        + "('regular', 20, 8, 3, 2, 12.0, 80.0, 0.2, ''), "
        + "('loyal', 60, 30, 10, 9, 2.0, 600.0, 0.05, '') "
        + "AS s(segment, views, clicks, carts, purchases, days_since_last_purchase, monetary_value, "
        + "discount_response_rate, customer_attributes)");
    byte[] artifact = artifact();
    Dataset<Row> list = BatchPricing.priceList(catalogue, segments, time, artifact, engines());
    List<Row> rows = list.collectAsList();
    assertThat(rows).hasSize(byProduct.size() * 3);
    assertThat(list.columns()[0]).isEqualTo("segment");
    // Spot-check every cell against the engine on one machine, with the same request built from the grid row.
    DemandModel model = TrainedDemandModel.fromBytes(artifact);
    List<Row> grid = BatchPricing.asOfferColumns(catalogue.crossJoin(segments.withColumn("customer_id",
            functions.concat(functions.lit("segment:"), functions.col("segment"))))
        .withColumn("time", functions.lit(java.sql.Timestamp.from(time)))).collectAsList();
    Map<String, BigDecimal> expected = new HashMap<>();
    try (PricingEngine engine = sim.engineBuilder().demandModel(model).build()) {
      for (Row g : grid) {
        OfferRecord r = OfferLogs.toRecord(g);
        expected.put(r.context().customer().id().substring(8) + "|" + r.context().product().id(),
            engine.price(r.context()).price());
      }
    }
    for (Row r : rows) {
      assertThat(new BigDecimal(r.<String>getAs("price")))
          .isEqualByComparingTo(expected.get(r.<String>getAs("segment") + "|" + r.<String>getAs("product_id")));
    }
    assertThat(rows.stream().map(r -> r.<String>getAs("price")).distinct().count()).isGreaterThan(1);
  }

  @Test
  void decisionLog_offPolicyAndAbEstimates_equalTheSingleMachineResults(@TempDir Path dir) throws Exception {
    MarketSimulator sim = MarketSimulator.defaultMarket(4);
    Path logDir = dir.resolve("log");
    Files.createDirectories(logDir);
    Pseudonymiser pseudo = Pseudonymiser.of("t1", new SplittableRandom(1).ints(32, 0, 256)
        .collect(java.io.ByteArrayOutputStream::new, (o, b) -> o.write(b), (a, b) -> { }).toByteArray());
    // Logging policy: a uniformly random ratio of the list price from 5, propensity 0.2.
    double[] ratios = {0.8, 0.9, 1.0, 1.1, 1.2};
    Map<Long, PricingRequest> requestOf = new HashMap<>();
    Map<String, Double> listOf = new HashMap<>();
    SplittableRandom r = new SplittableRandom(7);
    List<SimulatedRequest> reqs = sim.requests(3000, 21);
    try (DecisionLog log = DecisionLog.builder(logDir).pseudonymiser(pseudo).segmentBytes(64 * 1024)
        .fsync(DecisionLog.FsyncPolicy.NEVER).build()) {
      long id = 1000;
      for (SimulatedRequest s : reqs) {
        PricingRequest q = s.request();
        Product p = q.product();
        BigDecimal price = p.listPrice().multiply(BigDecimal.valueOf(ratios[r.nextInt(5)]))
            .setScale(2, RoundingMode.HALF_UP);
        double conv = sim.trueProbability(q, price.doubleValue());
        PriceDecision d = new PriceDecision(id, p.id(), p.currency(), price, price, p.listPrice(), conv,
            conv * price.doubleValue(), conv * (price.doubleValue() - p.unitCost().doubleValue()), p.listPrice(),
            0.0, Optional.empty(), List.of(ReasonCode.OPTIMISED), "logging-v1", false, 0.2, List.of());
        log.onDecision(q, d);
        requestOf.put(id, q);
        listOf.put(p.id(), p.listPrice().doubleValue());
        double u = r.nextDouble();
        if (u < conv) {
          log.onOutcome(new Outcome(id, 1, q.market().time().plusSeconds(60)));
          if (u < conv * 0.1) {
            log.onOutcome(new Outcome(id, 1, q.market().time().plusSeconds(120))); // a second unit, later
          }
        }
        id++;
      }
    }
    // Single machine: the library's reader, the eval module's estimators.
    DecisionLogReader reader = DecisionLogReader.open(logDir);
    assertThat(reader.segments().size()).isGreaterThan(3);
    List<LoggedOffer> offers = new ArrayList<>();
    List<Arm> arms = new ArrayList<>();
    List<Double> revenue = new ArrayList<>();
    HashAssignment ab = HashAssignment.even("ab-1");
    for (LoggedDecision d : reader.decisions()) {
      double units = d.outcome().map(o -> o.units()).orElse(0.0);
      double price = d.price().doubleValue();
      offers.add(new LoggedOffer(requestOf.get(d.decisionId()), price, d.propensity(), units * price));
      arms.add(ab.arm(d.customerPseudonym()));
      revenue.add(units * price);
    }
    assertThat(offers).hasSize(3000);
    // Target: 0.9x list for products listed above 20, else uniform over 1.0x and 1.1x (by product).
    HashMap<String, double[][]> targetByProduct = new HashMap<>();
    for (Map.Entry<String, Double> e : listOf.entrySet()) {
      double l = e.getValue();
      double[][] dist = l > 20
          ? new double[][] {{round2(l * 0.9)}, {1.0}}
          : new double[][] {{round2(l * 1.0), round2(l * 1.1)}, {0.5, 0.5}};
      targetByProduct.put(e.getKey(), dist);
    }
    PricingPolicy target = new PricingPolicy() {
      @Override
      public String name() {
        return "target";
      }

      @Override
      public PriceDistribution distribution(PricingRequest q) {
        double[][] t = targetByProduct.get(q.product().id());
        return PriceDistribution.of(t[0], t[1]);
      }
    };
    RewardModel q = (req, price) -> quality(listOf.get(req.product().id()), price);
    OffPolicyEstimator single = OffPolicyEstimator.of(offers, target);

    // Spark: the same segments, read on executors, outcomes joined by a Spark join.
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> joined = DecisionLogs.joined(spark, logDir.toString()).cache();
    assertThat(joined.count()).isEqualTo(3000);
    assertThat(joined.filter("units = 2").count()).isGreaterThan(0);
    HashMap<String, Double> lists = new HashMap<>(listOf);
    SparkOffPolicy.Estimates spk = SparkOffPolicy.estimate(joined,
        row -> {
          double[][] t = targetByProduct.get(row.<String>getAs("product_id"));
          return PriceDistribution.of(t[0], t[1]);
        },
        SparkOffPolicy.Reward.revenue(),
        (row, price) -> quality(lists.get(row.<String>getAs("product_id")), price),
        0.95);
    same(spk.ips(), single.ips(0.95));
    same(spk.snips(), single.selfNormalisedIps(0.95));
    same(spk.doublyRobust(), single.doublyRobust(q, 0.95));
    assertThat(spk.ips().value()).isPositive();
    System.out.printf("decision log (%d segments): IPS %.6f SNIPS %.6f DR %.6f, ESS %.1f%n",
        reader.segments().size(), spk.ips().value(), spk.snips().value(), spk.doublyRobust().value(),
        spk.ips().effectiveSampleSize());

    // A/B by hashed pseudonym, revenue per decision.
    String salt = ab.salt();
    spark.udf().register("ab_arm",
        (org.apache.spark.sql.api.java.UDF1<String, String>) p -> HashAssignment.even(salt).arm(p).name(),
        DataTypes.StringType);
    Dataset<Row> withArm = joined.withColumn("arm", functions.callUDF("ab_arm", functions.col("customer_pseudonym")))
        .withColumn("revenue", functions.col("units").multiply(functions.col("price").cast("double")));
    SparkOffPolicy.WelchResult w = SparkOffPolicy.welch(withArm, "arm", "revenue", 0.95);
    double[] c = new double[arms.size()];
    double[] t = new double[arms.size()];
    int nc = 0;
    int nt = 0;
    for (int i = 0; i < arms.size(); i++) {
      if (arms.get(i) == Arm.CONTROL) {
        c[nc++] = revenue.get(i);
      } else {
        t[nt++] = revenue.get(i);
      }
    }
    DifferenceInterval ref = AbTest.welch(java.util.Arrays.copyOf(c, nc), java.util.Arrays.copyOf(t, nt), 0.95);
    assertThat(w.control().n()).isEqualTo(nc);
    assertThat(w.welch().estimate()).isCloseTo(ref.estimate(), within(1e-9));
    assertThat(w.welch().lower()).isCloseTo(ref.lower(), within(1e-9));
    assertThat(w.welch().upper()).isCloseTo(ref.upper(), within(1e-9));
    joined.unpersist();
  }

  static double round2(double x) {
    return BigDecimal.valueOf(x).setScale(2, RoundingMode.HALF_UP).doubleValue();
  }

  static double quality(double list, double price) {
    return price * Math.max(0, 0.8 - 0.5 * price / list);
  }

  static void same(OpeEstimate a, OpeEstimate b) {
    assertThat(a.estimator()).isEqualTo(b.estimator());
    assertThat(a.n()).isEqualTo(b.n());
    assertThat(a.value()).isCloseTo(b.value(), within(1e-9 * Math.max(1, Math.abs(b.value()))));
    assertThat(a.standardError()).isCloseTo(b.standardError(), within(1e-9 * Math.max(1, b.standardError())));
    assertThat(a.lower()).isCloseTo(b.lower(), within(1e-9 * Math.max(1, Math.abs(b.lower()))));
    assertThat(a.upper()).isCloseTo(b.upper(), within(1e-9 * Math.max(1, Math.abs(b.upper()))));
    assertThat(a.effectiveSampleSize()).isCloseTo(b.effectiveSampleSize(), within(1e-6));
  }

  /** Counts closes of the engines batch pricing builds. */
  static final class Counted implements PricingEngine {
    private final PricingEngine e;
    private boolean closed;

    Counted(PricingEngine e) {
      this.e = e;
    }

    @Override
    public PriceDecision price(PricingRequest request) {
      return e.price(request);
    }

    @Override
    public FeatureVector features(PricingRequest request) {
      return e.features(request);
    }

    @Override
    public FeatureSchema schema() {
      return e.schema();
    }

    @Override
    public String modelVersion() {
      return e.modelVersion();
    }

    @Override
    public void swapModel(DemandModel model) {
      e.swapModel(model);
    }

    @Override
    public void record(Outcome outcome) {
      e.record(outcome);
    }

    @Override
    public EngineHealth health() {
      return e.health();
    }

    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        CLOSED.incrementAndGet();
      }
      e.close();
    }
  }
}
