package dev.pricing.api;

/**
 * A request that passed its own validation but cannot be priced by this engine, through no fault of the
 * engine's components: for example a product in JPY sent to an engine whose floor is in USD, or a request
 * a feature extractor or demand model refuses by throwing this exception.
 *
 * <p>The engine treats it as the caller's failure, not a component's: it never counts toward a circuit
 * breaker, so a flood of such requests from one caller leaves every other caller's decisions unchanged. In
 * fail-safe mode (the default) the decision carries the safe reference price and
 * {@link ReasonCode#INVALID_REQUEST}; in strict mode ({@code failSafe(false)}) this exception is thrown.
 *
 * <p>Components should throw it only when the request's own values are at fault; a component fault must
 * be any other exception, so that its circuit breaker can switch it off.
 *
 * <p>Immutable and thread-safe, like any exception whose state is not modified after construction.
 */
public class InvalidRequestException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, naming the field and the value
   */
  public InvalidRequestException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what is wrong, naming the field and the value
   * @param cause the underlying failure
   */
  public InvalidRequestException(String message, Throwable cause) {
    super(message, cause);
  }
}
