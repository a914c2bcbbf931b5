package dev.pricing.core.demand;

/**
 * An offer log with more malformed rows than {@link OfferLogCsv#maxMalformedShare()} allows: reading (and so
 * training) stops rather than learn from what is left of a badly damaged file.
 *
 * <p>Immutable and thread-safe.
 */
public final class TooManyMalformedRowsException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final long malformedRows;
  private final long rows;
  private final double maxShare;

  /**
   * Creates the exception.
   *
   * @param source the log's description (its file)
   * @param malformedRows the data rows that could not be read
   * @param rows all data rows, malformed ones included
   * @param maxShare the largest share tolerated
   */
  public TooManyMalformedRowsException(String source, long malformedRows, long rows, double maxShare) {
    super("offer log " + source + ": " + malformedRows + " of " + rows + " data rows are malformed ("
        + String.format(java.util.Locale.ROOT, "%.2f%%", 100.0 * malformedRows / Math.max(1, rows))
        + "), more than the " + String.format(java.util.Locale.ROOT, "%.2f%%", 100 * maxShare)
        + " allowed (OfferLogCsv.withMaxMalformedShare)");
    this.malformedRows = malformedRows;
    this.rows = rows;
    this.maxShare = maxShare;
  }

  /**
   * Returns the number of malformed data rows.
   *
   * @return the count
   */
  public long malformedRows() {
    return malformedRows;
  }

  /**
   * Returns the number of data rows, malformed ones included.
   *
   * @return the count
   */
  public long rows() {
    return rows;
  }

  /**
   * Returns the largest share of malformed rows that was tolerated.
   *
   * @return the share
   */
  public double maxShare() {
    return maxShare;
  }
}
