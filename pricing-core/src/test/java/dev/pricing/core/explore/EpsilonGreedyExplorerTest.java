package dev.pricing.core.explore;

import static dev.pricing.core.explore.ExplorerFixtures.T0;
import static dev.pricing.core.explore.ExplorerFixtures.closeRace;
import static dev.pricing.core.explore.ExplorerFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pricing.api.Outcome;
import dev.pricing.api.spi.PriceExplorer.Choice;
import org.junit.jupiter.api.Test;

class EpsilonGreedyExplorerTest {

  @Test
  void propensities_areExact_andMatchTheFrequencies() {
    EpsilonGreedyExplorer eg = EpsilonGreedyExplorer.builder().epsilon(0.2).seed(4).maxPending(10).build();
    TestCandidates c = closeRace();
    // Posterior means equal the model's demand (nothing recorded): values 3.0, 3.6, 4.0, 4.2, 3.92; index 3
    // is greedy.
    int n = 50_000;
    int[] count = new int[5];
    for (long id = 0; id < n; id++) {
      Choice ch = eg.choose(request("p1"), id, c);
      count[ch.index()]++;
      assertThat(ch.propensity()).isEqualTo(ch.index() == 3 ? 0.8 + 0.04 : 0.04, within(1e-12));
    }
    assertThat(count[3] / (double) n).isCloseTo(0.84, within(0.01));
    assertThat(count[0] / (double) n).isCloseTo(0.04, within(0.005));
  }

  @Test
  void greedyChoice_followsTheLearnedConversion() {
    EpsilonGreedyExplorer eg = EpsilonGreedyExplorer.builder().epsilon(0.3).priorStrength(2).seed(8).build();
    TestCandidates c = closeRace();
    for (long id = 0; id < 4_000; id++) {
      Choice ch = eg.choose(request("p1"), id, c);
      // The truth: 16.00 converts 90%, everything else 10%.
      boolean bought = c.priceMinor(ch.index()) == 1600 ? id % 10 != 0 : id % 10 == 0;
      eg.record(Outcome.conversion(id, bought, T0));
    }
    Choice next = eg.choose(request("p1"), 10_000, c);
    assertThat(next.propensity()).isIn(0.7 + 0.06, 0.06);
    int at1600 = 0;
    for (long id = 10_001; id < 11_000; id++) {
      if (eg.choose(request("p1"), id, c).index() == 0) {
        at1600++;
      }
    }
    assertThat(at1600).isGreaterThan(700);
  }

  @Test
  void epsilon_isValidated() {
    assertThatThrownBy(() -> EpsilonGreedyExplorer.builder().epsilon(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("epsilon").hasMessageContaining("0.0");
    assertThatThrownBy(() -> EpsilonGreedyExplorer.builder().epsilon(1.01))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.01");
  }
}
