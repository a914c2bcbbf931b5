package dev.pricing.core.demand.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** The compiled ensemble against XGBoost's own prediction, its grid scorer, contributions and binary form. */
class GbdtEnsembleTest {
  private static final int ROWS = 4000;

  @Test
  void margin_andPredict_matchTheBooster_onConversion_includingNaNsAndThresholds() {
    GbdtFit.Result fit = GbdtFixtures.conversion();
    double[] diff = parity(fit, 0, 21);
    assertThat(diff[0]).as("max |margin - booster margin|").isLessThanOrEqualTo(1e-6);
    assertThat(diff[1]).as("max |p - booster p|").isLessThanOrEqualTo(1e-6);
  }

  @Test
  void margin_andPredict_matchTheBooster_onUnits_relatively() {
    GbdtFit.Result fit = GbdtFixtures.units();
    double[] diff = parity(fit, 0, 22);
    assertThat(diff[0]).as("max |margin - booster margin|").isLessThanOrEqualTo(1e-6);
    assertThat(diff[2]).as("max relative units difference").isLessThanOrEqualTo(1e-6);
  }

  /** Returns {max abs margin diff, max abs demand diff, max relative demand diff}. */
  private static double[] parity(GbdtFit.Result fit, int treeLimit, long seed) {
    GbdtEnsemble e = fit.ensemble();
    SplittableRandom r = new SplittableRandom(seed);
    double[] rows = new double[ROWS * e.featureCount()];
    int exact = 0;
    for (int i = 0; i < ROWS; i++) {
      double[] x = GbdtFixtures.randomRow(r, e);
      System.arraycopy(x, 0, rows, i * x.length, x.length);
    }
    float[] f = GbdtFixtures.toFloat(rows);
    float[] boosterMargin = GbdtFit.boosterPredict(fit.modelJson(), treeLimit, f, ROWS, e.featureCount(), true);
    float[] boosterDemand = GbdtFit.boosterPredict(fit.modelJson(), treeLimit, f, ROWS, e.featureCount(), false);
    double[] worst = new double[3];
    double[] x = new double[e.featureCount()];
    int nan = 0;
    for (int i = 0; i < ROWS; i++) {
      System.arraycopy(rows, i * x.length, x, 0, x.length);
      for (double v : x) {
        nan += Double.isNaN(v) ? 1 : 0;
      }
      double m = e.margin(x);
      double p = e.predict(x);
      exact += m == boosterMargin[i] ? 1 : 0;
      worst[0] = Math.max(worst[0], Math.abs(m - boosterMargin[i]));
      worst[1] = Math.max(worst[1], Math.abs(p - boosterDemand[i]));
      worst[2] = Math.max(worst[2], Math.abs(p - boosterDemand[i]) / Math.max(1e-12, Math.abs(boosterDemand[i])));
    }
    assertThat(nan).as("the inputs include missing values").isGreaterThan(ROWS);
    assertThat(exact).as("margins bit-identical to XGBoost's").isEqualTo(ROWS);
    return worst;
  }

  @Test
  void earlyStopping_keepsTheBestRound_andStillMatchesTheBoosterOnThoseTrees() {
    double[][] train = GbdtFixtures.data(1500, 31, GbdtObjective.BINARY_LOGISTIC);
    double[][] val = GbdtFixtures.data(800, 32, GbdtObjective.BINARY_LOGISTIC);
    GbdtParams params = GbdtFixtures.smallParams().withTrees(200).withEta(0.5).withEarlyStoppingRounds(5);
    GbdtFit.Result fit = GbdtFit.fit(GbdtMatrix.of(train[0], 1500, GbdtFixtures.COLS, train[1], null),
        GbdtMatrix.of(val[0], 800, GbdtFixtures.COLS, val[1], null), GbdtFixtures.MONOTONE,
        GbdtObjective.BINARY_LOGISTIC, params);
    assertThat(fit.roundsTrained()).isLessThan(200);
    assertThat(fit.treesKept()).isEqualTo(fit.roundsTrained() - 5);
    assertThat(fit.ensemble().treeCount()).isEqualTo(fit.treesKept());
    double[] metric = fit.validationMetric();
    assertThat(metric).hasSize(fit.roundsTrained());
    double best = metric[fit.treesKept() - 1];
    for (double m : metric) {
      assertThat(m).isGreaterThanOrEqualTo(best);
    }
    double[] diff = parity(fit, fit.treesKept(), 33);
    assertThat(diff[1]).isLessThanOrEqualTo(1e-6);
  }

