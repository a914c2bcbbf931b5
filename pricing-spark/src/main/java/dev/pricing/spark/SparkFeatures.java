package dev.pricing.spark;

import dev.pricing.api.FeatureSchema;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.spi.FeatureExtractor;
import dev.pricing.core.demand.DemandModelTrainer;
import dev.pricing.core.demand.OfferRecord;
import dev.pricing.core.demand.PriceFeatures;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Feature extraction on the cluster with the library's own extractors: each partition builds the
 * extractors once ({@link ExtractorFactory}), lays out the engine's {@link FeatureSchema} with
 * {@link DemandModelTrainer#schemaOf}, and calls {@code extract} on every extractor for every offer, as the
 * engine does per request. The candidate-price features are then derived from the offered price exactly as
 * the engine derives them from each candidate: the term {@code T(p)} ({@link
 * dev.pricing.core.demand.PriceTerm#apply}) and each interaction {@code T(p) * max(0, x_k)}.
 *
 * <p>The output has the columns {@code features} (an MLlib vector over {@link #featureNames}: the schema's
 * inputs, then the term, then the interactions), {@code label} (1 if bought, else 0), {@code units},
 * {@code propensity} (null if unknown), {@code time} and {@code row_hash} (a 64-bit hash of the offer's
 * canonical CSV line, see {@link OfferLogs#csvLine}).
 *
 * <p>Stateless and thread-safe.
 */
public final class SparkFeatures {

  /** The output schema. */
  public static final StructType SCHEMA = DataTypes.createStructType(List.of(
      DataTypes.createStructField("features", new VectorUDT(), false),
      DataTypes.createStructField("label", DataTypes.DoubleType, false),
      DataTypes.createStructField("units", DataTypes.DoubleType, false),
      DataTypes.createStructField("propensity", DataTypes.DoubleType, true),
      DataTypes.createStructField("time", DataTypes.TimestampType, false),
      DataTypes.createStructField("row_hash", DataTypes.LongType, false)));

  private SparkFeatures() {}

  /**
   * Returns the engine's schema for these extractors.
   *
   * @param extractors the recipe
   * @return the schema
   */
  public static FeatureSchema schemaOf(ExtractorFactory extractors) {
    Objects.requireNonNull(extractors, "extractors must not be null");
    return DemandModelTrainer.schemaOf(extractors.create());
  }

  /**
   * Returns the names of the vector's entries: the schema's inputs, then the price term, then each
   * interaction.
   *
   * @param schema the engine's schema
   * @param price how price enters
   * @return the names
   * @throws IllegalArgumentException naming the feature if the list price or an interaction is not in the
   *     schema
   */
  public static List<String> featureNames(FeatureSchema schema, PriceFeatures price) {
    requireProduced(schema, price);
    List<String> names = new ArrayList<>(schema.names());
    names.add(price.termFeatureName());
    for (String k : price.interactions()) {
      names.add(price.interactionFeatureName(k));
    }
    return List.copyOf(names);
  }

  static void requireProduced(FeatureSchema schema, PriceFeatures price) {
    Objects.requireNonNull(price, "priceFeatures must not be null");
    if (schema.indexOf(price.listPriceFeature()) < 0) {
      throw new IllegalArgumentException("priceFeatures.listPriceFeature '" + price.listPriceFeature()
          + "' is not produced by the extractors " + schema.names());
    }
    for (String k : price.interactions()) {
      if (schema.indexOf(k) < 0) {
        throw new IllegalArgumentException("priceFeatures.interactions '" + k + "' is not produced by the "
            + "extractors " + schema.names());
      }
    }
  }

  /**
   * Extracts features from offers.
   *
   * @param offers rows of {@link OfferLogs#SCHEMA}
   * @param extractors the engine's extractors
   * @param price how price enters
   * @return rows of {@link #SCHEMA}; lazy, like every Spark transformation
   */
  public static Dataset<Row> extract(Dataset<Row> offers, ExtractorFactory extractors, PriceFeatures price) {
    Objects.requireNonNull(offers, "offers must not be null");
    requireProduced(schemaOf(extractors), price);
    // PriceFeatures is not serialisable: ship its parts and rebuild it on the executor.
    String listFeature = price.listPriceFeature();
    dev.pricing.core.demand.PriceTerm term = price.term();
    ArrayList<String> interactions = new ArrayList<>(price.interactions());
    return offers.mapPartitions((MapPartitionsFunction<Row, Row>) it -> {
      List<FeatureExtractor> ex = extractors.create();
      Extractor x = new Extractor(ex, new PriceFeatures(listFeature, term, interactions));
      Iterator<OfferLogs.Parsed> parsed = OfferLogs.parse(it);
      return new Iterator<Row>() {
        @Override
        public boolean hasNext() {
          return parsed.hasNext();
        }

        @Override
        public Row next() {
          OfferLogs.Parsed p = parsed.next();
          OfferRecord r = p.offer();
          double[] v = x.derived(r.context(), r.offeredPrice().doubleValue(), true);
          return new GenericRowWithSchema(new Object[] {Vectors.dense(v), r.bought() ? 1.0 : 0.0, r.units(),
              r.propensity().isPresent() ? r.propensity().getAsDouble() : null, Timestamp.from(r.time()),
              hash64(p.line())}, SCHEMA);
        }
      };
    }, Encoders.row(SCHEMA));
  }

  /** One partition's extractors and the price derivation: not thread-safe (one buffer). */
  static final class Extractor {
    private final List<FeatureExtractor> extractors;
    private final FeatureSchema schema;
    private final PriceFeatures price;
    private final int listIndex;
    private final int[] interactionIndex;

    Extractor(List<FeatureExtractor> extractors, PriceFeatures price) {
      this.extractors = extractors;
      this.schema = DemandModelTrainer.schemaOf(extractors);
      this.price = price;
      this.listIndex = schema.require(price.listPriceFeature());
      this.interactionIndex = price.interactions().stream().mapToInt(schema::require).toArray();
    }

    FeatureSchema schema() {
      return schema;
    }

    /** Inputs then derived price features at {@code p}; checks finiteness and the list price if training. */
    double[] derived(PricingRequest request, double p, boolean training) {
      int n = schema.size();
      double[] out = new double[n + 1 + interactionIndex.length];
      int off = 0;
      for (FeatureExtractor e : extractors) {
        e.extract(request, out, off);
        off += e.featureNames().size();
      }
      if (training) {
        for (int i = 0; i < n; i++) {
          if (!Double.isFinite(out[i])) {
            throw new IllegalArgumentException("feature " + schema.name(i) + " is " + out[i] + " for customer "
                + request.customer().id() + ", product " + request.product().id() + " at "
                + request.market().time() + "; extractors must write finite values for training offers");
          }
        }
        if (!(out[listIndex] > 0)) {
          throw new IllegalArgumentException("list price feature " + price.listPriceFeature() + " is "
              + out[listIndex] + " for product " + request.product().id() + "; it must be positive in training");
        }
      }
      double t = price.term().apply(p, out[listIndex]);
      out[n] = t;
      for (int k = 0; k < interactionIndex.length; k++) {
        out[n + 1 + k] = t * Math.max(0.0, out[interactionIndex[k]]);
      }
      return out;
    }
  }

  /** FNV-1a over the UTF-16 code units, then the SplitMix64 finaliser: a 64-bit row fingerprint. */
  static long hash64(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    h ^= h >>> 30;
    h *= 0xbf58476d1ce4e5b9L;
    h ^= h >>> 27;
    h *= 0x94d049bb133111ebL;
    return h ^ (h >>> 31);
  }
}
