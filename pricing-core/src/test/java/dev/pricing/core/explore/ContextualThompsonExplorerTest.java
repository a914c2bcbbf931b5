package dev.pricing.core.explore;

import static dev.pricing.core.explore.ExplorerFixtures.T0;
import static dev.pricing.core.explore.ExplorerFixtures.closeRace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pricing.api.BehaviourSummary;
import dev.pricing.api.Customer;
import dev.pricing.api.Market;
import dev.pricing.api.Outcome;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.spi.PriceExplorer.Choice;
import dev.pricing.core.FeatureExtractors;
import dev.pricing.core.FeaturePipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ContextualThompsonExplorerTest {
  private static final FeaturePipeline BEHAVIOUR = FeaturePipeline.of(List.of(FeatureExtractors.behaviour()));

  static ContextualThompsonExplorer explorer(long seed) {
    return ContextualThompsonExplorer.builder(List.of(FeatureExtractors.behaviour()))
        .features("behaviour.discount_response").seed(seed).build();
  }

  static PricingRequest request(String customer, double discountResponse) {
    return PricingRequest.of(new Customer(customer, new BehaviourSummary(5, 2, 1, 1, 10, 20, discountResponse),
        List.of(), Map.of()), ExplorerFixtures.product("p1"), Market.of(10, T0));
  }

  @Test
  void learnsAFeatureDependentPriceResponse() {
    // The truth: customers with discount response 1 buy only at 16.00; those with 0 buy at any price.
    ContextualThompsonExplorer cx = explorer(3);
    TestCandidates c = closeRace();
    java.util.SplittableRandom r = new java.util.SplittableRandom(1);
    for (long id = 0; id < 6_000; id++) {
      double dr = r.nextBoolean() ? 1 : 0;
      Choice ch = cx.choose(request("c" + id, dr), id, c.seeing(BEHAVIOUR, request("c" + id, dr)));
      double p = dr == 1 ? (c.priceMinor(ch.index()) == 1600 ? 0.6 : 0.05) : 0.6;
      cx.record(Outcome.conversion(id, r.nextDouble() < p, T0));
    }
    assertThat(cx.coefficients().get("behaviour.discount_response x price")).isNegative();
    int sensitiveLow = 0;
    int insensitiveHigh = 0;
    for (long id = 10_000; id < 10_400; id++) {
      if (cx.choose(request("s", 1), id, c.seeing(BEHAVIOUR, request("s", 1))).index() == 0) {
        sensitiveLow++;
      }
      if (cx.choose(request("i", 0), id + 1_000, c.seeing(BEHAVIOUR, request("i", 0))).index() == 4) {
        insensitiveHigh++;
      }
    }
    assertThat(sensitiveLow).isGreaterThan(300);
    assertThat(insensitiveHigh).isGreaterThan(300);
  }

  @Test
  void propensityEstimate_matchesTheChoiceFrequency() {
    ContextualThompsonExplorer cx = ContextualThompsonExplorer.builder(List.of(FeatureExtractors.behaviour()))
        .features("behaviour.discount_response").propensitySamples(32).propensityFloor(1e-9).maxPending(10)
        .seed(4).build();
    TestCandidates c = closeRace();
    int n = 20_000;
    int[] chosen = new int[5];
    double[] sum = new double[5];
    for (long id = 0; id < n; id++) {
      Choice ch = cx.choose(request("c", 0.5), id, c.seeing(BEHAVIOUR, request("c", 0.5)));
      chosen[ch.index()]++;
      sum[ch.index()] += ch.propensity();
    }
    int checked = 0;
    for (int i = 0; i < 5; i++) {
      if (chosen[i] > 500) {
        checked++;
        assertThat(sum[i] / chosen[i]).as("candidate %d", i).isCloseTo(chosen[i] / (double) n, within(0.02));
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(2);
  }

  @Test
  void concurrentRecords_areAllApplied_andRepeatsRejected() throws Exception {
    ContextualThompsonExplorer cx = explorer(5);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> fs = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int thread = t;
      fs.add(pool.submit(() -> {
        for (int k = 0; k < 2_000; k++) {
          long id = thread * 2_000L + k;
          cx.choose(request("c" + k, k % 2), id, closeRace().seeing(BEHAVIOUR, request("c" + k, k % 2)));
          cx.record(Outcome.conversion(id, k % 3 == 0, T0));
        }
        return null;
      }));
    }
    for (Future<?> f : fs) {
      f.get();
    }
    pool.shutdown();
    assertThat(cx.recordedCount()).isEqualTo(8_000);
    assertThat(cx.pendingCount()).isZero();
    assertThatThrownBy(() -> cx.record(Outcome.conversion(17, true, T0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("decisionId 17");
    assertThat(cx.coefficients().values()).allMatch(Double::isFinite);
  }

  @Test
  void badSettings_areRejectedNamingTheValue() {
    assertThatThrownBy(() -> ContextualThompsonExplorer.builder(List.of(FeatureExtractors.behaviour()))
        .features("behaviour.nope").build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("features[0]").hasMessageContaining("behaviour.nope");
    assertThatThrownBy(() -> ContextualThompsonExplorer.builder(List.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("extractors");
    assertThatThrownBy(() -> ContextualThompsonExplorer.builder(List.of(FeatureExtractors.behaviour())).priorSd(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("priorSd").hasMessageContaining("0.0");
    assertThatThrownBy(() -> ContextualThompsonExplorer.builder(List.of(FeatureExtractors.behaviour())).refreshEvery(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refreshEvery");
  }
}