  @Test
  void fit_isDeterministicForASeed_withSubsampling() {
    double[][] d = GbdtFixtures.data(1000, 41, GbdtObjective.COUNT_POISSON);
    GbdtMatrix m = GbdtMatrix.of(d[0], 1000, GbdtFixtures.COLS, d[1], null);
    GbdtParams p = GbdtFixtures.smallParams().withTrees(15).withSubsample(0.7);
    byte[] a = GbdtFit.fit(m, null, GbdtFixtures.MONOTONE, GbdtObjective.COUNT_POISSON, p).ensemble().toBytes();
    byte[] b = GbdtFit.fit(m, null, GbdtFixtures.MONOTONE, GbdtObjective.COUNT_POISSON, p).ensemble().toBytes();
    byte[] c = GbdtFit.fit(m, null, GbdtFixtures.MONOTONE, GbdtObjective.COUNT_POISSON, p.withSeed(6)).ensemble()
        .toBytes();
    assertThat(a).isEqualTo(b);
    assertThat(a).isNotEqualTo(c);
  }

  @Test
  void weights_changeTheFit() {
    double[][] d = GbdtFixtures.data(1000, 43, GbdtObjective.BINARY_LOGISTIC);
    double[] w = new double[1000];
    for (int i = 0; i < w.length; i++) {
      w[i] = d[1][i] == 1 ? 3 : 1;
    }
    GbdtParams p = GbdtFixtures.smallParams().withTrees(10);
    GbdtEnsemble plain = GbdtFit.fit(GbdtMatrix.of(d[0], 1000, GbdtFixtures.COLS, d[1], null), null,
        GbdtFixtures.MONOTONE, GbdtObjective.BINARY_LOGISTIC, p).ensemble();
    GbdtEnsemble weighted = GbdtFit.fit(GbdtMatrix.of(d[0], 1000, GbdtFixtures.COLS, d[1], w), null,
        GbdtFixtures.MONOTONE, GbdtObjective.BINARY_LOGISTIC, p).ensemble();
    double[] x = {1, 0, 0.1, 0, 0, 0, 0, 0};
    assertThat(weighted.predict(x)).isGreaterThan(plain.predict(x));
  }

  /**
   * The grid adds in double, the per-row margin in float in tree order (as XGBoost). They may differ by at
   * most the float rounding of that sequential sum: each float addition errs by at most 2^-24 of its result.
   */
  @Test
  void grid_equalsPerRowPredict_forEveryCandidate_upToXgboostsFloatRounding() {
    for (GbdtFit.Result fit : new GbdtFit.Result[] {GbdtFixtures.conversion(), GbdtFixtures.units()}) {
      GbdtEnsemble e = fit.ensemble();
      GbdtGrid grid = e.grid(GbdtFixtures.PRICE_COLUMNS);
      GbdtGrid.Scratch scratch = grid.newScratch();
      SplittableRandom r = new SplittableRandom(51);
      int count = 150; // more than one chunk of candidates
      double[] prices = new double[count * 3];
      double[] out = new double[count];
      double[] margins = new double[count];
      double worstDemand = 0;
      double worstMarginOverBound = 0;
      for (int req = 0; req < 300; req++) {
        double[] row = GbdtFixtures.randomRow(r, e);
        for (int c = 0; c < count; c++) {
          double[] candidate = GbdtFixtures.randomRow(r, e);
          System.arraycopy(candidate, 0, prices, c * 3, 3);
        }
        if (req % 2 == 0) {
          grid.predict(row, prices, count, out);
        } else {
          grid.predict(row, prices, count, out, scratch);
        }
        grid.margins(row, prices, count, margins, scratch);
        double[] x = row.clone();
        for (int c = 0; c < count; c++) {
          System.arraycopy(prices, c * 3, x, 0, 3);
          double expected = e.predict(x);
          double scale = e.objective() == GbdtObjective.COUNT_POISSON ? Math.abs(expected) : 1.0;
          worstDemand = Math.max(worstDemand, Math.abs(out[c] - expected) / scale);
          double bound = floatSumErrorBound(e, x) + 1e-12;
          assertThat(Math.abs(margins[c] - e.margin(x))).as("grid vs float margin").isLessThanOrEqualTo(bound);
          worstMarginOverBound = Math.max(worstMarginOverBound, Math.abs(margins[c] - e.margin(x)) / bound);
          assertThat(e.objective().link(margins[c])).isEqualTo(out[c]);
        }
      }
      System.out.printf("grid vs per-row, %s: max demand difference %.3g (%s), max margin difference / bound %.3f%n",
          e, worstDemand, e.objective() == GbdtObjective.COUNT_POISSON ? "relative" : "absolute",
          worstMarginOverBound);
      if (e.objective() == GbdtObjective.BINARY_LOGISTIC) {
        assertThat(worstDemand).as("max |grid p - per-row p|").isLessThanOrEqualTo(1e-6);
      }
    }
  }

