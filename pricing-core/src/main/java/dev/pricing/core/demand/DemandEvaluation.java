package dev.pricing.core.demand;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How good a trained demand model is on held-out offers: for conversion models AUC, log loss and a
 * reliability diagram; for units models MAE and RMSE (in units); for linear models the price coefficient
 * (the elasticity for log-log units models) with a confidence interval. {@link #report()} prints it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param algorithm the model family
 * @param rows the number of validation offers scored
 * @param meanOutcome the mean observed outcome (conversion rate or units per offer)
 * @param meanPrediction the mean predicted demand
 * @param auc the area under the ROC curve (conversion models)
 * @param logLoss the mean negative log-likelihood, predictions clipped to [1e-15, 1 - 1e-15] (conversion)
 * @param calibration ten equal-width reliability bins (conversion models; empty for units)
 * @param mae the mean absolute error in units (units models)
 * @param rmse the root mean squared error in units (units models)
 * @param priceSensitivity the fitted price coefficient with its interval (linear models)
 * @param notes remarks: clamped price terms, why a figure is missing, possibly empty
 */
public record DemandEvaluation(DemandAlgorithm algorithm, long rows, double meanOutcome, double meanPrediction,
    OptionalDouble auc, OptionalDouble logLoss, List<ReliabilityBin> calibration, OptionalDouble mae,
    OptionalDouble rmse, Optional<PriceSensitivity> priceSensitivity, List<String> notes) {

  /**
   * Validates and copies.
   *
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if {@code rows} is not positive
   */
  public DemandEvaluation {
    Objects.requireNonNull(algorithm, "algorithm must not be null");
    Objects.requireNonNull(auc, "auc must not be null");
    Objects.requireNonNull(logLoss, "logLoss must not be null");
    calibration = List.copyOf(Objects.requireNonNull(calibration, "calibration must not be null"));
    Objects.requireNonNull(mae, "mae must not be null");
    Objects.requireNonNull(rmse, "rmse must not be null");
    Objects.requireNonNull(priceSensitivity, "priceSensitivity must not be null");
    notes = List.copyOf(Objects.requireNonNull(notes, "notes must not be null"));
    if (rows <= 0) {
      throw new IllegalArgumentException("rows must be positive, found " + rows);
    }
  }

  /**
   * Returns a human-readable report of every figure.
   *
   * @return the report, several lines
   */
  public String report() {
    StringBuilder sb = new StringBuilder();
    sb.append("Demand model evaluation (").append(algorithm.id()).append(", ").append(algorithm.kind().id())
        .append(") on ").append(rows).append(" validation offers\n");
    sb.append(fmt("  mean outcome %.4f, mean prediction %.4f%n", meanOutcome, meanPrediction));
    auc.ifPresent(v -> sb.append(fmt("  AUC       %.4f%n", v)));
    logLoss.ifPresent(v -> sb.append(fmt("  log loss  %.4f%n", v)));
    mae.ifPresent(v -> sb.append(fmt("  MAE       %.4f units%n", v)));
    rmse.ifPresent(v -> sb.append(fmt("  RMSE      %.4f units%n", v)));
    if (!calibration.isEmpty()) {
      sb.append("  reliability (bin: n, mean predicted, observed)\n");
      for (ReliabilityBin b : calibration) {
        if (b.count() > 0) {
          sb.append(fmt("    [%.1f, %.1f): %7d  %.4f  %.4f%n", b.lower(), b.upper(), b.count(), b.meanPredicted(),
              b.observedRate()));
        }
      }
    }
    priceSensitivity.ifPresentOrElse(s -> {
      sb.append(fmt("  price coefficient (%s) %.4f, se %.4f, %.0f%% CI [%.4f, %.4f]%s%n", s.feature(), s.coefficient(),
          s.standardError(), 100 * s.confidenceLevel(), s.lower(), s.upper(),
          s.clamped() ? " (clamped to 0 by the monotonicity constraint)" : ""));
      s.averageElasticity().ifPresent(e -> sb.append(fmt("  average point elasticity at offered prices %.4f%n", e)));
    }, () -> sb.append("  price coefficient: not available for this model family\n"));
    for (String note : notes) {
      sb.append("  note: ").append(note).append('\n');
    }
    return sb.toString();
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  @Override
  public String toString() {
    return report();
  }
}
