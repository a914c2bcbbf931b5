package dev.pricing.core;

import dev.pricing.api.spi.DemandModel;

/**
 * An optional capability of a compiled scorer: the part of its score that depends on customer-only features
 * computed once per customer, so that a slate ({@link dev.pricing.api.PricingEngine#priceAll}: one customer,
 * many products) scores each product with only the product, market and time part of the model. The engine
 * uses it when the bound scorer implements it and {@link #split} returns a split; every other scorer is
 * called as usual, so the capability is never required.
 *
 * <p><b>Contract:</b> exact. For any features {@code x} whose customer-only features are those {@code part}
 * was prepared from, {@link Split#score} writes bit for bit what {@link #score} writes for {@code x}: a
 * scorer shares only a part it computes in the same order of operations in both calls (for a linear
 * predictor, the longest prefix of its summation order that reads customer-only features). Thread-safe and
 * allocation-free like {@link DemandModel.Scorer}; the per-customer state lives in the caller's buffer.
 */
public interface CustomerSplitScorer extends DemandModel.Scorer {

  /**
   * Returns how this scorer splits for a set of customer-only features.
   *
   * @param customerOnly per feature of the bound schema, whether its value depends on the customer alone
   * @return the split, or null when no part of the score can be shared exactly
   */
  Split split(boolean[] customerOnly);

  /** The customer part of a scorer and the rest. Immutable and thread-safe. */
  interface Split {
    /**
     * Returns the size of the per-customer state.
     *
     * @return the number of doubles {@link #prepare} writes
     */
    int size();

    /**
     * Computes the customer part from one vector of the customer.
     *
     * @param features the feature values over the bound schema
     * @param part receives {@link #size()} values
     */
    void prepare(double[] features, double[] part);

    /**
     * Scores prices for a vector whose customer-only features are those {@code part} was prepared from;
     * writes exactly what {@link DemandModel.Scorer#score} writes.
     *
     * @param features the feature values over the bound schema
     * @param part the customer part from {@link #prepare}
     * @param prices the candidate prices
     * @param count how many prices to score
     * @param out receives the demand at each price
     */
    void score(double[] features, double[] part, double[] prices, int count, double[] out);
  }
}
