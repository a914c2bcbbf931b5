package dev.pricing.examples.realdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DominicksPredictionTest {
  /** Rows whose log units are a store-brand level minus 2.5 log pack price, plus deal and feature lifts and small noise. */
  private static List<Dominicks.Row> synthetic() {
    Random rnd = new Random(3);
    List<Dominicks.Row> rows = new ArrayList<>();
    for (int week = 1; week <= 60; week++) {
      for (int store = 1; store <= 4; store++) {
        for (int brand = 1; brand <= 11; brand++) {
          double[] perOz = new double[11];
          for (int b = 0; b < 11; b++) {
            perOz[b] = 0.03 + 0.02 * rnd.nextDouble();
          }
          double pack = perOz[brand - 1] * Dominicks.SIZE_OZ[brand - 1];
          double deal = rnd.nextInt(2);
          double feat = rnd.nextInt(2);
          double logMove = 8 + 0.3 * store + 0.1 * brand - 2.5 * Math.log(pack) + 0.3 * deal + 0.2 * feat
              + 0.05 * rnd.nextGaussian();
          rows.add(new Dominicks.Row(store, brand, week, logMove, perOz, deal, feat, 0));
        }
      }
    }
    return rows;
  }

  @Test
  void fixedEffectsOls_logLinearData_fitsHeldOutWeeksAndBeatsStoreBrandMean() {
    List<Dominicks.Row> rows = synthetic();
    List<Dominicks.Row> train = rows.stream().filter(r -> r.week() <= 45).toList();
    List<Dominicks.Row> test = rows.stream().filter(r -> r.week() > 45).toList();

    DominicksPrediction.Score ols = DominicksPrediction.fixedEffectsOls(train, test);
    DominicksPrediction.Score mean = DominicksPrediction.storeBrandMean(train, test);

    assertThat(ols.n()).isEqualTo(test.size());
    assertThat(ols.r2LogUnits()).isGreaterThan(0.9);
    assertThat(mean.r2LogUnits()).isLessThan(ols.r2LogUnits());
    assertThat(ols.maeUnits()).isLessThan(mean.maeUnits());
  }
}
