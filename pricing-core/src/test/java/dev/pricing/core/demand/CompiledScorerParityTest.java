package dev.pricing.core.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pricing.api.FeatureSchema;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.core.demand.internal.Derivation;
import dev.pricing.core.demand.internal.Prices;
import dev.pricing.core.demand.internal.TribuoBridge;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The compiled scorers equal Tribuo's own predict on thousands of random inputs. */
class CompiledScorerParityTest {
  static final int CASES = 3_000;

  /** A random input over the training schema [list price, vip, regular, views], wider than training. */
  static double[] randomInput(SplittableRandom rnd) {
    double vip = rnd.nextInt(2);
    return new double[] {1 + 80 * rnd.nextDouble(), vip, rnd.nextDouble() < 0.9 ? 1 - vip : 3 * rnd.nextDouble(),
        rnd.nextInt(40)};
  }

  static double[] randomPrices(SplittableRandom rnd, double list, int n) {
    double[] p = new double[n];
    for (int i = 0; i < n; i++) {
      p[i] = Math.round(list * (0.3 + 1.5 * rnd.nextDouble()) * 100) / 100.0;
    }
    return p;
  }

  /** The same features in another order plus an unrelated one: binding resolves by name. */
  static FeatureSchema shuffled(FeatureSchema schema, long seed) {
    List<String> names = new ArrayList<>(schema.names());
    names.add("unrelated.feature");
    Collections.shuffle(names, new java.util.Random(seed));
    return FeatureSchema.of(names);
  }

  static double[] project(double[] x, FeatureSchema from, FeatureSchema to) {
    double[] out = new double[to.size()];
    for (int i = 0; i < to.size(); i++) {
      int j = from.indexOf(to.name(i));
      out[i] = j < 0 ? 42.0 : x[j];
    }
    return out;
  }

  private static double maxAbsDiff(TrainedDemandModel model, boolean repair, double tolerance) {
    SplittableRandom rnd = new SplittableRandom(5);
    FeatureSchema training = model.trainingSchema();
    FeatureSchema engine = shuffled(training, 3);
    DemandModel.Scorer scorer = model.bind(engine);
    double max = 0;
    for (int c = 0; c < CASES; c++) {
      double[] x = randomInput(rnd);
      double[] prices = randomPrices(rnd, x[0], 1 + rnd.nextInt(8));
      double[] expected = model.predictWithTribuo(x, prices, repair);
      double[] out = new double[prices.length];
      scorer.score(project(x, training, engine), prices, prices.length, out);
      for (int i = 0; i < prices.length; i++) {
        double d = Math.abs(out[i] - expected[i]);
        assertThat(d).as("case %d price %s: compiled %s vs Tribuo %s", c, prices[i], out[i], expected[i])
            .isLessThanOrEqualTo(tolerance);
        max = Math.max(max, d);
      }
    }
    return max;
  }

  @Test
  void score_logistic_equalsTribuoPredictWithin1e9() {
    double max = maxAbsDiff(TrainedModels.logistic(), false, 1e-9);
    System.out.println("logistic parity max abs diff " + max);
  }

  @Test
  void score_logLogUnits_equalsTribuoPredictWithin1e9Relative() {
    // Units can be large (exp of the predictor): compare relative to the magnitude.
    TrainedDemandModel model = TrainedModels.units();
    SplittableRandom rnd = new SplittableRandom(6);
    DemandModel.Scorer scorer = model.bind(model.trainingSchema());
    double max = 0;
    for (int c = 0; c < CASES; c++) {
      double[] x = randomInput(rnd);
      double[] prices = randomPrices(rnd, x[0], 1 + rnd.nextInt(8));
      double[] expected = model.predictWithTribuo(x, prices, false);
      double[] out = new double[prices.length];
      scorer.score(x, prices, prices.length, out);
      for (int i = 0; i < prices.length; i++) {
        double rel = Math.abs(out[i] - expected[i]) / Math.max(1, Math.abs(expected[i]));
        assertThat(rel).isLessThanOrEqualTo(1e-9);
        max = Math.max(max, rel);
      }
    }
    System.out.println("units parity max rel diff " + max);
  }

