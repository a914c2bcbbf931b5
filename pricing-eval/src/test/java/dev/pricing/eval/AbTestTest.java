package dev.pricing.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pricing.api.PricingRequest;
import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class AbTestTest {
  private static final MarketSimulator SIM = MarketSimulator.defaultMarket(5);

  @Test
  void hash64_stableAcrossRunsAndJvms() {
    // Reference values computed independently (FNV-1a 64 + SplitMix64 finaliser, in Python).
    assertThat(HashAssignment.hash64("exp-1", "c000042")).isEqualTo(0xdb81ba305eb6fc9fL);
    assertThat(HashAssignment.hash64("", "x")).isEqualTo(0x877214bbd9a209d2L);
    assertThat(HashAssignment.bucket("exp-1", "c000042")).isCloseTo(0.8574482315150042, Offset.offset(1e-15));
  }

  @Test
  void arm_splitsNearShareAndSaltsAreIndependent() {
    HashAssignment a = new HashAssignment("salt-a", 0.3);
    HashAssignment b = HashAssignment.even("salt-b");
    int treatedA = 0;
    int both = 0;
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      String id = "c" + i;
      boolean ta = a.arm(id) == Arm.TREATMENT;
      boolean tb = b.arm(id) == Arm.TREATMENT;
      treatedA += ta ? 1 : 0;
      both += ta && tb ? 1 : 0;
    }
    assertThat(treatedA / (double) n).isCloseTo(0.3, Offset.offset(0.015));
    assertThat(both / (double) n).isCloseTo(0.15, Offset.offset(0.015));
  }

  @Test
  void welch_knownExample_matchesHandComputation() {
    double[] c = {1, 2, 3, 4};
    double[] t = {2, 4, 6, 8, 10};
    DifferenceInterval w = AbTest.welch(c, t, 0.95);
    // mean diff 6 - 2.5 = 3.5; var c = 1.6667, var t = 10; se^2 = 0.41667 + 2 = 2.41667;
    // df = 2.41667^2 / (0.41667^2/3 + 2^2/4) = 5.8403 / 1.05787 = 5.521; t(0.975, 5.521) ~ 2.504
    assertThat(w.estimate()).isCloseTo(3.5, Offset.offset(1e-12));
    double se = Math.sqrt(2.416666666);
    assertThat((w.upper() - w.lower()) / 2 / se).isCloseTo(2.50, Offset.offset(0.02));
  }

  @Test
  void bootstrap_sameSeed_sameIntervalAndCloseToWelchForLargeSamples() {
    SplittableRandom r = new SplittableRandom(3);
    double[] c = new double[2000];
    double[] t = new double[2000];
    for (int i = 0; i < c.length; i++) {
      c[i] = r.nextDouble() * 10;
      t[i] = r.nextDouble() * 10 + 0.5;
    }
    DifferenceInterval b1 = AbTest.bootstrap(c, t, 0.95, 2000, 7);
    assertThat(AbTest.bootstrap(c, t, 0.95, 2000, 7)).isEqualTo(b1);
    DifferenceInterval w = AbTest.welch(c, t, 0.95);
    assertThat(b1.lower()).isCloseTo(w.lower(), Offset.offset(0.05));
    assertThat(b1.upper()).isCloseTo(w.upper(), Offset.offset(0.05));
  }

  @Test
  void simulate_repeatedSeeds_intervalsCoverTrueDifferenceNearNominal() {
    PricingPolicy control = Policies.listPrice();
    PricingPolicy treatment = Policies.ratioToList("10% off", 0.9);
    List<PricingRequest> population = SIM.requests(30_000, 999).stream().map(SimulatedRequest::request).toList();
    double trueDiff = SIM.trueValue(treatment, population) - SIM.trueValue(control, population);
    int reps = 200;
    int welch = 0;
    int boot = 0;
    for (int k = 0; k < reps; k++) {
      List<AbResult> res = AbTest.simulate(SIM, SIM.requests(400, k), control, treatment,
          HashAssignment.even("rep-" + k), RandomisationUnit.CUSTOMER, 0.95, 10_000 + k);
      AbResult profit = res.get(0);
      welch += profit.welch().covers(trueDiff) ? 1 : 0;
      boot += profit.bootstrap().covers(trueDiff) ? 1 : 0;
    }
    System.out.printf("A/B true profit difference %.4f; coverage over %d: welch %d, bootstrap %d%n",
        trueDiff, reps, welch, boot);
    assertThat(welch / (double) reps).isBetween(0.90, 0.99);
    assertThat(boot / (double) reps).isBetween(0.90, 0.99);
  }

  @Test
  void simulate_productUnit_oneObservationPerProductAllInOneArm() {
    List<SimulatedRequest> rs = SIM.requests(3000, 1);
    HashAssignment assignment = HashAssignment.even("products-1");
    List<AbResult> res = AbTest.simulate(SIM, rs, Policies.listPrice(), Policies.ratioToList("5% off", 0.95),
        assignment, RandomisationUnit.PRODUCT, 0.95, 3);
    long products = rs.stream().map(s -> s.request().product().id()).distinct().count();
    long treated = rs.stream().map(s -> s.request().product().id()).distinct()
        .filter(id -> assignment.arm(id) == Arm.TREATMENT).count();
    assertThat(res.get(0).control().n() + res.get(0).treatment().n()).isEqualTo((int) products);
    assertThat(res.get(0).treatment().n()).isEqualTo((int) treated);
    assertThat(res).extracting(AbResult::metric).containsExactly("profit", "revenue", "conversion");
  }

  @Test
  void sampleSize_classicExamples() {
    // 10% -> 12% conversion, alpha 5%, power 80%: about 3,841 per arm.
    assertThat(SampleSize.perArmForRate(0.10, 0.02, 0.05, 0.8)).isBetween(3830L, 3850L);
    // sd 1, effect 0.2: 2 * (1.96 + 0.8416)^2 / 0.04 = 392.4 -> 393.
    assertThat(SampleSize.perArmForMean(1, 0.2, 0.05, 0.8)).isEqualTo(393L);
    assertThat(SampleSize.perArmForMean(1, 0.1, 0.05, 0.8)).isGreaterThan(SampleSize.perArmForMean(1, 0.2, 0.05, 0.8));
  }

  @Test
  void sampleSize_outOfRange_rejectedNamingField() {
    assertThatThrownBy(() -> SampleSize.perArmForRate(0, 0.02, 0.05, 0.8))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("baselineRate").hasMessageContaining("0.0");
    assertThatThrownBy(() -> SampleSize.perArmForRate(0.95, 0.1, 0.05, 0.8))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minimumDetectableEffect");
    assertThatThrownBy(() -> SampleSize.perArmForMean(1, 0, 0.05, 0.8))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minimumDetectableEffect");
    assertThatThrownBy(() -> SampleSize.perArmForMean(-1, 0.1, 0.05, 0.8))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("standardDeviation");
    assertThatThrownBy(() -> SampleSize.perArmForMean(1, 0.1, 1.5, 0.8))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("alpha").hasMessageContaining("1.5");
    assertThatThrownBy(() -> SampleSize.perArmForMean(1, 0.1, 0.05, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("power");
  }

  @Test
  void analyse_badInput_rejectedNamingField() {
    assertThatThrownBy(() -> AbTest.analyse("profit", List.of(Arm.CONTROL, Arm.TREATMENT), new double[] {1, 2, 3}, 0.95, 100, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("arms has 2").hasMessageContaining("3");
    assertThatThrownBy(() -> AbTest.analyse("profit", List.of(Arm.CONTROL, Arm.CONTROL, Arm.TREATMENT),
        new double[] {1, 2, 3}, 0.95, 100, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("treatment").hasMessageContaining("1");
    assertThatThrownBy(() -> AbTest.welch(new double[] {}, new double[] {1, 2}, 0.95))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control");
    assertThatThrownBy(() -> AbTest.welch(new double[] {1, Double.NaN}, new double[] {1, 2}, 0.95))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control[1]");
    assertThatThrownBy(() -> AbTest.bootstrap(new double[] {1, 2}, new double[] {1, 2}, 0.95, 10, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resamples");
    assertThatThrownBy(() -> new HashAssignment("s", 1.0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("treatmentShare");
    assertThatThrownBy(() -> HashAssignment.even("s").arm(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unitId");
  }
}