  @Test
  void grid_equalsPerRowPredict_onSortedGrids_withFallingColumns_ties_probesAndMissingPrices() {
    for (GbdtFit.Result fit : new GbdtFit.Result[] {GbdtFixtures.conversion(), GbdtFixtures.units()}) {
      GbdtEnsemble e = fit.ensemble();
      GbdtGrid grid = e.grid(GbdtFixtures.PRICE_COLUMNS);
      GbdtGrid.Scratch scratch = grid.newScratch();
      SplittableRandom r = new SplittableRandom(53);
      double[] margins = new double[200];
      int mixedSeen = 0;
      for (int req = 0; req < 400; req++) {
        double[] row = GbdtFixtures.randomRow(r, e);
        // a sorted grid of a price ratio (longer than one chunk on some requests), column 1 falling in it on
        // odd requests, column 2 with runs of equal values; then up to three probes in any order, and on some
        // requests a missing price in the middle
        int sorted = 2 + r.nextInt(req % 5 == 0 ? 150 : 60);
        int probes = r.nextInt(4);
        int count = sorted + probes;
        double[] prices = new double[count * 3];
        for (int c = 0; c < count; c++) {
          double t = c < sorted ? 0.4 + 1.0 * c / sorted : 0.4 + r.nextDouble();
          prices[c * 3] = t;
          prices[c * 3 + 1] = req % 2 == 1 ? Math.log(1.9 - t) : Math.log(0.1 + t);
          prices[c * 3 + 2] = Math.floor(8 * t) / 8 - 1;
        }
        if (req % 7 == 3) {
          prices[(sorted / 2) * 3 + r.nextInt(3)] = Double.NaN;
        }
        grid.margins(row, prices, count, margins, scratch);
        mixedSeen += scratch.mixedCount;
        double[] x = row.clone();
        for (int c = 0; c < count; c++) {
          System.arraycopy(prices, c * 3, x, 0, 3);
          double bound = floatSumErrorBound(e, x) + 1e-12;
          assertThat(Math.abs(margins[c] - e.margin(x))).as("request %d candidate %d of %d", req, c, count)
              .isLessThanOrEqualTo(bound);
        }
      }
      assertThat(mixedSeen).as("trees splitting on two price columns were scored by intervals").isPositive();
    }
  }

  /** Sum over trees of 2^-24 |partial float sum|: a bound on the rounding of XGBoost's float accumulation. */
  private static double floatSumErrorBound(GbdtEnsemble e, double[] x) {
    float m = e.baseMargin();
    double bound = 0;
    for (int t = 0; t < e.treeCount(); t++) {
      int i = e.treeRoot(t);
      while (e.feature[i] >= 0) {
        float v = (float) x[e.feature[i]];
        i = v != v ? (e.defaultLeft[i] ? e.left[i] : e.right[i]) : (v < e.threshold[i] ? e.left[i] : e.right[i]);
      }
      m += e.leaf[i];
      bound += Math.abs(m) * 0x1p-24;
    }
    return bound;
  }

