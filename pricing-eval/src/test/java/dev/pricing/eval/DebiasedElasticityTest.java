package dev.pricing.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pricing.core.demand.DebiasedElasticity;
import org.junit.jupiter.api.Test;

/**
 * Double machine learning on a confounded log (prices raised in high-demand weeks) with a known elasticity:
 * the debiased interval covers the truth, the naive estimate is biased and its interval misses it.
 */
class DebiasedElasticityTest {
  private static final double TRUTH = -2.5;

  @Test
  void confoundedLog_debiasedIntervalCoversTheTruth_naiveIsBiased() {
    ConfoundedLog log = ConfoundedLog.generate(60, 104, TRUTH, 11);
    DebiasedElasticity.Estimate gbdt = DebiasedElasticity.builder().seed(3).build()
        .estimate(log.x(), log.lnPrice(), log.lnUnits());
    DebiasedElasticity.Estimate linear = DebiasedElasticity.builder().learner(DebiasedElasticity.Learner.LINEAR)
        .seed(3).build().estimate(log.x(), log.lnPrice(), log.lnUnits());
    System.out.printf("rows %d; naive %.3f [%.3f, %.3f] (bias %+.3f); DML linear %.3f [%.3f, %.3f] (bias %+.3f);"
        + " DML GBDT %.3f [%.3f, %.3f] (bias %+.3f); price residual share %.3f%n", gbdt.rows(), gbdt.naive(),
        gbdt.naiveLower(), gbdt.naiveUpper(), gbdt.naive() - TRUTH, linear.debiased(), linear.lower(),
        linear.upper(), linear.debiased() - TRUTH, gbdt.debiased(), gbdt.lower(), gbdt.upper(),
        gbdt.debiased() - TRUTH, gbdt.priceResidualShare());
    assertThat(gbdt.covers(TRUTH)).as("debiased interval [%s, %s]", gbdt.lower(), gbdt.upper()).isTrue();
    assertThat(gbdt.naiveCovers(TRUTH)).isFalse();
    assertThat(gbdt.naive() - TRUTH).as("naive bias").isGreaterThan(1.0);
    assertThat(Math.abs(gbdt.debiased() - TRUTH)).isLessThan(Math.abs(linear.debiased() - TRUTH));
    assertThat(gbdt.upper() - gbdt.lower()).isLessThan(0.5);
  }

  @Test
  void coverageOverIndependentLogs() {
    // Ten independent logs (smaller, fewer trees, to stay fast): the 95% interval covers the truth in most.
    int covered = 0;
    int naiveCovered = 0;
    for (int s = 0; s < 10; s++) {
      ConfoundedLog log = ConfoundedLog.generate(30, 104, TRUTH, 100 + s);
      DebiasedElasticity.Estimate e = DebiasedElasticity.builder().trees(100, 3).seed(s).build()
          .estimate(log.x(), log.lnPrice(), log.lnUnits());
      covered += e.covers(TRUTH) ? 1 : 0;
      naiveCovered += e.naiveCovers(TRUTH) ? 1 : 0;
    }
    System.out.printf("debiased interval covered the truth in %d of 10 logs, naive in %d%n", covered, naiveCovered);
    assertThat(covered).isGreaterThanOrEqualTo(8);
    assertThat(naiveCovered).isZero();
  }

  @Test
  void badInput_refusedNamingTheField() {
    DebiasedElasticity dml = DebiasedElasticity.builder().build();
    assertThatThrownBy(() -> dml.estimate(new double[20][1], new double[20], new double[20]))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("x.length must be at least 10 per fold (50), found 20");
    double[][] x = new double[60][1];
    double[] p = new double[60];
    double[] q = new double[60];
    q[7] = Double.NaN;
    assertThatThrownBy(() -> dml.estimate(x, p, q)).hasMessage("lnUnits[7] must be finite, found NaN");
    q[7] = 0;
    assertThatThrownBy(() -> dml.estimate(x, p, q)).hasMessageContaining("lnPrice must vary");
    assertThatThrownBy(() -> DebiasedElasticity.builder().folds(1)).hasMessage("folds must be in [2, 20], found 1");
  }
}
