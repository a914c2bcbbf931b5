package dev.pricing.core.demand;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Options of the converged GLM algorithms ({@link DemandAlgorithm#LOGISTIC_GLM}, {@link DemandAlgorithm#LOG_LOG_GLM});
 * the trainer refuses them for any other algorithm.
 *
 * <p>Immutable and thread-safe.
 *
 * @param ridge the ridge penalty on the standardised coefficients, in units of the summed (weighted) loss;
 *     non-negative (0 only when the design is of full rank)
 * @param maxIterations the Newton iteration limit; a fit that has not converged by then fails
 * @param tolerance the convergence criterion: the largest absolute projected gradient per unit of training weight
 * @param priceFeatures the candidate-price features, the primary (whose slope may vary with inputs) first; empty
 *     for the algorithm's {@linkplain DemandAlgorithm#defaultCandidatePriceFeatures() defaults}
 * @param slopeInputs schema features whose values move the primary price slope, of either sign (segment
 *     indicators, loyalty scores, ...); the slope is bounded so that demand never rises with price
 * @param demandCapFactor units models: an expected demand above this multiple of the largest training outcome is
 *     absurd (written as NaN, so the engine falls back with {@code MODEL_OUTPUT_INVALID}); at least 1
 * @param ceiling conversion models: fit a purchase ceiling, {@code P = kappa(x) sigma(s(x, p))} with
 *     {@code kappa(x)} a logistic function of the inputs (the share who would buy at any price), by EM; for
 *     markets whose conversion levels off below 1 as the price falls, where a plain logistic curve over-predicts
 *     demand at low prices and so prices too low. {@code maxIterations} and {@code tolerance} then also bound
 *     the EM steps (the change of the penalised log-likelihood per unit of training weight). Refused for units.
 */
public record GlmOptions(double ridge, int maxIterations, double tolerance, List<CandidatePriceFeature> priceFeatures,
    List<String> slopeInputs, double demandCapFactor, boolean ceiling) {

  /**
   * The defaults: ridge 1, 100 iterations, tolerance 1e-7, default price features, no slope inputs, cap 10x, no
   * ceiling.
   */
  public static final GlmOptions DEFAULTS = new GlmOptions(1.0, 100, 1e-7, List.of(), List.of(), 10.0, false);

  /**
   * Options without a ceiling.
   *
   * @param ridge the ridge
   * @param maxIterations the iteration limit
   * @param tolerance the tolerance
   * @param priceFeatures the price features
   * @param slopeInputs the slope inputs
   * @param demandCapFactor the demand cap factor
   * @throws IllegalArgumentException naming the option and the value
   */
  public GlmOptions(double ridge, int maxIterations, double tolerance, List<CandidatePriceFeature> priceFeatures,
      List<String> slopeInputs, double demandCapFactor) {
    this(ridge, maxIterations, tolerance, priceFeatures, slopeInputs, demandCapFactor, false);
  }

  /**
   * Validates.
   *
   * @throws IllegalArgumentException naming the option and the value
   */
  public GlmOptions {
    if (!(ridge >= 0) || !Double.isFinite(ridge)) {
      throw new IllegalArgumentException("ridge must be finite and >= 0, found " + ridge);
    }
    if (maxIterations < 1 || maxIterations > 10_000) {
      throw new IllegalArgumentException("maxIterations must be in [1, 10000], found " + maxIterations);
    }
    if (!(tolerance > 0) || !(tolerance < 1)) {
      throw new IllegalArgumentException("tolerance must be in (0, 1), found " + tolerance);
    }
    priceFeatures = List.copyOf(Objects.requireNonNull(priceFeatures, "priceFeatures must not be null"));
    if (!priceFeatures.isEmpty()) {
      priceFeatures = CandidatePriceFeatures.validate(priceFeatures);
    }
    slopeInputs = List.copyOf(Objects.requireNonNull(slopeInputs, "slopeInputs must not be null"));
    Set<String> seen = new HashSet<>();
    for (String s : slopeInputs) {
      if (s.isBlank() || !seen.add(s)) {
        throw new IllegalArgumentException("slopeInputs must be distinct non-blank names, found " + slopeInputs);
      }
    }
    if (!(demandCapFactor >= 1) || Double.isNaN(demandCapFactor)) {
      throw new IllegalArgumentException("demandCapFactor must be >= 1, found " + demandCapFactor);
    }
  }

  /**
   * Returns a copy with another ridge penalty.
   *
   * @param r the ridge
   * @return the copy
   */
  public GlmOptions withRidge(double r) {
    return new GlmOptions(r, maxIterations, tolerance, priceFeatures, slopeInputs, demandCapFactor, ceiling);
  }

  /**
   * Returns a copy with another iteration limit.
   *
   * @param n the iteration limit
   * @return the copy
   */
  public GlmOptions withMaxIterations(int n) {
    return new GlmOptions(ridge, n, tolerance, priceFeatures, slopeInputs, demandCapFactor, ceiling);
  }

  /**
   * Returns a copy with another convergence tolerance.
   *
   * @param t the tolerance
   * @return the copy
   */
  public GlmOptions withTolerance(double t) {
    return new GlmOptions(ridge, maxIterations, t, priceFeatures, slopeInputs, demandCapFactor, ceiling);
  }

  /**
   * Returns a copy with another list of price features (primary first).
   *
   * @param f the price features, primary first
   * @return the copy
   */
  public GlmOptions withPriceFeatures(List<CandidatePriceFeature> f) {
    return new GlmOptions(ridge, maxIterations, tolerance, f, slopeInputs, demandCapFactor, ceiling);
  }

  /**
   * Returns a copy with another list of slope inputs.
   *
   * @param s the slope inputs
   * @return the copy
   */
  public GlmOptions withSlopeInputs(List<String> s) {
    return new GlmOptions(ridge, maxIterations, tolerance, priceFeatures, s, demandCapFactor, ceiling);
  }

  /**
   * Returns a copy with another demand cap factor.
   *
   * @param c the demand cap factor
   * @return the copy
   */
  public GlmOptions withDemandCapFactor(double c) {
    return new GlmOptions(ridge, maxIterations, tolerance, priceFeatures, slopeInputs, c, ceiling);
  }

  /**
   * Returns a copy with or without a purchase ceiling (conversion models only).
   *
   * @param c whether to fit a ceiling
   * @return the copy
   */
  public GlmOptions withCeiling(boolean c) {
    return new GlmOptions(ridge, maxIterations, tolerance, priceFeatures, slopeInputs, demandCapFactor, c);
  }
}
