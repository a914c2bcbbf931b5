package dev.pricing.core.demand.internal;

/** Checks and monotone repair over a candidate-price array; allocation-free except as documented. */
public final class Prices {
  private static final ThreadLocal<double[]> SCRATCH = ThreadLocal.withInitial(() -> new double[64]);

  private Prices() {}

  /**
   * Checks the arguments of a scoring call.
   *
   * @param prices the prices
   * @param count how many
   * @param out the output
   * @throws IllegalArgumentException if count is out of range or a price is negative or not finite
   */
  public static void check(double[] prices, int count, double[] out) {
    if (count < 0 || count > prices.length || count > out.length) {
      throw new IllegalArgumentException("count " + count + " must be in [0, min(prices.length "
          + prices.length + ", out.length " + out.length + ")]");
    }
    for (int i = 0; i < count; i++) {
      double p = prices[i];
      if (!(p >= 0) || p == Double.POSITIVE_INFINITY) {
        throw new IllegalArgumentException("prices[" + i + "] must be finite and non-negative, found " + p);
      }
    }
  }

  /**
   * Makes {@code out} non-increasing in price: each value becomes the minimum of the raw values at prices
   * less than or equal to its own. Sorted grids (ascending or descending) are repaired in one pass without
   * allocation; an unsorted grid uses an O(n^2) pass over a per-thread scratch array (allocated once per
   * thread, grown when a longer grid arrives).
   *
   * @param prices the prices
   * @param count how many
   * @param out the raw demand, repaired in place
   */
  public static void repairMonotone(double[] prices, int count, double[] out) {
    if (count < 2) {
      return;
    }
    boolean ascending = true;
    boolean descending = true;
    for (int i = 1; i < count; i++) {
      if (prices[i] < prices[i - 1]) {
        ascending = false;
      } else if (prices[i] > prices[i - 1]) {
        descending = false;
      }
    }
    if (ascending) {
      for (int i = 1; i < count; i++) {
        if (out[i] > out[i - 1]) {
          out[i] = out[i - 1];
        }
      }
      return;
    }
    if (descending) {
      for (int i = count - 2; i >= 0; i--) {
        if (out[i] > out[i + 1]) {
          out[i] = out[i + 1];
        }
      }
      return;
    }
    double[] raw = SCRATCH.get();
    if (raw.length < count) {
      raw = new double[Math.max(count, raw.length * 2)];
      SCRATCH.set(raw);
    }
    System.arraycopy(out, 0, raw, 0, count);
    for (int i = 0; i < count; i++) {
      double m = raw[i];
      double p = prices[i];
      for (int j = 0; j < count; j++) {
        if (prices[j] <= p && raw[j] < m) {
          m = raw[j];
        }
      }
      out[i] = m;
    }
  }
}
