package dev.pricing.examples.report;

import dev.pricing.core.markdown.MarkdownPlan;
import dev.pricing.core.markdown.PlanOutcome;
import dev.pricing.eval.SeasonSimulator;
import java.io.IOException;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The markdown chart of a report: a plan's price path and the stock over the season on two axes. Drawn with
 * XChart in headless mode. Stateless and thread-safe: each call builds and writes its own chart.
 *
 * <p>For the demo report: {@code MarkdownCharts.pricePathAndStock(out.resolve("markdown.png"), title, plan,
 * sampledSeason)} with a plan from {@code SeasonSimulator.problem} and a season from
 * {@code SeasonSimulator.season(SeasonSimulator.following(...), seed)}; {@code MarkdownLifecycle} shows the
 * whole sequence.
 */
public final class MarkdownCharts {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  private MarkdownCharts() {}

  /**
   * Writes the chart: left axis, the plan's price on its median path (a step line) and its expected price;
   * right axis, the expected stock at each period's start and, when given, one sampled season's stock and
   * shelf prices.
   *
   * @param file the PNG to write
   * @param title the chart title
   * @param plan the plan
   * @param sampled a sampled season following the plan, or null
   * @throws IOException if the file cannot be written
   */
  public static void pricePathAndStock(Path file, String title, MarkdownPlan plan, SeasonSimulator.Season sampled)
      throws IOException {
    int n = plan.path().size();
    double[] period = new double[n];
    double[] median = new double[n];
    double[] expectedPrice = new double[n];
    double[] expectedStock = new double[n];
    double[] medianStock = new double[n];
    // Period 0 of the chart is the price before the season's first decision (the original price).
    for (int t = 0; t < n; t++) {
      MarkdownPlan.Step s = plan.path().get(t);
      PlanOutcome.Period o = plan.outcome().periods().get(t);
      period[t] = s.period() + 1;
      median[t] = s.price().doubleValue();
      expectedPrice[t] = Double.isNaN(o.expectedPrice()) ? median[t] : o.expectedPrice();
      expectedStock[t] = o.expectedStartStock();
      medianStock[t] = s.startStock();
    }
    XYChart chart = new XYChartBuilder().width(1000).height(600).title(title).xAxisTitle("period (week)")
        .yAxisTitle("price").build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setLegendFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 11));
    double original = plan.problem().originalPrice().doubleValue();
    double floor = original * (1 - plan.problem().rules().maxTotalDiscount());
    chart.getStyler().setYAxisMin(0, Math.floor(floor));
    chart.getStyler().setYAxisMax(0, Math.ceil(original));
    chart.getStyler().setYAxisMin(1, 0.0);
    chart.getStyler().setYAxisMax(1, (double) plan.problem().stock());
    chart.setYAxisGroupTitle(0, "price");
    chart.setYAxisGroupTitle(1, "units in stock at the period's start");
    chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
    XYSeries p = chart.addSeries("price, median path", period, median);
    p.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
    p.setMarker(SeriesMarkers.NONE);
    XYSeries e = chart.addSeries("expected price while in stock", period, expectedPrice);
    e.setLineStyle(SeriesLines.DASH_DASH);
    e.setMarker(SeriesMarkers.NONE);
    XYSeries st = chart.addSeries("expected stock", period, expectedStock);
    st.setYAxisGroup(1);
    st.setMarker(SeriesMarkers.CIRCLE);
    XYSeries ms = chart.addSeries("stock, median path", period, medianStock);
    ms.setYAxisGroup(1);
    ms.setLineStyle(SeriesLines.DOT_DOT);
    ms.setMarker(SeriesMarkers.NONE);
    if (sampled != null) {
      double[] stock = new double[n];
      double[] shelf = new double[n];
      for (int t = 0; t < n; t++) {
        stock[t] = sampled.startStock()[t];
        shelf[t] = sampled.shelfPrices()[t];
      }
      XYSeries ss = chart.addSeries("stock, one sampled season", period, stock);
      ss.setYAxisGroup(1);
      ss.setMarker(SeriesMarkers.DIAMOND);
      XYSeries sp = chart.addSeries("price, that season", period, shelf);
      sp.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
      sp.setLineStyle(SeriesLines.DASH_DOT);
      sp.setMarker(SeriesMarkers.NONE);
    }
    String s = file.toString();
    BitmapEncoder.saveBitmap(chart, s.endsWith(".png") ? s.substring(0, s.length() - 4) : s,
        BitmapEncoder.BitmapFormat.PNG);
  }
}
