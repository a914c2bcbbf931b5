package dev.pricing.onnx;

/**
 * Thrown when ONNX Runtime or the tokenizer fails for a reason other than bad input: a native error
 * while running the model, or an execution provider that this machine cannot provide. The original
 * exception (for example an {@code ai.onnxruntime.OrtException}) is kept as the cause.
 *
 * <p>Thread-safe once thrown (no mutable state of its own).
 */
public final class EncoderException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what failed
   * @param cause the underlying exception, may be null
   */
  public EncoderException(String message, Throwable cause) {
    super(message, cause);
  }
}
