package dev.pricing.core.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SeriesStateTest {
  static final double[] WEEK = {-6, -2, 0, 1, 2, 9, -4}; // sums to 0

  static double seasonalLinear(long t) {
    return 50 + 0.5 * t + WEEK[(int) Math.floorMod(t, 7L)];
  }

  @Test
  void simple_onAConstant_staysOnIt() {
    SeriesState s = SeriesState.empty(Smoothing.simple(0.3));
    for (int t = 0; t < 20; t++) {
      s = s.next(t, 12.5);
    }
    assertThat(s.level()).isEqualTo(12.5);
    assertThat(s.trend()).isZero();
    assertThat(s.forecast(5)).isEqualTo(12.5);
  }

  @Test
  void simple_followsTheRecurrence() {
    SeriesState s = SeriesState.empty(Smoothing.simple(0.25)).next(0, 10).next(1, 20);
    assertThat(s.level()).isEqualTo(0.25 * 20 + 0.75 * 10);
  }

  @Test
  void holt_onALine_recoversLevelAndTrendExactly() {
    SeriesState s = SeriesState.empty(Smoothing.holt(0.4, 0.2));
    for (int t = 0; t < 30; t++) {
      s = s.next(t, 10 + 2 * t);
    }
    assertThat(s.level()).isCloseTo(10 + 2 * 29, within(1e-9));
    assertThat(s.trend()).isCloseTo(2, within(1e-9));
    assertThat(s.forecast(10)).isCloseTo(10 + 2 * 39, within(1e-9));
  }

  @Test
  void holtWinters_initialisesFromTwoSeasons_andForecastsASeasonalLineExactly() {
    SeriesState s = SeriesState.empty(Smoothing.holtWinters(0.3, 0.1, 0.2, 7));
    for (int t = 0; t < 13; t++) {
      s = s.next(t, seasonalLinear(t));
      assertThat(s.ready()).isFalse();
    }
    s = s.next(13, seasonalLinear(13));
    assertThat(s.ready()).isTrue();
    assertThat(s.trend()).isCloseTo(0.5, within(1e-9));
    for (int h = 1; h <= 21; h++) {
      assertThat(s.forecast(h)).as("h=%d", h).isCloseTo(seasonalLinear(13 + h), within(1e-9));
    }
  }

  @Test
  void missingPeriods_areCarriedAlongTheTrendInConstantTime() {
    SeriesState s = SeriesState.empty(Smoothing.holtWinters(0.3, 0.1, 0.2, 7));
    for (int t = 0; t < 14; t++) {
      s = s.next(t, seasonalLinear(t));
    }
    s = s.next(40, seasonalLinear(40)); // 26 periods missing
    assertThat(s.lastPeriod()).isEqualTo(40);
    assertThat(s.forecastAt(45)).isCloseTo(seasonalLinear(45), within(1e-9));
  }

  @Test
  void noisySeasonalSeries_oneStepErrorsShrinkToTheNoise() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(1);
    SeriesState s = SeriesState.empty(Smoothing.holtWinters(0.1, 0.01, 0.1, 7));
    double sq = 0;
    int n = 0;
    for (int t = 0; t < 1_000; t++) {
      double y = seasonalLinear(t) + r.nextGaussian();
      if (t >= 500) {
        double e = y - s.forecast(1);
        sq += e * e;
        n++;
      }
      s = s.next(t, y);
    }
    assertThat(Math.sqrt(sq / n)).isLessThan(1.25); // noise sd 1
    assertThat(s.trend()).isCloseTo(0.5, within(0.02));
  }

  @Property(tries = 200)
  void anyParameters_trackAnExactSeasonalLineExactly(@ForAll @DoubleRange(min = 0.01, max = 1) double alpha,
      @ForAll @DoubleRange(min = 0, max = 1) double beta, @ForAll @DoubleRange(min = 0, max = 1) double gamma,
      @ForAll @IntRange(min = 14, max = 200) int length, @ForAll @IntRange(min = 1, max = 30) int h) {
    // A series the model describes exactly has zero one-step errors whatever the smoothing, so the state
    // must stay exact: this checks every recurrence against the others.
    SeriesState s = SeriesState.empty(Smoothing.holtWinters(alpha, beta, gamma, 7));
    for (int t = 0; t < length; t++) {
      s = s.next(t, seasonalLinear(t));
    }
    assertThat(s.forecast(h)).isCloseTo(seasonalLinear(length - 1 + h), within(1e-6));
  }

  @Test
  void badInput_isRejectedNamingTheValue() {
    SeriesState s = SeriesState.empty(Smoothing.simple(0.5)).next(3, 1);
    assertThatThrownBy(() -> s.next(4, Double.NaN)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> s.next(3, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("period").hasMessageContaining("3");
    assertThatThrownBy(() -> Smoothing.simple(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("alpha").hasMessageContaining("0.0");
    assertThatThrownBy(() -> Smoothing.holt(0.5, 1.5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("beta").hasMessageContaining("1.5");
    assertThatThrownBy(() -> Smoothing.holtWinters(0.5, 0.1, -0.1, 7)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gamma");
    assertThatThrownBy(() -> Smoothing.holtWinters(0.5, 0.1, 0.1, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("period").hasMessageContaining("1");
  }
}
