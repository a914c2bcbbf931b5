package dev.pricing.spark;

import dev.pricing.api.spi.DemandModel;
import java.io.IOException;
import java.io.Serializable;

/**
 * Turns a Spark fit into the artifact a checkout loads, and an artifact into the model an engine binds. This
 * is the one seam between the Spark trainer and the library's model format.
 *
 * <p>Today {@link InterimLinearArtifacts} implements it with its own small checksummed format, because the
 * library's {@code TrainedDemandModel} can only be created by its own trainer or read back from its own
 * artifact, which wraps a Tribuo SGD model rather than plain coefficients. Once the core offers a GLM artifact
 * built from coefficients over the derived features, an implementation that encodes with it and decodes with
 * {@code TrainedDemandModel.fromBytes} replaces the interim one, and nothing else in this module changes.
 *
 * <p>Implementations must be stateless, serialisable and thread-safe.
 */
public interface LinearArtifactFactory extends Serializable {
  /**
   * Encodes a fit as artifact bytes.
   *
   * @param fit the fit
   * @return the artifact
   */
  byte[] encode(LinearFit fit);

  /**
   * Decodes and verifies an artifact.
   *
   * @param artifact the bytes
   * @return the model, ready for {@code PricingEngine.Builder.demandModel}
   * @throws IOException if the bytes are not a valid artifact (wrong magic, version, length or checksum)
   */
  DemandModel decode(byte[] artifact) throws IOException;
}