  @Test
  void grid_reusesItsContextWalk_onlyForTheSameRow() {
    GbdtEnsemble e = GbdtFixtures.conversion().ensemble();
    GbdtGrid grid = e.grid(GbdtFixtures.PRICE_COLUMNS);
    GbdtGrid.Scratch reused = grid.newScratch();
    SplittableRandom r = new SplittableRandom(71);
    int count = 24;
    double[] prices = new double[count * 3];
    double[] out = new double[count];
    double[] fresh = new double[count];
    for (int req = 0; req < 300; req++) {
      double[] row = GbdtFixtures.randomRow(r, e);
      // the same row again, the row with one context column moved, missing, or at -0 (which compares as 0), and back
      double[] moved = row.clone();
      int f = 3 + req % (e.featureCount() - 3);
      moved[f] = switch (req % 4) {
        case 0 -> moved[f] + 0.5;
        case 1 -> Double.NaN;
        case 2 -> moved[f] - 1e-12; // below float resolution: the same keys, the same walk
        default -> -0.0;
      };
      for (double[] x : new double[][] {row, row, moved, row, moved, moved}) {
        for (int c = 0; c < count; c++) {
          double[] candidate = GbdtFixtures.randomRow(r, e);
          System.arraycopy(candidate, 0, prices, c * 3, 3);
        }
        grid.margins(x, prices, count, out, reused);
        grid.margins(x, prices, count, fresh, grid.newScratch());
        assertThat(out).as("request %d", req).containsExactly(fresh);
      }
    }
  }

  @Test
  void grid_reusesItsCrossings_onlyForColumnsWhoseValuesAndOrderAreUnchanged() {
    GbdtEnsemble e = GbdtFixtures.conversion().ensemble();
    GbdtGrid grid = e.grid(GbdtFixtures.PRICE_COLUMNS);
    GbdtGrid.Scratch reused = grid.newScratch();
    SplittableRandom r = new SplittableRandom(79);
    double[] out = new double[64];
    double[] fresh = new double[64];
    for (int req = 0; req < 300; req++) {
      int count = 20 + req % 40;
      // a sorted grid: p/L, ln(p/L) and a third column falling with price, as a population's samples score it
      double[] prices = new double[count * 3];
      double shift = 0.3 * r.nextDouble();
      for (int c = 0; c < count; c++) {
        double ratio = 0.6 + 0.8 * c / count;
        prices[3 * c] = ratio;
        prices[3 * c + 1] = Math.log(ratio);
        prices[3 * c + 2] = shift - ratio;
      }
      for (int sample = 0; sample < 6; sample++) {
        double[] row = GbdtFixtures.randomRow(r, e);
        double[] p = prices.clone();
        switch (sample) {
          case 2 -> { // one column's values move (another customer's reference price)
            for (int c = 0; c < count; c++) {
              p[3 * c + 2] += 0.4;
            }
          }
          case 3 -> { // the same values, another order: every crossing moves
            int a = r.nextInt(count);
            int b = r.nextInt(count);
            for (int k = 0; k < 3; k++) {
              double t = p[3 * a + k];
              p[3 * a + k] = p[3 * b + k];
              p[3 * b + k] = t;
            }
          }
          case 4 -> p[3 * (count - 1) + 2] = Double.NaN; // a missing value: the unsorted path
          default -> { } // the same grid again
        }
        grid.margins(row, p, count, out, reused);
        grid.margins(row, p, count, fresh, grid.newScratch());
        assertThat(Arrays.copyOf(out, count)).as("request %d sample %d", req, sample)
            .containsExactly(Arrays.copyOf(fresh, count));
      }
    }
  }

  @Test
  void grid_resolvesContextOnce_soMostTreesBecomeTablesOrConstants() {
    GbdtEnsemble e = GbdtFixtures.conversion().ensemble();
    GbdtGrid grid = e.grid(GbdtFixtures.PRICE_COLUMNS);
    GbdtGrid.Scratch s = grid.newScratch();
    double[] row = {1, 0, 0, 0.3, -0.2, 0.1, 1, 2};
    double[] out = new double[1];
    grid.predict(row, new double[] {1, 0, 0}, 1, out, s);
    assertThat(s.mixedCount).as("trees needing a walk per candidate").isLessThan(e.treeCount());
    assertThat(grid.thresholdCount(0)).isPositive();
  }

