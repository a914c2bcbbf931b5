/**
 * Market trend: per-product demand and competitor-price trends by exponential smoothing (simple, Holt's
 * linear trend, Holt-Winters additive seasonality), event and day-of-week calendars, the
 * {@link dev.pricing.core.trend.TrendFeatures} extractor, and forecast evaluation on held-out periods.
 */
package dev.pricing.core.trend;
