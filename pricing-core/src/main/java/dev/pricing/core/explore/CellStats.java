package dev.pricing.core.explore;

/**
 * What an explorer has learned about one price cell (product, price in minor units): how many recorded
 * outcomes it served there and how many of them converted. Immutable and thread-safe.
 *
 * @param productId the product
 * @param priceMinor the price in minor units
 * @param trials recorded outcomes
 * @param conversions recorded outcomes with units bought
 */
public record CellStats(String productId, long priceMinor, long trials, long conversions) {

  /**
   * Returns the observed conversion rate.
   *
   * @return conversions / trials, NaN when there were none
   */
  public double conversionRate() {
    return trials == 0 ? Double.NaN : conversions / (double) trials;
  }
}
