package dev.pricing.api.spi;

import dev.pricing.api.PricingRequest;
import java.util.Arrays;
import java.util.List;

/**
 * Turns part of a request into named numeric features.
 *
 * <p>An extractor declares its feature names once; the engine concatenates the names of all its extractors
 * into the {@link dev.pricing.api.FeatureSchema} when it is built, and on every request calls
 * {@link #extract} with a buffer and the offset of this extractor's first feature. Training code calls the
 * same extractors, so there is no training/serving skew.
 *
 * <p><b>Contract:</b> implementations are thread-safe, write exactly {@code featureNames().size()} finite
 * values starting at {@code offset}, do not retain the buffer, and should not allocate (the engine's
 * allocation budget per decision is a few hundred bytes). They must not block: an extractor that needs
 * slow work (a transformer encoder) reads a cache and schedules misses.
 */
public interface FeatureExtractor {

  /**
   * Returns the names of the features this extractor writes, in order. Called once, at build time.
   *
   * @return the names, not empty
   */
  List<String> featureNames();

  /**
   * Writes this extractor's features for a request.
   *
   * @param request the request
   * @param out the buffer
   * @param offset where this extractor's first feature goes
   */
  void extract(PricingRequest request, double[] out, int offset);

  /**
   * Returns whether these features carry personal data about the customer. Personal features are replaced
   * by {@link #extractNeutral} in uniform-price mode and when computing the non-personal baseline, and a
   * decision is "personalised" exactly when they changed the price.
   *
   * @return true if personal (default false)
   */
  default boolean personal() {
    return false;
  }

  /**
   * Returns whether these features depend on the request's customer only: not on the product, the market or
   * the time, so that {@link dev.pricing.api.PricingEngine#priceAll} extracts them once per slate rather than
   * once per product. Only declare it when {@link #extract} and {@link #extractNeutral} read nothing but
   * {@code request.customer()}; the default (false) is always safe.
   *
   * @return true if the output depends on the customer alone (default false)
   */
  default boolean customerOnly() {
    return false;
  }

  /**
   * Writes the values that stand for "nothing known about this customer" (default zeros). Only called for
   * {@link #personal()} extractors.
   *
   * @param request the request
   * @param out the buffer
   * @param offset where this extractor's first feature goes
   */
  default void extractNeutral(PricingRequest request, double[] out, int offset) {
    Arrays.fill(out, offset, offset + featureNames().size(), 0.0);
  }
}
