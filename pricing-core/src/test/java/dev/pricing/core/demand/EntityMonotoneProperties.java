package dev.pricing.core.demand;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pricing.api.spi.DemandModel;
import dev.pricing.core.demand.internal.EmpiricalBayes;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The monotonicity invariant under per-entity slopes: GLMs with entity effects and per-level slopes (pooled and
 * unpooled, units and conversion, including panels where half the segments' demand truly rises with price) never
 * let demand rise with price, for any level code (seen, unseen, out of range, fractional, negative) and any grid;
 * every reported slope after shrinkage is non-positive; and the empirical-Bayes step only ever shrinks.
 */
class EntityMonotoneProperties {

  private static final class Models {
    static final List<TrainingResult> ALL = List.of(
        train(false, EntityEffects.SlopePooling.PARTIAL, -2, -0.2),
        train(false, EntityEffects.SlopePooling.NONE, 0, 5),
        train(true, EntityEffects.SlopePooling.PARTIAL, 0, 5),
        train(true, EntityEffects.SlopePooling.NONE, -3, -0.5));

    private static TrainingResult train(boolean conversion, EntityEffects.SlopePooling pooling, double mean,
        double max) {
      EntityEffectsTest.Panel p = EntityEffectsTest.panel(conversion, 21, mean, max);
      EntityIds ids = EntityIds.learn(EntityKey.parse("customer.id"), p.offers());
      return EntityEffectsTest.train(p, conversion, pooling, ids);
    }
  }

  @Property(tries = 300)
  void score_anyLevelCodeAndGrid_neverRisesWithPrice(
      @ForAll @IntRange(min = 0, max = 3) int modelIndex,
      @ForAll @DoubleRange(min = -5, max = 70) double code,
      @ForAll boolean integral,
      @ForAll @DoubleRange(min = -50, max = 200) double listPrice,
      @ForAll @Size(min = 1, max = 30) List<@DoubleRange(min = 0, max = 400) Double> grid) {
    TrainedDemandModel model = Models.ALL.get(modelIndex).model();
    DemandModel.Scorer scorer = model.bind(model.trainingSchema());
    double[] prices = grid.stream().mapToDouble(Double::doubleValue).toArray();
    double[] out = new double[prices.length];
    scorer.score(new double[] {listPrice, integral ? Math.rint(code) : code}, prices, prices.length, out);
    for (int i = 0; i < prices.length; i++) {
      for (int j = 0; j < prices.length; j++) {
        if (prices[j] > prices[i] && !Double.isNaN(out[j]) && !Double.isNaN(out[i])) {
          assertThat(out[j]).as("demand at %s vs %s in %s -> %s", prices[j], prices[i], Arrays.toString(prices),
              Arrays.toString(out)).isLessThanOrEqualTo(out[i]);
        }
        if (Double.isNaN(out[i]) && prices[j] < prices[i]) {
          assertThat(out[j]).as("capped at %s but not at lower %s", prices[i], prices[j]).isNaN();
        }
      }
    }
  }

  @Property(tries = 20)
  void report_everyShrunkSlope_isNonPositive(@ForAll @IntRange(min = 0, max = 3) int modelIndex) {
    EntityReport r = Models.ALL.get(modelIndex).entities().orElseThrow();
    for (EntityElasticity e : r.levels()) {
      assertThat(e.shrunk()).as(e.toString()).isLessThanOrEqualTo(0);
      if (!Double.isNaN(e.upper())) {
        assertThat(e.upper()).as(e.toString()).isLessThanOrEqualTo(0);
      }
    }
  }

  @Property(tries = 300)
  void empiricalBayes_onlyShrinksTowardTheMean(
      @ForAll @Size(min = 1, max = 40) List<@DoubleRange(min = -20, max = 20) Double> raw,
      @ForAll @Size(min = 40, max = 40) List<@DoubleRange(min = 0.01, max = 10) Double> se) {
    double[] d = raw.stream().mapToDouble(Double::doubleValue).toArray();
    double[] s = se.subList(0, d.length).stream().mapToDouble(Double::doubleValue).toArray();
    EmpiricalBayes.Fit f = EmpiricalBayes.fit(d, s);
    assertThat(f.tau2()).isGreaterThanOrEqualTo(0);
    for (int j = 0; j < d.length; j++) {
      double lo = Math.min(d[j], f.mu()) - 1e-9;
      double hi = Math.max(d[j], f.mu()) + 1e-9;
      assertThat(f.shrunk()[j]).isBetween(lo, hi);
      assertThat(f.weight()[j]).isBetween(0.0, 1.0);
      assertThat(f.posteriorSd()[j]).isLessThanOrEqualTo(Math.sqrt(s[j] * s[j] + f.muVariance()) + 1e-9);
    }
  }
}
