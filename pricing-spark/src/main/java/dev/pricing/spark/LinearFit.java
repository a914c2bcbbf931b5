package dev.pricing.spark;

import dev.pricing.api.DemandKind;
import dev.pricing.core.demand.PriceFeatures;
import dev.pricing.core.demand.TrainingProvenance;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A fitted linear demand model as the Spark trainer hands it to the artifact: coefficients on the raw
 * (unstandardised) scale over the derived feature vector (the schema's inputs, then the price term, then
 * each interaction, as {@link SparkFeatures#featureNames}), the intercept, how price enters, the scoring
 * fallbacks, the units retransformation and the provenance.
 *
 * <p>The score is {@code link(intercept + sum_j w_j x_j + T(p) * (w_T + sum_k w_k max(0, x_k)))} with the
 * logistic link for {@link DemandKind#CONVERSION_PROBABILITY} and {@code max(0, exp(.) * smear - smoothing)}
 * for {@link DemandKind#EXPECTED_UNITS}: the same form as the library's own linear models.
 *
 * <p>Immutable and thread-safe (arrays are copied in and out).
 *
 * @param kind what the score is
 * @param version the model version reported with every decision
 * @param inputs the training schema's feature names, in order
 * @param priceFeatures how price enters
 * @param weights one coefficient per derived feature; the price ones (from index {@code inputs.size()}) are
 *     all non-positive
 * @param intercept the intercept
 * @param inputMeans the training mean of each input, used when a scoring input is not finite
 * @param listFallback the training mean list price, used when the scoring list price is not positive
 * @param smear Duan's smearing factor (1 for conversion)
 * @param smoothing the units smoothing c of {@code ln(units + c)} (0 for conversion)
 * @param provenance where it came from; its notes say it was trained on Spark, the row count and the input
 *     hash
 */
public record LinearFit(DemandKind kind, String version, List<String> inputs, PriceFeatures priceFeatures,
    double[] weights, double intercept, double[] inputMeans, double listFallback, double smear, double smoothing,
    TrainingProvenance provenance) {

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException naming the field if a length does not match, a value is not finite, or
   *     a price coefficient is positive
   */
  public LinearFit {
    Objects.requireNonNull(kind, "kind must not be null");
    Objects.requireNonNull(version, "version must not be null");
    if (version.isBlank()) {
      throw new IllegalArgumentException("version must not be blank");
    }
    inputs = List.copyOf(inputs);
    Objects.requireNonNull(priceFeatures, "priceFeatures must not be null");
    Objects.requireNonNull(provenance, "provenance must not be null");
    int d = inputs.size() + 1 + priceFeatures.interactions().size();
    if (weights.length != d) {
      throw new IllegalArgumentException("weights must have " + d + " entries (inputs, term, interactions), found "
          + weights.length);
    }
    if (inputMeans.length != inputs.size()) {
      throw new IllegalArgumentException("inputMeans must have " + inputs.size() + " entries, found "
          + inputMeans.length);
    }
    weights = weights.clone();
    inputMeans = inputMeans.clone();
    for (int i = 0; i < d; i++) {
      if (!Double.isFinite(weights[i])) {
        throw new IllegalArgumentException("weights[" + i + "] must be finite, found " + weights[i]);
      }
      if (i >= inputs.size() && weights[i] > 0) {
        throw new IllegalArgumentException("weights[" + i + "] is a price coefficient and must be <= 0, found "
            + weights[i] + ": demand would rise with price");
      }
    }
    for (int i = 0; i < inputMeans.length; i++) {
      if (!Double.isFinite(inputMeans[i])) {
        throw new IllegalArgumentException("inputMeans[" + i + "] must be finite, found " + inputMeans[i]);
      }
    }
    if (!Double.isFinite(intercept)) {
      throw new IllegalArgumentException("intercept must be finite, found " + intercept);
    }
    if (!(listFallback > 0) || !Double.isFinite(listFallback)) {
      throw new IllegalArgumentException("listFallback must be positive and finite, found " + listFallback);
    }
    if (!(smear > 0) || !Double.isFinite(smear)) {
      throw new IllegalArgumentException("smear must be positive and finite, found " + smear);
    }
    if (!(smoothing >= 0) || !Double.isFinite(smoothing)) {
      throw new IllegalArgumentException("smoothing must be finite and >= 0, found " + smoothing);
    }
  }

  /** @return a copy of the weights */
  @Override
  public double[] weights() {
    return weights.clone();
  }

  /** @return a copy of the inputMeans */
  @Override
  public double[] inputMeans() {
    return inputMeans.clone();
  }

  /**
   * Returns the price coefficients: the term's, then each interaction's.
   *
   * @return the coefficients, all non-positive
   */
  public double[] priceCoefficients() {
    return Arrays.copyOfRange(weights, inputs.size(), weights.length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LinearFit f && kind == f.kind && version.equals(f.version) && inputs.equals(f.inputs)
        && priceFeatures.equals(f.priceFeatures) && Arrays.equals(weights, f.weights)
        && Double.compare(intercept, f.intercept) == 0 && Arrays.equals(inputMeans, f.inputMeans)
        && Double.compare(listFallback, f.listFallback) == 0 && Double.compare(smear, f.smear) == 0
        && Double.compare(smoothing, f.smoothing) == 0 && provenance.equals(f.provenance);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, version, inputs, Arrays.hashCode(weights), intercept);
  }

  @Override
  public String toString() {
    return "LinearFit[" + kind + ", " + version + ", " + weights.length + " weights, price "
        + Arrays.toString(priceCoefficients()) + "]";
  }
}
