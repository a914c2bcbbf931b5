package dev.pricing.spark;

import dev.pricing.api.FeatureSchema;
import dev.pricing.api.PricingRequest;
import dev.pricing.core.FeaturePipeline;
import dev.pricing.core.demand.CandidatePriceFeature;
import dev.pricing.core.demand.CandidatePriceFeatures;
import dev.pricing.core.demand.OfferRecord;
import java.io.Serializable;
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
 * Feature extraction on the cluster with the library's own code: each partition builds the extractors once
 * ({@link ExtractorFactory}) and lays them out with the core's {@link FeaturePipeline}, the one pipeline the engine
 * and the single-machine trainer extract with, then extracts every offer through it. The candidate-price features
 * ({@link CandidatePriceFeature}: {@code p / L}, {@code ln(p / L)}, the gain and loss against the reference price,
 * the gaps above the competitors, ...) are then computed at the offered price by the features' own
 * {@code value}, exactly as the engine computes them at each candidate price.
 *
 * <p>The output has the columns {@code features} (an MLlib vector over {@link #featureNames}: the schema's
 * inputs, then one value per price feature), {@code price} (the offered price), {@code units}, {@code propensity}
 * (null if unknown), {@code time} and {@code row_hash} (a 64-bit hash of the offer's canonical CSV line, see
 * {@link OfferLogs#csvLine}).
 *
 * <p>Stateless and thread-safe.
 */
public final class SparkFeatures {

  /** The output schema. */
  public static final StructType SCHEMA = DataTypes.createStructType(List.of(
      DataTypes.createStructField("features", new VectorUDT(), false),
      DataTypes.createStructField("price", DataTypes.DoubleType, false),
      DataTypes.createStructField("units", DataTypes.DoubleType, false),
      DataTypes.createStructField("propensity", DataTypes.DoubleType, true),
      DataTypes.createStructField("time", DataTypes.TimestampType, false),
      DataTypes.createStructField("row_hash", DataTypes.LongType, false)));

  /** The prefix of price-feature names in {@link #featureNames}. */
  public static final String PRICE_PREFIX = "demand.candidate.";

  private SparkFeatures() {}

  /**
   * Returns the engine's schema for these extractors.
   *
   * @param extractors the recipe
   * @return the schema
   */
  public static FeatureSchema schemaOf(ExtractorFactory extractors) {
    Objects.requireNonNull(extractors, "extractors must not be null");
    return FeaturePipeline.of(extractors.create()).schema();
  }

  /**
   * Returns the names of the vector's entries: the schema's inputs, then {@code demand.candidate.<name>} per price
   * feature.
   *
   * @param schema the engine's schema
   * @param priceFeatures the candidate-price features
   * @return the names
   * @throws IllegalArgumentException naming the feature and the input if a price feature reads an input the schema
   *     lacks
   */
  public static List<String> featureNames(FeatureSchema schema, List<CandidatePriceFeature> priceFeatures) {
    requireProduced(schema, priceFeatures);
    List<String> names = new ArrayList<>(schema.names());
    for (CandidatePriceFeature f : priceFeatures) {
      names.add(PRICE_PREFIX + f.name());
    }
    return List.copyOf(names);
  }

  /**
   * Returns an algorithm's default candidate-price features whose inputs the schema has (the primary always), as
   * the core's trainer chooses them.
   */
  static List<CandidatePriceFeature> availableDefaults(dev.pricing.core.demand.DemandAlgorithm algorithm,
      FeatureSchema schema) {
    List<CandidatePriceFeature> out = new ArrayList<>();
    List<CandidatePriceFeature> defaults = algorithm.defaultCandidatePriceFeatures();
    for (int j = 0; j < defaults.size(); j++) {
      if (j == 0 || schema.names().containsAll(defaults.get(j).inputs())) {
        out.add(defaults.get(j));
      }
    }
    return List.copyOf(out);
  }

  static void requireProduced(FeatureSchema schema, List<CandidatePriceFeature> priceFeatures) {
    Objects.requireNonNull(priceFeatures, "priceFeatures must not be null");
    if (priceFeatures.isEmpty()) {
      throw new IllegalArgumentException("priceFeatures must not be empty, found []: a demand model needs the price");
    }
    for (CandidatePriceFeature f : priceFeatures) {
      for (String in : f.inputs()) {
        if (schema.indexOf(in) < 0) {
          throw new IllegalArgumentException("price feature '" + f.name() + "' reads '" + in + "', which the "
              + "extractors do not produce " + schema.names());
        }
      }
    }
  }

  /**
   * Extracts features from offers.
   *
   * @param offers rows of {@link OfferLogs#SCHEMA}
   * @param extractors the engine's extractors
   * @param priceFeatures the candidate-price features: built-ins ({@link CandidatePriceFeatures}) or serialisable
   *     user-defined ones
   * @param listPriceFeature the schema feature holding the list price, which must be positive in training
   * @return rows of {@link #SCHEMA}; lazy, like every Spark transformation
   * @throws IllegalArgumentException if a column of {@link OfferLogs#SCHEMA} is missing, a price feature reads an input the extractors do not produce, the list
   *     price is not produced, or a user-defined price feature is not serialisable
   */
  public static Dataset<Row> extract(Dataset<Row> offers, ExtractorFactory extractors,
      List<CandidatePriceFeature> priceFeatures, String listPriceFeature) {
    Objects.requireNonNull(offers, "offers must not be null");
    List<String> have = List.of(offers.columns());
    for (org.apache.spark.sql.types.StructField f : OfferLogs.SCHEMA.fields()) {
      if (!have.contains(f.name())) {
        throw new IllegalArgumentException("offers must have the offer-log column " + f.name() + " (see "
            + "OfferLogs.SCHEMA); found " + have);
      }
    }
    FeatureSchema schema = schemaOf(extractors);
    requireProduced(schema, priceFeatures);
    if (schema.indexOf(listPriceFeature) < 0) {
      throw new IllegalArgumentException("listPriceFeature '" + listPriceFeature + "' is not produced by the "
          + "extractors " + schema.names());
    }
    PriceFeatureRecipe recipe = PriceFeatureRecipe.of(priceFeatures);
    return offers.mapPartitions((MapPartitionsFunction<Row, Row>) it -> {
      Extractor x = new Extractor(FeaturePipeline.of(extractors.create()), recipe.create(), listPriceFeature);
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
          double price = r.offeredPrice().doubleValue();
          double[] v = x.training(r.context(), price);
          return new GenericRowWithSchema(new Object[] {Vectors.dense(v), price, r.units(),
              r.propensity().isPresent() ? r.propensity().getAsDouble() : null, Timestamp.from(r.time()),
              hash64(p.line())}, SCHEMA);
        }
      };
    }, Encoders.row(SCHEMA));
  }

  /**
   * The price features as something a Spark closure can carry: built-ins by name (resolved again on the
   * executor), user-defined features as themselves, which must then be serialisable.
   */
  static final class PriceFeatureRecipe implements Serializable {
    private static final long serialVersionUID = 1L;
    private final ArrayList<Object> parts;

    private PriceFeatureRecipe(ArrayList<Object> parts) {
      this.parts = parts;
    }

    static PriceFeatureRecipe of(List<CandidatePriceFeature> features) {
      ArrayList<Object> parts = new ArrayList<>();
      for (CandidatePriceFeature f : features) {
        if (CandidatePriceFeatures.standard().contains(f)) {
          parts.add(f.name());
        } else if (f instanceof Serializable) {
          parts.add(f);
        } else {
          throw new IllegalArgumentException("price feature '" + f.name() + "' (" + f.getClass().getName() + ") is "
              + "neither a built-in nor Serializable, so it cannot be shipped to the executors");
        }
      }
      return new PriceFeatureRecipe(parts);
    }

    List<CandidatePriceFeature> create() {
      List<CandidatePriceFeature> out = new ArrayList<>();
      for (Object o : parts) {
        if (o instanceof String name) {
          out.add(CandidatePriceFeatures.standard().stream().filter(f -> f.name().equals(name)).findFirst()
              .orElseThrow());
        } else {
          out.add((CandidatePriceFeature) o);
        }
      }
      return out;
    }
  }

  /** One partition's pipeline and price features: not thread-safe (one buffer of gathered inputs). */
  static final class Extractor {
    private final FeaturePipeline pipeline;
    private final FeatureSchema schema;
    private final CandidatePriceFeature[] price;
    private final int[][] inputIndex;
    private final int listIndex;
    private final String listFeature;
    private final double[] gathered;

    Extractor(FeaturePipeline pipeline, List<CandidatePriceFeature> priceFeatures, String listFeature) {
      this.pipeline = pipeline;
      this.schema = pipeline.schema();
      this.price = priceFeatures.toArray(new CandidatePriceFeature[0]);
      this.inputIndex = new int[price.length][];
      int width = 0;
      for (int j = 0; j < price.length; j++) {
        inputIndex[j] = price[j].inputs().stream().mapToInt(schema::require).toArray();
        width = Math.max(width, inputIndex[j].length);
      }
      this.listIndex = schema.require(listFeature);
      this.listFeature = listFeature;
      this.gathered = new double[width];
    }

    /** The schema's inputs, then each price feature at {@code p}; refuses a non-positive list price. */
    double[] training(PricingRequest request, double p) {
      int n = schema.size();
      double[] out = new double[n + price.length];
      try {
        pipeline.extract(request, out);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("customer " + request.customer().id() + ", product "
            + request.product().id() + " at " + request.market().time() + ": " + e.getMessage()
            + "; extractors must write finite values for training offers", e);
      }
      if (!(out[listIndex] > 0)) {
        throw new IllegalArgumentException("list price feature " + listFeature + " is " + out[listIndex]
            + " for product " + request.product().id() + "; it must be positive in training");
      }
      for (int j = 0; j < price.length; j++) {
        int[] idx = inputIndex[j];
        for (int k = 0; k < idx.length; k++) {
          gathered[k] = out[idx[k]];
        }
        out[n + j] = price[j].value(p, gathered, 0);
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
