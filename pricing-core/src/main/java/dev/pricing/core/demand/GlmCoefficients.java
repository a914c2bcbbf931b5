package dev.pricing.core.demand;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The raw (unstandardised) coefficients of a converged GLM fitted outside this library's trainer, for example by
 * Spark MLlib on a cluster, from which {@link TrainedDemandModel#fromGlmCoefficients} builds the same model, and
 * the same artifact, as {@link DemandAlgorithm#LOGISTIC_GLM} or {@link DemandAlgorithm#LOG_LOG_GLM} would:
 *
 * <pre>
 *   s(x, p) = constant + sum_i inputWeights_i x_i + c_0(x) f_0(p, x) + sum_{j &gt; 0} priceSlopes_j f_j(p, x)
 *   c_0(x)  = priceSlopes_0 + sum_q slopeWeights_q x[slopeInputs_q]
 * </pre>
 *
 * then the logistic link (conversion) or {@code smear * exp(s) - smoothing}, floored at 0 (units). {@code x} are
 * the training schema's features in order and {@code f_j} the {@link #priceFeatures() candidate-price features};
 * the scorer bounds each slope to the side that keeps demand non-increasing in price, as for a model this library
 * trained.
 *
 * <p>Immutable and thread-safe (arrays are copied in and out).
 *
 * @param priceFeatures the candidate-price features, the primary first (validated as in {@link GlmOptions})
 * @param slopeInputs schema features whose values move the primary slope; possibly empty
 * @param listPriceFeature the schema feature holding the list price (usually {@link CandidatePriceFeatures#LIST_PRICE})
 * @param constant the constant of the linear predictor
 * @param inputWeights one weight per schema feature
 * @param priceSlopes one slope per price feature; every slope but the primary (and the primary too when there are
 *     no slope inputs) must already keep demand non-increasing: {@code <= 0} for an increasing feature,
 *     {@code >= 0} for a decreasing one
 * @param slopeWeights one weight per slope input
 * @param inputFallbacks per schema feature, the value used when a scoring input is not finite (the training mean);
 *     the list price's must be positive
 * @param smear units: Duan's retransformation factor, positive (1 for conversion)
 * @param smoothing units: the {@code c} of {@code ln(units + c)}, {@code >= 0} (0 for conversion)
 * @param maxDemand units: the demand above which an output is absurd and written as NaN ({@code +Infinity} for
 *     none, which conversion models use)
 */
public record GlmCoefficients(List<CandidatePriceFeature> priceFeatures, List<String> slopeInputs,
    String listPriceFeature, double constant, double[] inputWeights, double[] priceSlopes, double[] slopeWeights,
    double[] inputFallbacks, double smear, double smoothing, double maxDemand) {

  /**
   * Validates and copies everything that does not need the schema (see
   * {@link TrainedDemandModel#fromGlmCoefficients} for the rest).
   *
   * @throws IllegalArgumentException naming the field and the value
   */
  public GlmCoefficients {
    priceFeatures = CandidatePriceFeatures.validate(priceFeatures);
    slopeInputs = List.copyOf(Objects.requireNonNull(slopeInputs, "slopeInputs must not be null"));
    Set<String> seen = new HashSet<>();
    for (String s : slopeInputs) {
      if (s == null || s.isBlank() || !seen.add(s)) {
        throw new IllegalArgumentException("slopeInputs must be distinct non-blank names, found " + slopeInputs);
      }
    }
    Objects.requireNonNull(listPriceFeature, "listPriceFeature must not be null");
    if (listPriceFeature.isBlank()) {
      throw new IllegalArgumentException("listPriceFeature must not be blank, found '" + listPriceFeature + "'");
    }
    inputWeights = Objects.requireNonNull(inputWeights, "inputWeights must not be null").clone();
    priceSlopes = Objects.requireNonNull(priceSlopes, "priceSlopes must not be null").clone();
    slopeWeights = Objects.requireNonNull(slopeWeights, "slopeWeights must not be null").clone();
    inputFallbacks = Objects.requireNonNull(inputFallbacks, "inputFallbacks must not be null").clone();
    finite("constant", constant);
    finite("inputWeights", inputWeights);
    finite("priceSlopes", priceSlopes);
    finite("slopeWeights", slopeWeights);
    finite("inputFallbacks", inputFallbacks);
    if (priceSlopes.length != priceFeatures.size()) {
      throw new IllegalArgumentException("priceSlopes has " + priceSlopes.length + " entries for "
          + priceFeatures.size() + " price features");
    }
    if (slopeWeights.length != slopeInputs.size()) {
      throw new IllegalArgumentException("slopeWeights has " + slopeWeights.length + " entries for "
          + slopeInputs.size() + " slope inputs");
    }
    if (inputWeights.length != inputFallbacks.length) {
      throw new IllegalArgumentException("inputWeights has " + inputWeights.length + " entries and inputFallbacks "
          + inputFallbacks.length + "; both need one per schema feature");
    }
    for (int j = 0; j < priceSlopes.length; j++) {
      if (j == 0 && !slopeInputs.isEmpty()) {
        continue; // the primary slope varies with the inputs; the scorer bounds it per request
      }
      CandidatePriceFeature f = priceFeatures.get(j);
      boolean increasing = f.direction() == CandidatePriceFeature.Direction.INCREASING;
      if (increasing ? priceSlopes[j] > 0 : priceSlopes[j] < 0) {
        throw new IllegalArgumentException("priceSlopes[" + j + "] of price feature '" + f.name() + "' is "
            + priceSlopes[j] + ": demand would rise with price (it must be " + (increasing ? "<= 0" : ">= 0") + ")");
      }
    }
    if (!(smear > 0) || !Double.isFinite(smear)) {
      throw new IllegalArgumentException("smear must be finite and > 0, found " + smear);
    }
    if (!(smoothing >= 0) || !Double.isFinite(smoothing)) {
      throw new IllegalArgumentException("smoothing must be finite and >= 0, found " + smoothing);
    }
    if (!(maxDemand > 0)) {
      throw new IllegalArgumentException("maxDemand must be > 0 (+Infinity for none), found " + maxDemand);
    }
  }

  private static void finite(String field, double v) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(field + " must be finite, found " + v);
    }
  }

  private static void finite(String field, double[] a) {
    for (int i = 0; i < a.length; i++) {
      if (!Double.isFinite(a[i])) {
        throw new IllegalArgumentException(field + "[" + i + "] must be finite, found " + a[i]);
      }
    }
  }

  @Override
  public double[] inputWeights() {
    return inputWeights.clone();
  }

  @Override
  public double[] priceSlopes() {
    return priceSlopes.clone();
  }

  @Override
  public double[] slopeWeights() {
    return slopeWeights.clone();
  }

  @Override
  public double[] inputFallbacks() {
    return inputFallbacks.clone();
  }
}
