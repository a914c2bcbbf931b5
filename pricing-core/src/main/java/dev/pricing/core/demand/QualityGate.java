package dev.pricing.core.demand;

import dev.pricing.api.DemandKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a retrained model must show on the trainer's held-out offers before a {@link Retrainer} swaps it into
 * the engine. Every check uses the {@link DemandEvaluation} of the validation split, which the model never
 * trained on:
 *
 * <ul>
 *   <li>at least {@code minExamples} usable logged offers (decisions with features and an outcome);
 *   <li>conversion models: AUC at least {@code minAuc}, and log loss at most {@code maxLogLossRatio} times
 *       the log loss of the no-information model that predicts the validation conversion rate for everyone
 *       (so 1.0 means "must beat the base rate");
 *   <li>calibration: {@code |mean prediction - mean outcome| <= maxCalibrationError * mean outcome};
 *   <li>if {@code requireDecreasingDemand} and the model has a price coefficient (linear models): the
 *       coefficient is negative and was not clamped (demand falls with price; a clamped coefficient means the
 *       data showed demand rising with price, which a pricing engine must not act on).
 * </ul>
 *
 * <p>Immutable and thread-safe.
 *
 * @param minExamples the fewest usable logged offers, positive
 * @param minAuc the lowest held-out AUC for conversion models, in [0, 1]
 * @param maxLogLossRatio the highest held-out log loss as a multiple of the base-rate log loss, positive
 * @param maxCalibrationError the largest relative gap between mean prediction and mean outcome, positive
 * @param requireDecreasingDemand whether a linear model's price coefficient must be negative and unclamped
 */
public record QualityGate(int minExamples, double minAuc, double maxLogLossRatio, double maxCalibrationError,
    boolean requireDecreasingDemand) {

  /**
   * Validates.
   *
   * @throws IllegalArgumentException naming the field and value if one is out of range
   */
  public QualityGate {
    if (minExamples <= 0) {
      throw new IllegalArgumentException("minExamples must be positive, found " + minExamples);
    }
    if (!(minAuc >= 0 && minAuc <= 1)) {
      throw new IllegalArgumentException("minAuc must be in [0, 1], found " + minAuc);
    }
    if (!(maxLogLossRatio > 0) || Double.isInfinite(maxLogLossRatio)) {
      throw new IllegalArgumentException("maxLogLossRatio must be positive and finite, found " + maxLogLossRatio);
    }
    if (!(maxCalibrationError > 0) || Double.isInfinite(maxCalibrationError)) {
      throw new IllegalArgumentException("maxCalibrationError must be positive and finite, found "
          + maxCalibrationError);
    }
  }

  /**
   * Returns the default gate: 1000 examples, AUC at least 0.55, log loss below the base rate's, calibration
   * within 20%, demand decreasing in price.
   *
   * @return the gate
   */
  public static QualityGate defaults() {
    return new QualityGate(1000, 0.55, 1.0, 0.20, true);
  }

  /**
   * Returns a copy with another minimum number of examples.
   *
   * @param n the minimum, positive
   * @return the gate
   */
  public QualityGate withMinExamples(int n) {
    return new QualityGate(n, minAuc, maxLogLossRatio, maxCalibrationError, requireDecreasingDemand);
  }

  /**
   * Returns a copy with another minimum AUC.
   *
   * @param auc the minimum, in [0, 1]
   * @return the gate
   */
  public QualityGate withMinAuc(double auc) {
    return new QualityGate(minExamples, auc, maxLogLossRatio, maxCalibrationError, requireDecreasingDemand);
  }

  /**
   * Returns why a trained model fails the gate (the example count is checked by the {@link Retrainer}).
   *
   * @param result the training result
   * @return the failed checks, each a sentence with the figures; empty when the model passes
   */
  public List<String> failures(TrainingResult result) {
    DemandEvaluation e = result.evaluation();
    List<String> out = new ArrayList<>();
    if (e.algorithm().kind() == DemandKind.CONVERSION_PROBABILITY) {
      double p = e.meanOutcome();
      if (e.auc().isEmpty()) {
        out.add("held-out AUC is undefined (every validation offer had the same outcome)");
      } else if (e.auc().getAsDouble() < minAuc) {
        out.add(fmt("held-out AUC %.4f is below the minimum %.4f", e.auc().getAsDouble(), minAuc));
      }
      if (p > 0 && p < 1 && e.logLoss().isPresent()) {
        double base = -(p * Math.log(p) + (1 - p) * Math.log(1 - p));
        double ll = e.logLoss().getAsDouble();
        if (ll > maxLogLossRatio * base) {
          out.add(fmt("held-out log loss %.4f exceeds %.2f x the base-rate log loss %.4f", ll, maxLogLossRatio,
              base));
        }
      }
    }
    double gap = Math.abs(e.meanPrediction() - e.meanOutcome());
    if (!(gap <= maxCalibrationError * e.meanOutcome())) {
      out.add(fmt("mean prediction %.4f is %.1f%% away from the mean outcome %.4f (at most %.1f%% allowed)",
          e.meanPrediction(), e.meanOutcome() > 0 ? 100 * gap / e.meanOutcome() : Double.POSITIVE_INFINITY,
          e.meanOutcome(), 100 * maxCalibrationError));
    }
    Optional<PriceSensitivity> s = e.priceSensitivity();
    if (requireDecreasingDemand && s.isPresent()) {
      if (s.get().clamped()) {
        out.add("the price coefficient was clamped to 0: the log shows demand rising with price");
      } else if (!(s.get().coefficient() < 0)) {
        out.add(fmt("the price coefficient %.4f is not negative", s.get().coefficient()));
      }
    }
    return List.copyOf(out);
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
