package dev.pricing.core.demand;

import java.io.IOException;

/**
 * A demand-model artifact that cannot be loaded: not an artifact, an unsupported format version, a
 * checksum mismatch (corrupted or edited bytes), a schema other than the one expected, or a model Tribuo
 * cannot read. The message says which.
 *
 * <p>Immutable and thread-safe.
 */
public final class ModelArtifactException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong
   */
  public ModelArtifactException(String message) {
    super(message);
  }

  /**
   * Creates the exception.
   *
   * @param message what is wrong
   * @param cause the underlying failure
   */
  public ModelArtifactException(String message, Throwable cause) {
    super(message, cause);
  }
}
