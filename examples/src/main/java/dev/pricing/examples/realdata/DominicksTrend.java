package dev.pricing.examples.realdata;

import dev.pricing.core.trend.ForecastComparison;
import dev.pricing.core.trend.ForecastEvaluation;
import dev.pricing.core.trend.ForecastScores;
import dev.pricing.core.trend.Smoothing;
import dev.pricing.core.trend.TrendTracker;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Forecast evaluation on Dominick's orange juice: weekly unit sales of every store x brand series that covers
 * all 121 weeks (40 to 160). Each smoothing method is fitted on the first 60 weeks of each series
 * ({@link ForecastEvaluation#fit}) and evaluated by rolling origin on the remaining weeks, one and four weeks
 * ahead, against the naive (last week) and seasonal-naive (same week last year) forecasts. Holt-Winters with
 * a yearly season needs two full years to initialise and the panel has 2.3, so it is not run. The table
 * averages each metric over the series.
 *
 * <p>It then streams the panel through a {@link TrendTracker} (weekly periods; demand = units summed over
 * stores, competitor price = the lowest other-brand 64oz pack price) and prints each brand's final demand
 * level, trend and competitor-price trend: what {@code TrendFeatures} would give the engine.
 *
 * <p>Run: {@code mvn -q -pl examples exec:java -Ddemo.main=dev.pricing.examples.realdata.DominicksTrend
 * -Dexec.args=../shared/data/dominicks_oj}.
 */
public final class DominicksTrend {
  static final int FIRST_WEEK = 40;
  static final int WEEKS = 121;
  static final int TRAIN = 60;

  private DominicksTrend() {}

  /**
   * Runs the evaluation.
   *
   * @param args the data folder (default ../shared/data/dominicks_oj)
   * @throws IOException if the data cannot be read
   */
  public static void main(String[] args) throws IOException {
    List<Dominicks.Row> rows = Dominicks.read(Dominicks.dataDir(args, "dominicks_oj"));
    Map<Long, double[]> series = new TreeMap<>();
    for (Dominicks.Row r : rows) {
      double[] y = series.computeIfAbsent((long) r.store() * 100 + r.brand(), k -> filled(Double.NaN));
      y[r.week() - FIRST_WEEK] = Math.exp(r.logMove());
    }
    List<double[]> complete = new ArrayList<>();
    for (double[] y : series.values()) {
      if (java.util.Arrays.stream(y).noneMatch(Double::isNaN)) {
        complete.add(y);
      }
    }
    System.out.printf(Locale.ROOT, "Dominick's OJ: %d rows, %d store-brand series, %d complete over %d weeks%n%n",
        rows.size(), series.size(), complete.size(), WEEKS);
    for (int horizon : new int[] {1, 4}) {
      Agg ses = new Agg();
      Agg holt = new Agg();
      Agg naive = new Agg();
      Agg seasonal = new Agg();
      for (double[] y : complete) {
        double[] train = java.util.Arrays.copyOf(y, TRAIN);
        ForecastComparison a = ForecastEvaluation.rollingOrigin(y,
            ForecastEvaluation.fit(train, Smoothing.simple(0.3)), TRAIN, horizon, 52);
        ForecastComparison b = ForecastEvaluation.rollingOrigin(y,
            ForecastEvaluation.fit(train, Smoothing.holt(0.3, 0.05)), TRAIN, horizon, 52);
        ses.add(a.model());
        holt.add(b.model());
        naive.add(a.naive());
        seasonal.add(a.seasonalNaive());
      }
      System.out.printf(Locale.ROOT, "Horizon %d week(s), origins weeks %d..%d, mean over %d series (units/week):%n",
          horizon, FIRST_WEEK + TRAIN, FIRST_WEEK + WEEKS - horizon, complete.size());
      System.out.println("| method | MAE | RMSE | sMAPE % | MAPE % |");
      System.out.println("|---|---:|---:|---:|---:|");
      ses.print("simple ES (alpha fitted per series)");
      holt.print("Holt (alpha, beta fitted per series)");
      naive.print("naive (last week)");
      seasonal.print("seasonal naive (same week last year)");
      System.out.println();
    }

    TrendTracker tracker = TrendTracker.builder().period(Duration.ofDays(7)).demand(Smoothing.holt(0.3, 0.05))
        .competitor(Smoothing.holt(0.3, 0.05)).build();
    rows.sort(java.util.Comparator.comparingInt(Dominicks.Row::week));
    for (Dominicks.Row r : rows) {
      Instant t = Instant.EPOCH.plus(Duration.ofDays(7L * r.week()));
      String brand = Dominicks.BRANDS[r.brand() - 1];
      tracker.recordDemand(brand, t, Math.exp(r.logMove()));
      double competitor = Double.POSITIVE_INFINITY;
      for (int b = 0; b < 11; b++) {
        if (b != r.brand() - 1 && Dominicks.SIZE_OZ[b] == 64) {
          competitor = Math.min(competitor, r.pricePerOz()[b] * 64);
        }
      }
      tracker.recordCompetitorPrice(brand, t, competitor);
    }
    System.out.println("Streamed through TrendTracker (weekly; Holt 0.3/0.05), state after the last closed week:");
    System.out.println("| brand | demand level (units/week, all stores) | trend (%/week) | competitor min 64oz price | trend (%/week) |");
    System.out.println("|---|---:|---:|---:|---:|");
    for (String brand : Dominicks.BRANDS) {
      tracker.track(brand).ifPresent(k -> System.out.printf(Locale.ROOT, "| %s | %.0f | %+.2f | %.2f | %+.2f |%n",
          brand, k.demand().level(), 100 * k.demand().trend() / k.demand().level(), k.competitor().level(),
          100 * k.competitor().trend() / k.competitor().level()));
    }
  }

  private static double[] filled(double v) {
    double[] y = new double[WEEKS];
    java.util.Arrays.fill(y, v);
    return y;
  }

  private static final class Agg {
    int n;
    double mae;
    double rmse;
    double smape;
    double mape;

    void add(ForecastScores s) {
      n++;
      mae += s.mae();
      rmse += s.rmse();
      smape += s.smape();
      mape += s.mape();
    }

    void print(String name) {
      System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f |%n", name, mae / n, rmse / n, smape / n,
          mape / n);
    }
  }
}
