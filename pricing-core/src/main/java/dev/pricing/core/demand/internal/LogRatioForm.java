package dev.pricing.core.demand.internal;

/**
 * A candidate-price feature that is a function of {@code ln(max(p / L, min))}, {@code L} its first input (the list
 * price), and of a per-request shift: the built-ins {@code log_ratio}, the reference hinges and the competitor
 * hinges, whose {@code value} is defined through this form. A grid of candidates then needs one logarithm per
 * candidate for all of them, instead of one per candidate and feature ({@link PricePlan#column}).
 *
 * <p>Implementations are immutable and thread-safe, and allocate nothing.
 */
public interface LogRatioForm {
  /**
   * The per-request part of the value (for example the reference price's log gap).
   *
   * @param inputs the feature's inputs
   * @param offset where they start
   * @return the shift
   */
  double shift(double[] inputs, int offset);

  /**
   * The value from the candidate's log ratio and the request's shift.
   *
   * @param logRatio {@code ln(max(p / inputs[offset], min))}
   * @param shift {@link #shift} of the same inputs
   * @param inputs the feature's inputs
   * @param offset where they start
   * @return the value, equal to the feature's {@code value(p, inputs, offset)}
   */
  double fromLogRatio(double logRatio, double shift, double[] inputs, int offset);

  /**
   * Writes {@link #fromLogRatio} for each candidate into {@code out[k * stride + column]}, with {@link #shift}
   * computed once.
   *
   * @param logRatios per candidate, {@code ln(max(p / inputs[offset], min))}
   * @param count how many candidates
   * @param inputs the feature's inputs
   * @param offset where they start
   * @param out the destination, candidate-major
   * @param stride values per candidate
   * @param column this feature's place in a candidate's values
   */
  void fill(double[] logRatios, int count, double[] inputs, int offset, double[] out, int stride, int column);
}
