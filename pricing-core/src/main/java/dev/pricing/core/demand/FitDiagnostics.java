package dev.pricing.core.demand;

/**
 * How a fit went: the solver, whether it converged and in how many iterations, how much of the training data sits
 * at the monotonicity bound of the price slope, and how many held-out predictions were absurd. The trainer refuses
 * a GLM that did not converge and any model with absurd held-out predictions; the diagnostics say what it saw.
 *
 * <p>Immutable and thread-safe.
 *
 * @param solver the solver, for example {@code projected Newton (IRLS), ridge 1.0}
 * @param iterations iterations used (0 where the algorithm does not iterate to a criterion)
 * @param converged whether the convergence criterion was met
 * @param gradient the final largest projected gradient per unit of training weight (NaN where not applicable)
 * @param shareAtSlopeBound the share of training offers whose price slope was clamped to keep demand
 *     non-increasing in price
 * @param absurdPredictions held-out predictions that were not finite or above the model's demand cap
 */
public record FitDiagnostics(String solver, int iterations, boolean converged, double gradient,
    double shareAtSlopeBound, long absurdPredictions) {}
