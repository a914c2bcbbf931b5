package dev.pricing.core.explore;

import static dev.pricing.core.explore.ExplorerFixtures.T0;
import static dev.pricing.core.explore.ExplorerFixtures.closeRace;
import static dev.pricing.core.explore.ExplorerFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pricing.api.Outcome;
import dev.pricing.api.spi.PriceExplorer.Choice;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PriceChangeCapTest {
  static final Instant WINDOW_START = Instant.parse("2026-11-24T00:00:00Z");

  @Test
  void perProduct_everyCustomerSeesTheWindowsPrice_withTheWindowsPropensity() {
    ThompsonSamplingExplorer ts = ThompsonSamplingExplorer.builder().seed(3)
        .changeCap(PriceChangeCap.perProduct(Duration.ofDays(1))).build();
    TestCandidates c = closeRace();
    Choice first = ts.choose(request("c0", "p1", WINDOW_START.plusSeconds(60)), 0, c);
    for (int k = 1; k < 200; k++) {
      Choice ch = ts.choose(request("c" + k, "p1", WINDOW_START.plusSeconds(60 + 300L * k)), k, c);
      assertThat(ch).isEqualTo(first);
    }
    assertThat(ts.stickyCount()).isEqualTo(199);
    // Sticky decisions are still learned from: their outcomes land in the window's cell.
    ts.record(Outcome.conversion(150, true, T0));
    assertThat(ts.stats("p1", c.priceMinor(first.index())).trials()).isEqualTo(1);
  }

  @Test
  void perProduct_priceChangesAtMostOncePerWindow() {
    ThompsonSamplingExplorer ts = ThompsonSamplingExplorer.builder().seed(5).priorStrength(1)
        .changeCap(PriceChangeCap.perProduct(Duration.ofHours(6))).build();
    TestCandidates c = closeRace();
    long previous = -1;
    int changes = 0;
    Set<Long> windowsWithChange = new HashSet<>();
    for (int k = 0; k < 2_000; k++) {
      Instant t = WINDOW_START.plusSeconds(97L * k); // about 222 decisions per 6-hour window
      long price = c.priceMinor(ts.choose(request("c" + k, "p1", t), k, c).index());
      if (previous >= 0 && price != previous) {
        changes++;
        assertThat(windowsWithChange.add(Math.floorDiv(t.getEpochSecond(), 6 * 3600L))).isTrue();
      }
      previous = price;
    }
    assertThat(changes).isPositive();
  }

  @Test
  void perCustomer_sameCustomerSameWindowSamePrice_otherCustomersIndependent() {
    ThompsonSamplingExplorer ts = ThompsonSamplingExplorer.builder().seed(11).priorStrength(1)
        .changeCap(PriceChangeCap.perCustomer(Duration.ofDays(1))).build();
    TestCandidates c = closeRace();
    Set<Integer> firstChoices = new HashSet<>();
    long id = 0;
    for (int cust = 0; cust < 40; cust++) {
      Choice first = ts.choose(request("c" + cust, "p1", WINDOW_START.plusSeconds(10)), id++, c);
      firstChoices.add(first.index());
      for (int k = 1; k < 5; k++) {
        assertThat(ts.choose(request("c" + cust, "p1", WINDOW_START.plusSeconds(3600L * k)), id++, c))
            .isEqualTo(first);
      }
    }
    assertThat(firstChoices.size()).as("different customers are drawn independently").isGreaterThan(1);
    assertThat(ts.stickyCount()).isEqualTo(40 * 4);
  }

  @Test
  void stickyPriceNoLongerACandidate_choosesAfreshAndCountsACapBreak() {
    EpsilonGreedyExplorer eg = EpsilonGreedyExplorer.builder().epsilon(0.01).seed(1)
        .changeCap(PriceChangeCap.perProduct(Duration.ofDays(1))).build();
    Choice first = eg.choose(request("c1", "p1", WINDOW_START), 1, closeRace());
    long stickyPrice = closeRace().priceMinor(first.index());
    // The guardrails moved: the sticky price is gone.
    TestCandidates moved = new TestCandidates(new long[] {1500, 1700, 1900}, new double[] {0.5, 0.45, 0.4}, 10);
    assertThat(stickyPrice).isNotIn(1500L, 1700L, 1900L);
    Choice second = eg.choose(request("c2", "p1", WINDOW_START.plusSeconds(60)), 2, moved);
    assertThat(eg.capBreaks()).isEqualTo(1);
    // ...and the new choice is sticky for the rest of the window: no further break, same price.
    for (int k = 3; k < 50; k++) {
      assertThat(eg.choose(request("c" + k, "p1", WINDOW_START.plusSeconds(60L * k)), k, moved)).isEqualTo(second);
    }
    assertThat(eg.capBreaks()).isEqualTo(1);
    assertThat(eg.stickyCount()).isEqualTo(47);
  }

  @Test
  void interval_isValidated() {
    assertThatThrownBy(() -> PriceChangeCap.perProduct(Duration.ofMillis(10)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interval").hasMessageContaining("PT0.01S");
  }
}
