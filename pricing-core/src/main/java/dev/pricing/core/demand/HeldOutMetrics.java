package dev.pricing.core.demand;

import dev.pricing.api.DemandKind;
import dev.pricing.core.demand.internal.Metrics;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The held-out metrics of a model, computed the same way for every algorithm: AUC, log loss and a reliability
 * table for conversion models, MAE and RMSE for units models. Immutable and thread-safe (a record).
 *
 * @param auc the AUC (conversion; empty when every held-out offer had the same outcome)
 * @param logLoss the log loss (conversion)
 * @param calibration ten reliability bins (conversion)
 * @param mae the mean absolute error in units (units)
 * @param rmse the root mean squared error in units (units)
 */
record HeldOutMetrics(OptionalDouble auc, OptionalDouble logLoss, List<ReliabilityBin> calibration, OptionalDouble mae,
    OptionalDouble rmse) {

  /**
   * Computes the metrics.
   *
   * @param kind what the predictions mean
   * @param pred the predictions
   * @param actual the observed units
   * @param positive whether each offer sold
   * @param n how many held-out offers
   * @param notes receives a note when the AUC is undefined
   * @return the metrics
   */
  static HeldOutMetrics of(DemandKind kind, double[] pred, double[] actual, boolean[] positive, int n,
      List<String> notes) {
    if (kind != DemandKind.CONVERSION_PROBABILITY) {
      return new HeldOutMetrics(OptionalDouble.empty(), OptionalDouble.empty(), List.of(),
          OptionalDouble.of(Metrics.mae(pred, actual, n)), OptionalDouble.of(Metrics.rmse(pred, actual, n)));
    }
    double a = Metrics.auc(pred, positive, n);
    if (Double.isNaN(a)) {
      notes.add("AUC is undefined: every validation offer had the same outcome");
    }
    return new HeldOutMetrics(Double.isNaN(a) ? OptionalDouble.empty() : OptionalDouble.of(a),
        OptionalDouble.of(Metrics.logLoss(pred, positive, n)), Metrics.reliability(pred, positive, n, 10),
        OptionalDouble.empty(), OptionalDouble.empty());
  }
}
