package dev.pricing.core.explore;

import static dev.pricing.core.explore.ExplorerFixtures.T0;
import static dev.pricing.core.explore.ExplorerFixtures.closeRace;
import static dev.pricing.core.explore.ExplorerFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pricing.api.Outcome;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.spi.PriceExplorer.Choice;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ThompsonSamplingExplorerTest {

  @Test
  void propensityEstimate_matchesTheBruteForceFrequencyOfChoices() {
    // A frozen posterior (nothing recorded, so nothing changes between decisions): the frequency of each
    // choice over many decisions is the true propensity; the mean reported estimate must match it.
    ThompsonSamplingExplorer ts = ThompsonSamplingExplorer.builder().seed(3).priorStrength(20)
        .propensitySamples(32).propensityFloor(1e-9).maxPending(10).build();
    TestCandidates c = closeRace();
    PricingRequest r = request("p1");
    int n = 40_000;
    int[] chosen = new int[5];
    double[] estimateSum = new double[5];
    for (int id = 0; id < n; id++) {
      Choice ch = ts.choose(r, id, c);
      chosen[ch.index()]++;
      estimateSum[ch.index()] += ch.propensity();
    }
    int spread = 0;
    for (int i = 0; i < 5; i++) {
      double frequency = chosen[i] / (double) n;
      if (chosen[i] > 500) {
        spread++;
        assertThat(estimateSum[i] / chosen[i]).as("candidate %d", i).isCloseTo(frequency, within(0.015));
      }
    }
    assertThat(spread).as("the race is close enough that several candidates are chosen").isGreaterThanOrEqualTo(3);
  }

  @Test
  void choices_areReproducibleFromTheSeed_inASingleThread() {
    TestCandidates c = closeRace();
    ThompsonSamplingExplorer a = ThompsonSamplingExplorer.builder().seed(42).build();
    ThompsonSamplingExplorer b = ThompsonSamplingExplorer.builder().seed(42).build();
    ThompsonSamplingExplorer other = ThompsonSamplingExplorer.builder().seed(43).build();
    List<Choice> ca = new ArrayList<>();
    List<Choice> cb = new ArrayList<>();
    List<Choice> co = new ArrayList<>();
    for (long id = 100; id > 0; id--) {
      ca.add(a.choose(request("p1"), id, c));
      co.add(other.choose(request("p1"), id, c));
    }
    for (long id = 1_000; id > 900; id--) {
      // Other decision ids, same sequence of calls: the same draws (ids are clock-seeded by the engine).
      cb.add(b.choose(request("p1"), id, c));
    }
    assertThat(cb).isEqualTo(ca);
    assertThat(co).isNotEqualTo(ca);
  }

  @Test
  void outcomes_moveThePosterior_andTheExplorerFollowsTheTruth() {
    // The model (prior) prefers the top prices, but the truth is that only 18.00 sells.
    ThompsonSamplingExplorer ts = ThompsonSamplingExplorer.builder().seed(7).priorStrength(5).build();
    TestCandidates c = closeRace();
    PricingRequest r = request("p1");
    for (long id = 0; id < 3_000; id++) {
      Choice ch = ts.choose(r, id, c);
      boolean bought = c.priceMinor(ch.index()) == 1800 ? id % 10 < 6 : id % 10 == 0;
      ts.record(Outcome.conversion(id, bought, T0));
    }
    int at1800 = 0;
    for (long id = 3_000; id < 3_500; id++) {
      if (c.priceMinor(ts.choose(r, id, c).index()) == 1800) {
        at1800++;
      }
    }
    assertThat(at1800).isGreaterThan(450);
    CellStats s = ts.stats("p1", 1800);
    assertThat(s.trials()).isGreaterThan(1_000);
    assertThat(s.conversionRate()).isCloseTo(0.6, within(0.05));
    assertThat(ts.recordedCount()).isEqualTo(3_000);
    assertThat(ts.stats("p1")).extracting(CellStats::priceMinor).containsExactly(1600L, 1800L, 2000L, 2200L, 2400L);
  }

  @Test
  void unknownOrRepeatedOutcome_isRejectedNamingTheId_andChangesNothing() {
    ThompsonSamplingExplorer ts = ThompsonSamplingExplorer.builder().build();
    Choice ch = ts.choose(request("p1"), 11, closeRace());
    long minor = closeRace().priceMinor(ch.index());
    assertThatThrownBy(() -> ts.record(Outcome.conversion(12, true, T0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("decisionId 12");
    ts.record(Outcome.conversion(11, true, T0));
    assertThatThrownBy(() -> ts.record(Outcome.conversion(11, true, T0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("decisionId 11")
        .hasMessageContaining("already recorded");
    assertThat(ts.stats("p1", minor)).isEqualTo(new CellStats("p1", minor, 1, 1));
    assertThat(ts.recordedCount()).isEqualTo(1);
  }

  @Test
  void pendingMap_isBounded_oldestEvictedAndCounted() {
    ThompsonSamplingExplorer ts = ThompsonSamplingExplorer.builder().maxPending(3).build();
    for (long id = 1; id <= 5; id++) {
      ts.choose(request("p1"), id, closeRace());
    }
    assertThat(ts.pendingCount()).isEqualTo(3);
    assertThat(ts.evictedCount()).isEqualTo(2);
    assertThatThrownBy(() -> ts.record(Outcome.conversion(1, false, T0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("decisionId 1 ");
    ts.record(Outcome.conversion(5, false, T0));
    ts.record(Outcome.conversion(3, false, T0));
    assertThat(ts.pendingCount()).isEqualTo(1);
  }

  @Test
  void concurrentChooseAndRecord_loseNoUpdate() throws Exception {
    ThompsonSamplingExplorer ts = ThompsonSamplingExplorer.builder().seed(9).build();
    int threads = 8;
    int perThread = 5_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> fs = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      fs.add(pool.submit(() -> {
        start.await();
        TestCandidates c = closeRace();
        for (int k = 0; k < perThread; k++) {
          long id = (long) thread * perThread + k;
          String product = "p" + (id % 3);
          ts.choose(request(product), id, c);
          ts.record(Outcome.conversion(id, id % 4 == 0, T0));
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> f : fs) {
      f.get();
    }
    pool.shutdown();
    long trials = 0;
    long conversions = 0;
    for (int p = 0; p < 3; p++) {
      for (CellStats s : ts.stats("p" + p)) {
        trials += s.trials();
        conversions += s.conversions();
      }
    }
    assertThat(trials).isEqualTo((long) threads * perThread);
    assertThat(conversions).isEqualTo((long) threads * perThread / 4);
    assertThat(ts.pendingCount()).isZero();
    assertThat(ts.recordedCount()).isEqualTo((long) threads * perThread);
  }

  @Test
  void aSingleContender_isChosenWithPropensityOne() {
    // A prior worth 1000 observations at 0.5 on both: values 0.5 (11.00) and 7.0 (24.00), far more than
    // z = 4 posterior sds apart, so 24.00 is the only contender and is chosen with certainty.
    PricingRequest r = request("p1");
    TestCandidates two = new TestCandidates(new long[] {1100, 2400}, new double[] {0.5, 0.5}, 10.0);
    ThompsonSamplingExplorer t2 = ThompsonSamplingExplorer.builder().seed(1).priorStrength(1000).build();
    Choice ch = t2.choose(r, 1, two);
    assertThat(ch).isEqualTo(new Choice(1, 1.0));
  }

  @Test
  void invalidCandidates_areNeverChosen_andAllInvalidIsRejected() {
    ThompsonSamplingExplorer ts = ThompsonSamplingExplorer.builder().seed(2).build();
    TestCandidates c = new TestCandidates(new long[] {1600, 1800, 2000}, new double[] {0.5, Double.NaN, 0.4}, 10);
    for (long id = 0; id < 500; id++) {
      assertThat(ts.choose(request("p1"), id, c).index()).isNotEqualTo(1);
    }
    TestCandidates none = new TestCandidates(new long[] {1600}, new double[] {Double.NaN}, 10);
    assertThatThrownBy(() -> ts.choose(request("p1"), 999, none)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("p1").hasMessageContaining("999");
  }

  @Test
  void maxArms_limitsTheCellsConsidered_keepingTheModelsBest() {
    long[] minor = new long[20];
    double[] demand = new double[20];
    for (int i = 0; i < 20; i++) {
      minor[i] = 1100 + 100L * i;
      demand[i] = 0.9 - 0.04 * i;
    }
    TestCandidates c = new TestCandidates(minor, demand, 10);
    ThompsonSamplingExplorer ts = ThompsonSamplingExplorer.builder().maxArms(4).priorStrength(0.5).build();
    java.util.Set<Integer> seen = new java.util.TreeSet<>();
    for (long id = 0; id < 3_000; id++) {
      seen.add(ts.choose(request("p1"), id, c).index());
    }
    // An even spread of 4 over indices 0..19 (0, 6, 13, 19) plus the model's best.
    java.util.Set<Integer> arms = new java.util.TreeSet<>(List.of(0, 6, 13, 19, c.greedy()));
    assertThat(arms).containsAll(seen);
    assertThat(seen.size()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void builder_rejectsBadSettingsNamingTheValue() {
    assertThatThrownBy(() -> ThompsonSamplingExplorer.builder().priorStrength(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("priorStrength").hasMessageContaining("0.0");
    assertThatThrownBy(() -> ThompsonSamplingExplorer.builder().priorStrength(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    assertThatThrownBy(() -> ThompsonSamplingExplorer.builder().propensitySamples(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("propensitySamples");
    assertThatThrownBy(() -> ThompsonSamplingExplorer.builder().propensityFloor(1.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("propensityFloor").hasMessageContaining("1.5");
    assertThatThrownBy(() -> ThompsonSamplingExplorer.builder().contenderZ(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contenderZ");
    assertThatThrownBy(() -> ThompsonSamplingExplorer.builder().maxPending(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxPending");
    assertThatThrownBy(() -> ThompsonSamplingExplorer.builder().maxArms(1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxArms").hasMessageContaining("1");
  }
}
