package dev.pricing.core.demand;

/**
 * A row of an offer log that cannot be turned into an {@link OfferRecord}: says which line, which column
 * and which value, and why.
 *
 * <p>Immutable and thread-safe.
 */
public final class MalformedOfferException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final long line;
  private final String column;
  private final String value;

  /**
   * Creates the exception.
   *
   * @param line the 1-based line number in the file (the header is line 1)
   * @param column the column name, or {@code "(row)"} when the problem is not one column's
   * @param value the offending text
   * @param reason why it was refused
   * @param cause the underlying exception, or null
   */
  public MalformedOfferException(long line, String column, String value, String reason, Throwable cause) {
    super("line " + line + ", column " + column + ": " + reason + " (value '" + value + "')", cause);
    this.line = line;
    this.column = column;
    this.value = value;
  }

  /**
   * Returns the 1-based line number.
   *
   * @return the line
   */
  public long line() {
    return line;
  }

  /**
   * Returns the column name, or {@code "(row)"}.
   *
   * @return the column
   */
  public String column() {
    return column;
  }

  /**
   * Returns the offending text.
   *
   * @return the value
   */
  public String value() {
    return value;
  }
}
