package dev.pricing.core.trend;

/**
 * Forecast accuracy of one method over held-out points. Immutable and thread-safe.
 *
 * @param method the method's name
 * @param n how many forecasts were scored
 * @param mae mean absolute error
 * @param rmse root mean squared error
 * @param smape symmetric mean absolute percentage error, in percent (0 to 200):
 *     {@code mean(200 |f - y| / (|f| + |y|))}, a point with {@code f = y = 0} counting 0
 * @param mape mean absolute percentage error, in percent, over the points with {@code y != 0}; NaN if none
 */
public record ForecastScores(String method, int n, double mae, double rmse, double smape, double mape) {}