  @Test
  void upperBound_countsThresholdsAtOrBelow() {
    SplittableRandom r = new SplittableRandom(91);
    for (int n = 0; n < 40; n++) {
      float[] a = new float[n];
      for (int i = 0; i < n; i++) {
        a[i] = (float) r.nextGaussian();
      }
      Arrays.sort(a);
      for (int q = 0; q < 200; q++) {
        float v = q % 3 == 0 && n > 0 ? a[r.nextInt(n)] : (float) (2 * r.nextGaussian());
        int expected = 0;
        for (float t : a) {
          expected += t <= v ? 1 : 0;
        }
        assertThat(GbdtGrid.upperBound(a, v)).isEqualTo(expected);
        assertThat(GbdtGrid.search(a, v, r.nextInt(n + 1))).as("search from any start").isEqualTo(expected);
      }
    }
  }

  @Test
  void grid_refusesBadArguments() {
    GbdtEnsemble e = GbdtFixtures.conversion().ensemble();
    assertThatThrownBy(() -> e.grid()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(
        "priceColumns");
    assertThatThrownBy(() -> e.grid(0, 8)).hasMessageContaining("priceColumns[1] = 8 is out of range [0, 8)");
    assertThatThrownBy(() -> e.grid(1, 1)).hasMessageContaining("priceColumns[1] = 1 is repeated");
    GbdtGrid g = e.grid(0);
    double[] out = new double[2];
    assertThatThrownBy(() -> g.predict(new double[7], new double[2], 2, out)).hasMessageContaining(
        "row.length must be 8, got 7");
    assertThatThrownBy(() -> g.predict(new double[8], new double[1], 2, out)).hasMessageContaining(
        "priceValues.length must be >= count * 1 = 2, got 1");
    assertThatThrownBy(() -> g.predict(new double[8], new double[3], 3, out)).hasMessageContaining(
        "out.length must be >= count 3, got 2");
    assertThatThrownBy(() -> g.predict(new double[8], new double[2], 2, out, e.grid(0, 1).newScratch()))
        .hasMessageContaining("scratch");
    // another grid of the same shape: its scratch would bring that grid's remembered context walk
    assertThatThrownBy(() -> g.predict(new double[8], new double[2], 2, out, e.grid(0).newScratch()))
        .hasMessageContaining("scratch must come from this scorer's newScratch()");
    assertThatThrownBy(() -> g.predict(new double[8], new double[2], 2, out, null))
        .hasMessageContaining("scratch");
  }

  @Test
  void saabas_plusBias_isTheMargin_andContributionsExplainTheDifferenceFromAReference() {
    GbdtEnsemble e = GbdtFixtures.conversion().ensemble();
    SplittableRandom r = new SplittableRandom(61);
    double[] c = new double[e.featureCount()];
    for (int i = 0; i < 200; i++) {
      double[] x = GbdtFixtures.randomRow(r, e);
      double[] ref = x.clone();
      ref[0] = 1.0;
      ref[1] = 0.0;
      ref[2] = 0.0;
      double bias = e.saabas(x, c);
      assertThat(bias + Arrays.stream(c).sum()).isCloseTo(e.margin(x), org.assertj.core.data.Offset.offset(1e-5));
      e.contributions(x, ref, c);
      assertThat(Arrays.stream(c).sum()).isCloseTo(e.margin(x) - e.margin(ref),
          org.assertj.core.data.Offset.offset(1e-5));
      // per feature, the difference of the two rows' own path contributions (the shared prefix cancels), also for
      // a reference that differs in every column
      double[] other = i % 2 == 0 ? ref : GbdtFixtures.randomRow(r, e);
      double[] cx = new double[c.length];
      double[] cr = new double[c.length];
      e.saabas(x, cx);
      e.saabas(other, cr);
      e.contributions(x, other, c);
      for (int f = 0; f < c.length; f++) {
        assertThat(c[f]).isCloseTo(cx[f] - cr[f], org.assertj.core.data.Offset.offset(1e-9));
      }
    }
    // A reference differing in one column only, both rows missing another (trees that split on neither differing
    // column are skipped): still the difference of the rows' Saabas contributions, and 0 for every other column.
    for (int i = 0; i < 200; i++) {
      double[] x = GbdtFixtures.randomRow(r, e);
      int f = 3 + i % 5;
      int missing = 3 + (i + 2) % 5;
      x[missing] = Double.NaN;
      double[] ref = x.clone();
      ref[f] += i % 3 == 0 ? 1e-9 : 0.7; // a change below float resolution moves no split
      double[] cx = new double[c.length];
      double[] cr = new double[c.length];
      e.saabas(x, cx);
      e.saabas(ref, cr);
      e.contributions(x, ref, c);
      for (int g = 0; g < c.length; g++) {
        assertThat(c[g]).as("column %d", g).isCloseTo(cx[g] - cr[g], org.assertj.core.data.Offset.offset(1e-9));
      }
      if ((float) x[f] == (float) ref[f]) {
        assertThat(c).containsOnly(0.0);
      }
    }
    // Column 7 is pure noise with a small effect; a column the model never splits on contributes exactly 0.
    double[] x = {1, 0, 0, 0, 0, 0, 0, 0};
    double[] ref = {0.8, Math.log(0.8), -0.2, 0, 0, 0, 0, 0};
    e.contributions(x, ref, c);
    for (int f = 0; f < c.length; f++) {
      if (!splitsOn(e, f)) {
        assertThat(c[f]).isZero();
      }
    }
    assertThat(c[0] + c[1] + c[2]).as("a higher price lowers the margin").isNegative();
  }

  private static boolean splitsOn(GbdtEnsemble e, int f) {
    for (int i = 0; i < e.nodeCount(); i++) {
      if (e.feature[i] == f) {
        return true;
      }
    }
    return false;
  }

  @Test
  void toBytes_roundTrips() {
    GbdtEnsemble e = GbdtFixtures.units().ensemble();
    byte[] bytes = e.toBytes();
    GbdtEnsemble back = GbdtEnsemble.fromBytes(bytes);
    assertThat(back.toBytes()).isEqualTo(bytes);
    assertThat(back.objective()).isEqualTo(e.objective());
    assertThat(back.treeCount()).isEqualTo(e.treeCount());
    assertThat(back.baseMargin()).isEqualTo(e.baseMargin());
    SplittableRandom r = new SplittableRandom(71);
    double[] c1 = new double[e.featureCount()];
    double[] c2 = new double[e.featureCount()];
    for (int i = 0; i < 500; i++) {
      double[] x = GbdtFixtures.randomRow(r, e);
      assertThat(back.margin(x)).isEqualTo(e.margin(x));
      assertThat(back.saabas(x, c1)).isEqualTo(e.saabas(x, c2));
      assertThat(c1).isEqualTo(c2);
    }
  }

  @Test
  void fromBytes_refusesDamage() {
    byte[] good = GbdtFixtures.conversion().ensemble().toBytes();
    byte[] flipped = good.clone();
    flipped[good.length / 2] ^= 0x10;
    assertThatThrownBy(() -> GbdtEnsemble.fromBytes(flipped)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("checksum");
    assertThatThrownBy(() -> GbdtEnsemble.fromBytes(Arrays.copyOf(good, good.length - 9)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("checksum");
    assertThatThrownBy(() -> GbdtEnsemble.fromBytes(new byte[5])).hasMessageContaining("too short: 5 bytes");
    assertThatThrownBy(() -> GbdtEnsemble.fromBytes(null)).hasMessageContaining("bytes must not be null");
    byte[] magic = good.clone();
    magic[0] = 'X';
    assertThatThrownBy(() -> GbdtEnsemble.fromBytes(magic)).hasMessageContaining("magic");
    byte[] version = good.clone();
    version[5] = 9;
    assertThatThrownBy(() -> GbdtEnsemble.fromBytes(version)).hasMessageContaining("format version 9");
  }

  /** Damage that keeps a valid checksum (the checksum is recomputed): each structural check must fire. */
  @Test
  void fromBytes_refusesStructuralDamage_evenWithAValidChecksum() {
    // Tree: root splits feature 1 at 0.5 into two leaves.
    byte[] ok = tinyTree(1, 0.5f, 1, 2, 0.25f, Float.NaN);
    assertThat(GbdtEnsemble.fromBytes(ok).margin(new double[] {0, 0, 0})).isEqualTo(0.25f + 0.1f);
    assertThatThrownBy(() -> GbdtEnsemble.fromBytes(tinyTree(3, 0.5f, 1, 2, 0.25f, Float.NaN)))
        .hasMessageContaining("node 0: feature 3 out of range [0, 3)");
    assertThatThrownBy(() -> GbdtEnsemble.fromBytes(tinyTree(-2, 0.5f, 1, 2, 0.25f, Float.NaN)))
        .hasMessageContaining("feature -2 out of range");
    assertThatThrownBy(() -> GbdtEnsemble.fromBytes(tinyTree(1, 0.5f, 1, 7, 0.25f, Float.NaN)))
        .hasMessageContaining("child 7 out of range [0, 3)");
    assertThatThrownBy(() -> GbdtEnsemble.fromBytes(tinyTree(1, 0.5f, 0, 2, 0.25f, Float.NaN)))
        .hasMessageContaining("must come after their parent");
    assertThatThrownBy(() -> GbdtEnsemble.fromBytes(tinyTree(1, 0.5f, 1, 1, 0.25f, Float.NaN)))
        .hasMessageContaining("child 1 is reached twice");
    assertThatThrownBy(() -> GbdtEnsemble.fromBytes(tinyTree(1, Float.NaN, 1, 2, 0.25f, Float.NaN)))
        .hasMessageContaining("threshold must be finite, got NaN");
    assertThatThrownBy(() -> GbdtEnsemble.fromBytes(tinyTree(1, 0.5f, 1, 2, Float.POSITIVE_INFINITY, Float.NaN)))
        .hasMessageContaining("node 1: leaf value must be finite, got Infinity");
    assertThatThrownBy(() -> GbdtEnsemble.fromBytes(tinyTree(1, 0.5f, 1, 2, 0.25f, -1f)))
        .hasMessageContaining("cover must be finite and >= 0, got -1.0");
  }

  /** Three nodes: root (feature f, threshold t, children l and r), leaf 1 with value v, leaf 2 = 1.0. */
  private static byte[] tinyTree(int f, float t, int l, int r, float v, float rootCoverOverride) {
    ByteBuffer b = ByteBuffer.allocate(4 + 2 + 1 + 4 + 4 + 4 + 4 + 3 * 25 + 4);
    b.putInt(0x50474254).putShort((short) 1).put((byte) 0).putInt(3).putFloat(0.1f).putInt(1).putInt(3);
    b.putInt(f).putFloat(t).putInt(l).putInt(r).put((byte) 1).putFloat(0f)
        .putFloat(Float.isNaN(rootCoverOverride) ? 2f : rootCoverOverride);
    b.putInt(-1).putFloat(0f).putInt(-1).putInt(-1).put((byte) 0).putFloat(v).putFloat(1f);
    b.putInt(-1).putFloat(0f).putInt(-1).putInt(-1).put((byte) 0).putFloat(1f).putFloat(1f);
    CRC32 crc = new CRC32();
    crc.update(b.array(), 0, b.position());
    b.putInt((int) crc.getValue());
    return b.array();
  }

  @Test
  void fromXgboostJson_refusesWhatItCannotCompile() {
    String good = new String(GbdtFixtures.conversion().modelJson(), StandardCharsets.UTF_8);
    assertThatThrownBy(() -> json(good.replace("\"binary:logistic\"", "\"reg:pseudohubererror\"")))
        .hasMessageContaining("objective must be binary:logistic, count:poisson or reg:squarederror, got"
            + " reg:pseudohubererror");
    assertThatThrownBy(() -> json(good.replaceFirst("\"split_type\":\\[0", "\"split_type\":[1")))
        .hasMessageContaining("categorical splits are not supported");
    assertThatThrownBy(() -> json(good.replace("\"name\":\"gbtree\"", "\"name\":\"dart\"")))
        .hasMessageContaining("gradient_booster.name must be gbtree, got dart");
    assertThatThrownBy(() -> json(good.replaceFirst("\"split_indices\":\\[\\d+", "\"split_indices\":[99")))
        .hasMessageContaining("feature 99 out of range [0, 8)");
    assertThatThrownBy(() -> json(good.substring(0, good.length() - 3))).hasMessageContaining("JSON:");
    assertThatThrownBy(() -> GbdtEnsemble.fromXgboostJson(GbdtFixtures.conversion().modelJson(), 0))
        .hasMessageContaining("treeLimit must be >= 1, got 0");
  }

  private static GbdtEnsemble json(String s) {
    return GbdtEnsemble.fromXgboostJson(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void fit_refusesBadInput() {
    double[][] d = GbdtFixtures.data(50, 81, GbdtObjective.BINARY_LOGISTIC);
    GbdtMatrix m = GbdtMatrix.of(d[0], 50, GbdtFixtures.COLS, d[1], null);
    GbdtParams p = GbdtFixtures.smallParams();
    assertThatThrownBy(() -> GbdtFit.fit(m, null, new int[3], GbdtObjective.BINARY_LOGISTIC, p))
        .hasMessageContaining("monotone.length must be train.cols() = 8, got 3");
    assertThatThrownBy(() -> GbdtFit.fit(m, null, new int[] {2, 0, 0, 0, 0, 0, 0, 0},
        GbdtObjective.BINARY_LOGISTIC, p)).hasMessageContaining("monotone[0] must be -1, 0 or 1, got 2");
    double[] units = d[1].clone();
    units[4] = 3;
    GbdtMatrix counts = GbdtMatrix.of(d[0], 50, GbdtFixtures.COLS, units, null);
    assertThatThrownBy(() -> GbdtFit.fit(counts, null, GbdtFixtures.MONOTONE, GbdtObjective.BINARY_LOGISTIC, p))
        .hasMessageContaining("train label[4] must be 0 or 1 for binary:logistic, got 3.0");
    units[4] = -1;
    assertThatThrownBy(() -> GbdtFit.fit(GbdtMatrix.of(d[0], 50, GbdtFixtures.COLS, units, null), null,
        GbdtFixtures.MONOTONE, GbdtObjective.COUNT_POISSON, p))
        .hasMessageContaining("train label[4] must be >= 0 for count:poisson, got -1.0");
    assertThatThrownBy(() -> GbdtMatrix.of(new double[7], 2, 4, new double[2], null))
        .hasMessageContaining("values.length must be rows * cols = 8, got 7");
    double[] inf = new double[8];
    inf[5] = Double.POSITIVE_INFINITY;
    assertThatThrownBy(() -> GbdtMatrix.of(inf, 2, 4, new double[2], null))
        .hasMessageContaining("values[row 1, col 1] must be finite or NaN, got Infinity");
    assertThatThrownBy(() -> GbdtMatrix.of(new double[8], 2, 4, new double[2], new double[] {1, -1}))
        .hasMessageContaining("weights[1] must be finite and >= 0, got -1.0");
    assertThatThrownBy(() -> p.withEta(0)).hasMessageContaining("eta must be in (0, 1], got 0.0");
    assertThatThrownBy(() -> p.withMaxDepth(0)).hasMessageContaining("maxDepth must be in [1, 16], got 0");
    assertThatThrownBy(() -> GbdtFixtures.conversion().ensemble().margin(new double[3]))
        .hasMessageContaining("x.length must be 8, got 3");
  }

  @Test
  void gridKeysOrderFloatsAsTheyCompare() {
    // The grid's walk compares integer keys: key(a) < key(b) must hold exactly when a < b (so -0 and 0 tie).
    float[] edge = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MIN_NORMAL, 1f, -1f,
        Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Math.nextUp(1f),
        Math.nextDown(-1f)};
    SplittableRandom r = new SplittableRandom(13);
    float[] values = Arrays.copyOf(edge, edge.length + 2000);
    for (int i = edge.length; i < values.length; i++) {
      float v = Float.intBitsToFloat(r.nextInt());
      values[i] = Float.isNaN(v) ? (float) r.nextGaussian() : v;
    }
    for (float a : values) {
      for (int j = 0; j < 200; j++) {
        float b = values[r.nextInt(values.length)];
        assertThat(GbdtGrid.key(a) < GbdtGrid.key(b)).as("%s < %s", a, b).isEqualTo(a < b);
        assertThat(GbdtGrid.key(a) == GbdtGrid.key(b)).as("%s == %s", a, b).isEqualTo(a == b);
      }
      for (float b : edge) {
        assertThat(GbdtGrid.key(a) < GbdtGrid.key(b)).as("%s < %s", a, b).isEqualTo(a < b);
      }
      // the walk's missing-value slots lie beyond every key of a number
      assertThat(GbdtGrid.key(a)).isGreaterThan(Integer.MIN_VALUE).isLessThan(Integer.MAX_VALUE);
    }
  }
}
