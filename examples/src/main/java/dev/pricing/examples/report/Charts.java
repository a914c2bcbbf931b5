package dev.pricing.examples.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.Styler;

/** PNG charts for reports, drawn with XChart in headless mode. Stateless. Thread-safe: each call builds and writes its own chart. */
public final class Charts {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 540;

  static {
    System.setProperty("java.awt.headless", "true");
  }

  private Charts() {}

  /**
   * Writes a line chart with one series per entry; a series whose name ends in "(trained)" is dashed in the
   * colour of the series before it.
   *
   * @param file the PNG to write
   * @param title the chart title
   * @param xLabel the x-axis label
   * @param yLabel the y-axis label
   * @param series name to {x[], y[]}
   * @throws IOException if the file cannot be written
   */
  public static void lines(Path file, String title, String xLabel, String yLabel, Map<String, double[][]> series)
      throws IOException {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel)
        .yAxisTitle(yLabel).build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    chart.getStyler().setMarkerSize(0);
    java.awt.Color[] palette = chart.getStyler().getSeriesColors();
    int colour = 0;
    for (Map.Entry<String, double[][]> e : series.entrySet()) {
      XYSeries s = chart.addSeries(e.getKey(), e.getValue()[0], e.getValue()[1]);
      // A series named "... (trained)" is drawn dashed in the colour of the series before it, so a fitted
      // curve sits visibly beside the curve it estimates.
      boolean fitted = e.getKey().endsWith("(trained)") && colour > 0;
      s.setLineColor(palette[(fitted ? colour - 1 : colour) % palette.length]);
      if (fitted) {
        s.setLineStyle(SeriesLines.DASH_DASH);
      } else {
        colour++;
      }
    }
    BitmapEncoder.saveBitmap(chart, strip(file), BitmapEncoder.BitmapFormat.PNG);
  }

  /**
   * Writes a grouped bar chart: one group per category, one bar per series.
   *
   * @param file the PNG to write
   * @param title the chart title
   * @param yLabel the y-axis label
   * @param categories the categories (x axis)
   * @param series name to one value per category
   * @throws IOException if the file cannot be written
   */
  public static void bars(Path file, String title, String yLabel, List<String> categories,
      Map<String, List<Double>> series) throws IOException {
    CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(yLabel)
        .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setXAxisLabelRotation(20);
    series.forEach((name, values) -> chart.addSeries(name, categories, values));
    BitmapEncoder.saveBitmap(chart, strip(file), BitmapEncoder.BitmapFormat.PNG);
  }

  /** XChart appends the extension itself. */
  private static String strip(Path file) {
    String s = file.toString();
    return s.endsWith(".png") ? s.substring(0, s.length() - 4) : s;
  }
}
