package dev.pricing.core.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ForecastEvaluationTest {

  /** 3 years of weekly data: level 200, trend +0.4/week, a yearly cycle of amplitude 30 (m = 52), noise sd 5. */
  static double[] weekly(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] y = new double[156];
    for (int t = 0; t < y.length; t++) {
      y[t] = 200 + 0.4 * t + 30 * Math.sin(2 * Math.PI * t / 52) + 5 * r.nextGaussian();
    }
    return y;
  }

  @Test
  void holtWinters_beatsNaiveAndSeasonalNaive_onASeriesWithTrendAndSeason() {
    double[] y = weekly(1);
    ForecastComparison c = ForecastEvaluation.rollingOrigin(y, Smoothing.holtWinters(0.1, 0.01, 0.1, 52), 104, 4, 52);
    assertThat(c.origins()).isEqualTo(156 - 104 - 4 + 1);
    assertThat(c.model().n()).isEqualTo(c.origins() * 4);
    assertThat(c.model().mae()).isLessThan(c.naive().mae());
    assertThat(c.model().mae()).isLessThan(c.seasonalNaive().mae());
    assertThat(c.model().rmse()).isLessThan(c.seasonalNaive().rmse());
    // Noise sd 5: a good model's MAE is near 5 * sqrt(2/pi) = 4.0.
    assertThat(c.model().mae()).isLessThan(6.5);
    assertThat(c.relativeMae()).isLessThan(1);
    assertThat(c.toMarkdown()).contains("Holt-Winters additive (m=52)").contains("| naive |");
  }

  @Test
  void metrics_matchAHandComputation() {
    // Simple ES with alpha 1 is the naive forecast: identical scores.
    double[] y = {10, 12, 9, 15, 0, 8};
    ForecastComparison c = ForecastEvaluation.rollingOrigin(y, Smoothing.simple(1), 1, 1, 1);
    assertThat(c.model().mae()).isCloseTo(c.naive().mae(), within(1e-12));
    // errors: 2, -3, 6, -15, 8 -> MAE 34/5, RMSE sqrt(338/5)
    assertThat(c.naive().mae()).isCloseTo(34 / 5.0, within(1e-12));
    assertThat(c.naive().rmse()).isCloseTo(Math.sqrt(338 / 5.0), within(1e-12));
    // MAPE skips y = 0: |2/12| + |3/9| + |6/15| + |8/8| over 4
    assertThat(c.naive().mape()).isCloseTo(100 * (2 / 12.0 + 3 / 9.0 + 6 / 15.0 + 1) / 4, within(1e-9));
    // sMAPE: 200|e|/(|f|+|y|)
    double smape = (200 * 2 / 22.0 + 200 * 3 / 21.0 + 200 * 6 / 24.0 + 200 * 15 / 15.0 + 200 * 8 / 8.0) / 5;
    assertThat(c.naive().smape()).isCloseTo(smape, within(1e-9));
  }

  @Test
  void holdout_forecastsTheLastPointsFromOneOrigin() {
    double[] y = weekly(2);
    ForecastComparison c = ForecastEvaluation.holdout(y, Smoothing.holtWinters(0.1, 0.01, 0.1, 52), 26, 52);
    assertThat(c.origins()).isEqualTo(1);
    assertThat(c.model().n()).isEqualTo(26);
    assertThat(c.model().mae()).isLessThan(c.naive().mae());
  }

  @Test
  void fit_lowersTheInSampleError_andKeepsTheStructure() {
    double[] y = weekly(3);
    Smoothing start = Smoothing.holtWinters(0.9, 0.5, 0.9, 52);
    Smoothing fitted = ForecastEvaluation.fit(y, start);
    assertThat(fitted.period()).isEqualTo(52);
    assertThat(fitted.trended()).isTrue();
    double before = ForecastEvaluation.rollingOrigin(y, start, 104, 1, 52).model().mae();
    double after = ForecastEvaluation.rollingOrigin(y, fitted, 104, 1, 52).model().mae();
    assertThat(after).isLessThan(before);
    Smoothing simple = ForecastEvaluation.fit(new double[] {5, 5, 5, 5, 6, 5, 5, 4, 5, 5}, Smoothing.simple(0.5));
    assertThat(simple.trended()).isFalse();
    assertThat(simple.alpha()).isBetween(0.001, 1.0);
  }

  @Test
  void badArguments_areRejectedNamingTheValue() {
    double[] y = weekly(4);
    assertThatThrownBy(() -> ForecastEvaluation.rollingOrigin(y, Smoothing.holtWinters(0.1, 0.1, 0.1, 52), 50, 1, 52))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("firstOrigin").hasMessageContaining("50");
    assertThatThrownBy(() -> ForecastEvaluation.rollingOrigin(y, Smoothing.simple(0.5), 150, 10, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("160");
    assertThatThrownBy(() -> ForecastEvaluation.rollingOrigin(new double[] {1, Double.NaN, 3}, Smoothing.simple(0.5), 1, 1, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("y[1]").hasMessageContaining("NaN");
    assertThatThrownBy(() -> ForecastEvaluation.rollingOrigin(y, Smoothing.simple(0.5), 10, 0, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("horizon").hasMessageContaining("0");
    assertThatThrownBy(() -> ForecastEvaluation.holdout(y, Smoothing.simple(0.5), 156, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("testLength").hasMessageContaining("156");
  }
}