  @Test
  void score_tree_equalsTribuoPredictExactlyAfterRepair() {
    double max = maxAbsDiff(TrainedModels.tree(), true, 0.0);
    assertThat(max).isZero();
  }

  @Test
  void treePlan_rawLeaves_equalTribuoPredictExactly() {
    TrainedDemandModel model = TrainedModels.tree();
    Derivation d = model.derivation();
    SplittableRandom rnd = new SplittableRandom(8);
    double[] derived = new double[d.derivedCount()];
    int differentLeaves = 0;
    java.util.Set<Double> seen = new java.util.HashSet<>();
    for (int c = 0; c < CASES; c++) {
      double[] x = randomInput(rnd);
      double price = randomPrices(rnd, x[0], 1)[0];
      d.deriveRaw(x, price, derived);
      double compiled = model.treePlan().predictDerived(derived);
      double tribuo = TribuoBridge.predictRaw(model.tribuoModel(), d, x, price);
      assertThat(compiled).isEqualTo(tribuo);
      if (seen.add(compiled)) {
        differentLeaves++;
      }
    }
    assertThat(differentLeaves).as("the test must reach many leaves").isGreaterThan(10);
    assertThat(model.treePlan().size()).isGreaterThan(20);
  }

  @Test
  void score_nonFiniteInput_usesTrainingMeanAndCounts() {
    TrainedDemandModel model = TrainedModels.logistic();
    DemandModel.Scorer scorer = model.bind(model.trainingSchema());
    long before = model.defaultedInputs();
    double[] x = {19.99, 1, 0, Double.NaN};
    double[] out = new double[2];
    scorer.score(x, new double[] {15, 25}, 2, out);
    assertThat(model.defaultedInputs()).isEqualTo(before + 1);
    double[] expected = model.predictWithTribuo(x, new double[] {15, 25}, false);
    assertThat(out[0]).isCloseTo(expected[0], org.assertj.core.api.Assertions.within(1e-9));
    assertThat(java.util.Arrays.stream(out).allMatch(Double::isFinite)).isTrue();
    // A missing list price (0) falls back to the training mean list price: still finite.
    scorer.score(new double[] {0, 1, 0, 3}, new double[] {15, 25}, 2, out);
    assertThat(java.util.Arrays.stream(out).allMatch(v -> Double.isFinite(v) && v >= 0 && v <= 1)).isTrue();
    assertThat(model.defaultedInputs()).isEqualTo(before + 2);
  }

  @Test
  void score_badPrice_isRefusedNamingIt() {
    DemandModel.Scorer scorer = TrainedModels.tree().bind(TrainedModels.tree().trainingSchema());
    double[] out = new double[2];
    assertThatThrownBy(() -> scorer.score(new double[] {20, 1, 0, 3}, new double[] {10, Double.NaN}, 2, out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prices[1]").hasMessageContaining("NaN");
    assertThatThrownBy(() -> scorer.score(new double[] {20, 1, 0, 3}, new double[] {-1}, 1, out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prices[0]");
  }

  @Test
  void bind_schemaLackingAFeature_namesIt() {
    for (TrainedDemandModel model : TrainedModels.all()) {
      FeatureSchema without = FeatureSchema.of(List.of("customer.attr.vip", "customer.attr.regular", "customer.views"));
      assertThatThrownBy(() -> model.bind(without)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("product.list_price");
    }
  }

  @Test
  void repairMonotone_unsortedGrid_matchesSortedRepair() {
    SplittableRandom rnd = new SplittableRandom(9);
    for (int c = 0; c < 500; c++) {
      int n = 1 + rnd.nextInt(100);
      double[] prices = new double[n];
      double[] raw = new double[n];
      for (int i = 0; i < n; i++) {
        prices[i] = rnd.nextInt(30);
        raw[i] = rnd.nextDouble();
      }
      double[] out = raw.clone();
      Prices.repairMonotone(prices, n, out);
      for (int i = 0; i < n; i++) {
        double expected = Double.POSITIVE_INFINITY;
        for (int j = 0; j < n; j++) {
          if (prices[j] <= prices[i]) {
            expected = Math.min(expected, raw[j]);
          }
        }
        assertThat(out[i]).isEqualTo(expected);
      }
    }
  }
}
