package dev.pricing.core.demand;

/**
 * One bin of a reliability (calibration) diagram: validation offers whose predicted probability fell in
 * {@code [lower, upper)} (the last bin includes 1), their mean prediction and their observed conversion rate.
 * A well-calibrated model has {@code meanPredicted} close to {@code observedRate} in every populated bin.
 *
 * <p>Immutable and thread-safe.
 *
 * @param lower the bin's lower edge
 * @param upper the bin's upper edge
 * @param count offers in the bin
 * @param meanPredicted mean predicted probability (NaN when empty)
 * @param observedRate share that converted (NaN when empty)
 */
public record ReliabilityBin(double lower, double upper, long count, double meanPredicted, double observedRate) {

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if the edges are not ordered within [0, 1] or the count is negative
   */
  public ReliabilityBin {
    if (!(lower >= 0 && lower < upper && upper <= 1)) {
      throw new IllegalArgumentException("bin edges must satisfy 0 <= lower < upper <= 1, found [" + lower + ", "
          + upper + ")");
    }
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative, found " + count);
    }
  }
}
