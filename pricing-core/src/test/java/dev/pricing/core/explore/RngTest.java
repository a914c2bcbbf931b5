package dev.pricing.core.explore;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

class RngTest {

  @Test
  void betaDraws_followCommonsMathsBetaDistribution() {
    double[][] shapes = {{0.3, 0.7}, {1, 1}, {2.5, 7}, {40, 160}, {0.5, 30}};
    Rng rng = new Rng(1);
    for (double[] ab : shapes) {
      double[] xs = new double[5_000];
      for (int i = 0; i < xs.length; i++) {
        xs[i] = rng.nextBeta(ab[0], ab[1]);
        assertThat(xs[i]).isBetween(0.0, 1.0);
      }
      double p = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(new BetaDistribution(ab[0], ab[1]), xs);
      assertThat(p).as("KS p-value for Beta(%s, %s)", ab[0], ab[1]).isGreaterThan(0.001);
    }
  }

  @Test
  void reseed_restartsTheSameStream() {
    Rng a = new Rng(0);
    a.reseed(7, 12345);
    double x = a.nextBeta(2, 3);
    long y = a.nextLong();
    a.reseed(7, 12345);
    assertThat(a.nextBeta(2, 3)).isEqualTo(x);
    assertThat(a.nextLong()).isEqualTo(y);
    a.reseed(7, 12346);
    assertThat(a.nextBeta(2, 3)).isNotEqualTo(x);
  }
}
