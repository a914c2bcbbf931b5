package dev.pricing.spark;

import java.util.List;

/**
 * What a Spark training run produced: the fit, its artifact bytes (what the checkout loads), the row count,
 * the input hash and the solver's iteration count.
 *
 * <p>Immutable and thread-safe (the artifact is copied in and out).
 *
 * @param fit the coefficients and provenance
 * @param artifact the encoded artifact
 * @param rows the training offers
 * @param inputHash the input hash in hex
 * @param iterations solver iterations (0 for the closed-form units fit)
 * @param featureNames the names of the coefficients
 */
public record SparkTrainingResult(LinearFit fit, byte[] artifact, long rows, String inputHash, int iterations,
    List<String> featureNames) {

  /** Copies the artifact and the names. */
  public SparkTrainingResult {
    artifact = artifact.clone();
    featureNames = List.copyOf(featureNames);
  }

  /** @return a copy of the artifact bytes */
  @Override
  public byte[] artifact() {
    return artifact.clone();
  }
}
