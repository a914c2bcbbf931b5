package dev.pricing.core.trend;

import java.util.Locale;

/**
 * A smoothing method's forecast accuracy against the naive (last value) and seasonal-naive (value one
 * season earlier) baselines, on the same held-out points. Immutable and thread-safe.
 *
 * @param horizon the forecast horizon (steps 1..horizon were scored from each origin)
 * @param origins how many forecast origins
 * @param model the smoothing method
 * @param naive the naive baseline
 * @param seasonalNaive the seasonal-naive baseline
 */
public record ForecastComparison(int horizon, int origins, ForecastScores model, ForecastScores naive,
    ForecastScores seasonalNaive) {

  /** @return the model's MAE divided by the naive baseline's (below 1: the model is better) */
  public double relativeMae() {
    return model.mae() / naive.mae();
  }

  /** @return a Markdown table, one row per method */
  public String toMarkdown() {
    StringBuilder sb = new StringBuilder("| method | forecasts | MAE | RMSE | sMAPE % | MAPE % |\n"
        + "|---|---:|---:|---:|---:|---:|\n");
    for (ForecastScores s : new ForecastScores[] {model, naive, seasonalNaive}) {
      sb.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.2f | %.2f |%n", s.method(), s.n(),
          s.mae(), s.rmse(), s.smape(), s.mape()));
    }
    return sb.toString();
  }
}
