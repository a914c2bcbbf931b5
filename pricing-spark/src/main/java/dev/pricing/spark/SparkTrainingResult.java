package dev.pricing.spark;

import dev.pricing.core.demand.GlmCoefficients;
import dev.pricing.core.demand.TrainedDemandModel;
import java.util.List;

/**
 * What a Spark training run produced: the library's own model, its artifact bytes (what the checkout loads with
 * {@link TrainedDemandModel#fromBytes} or {@link TrainedDemandModel#load}), the row count, the input hash, MLlib's
 * iteration count and the final projected gradient.
 *
 * <p>Immutable and thread-safe (the artifact is copied in and out).
 *
 * @param model the trained model (a {@code LOGISTIC_GLM} or {@code LOG_LOG_GLM})
 * @param artifact the encoded artifact, {@code model.toBytes()}
 * @param rows the training offers
 * @param inputHash the input hash in hex
 * @param iterations MLlib's iterations over every active-set round (1 per closed-form units fit)
 * @param featureNames the names of the design's columns
 * @param gradient the largest projected gradient per unit weight at the solution (the convergence criterion)
 * @param coefficients the raw coefficients the model was built from
 */
public record SparkTrainingResult(TrainedDemandModel model, byte[] artifact, long rows, String inputHash,
    int iterations, List<String> featureNames, double gradient, GlmCoefficients coefficients) {

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
