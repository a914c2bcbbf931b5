package dev.pricing.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pricing.api.Guardrail;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import dev.pricing.core.FeatureExtractors;
import dev.pricing.core.LogisticDemandModel;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OffPolicyEstimatorTest {
  private static MarketSimulator sim;
  private static PricingEngine engine;
  private static PricingPolicy target;
  private static PricingPolicy logging;
  /** A deliberately wrong demand model: no personal features, wrong price sensitivity. */
  private static RewardModel misspecified;
  private static RewardModel truth;

  @BeforeAll
  static void setUp() {
    sim = MarketSimulator.defaultMarket(99);
    engine = sim.engineBuilder().demandModel(sim.trueDemandModel()).guardrail(Guardrail.maxChange(0.2)).build();
    target = Policies.engine("engine personal, max change 20%", engine);
    logging = sim.randomisedPolicy(0.75, 1.25);
    LogisticDemandModel wrong = LogisticDemandModel.builder().version("wrong").intercept(0.2).priceCoefficient(3.0).build();
    misspecified = RewardModel.expectedProfit(wrong, FeatureExtractors.standard(), sim.feeRate());
    truth = RewardModel.expectedProfit(sim.trueDemandModel(), FeatureExtractors.standard(), sim.feeRate());
  }

  @AfterAll
  static void tearDown() {
    engine.close();
  }

  private static double trueValue(List<SimulatedOffer> offers) {
    return sim.trueValue(target, offers.stream().map(SimulatedOffer::request).toList());
  }

  @Test
  void estimates_fixedSeed_intervalsCoverTrueValue() {
    List<SimulatedOffer> offers = sim.logOffers(sim.requests(6000, 1), logging, 2);
    double truthValue = trueValue(offers);
    double loggingValue = sim.trueValue(logging, offers.stream().map(SimulatedOffer::request).toList());
    OffPolicyEstimator ope = OffPolicyEstimator.of(sim.toLoggedOffers(offers), target);
    OpeEstimate ips = ope.ips(0.95);
    OpeEstimate snips = ope.selfNormalisedIps(0.95);
    OpeEstimate dr = ope.doublyRobust(misspecified, 0.95);
    OpeEstimate drTrue = ope.doublyRobust(truth, 0.95);
    System.out.printf("truth %.4f (logging policy %.4f); support %.3f, ESS %.0f%n", truthValue, loggingValue,
        ope.support(), ope.effectiveSampleSize());
    for (OpeEstimate e : List.of(ips, snips, dr, drTrue)) {
      System.out.printf("%s %.4f [%.4f, %.4f] se %.4f%n", e.estimator(), e.value(), e.lower(), e.upper(), e.standardError());
      assertThat(e.covers(truthValue)).as(e.toString()).isTrue();
    }
    // The target really differs from the logging policy, and the log covers every price it chooses.
    assertThat(truthValue - loggingValue).isGreaterThan(0.1 * loggingValue);
    assertThat(ope.support()).isGreaterThan(0.02);
    // A correct reward model removes the variance of the direct part (purchase noise remains).
    assertThat(drTrue.standardError()).isLessThan(ips.standardError());
  }

  @Test
  void estimates_severalSeeds_coverageNearNominal() {
    int runs = 25;
    int[] covered = new int[3];
    for (int s = 0; s < runs; s++) {
      List<SimulatedOffer> offers = sim.logOffers(sim.requests(3000, 100 + s), logging, 200 + s);
      double truthValue = trueValue(offers);
      OffPolicyEstimator ope = OffPolicyEstimator.of(sim.toLoggedOffers(offers), target);
      covered[0] += ope.ips(0.95).covers(truthValue) ? 1 : 0;
      covered[1] += ope.selfNormalisedIps(0.95).covers(truthValue) ? 1 : 0;
      covered[2] += ope.doublyRobust(misspecified, 0.95).covers(truthValue) ? 1 : 0;
    }
    System.out.printf("OPE coverage over %d seeds: IPS %d, SNIPS %d, DR %d%n", runs, covered[0], covered[1], covered[2]);
    for (int c : covered) {
      assertThat((double) c / runs).isGreaterThanOrEqualTo(0.8);
    }
  }

  @Test
  void estimates_targetEqualsLogging_matchesOnPolicyMean() {
    List<SimulatedOffer> offers = sim.logOffers(sim.requests(500, 3), logging, 4);
    List<LoggedOffer> log = sim.toLoggedOffers(offers);
    OffPolicyEstimator ope = OffPolicyEstimator.of(log, logging);
    double mean = log.stream().mapToDouble(LoggedOffer::reward).average().orElseThrow();
    assertThat(ope.ips(0.95).value()).isCloseTo(mean, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(ope.selfNormalisedIps(0.95).value()).isCloseTo(mean, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(ope.effectiveSampleSize()).isCloseTo(500, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void of_badInput_rejectedNamingField() {
    PricingRequest r = sim.requests(1, 5).get(0).request();
    assertThatThrownBy(() -> OffPolicyEstimator.of(List.of(), target))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("log");
    assertThatThrownBy(() -> OffPolicyEstimator.of(List.of(new LoggedOffer(r, 10, 0.5, 1)), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("target");
    for (double p : new double[] {0, -0.1, Double.NaN, 1.5}) {
      assertThatThrownBy(() -> new LoggedOffer(r, 10, p, 1)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("propensity").hasMessageContaining(String.valueOf(p));
    }
    assertThatThrownBy(() -> new LoggedOffer(r, 10, 0.5, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reward");
    OffPolicyEstimator ope = OffPolicyEstimator.of(List.of(new LoggedOffer(r, 10, 0.5, 1)), logging);
    assertThatThrownBy(() -> ope.ips(1.0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("confidence").hasMessageContaining("1.0");
  }
}
