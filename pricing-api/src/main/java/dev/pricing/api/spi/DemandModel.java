package dev.pricing.api.spi;

import dev.pricing.api.DemandKind;
import dev.pricing.api.FeatureSchema;
import dev.pricing.api.FeatureVector;

/**
 * Predicts demand as a function of price for one feature vector: P(buy | x, p) or expected units.
 *
 * <p>An engine calls {@link #bind(FeatureSchema)} once when it is built (or when the model is swapped in):
 * the model resolves the features it reads to positions in the engine's schema and returns a
 * {@link Scorer} compiled for that schema, which scores a whole array of candidate prices in one call on
 * the hot path.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface DemandModel {

  /**
   * Returns the model's version, reported in every decision it scores.
   *
   * @return the version, not blank
   */
  String version();

  /**
   * Returns what the score means.
   *
   * @return the kind
   */
  DemandKind kind();

  /**
   * Compiles the model against a schema.
   *
   * @param schema the engine's schema
   * @return a scorer for vectors over that schema
   * @throws IllegalArgumentException naming the feature if the schema lacks one the model needs
   */
  Scorer bind(FeatureSchema schema);

  /**
   * Scores candidate prices for one vector (convenience for offline use; allocates).
   *
   * @param x the feature vector
   * @param prices the candidate prices
   * @return the demand at each price
   * @throws IllegalArgumentException if the vector's schema lacks a feature the model needs
   */
  default double[] score(FeatureVector x, double[] prices) {
    double[] out = new double[prices.length];
    bind(x.schema()).score(x.toArray(), prices, prices.length, out);
    return out;
  }

  /**
   * A model compiled against one schema: the hot-path scoring function.
   *
   * <p><b>Contract:</b> thread-safe, allocation-free, writes {@code count} finite, non-negative values
   * that do not rise with price (demand is monotone non-increasing in price). A model that judges its own output
   * absurd for an input (for example expected units far outside what it was trained on) writes NaN instead; the
   * engine treats any non-finite output as an invalid model output and falls back with
   * {@code MODEL_OUTPUT_INVALID}, never pricing from it.
   */
  @FunctionalInterface
  interface Scorer {
    /**
     * Scores {@code prices[0..count)} for one feature vector.
     *
     * @param features the feature values over the bound schema
     * @param prices the candidate prices
     * @param count how many prices to score
     * @param out receives the demand at each price
     */
    void score(double[] features, double[] prices, int count, double[] out);
  }

  /**
   * A scorer that can also say how much each feature contributed to its score, for explanations. The
   * engine uses it when the bound scorer implements it; otherwise decisions carry no contributions.
   *
   * <p><b>Contract:</b> thread-safe and allocation-free, like {@link Scorer}.
   */
  interface ContributionScorer extends Scorer {
    /**
     * Writes each feature's contribution to the model's score at one price, relative to a reference
     * vector, so that the contributions sum to {@code score(x, price) - score(reference, price)} in the
     * model's link units (logit for conversion, log for units). Exact for linear models; path-based (the
     * change of node value along the decision path) for trees.
     *
     * @param features the feature values over the bound schema
     * @param reference the reference values over the same schema
     * @param price the price
     * @param out receives one contribution per feature
     */
    void contributions(double[] features, double[] reference, double price, double[] out);
  }
}
