package dev.pricing.core.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pricing.api.PricingRequest;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A logging policy that showed high prices to eager buyers (a trait the model cannot see) makes demand look
 * less price sensitive than it is; weighting by the logged propensities recovers what a randomised price
 * test on the same population measures.
 */
class InversePropensityWeightingTest {
  static final double[] RATIOS = {0.8, 1.0, 1.2};
  static final double[] EAGER_POLICY = {0.1, 0.3, 0.6};
  static final double[] OTHER_POLICY = {0.6, 0.3, 0.1};

  static List<OfferRecord> log(boolean confounded, int rows, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<OfferRecord> out = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      boolean eager = rnd.nextBoolean();
      PricingRequest q = SyntheticOffers.request(rnd, i, rnd.nextDouble() < 0.3);
      double[] policy = confounded ? (eager ? EAGER_POLICY : OTHER_POLICY) : new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0};
      double u = rnd.nextDouble();
      int k = u < policy[0] ? 0 : u < policy[0] + policy[1] ? 1 : 2;
      BigDecimal price = q.product().listPrice().multiply(BigDecimal.valueOf(RATIOS[k]))
          .setScale(2, RoundingMode.HALF_UP);
      double ratio = price.doubleValue() / q.product().listPrice().doubleValue();
      double p = SyntheticOffers.sigmoid(2.5 + (eager ? 2.0 : -1.0) - 4.0 * ratio);
      out.add(new OfferRecord(q, price, OptionalDouble.of(policy[k]), rnd.nextDouble() < p ? 1 : 0));
    }
    return out;
  }

  static double beta(List<OfferRecord> log, boolean weighted) {
    DemandModelTrainer.Builder b = DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_SGD)
        .extractors(SyntheticOffers.extractors());
    if (weighted) {
      b.inversePropensityWeighting(20);
    }
    TrainingResult r = b.build().train(log);
    if (weighted) {
      assertThat(r.evaluation().notes()).anyMatch(n -> n.contains("effective sample size"));
    }
    return r.evaluation().priceSensitivity().orElseThrow().coefficient();
  }

  @Test
  void train_confoundedLogWithPropensityWeights_matchesRandomisedTest() {
    double randomised = beta(log(false, 20_000, 1), false);
    double naive = beta(log(true, 20_000, 2), false);
    double weighted = beta(log(true, 20_000, 2), true);
    System.out.printf("price coefficient: randomised %.3f, confounded naive %.3f, confounded IPS %.3f%n",
        randomised, naive, weighted);
    assertThat(Math.abs(naive - randomised)).isGreaterThan(1.0);
    assertThat(Math.abs(weighted - randomised)).isLessThan(0.35);
  }

  @Test
  void train_weightingWithoutPropensity_namesTheOffer() {
    List<OfferRecord> log = new ArrayList<>(log(true, 2_000, 3));
    OfferRecord r = log.get(17);
    log.set(17, new OfferRecord(r.context(), r.offeredPrice(), OptionalDouble.empty(), r.units()));
    assertThatThrownBy(() -> DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_SGD)
        .extractors(SyntheticOffers.extractors()).inversePropensityWeighting(20).build().train(log))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("offer 17")
        .hasMessageContaining("propensity");
    assertThatThrownBy(() -> DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_SGD).inversePropensityWeighting(0.5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
