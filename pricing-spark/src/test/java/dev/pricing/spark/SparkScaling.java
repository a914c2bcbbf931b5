package dev.pricing.spark;

import dev.pricing.api.DemandKind;
import dev.pricing.core.FeatureExtractors;
import dev.pricing.core.demand.OfferRecord;
import dev.pricing.core.demand.CandidatePriceFeatures;
import dev.pricing.core.demand.DemandAlgorithm;
import dev.pricing.eval.MarketSimulator;
import dev.pricing.eval.SimulatedOffer;
import dev.pricing.eval.SimulatedRequest;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The scaling run (a main, not a unit test): synthetic offers from the default simulated market, generated
 * on the executors and written to Parquet, then each stage timed at several sizes in local mode: reading and
 * extracting features with the library's extractors, training the conversion model (MLlib, to convergence),
 * and batch pricing every offer's request through the engine to Parquet. Peak heap is sampled every 20 ms
 * (local mode: driver and executor share the JVM). Arguments: the row counts; {@code -Dspark.master}
 * (default {@code local[2]}) and {@code -Dscaling.dir} (default {@code target/scaling}).
 */
public final class SparkScaling {
  private SparkScaling() {}

  public static void main(String[] args) throws Exception {
    long[] sizes = args.length == 0 ? new long[] {100_000, 1_000_000}
        : java.util.Arrays.stream(args).mapToLong(Long::parseLong).toArray();
    Path dir = Path.of(System.getProperty("scaling.dir", "target/scaling"));
    Files.createDirectories(dir);
    String master = System.getProperty("spark.master", "local[2]");
    SparkSession spark = SparkSession.builder().master(master).appName("pricing-spark-scaling")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1").config("spark.sql.shuffle.partitions", "8")
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    HeapSampler heap = new HeapSampler();
    heap.start();
    ExtractorFactory extractors = FeatureExtractors::standard;
    List<String> table = new ArrayList<>();
    table.add("| rows | generate + write Parquet (s) | read + extract (s) | train conversion (s) | L-BFGS iterations "
        + "| batch price to Parquet (s) | s / M rows: extract, train, price | peak heap (MiB) |");
    table.add("|---:|---:|---:|---:|---:|---:|---|---:|");
    for (long n : sizes) {
      int parts = (int) Math.max(2, Math.min(400, n / 25_000));
      String offers = dir.resolve("offers-" + n).toString();
      heap.reset();
      long t0 = System.nanoTime();
      OfferLogs.writeParquet(generate(spark, n, parts), offers);
      double gen = secs(t0);

      Dataset<Row> log = OfferLogs.readParquet(spark, offers);
      t0 = System.nanoTime();
      long extracted = SparkFeatures.extract(log, extractors,
          DemandAlgorithm.LOGISTIC_GLM.defaultCandidatePriceFeatures(), CandidatePriceFeatures.LIST_PRICE).count();
      double extract = secs(t0);
      if (extracted != n) {
        throw new IllegalStateException("extracted " + extracted + " of " + n);
      }

      t0 = System.nanoTime();
      SparkTrainingResult res = SparkDemandTrainer.builder(DemandKind.CONVERSION_PROBABILITY).extractors(extractors)
          .version("scaling-" + n).build().train(log);
      double train = secs(t0);

      t0 = System.nanoTime();
      BatchPricing.writeDecisions(BatchPricing.price(log, res.artifact(),
          model -> MarketSimulator.defaultMarket(42).engineBuilder().demandModel(model).build()),
          dir.resolve("decisions-" + n).toString());
      double price = secs(t0);
      double m = n / 1e6;
      String row = String.format(Locale.ROOT, "| %,d | %.1f | %.1f | %.1f | %d | %.1f | %.1f, %.1f, %.1f | %d |", n, gen,
          extract, train, res.iterations(), price, extract / m, train / m, price / m, heap.peak() >> 20);
      table.add(row);
      System.out.println(row + "   price coefficient " + res.model().priceCoefficients());
    }
    String md = String.join("\n", table) + "\n\nmaster " + master + ", " + Runtime.getRuntime().availableProcessors()
        + " cores, -Xmx " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB, Spark " + spark.version() + "\n";
    Files.writeString(dir.resolve("scaling.md"), md);
    System.out.println(md);
    spark.stop();
  }

  static Dataset<Row> generate(SparkSession spark, long n, int parts) {
    long per = n / parts;
    long extra = n - per * parts;
    return spark.range(0, parts, 1, parts).mapPartitions((MapPartitionsFunction<Long, Row>) it -> {
      List<Row> rows = new ArrayList<>();
      MarketSimulator sim = MarketSimulator.defaultMarket(42);
      while (it.hasNext()) {
        long p = it.next();
        int count = (int) (per + (p < extra ? 1 : 0));
        List<SimulatedRequest> reqs = sim.requests(count, 1_000 + p);
        for (SimulatedOffer o : sim.logOffers(reqs, sim.randomisedPolicy(0.7, 1.3), 2_000 + p)) {
          rows.add(OfferLogs.toRow(new OfferRecord(o.request(), BigDecimal.valueOf(o.price()),
              OptionalDouble.of(o.propensity()), o.units())));
        }
      }
      Iterator<Row> out = rows.iterator();
      return out;
    }, Encoders.row(OfferLogs.SCHEMA));
  }

  static double secs(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  /** Samples used heap every 20 ms and keeps the maximum. */
  static final class HeapSampler extends Thread {
    private final AtomicLong peak = new AtomicLong();

    HeapSampler() {
      setDaemon(true);
      setName("heap-sampler");
    }

    void reset() {
      System.gc();
      peak.set(0);
    }

    long peak() {
      return peak.get();
    }

    @Override
    public void run() {
      var mem = ManagementFactory.getMemoryMXBean();
      while (true) {
        long used = mem.getHeapMemoryUsage().getUsed();
        peak.accumulateAndGet(used, Math::max);
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }
}
