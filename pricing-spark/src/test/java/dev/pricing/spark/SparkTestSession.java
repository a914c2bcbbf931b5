package dev.pricing.spark;

import dev.pricing.core.FeatureExtractors;
import dev.pricing.core.demand.OfferRecord;
import dev.pricing.eval.MarketSimulator;
import dev.pricing.eval.SimulatedOffer;
import dev.pricing.eval.SimulatedRequest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.apache.spark.sql.SparkSession;

/** One local[2] SparkSession for every test class in the fork (starting Spark costs seconds). */
final class SparkTestSession {
  private static SparkSession spark;

  private SparkTestSession() {}

  static synchronized SparkSession get() {
    if (spark == null) {
      spark = SparkSession.builder()
          .master("local[2]")
          .appName("pricing-spark-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "4")
          .config("spark.default.parallelism", "4")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.sql.adaptive.enabled", "false")
          .getOrCreate();
      spark.sparkContext().setLogLevel("WARN");
      Runtime.getRuntime().addShutdownHook(new Thread(spark::stop));
    }
    return spark;
  }

  /** The engine's standard extractors, as a serialisable recipe. */
  static ExtractorFactory standardExtractors() {
    return FeatureExtractors::standard;
  }

  /** Conversion offers logged on the default simulated market under a randomised 0.7-1.3x policy. */
  static List<OfferRecord> conversionOffers(long seed, int count) {
    MarketSimulator sim = MarketSimulator.defaultMarket(seed);
    List<SimulatedRequest> requests = sim.requests(count, seed + 1);
    List<SimulatedOffer> logged = sim.logOffers(requests, sim.randomisedPolicy(0.7, 1.3), seed + 2);
    List<OfferRecord> out = new ArrayList<>(logged.size());
    for (SimulatedOffer o : logged) {
      out.add(new OfferRecord(o.request(), BigDecimal.valueOf(o.price()), OptionalDouble.of(o.propensity()),
          o.units()));
    }
    return out;
  }
}
