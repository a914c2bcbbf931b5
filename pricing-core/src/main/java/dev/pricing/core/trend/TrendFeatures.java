package dev.pricing.core.trend;

import dev.pricing.api.PricingRequest;
import dev.pricing.api.spi.FeatureExtractor;
import java.util.List;
import java.util.Objects;

/**
 * Demand and competitor trend features for the request's product at the request's market time, read from a
 * {@link TrendTracker}, and the event uplift from an {@link EventCalendar}. Not personal.
 *
 * <table>
 *   <caption>features</caption>
 *   <tr><th>name</th><th>value</th><th>unknown product</th></tr>
 *   <tr><td>{@code trend.known}</td><td>1 when the product's demand has at least one closed period</td><td>0</td></tr>
 *   <tr><td>{@code trend.demand_level_log1p}</td><td>{@code log1p(max(0, level))}, units per period</td><td>0</td></tr>
 *   <tr><td>{@code trend.demand_trend}</td><td>{@code trend / (|level| + 1)}, relative change per period, clamped to [-1, 1]</td><td>0</td></tr>
 *   <tr><td>{@code trend.demand_forecast_ratio}</td><td>{@code (max(0, forecast) + 1) / (max(0, level) + 1)}: the forecast for the request's period (trend and season) against the level, clamped to [0, 10]</td><td>1</td></tr>
 *   <tr><td>{@code trend.competitor_price_trend}</td><td>{@code trend / level} of the competitors' minimum price, relative change per period, clamped to [-1, 1]</td><td>0</td></tr>
 *   <tr><td>{@code trend.event_uplift}</td><td>{@link EventCalendar#uplift} at the request time</td><td>the same (not per product)</td></tr>
 * </table>
 *
 * <p>"Unknown" means never observed (or, per series, no closed period yet): the neutral values above, which
 * say "no trend, forecast equals level"; {@code trend.known} lets a model tell them apart from a product with
 * a flat history.
 *
 * <p>Thread-safe: one lock-free map lookup and reads of an immutable snapshot per request; no allocation.
 */
public final class TrendFeatures implements FeatureExtractor {
  private static final List<String> NAMES = List.of("trend.known", "trend.demand_level_log1p",
      "trend.demand_trend", "trend.demand_forecast_ratio", "trend.competitor_price_trend",
      "trend.event_uplift");
  private final TrendTracker tracker;
  private final EventCalendar calendar;

  /**
   * Creates the extractor.
   *
   * @param tracker the tracker it reads
   * @param calendar the event calendar ({@link EventCalendar#none()} for none)
   */
  public TrendFeatures(TrendTracker tracker, EventCalendar calendar) {
    this.tracker = Objects.requireNonNull(tracker, "tracker");
    this.calendar = Objects.requireNonNull(calendar, "calendar");
  }

  @Override
  public List<String> featureNames() {
    return NAMES;
  }

  @Override
  public void extract(PricingRequest request, double[] out, int offset) {
    java.time.Instant time = request.market().time();
    out[offset + 5] = calendar.uplift(time);
    TrendTracker.Track t = tracker.trackOrNull(request.product().id());
    SeriesState d = t == null ? null : t.demand();
    if (d == null || d.observations() == 0) {
      out[offset] = 0;
      out[offset + 1] = 0;
      out[offset + 2] = 0;
      out[offset + 3] = 1;
    } else {
      double level = d.level();
      double forecast = d.forecastAt(tracker.periodOf(time));
      out[offset] = 1;
      out[offset + 1] = Math.log1p(Math.max(0, level));
      out[offset + 2] = clamp(d.trend() / (Math.abs(level) + 1), -1, 1);
      out[offset + 3] = clamp((Math.max(0, forecast) + 1) / (Math.max(0, level) + 1), 0, 10);
    }
    SeriesState c = t == null ? null : t.competitor();
    out[offset + 4] = c == null || c.observations() == 0 || !(c.level() > 0) ? 0
        : clamp(c.trend() / c.level(), -1, 1);
  }

  private static double clamp(double v, double lo, double hi) {
    return v < lo ? lo : v > hi ? hi : v;
  }

  /** @return the tracker */
  public TrendTracker tracker() {
    return tracker;
  }

  @Override
  public String toString() {
    return "TrendFeatures[" + tracker + ", " + calendar + "]";
  }
}
