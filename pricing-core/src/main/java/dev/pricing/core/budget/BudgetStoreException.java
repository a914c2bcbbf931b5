package dev.pricing.core.budget;

/**
 * A {@link BudgetStore} could not complete an operation (the store is unreachable, timed out or answered with
 * an error). The caller's lease state is unchanged by a failed operation. Immutable once thrown.
 */
public class BudgetStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what failed
   * @param cause the underlying failure, or null
   */
  public BudgetStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
