package dev.pricing.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class PriceDistributionTest {

  @Test
  void sample_frequenciesMatchProbabilities() {
    PriceDistribution d = PriceDistribution.of(new double[] {9.99, 10.99, 11.99}, new double[] {0.2, 0.5, 0.3});
    SplittableRandom r = new SplittableRandom(1);
    int[] counts = new int[3];
    for (int i = 0; i < 30_000; i++) {
      counts[d.sample(r)]++;
    }
    assertThat(counts[0] / 30_000.0).isCloseTo(0.2, Offset.offset(0.01));
    assertThat(counts[1] / 30_000.0).isCloseTo(0.5, Offset.offset(0.01));
    assertThat(d.probabilityOf(10.99)).isEqualTo(0.5);
    assertThat(d.probabilityOf(10.98)).isZero();
  }

  @Test
  void point_isDeterministic() {
    PriceDistribution d = PriceDistribution.point(4.99);
    assertThat(d.deterministic()).isTrue();
    assertThat(d.probabilityOf(4.99)).isEqualTo(1.0);
  }

  @Test
  void of_badInput_rejectedNamingField() {
    assertThatThrownBy(() -> PriceDistribution.of(new double[] {}, new double[] {}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prices");
    assertThatThrownBy(() -> PriceDistribution.of(new double[] {1, 2}, new double[] {0.5, 0.6}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sum to 1");
    assertThatThrownBy(() -> PriceDistribution.of(new double[] {1, 2}, new double[] {1.0}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("probabilities.length");
    assertThatThrownBy(() -> PriceDistribution.of(new double[] {1, 2}, new double[] {Double.NaN, 1}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("probabilities[0]");
    assertThatThrownBy(() -> PriceDistribution.uniform(new double[] {1.0, 1.001}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repeat");
    assertThatThrownBy(() -> PriceDistribution.point(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prices[0]");
    assertThatThrownBy(() -> Policies.ratioToList("x", 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ratio");
  }
}
