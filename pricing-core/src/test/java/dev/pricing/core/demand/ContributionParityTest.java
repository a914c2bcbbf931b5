package dev.pricing.core.demand;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pricing.api.FeatureSchema;
import dev.pricing.api.spi.DemandModel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The explanations of trained models are exact decompositions: over random inputs, the per-feature
 * contributions sum to the difference of the model's own score (in its link units) between the input and
 * the reference, with the reference computed by the compiled scorer that equals Tribuo's predict.
 */
class ContributionParityTest {

  private static double sumContributions(DemandModel.ContributionScorer scorer, double[] x, double[] r, double p,
      int size) {
    double[] out = new double[size];
    scorer.contributions(x, r, p, out);
    double sum = 0;
    for (double c : out) {
      sum += c;
    }
    return sum;
  }

  private static double score(DemandModel.Scorer scorer, double[] x, double p) {
    double[] out = new double[1];
    scorer.score(x, new double[] {p}, 1, out);
    return out[0];
  }

  @Test
  void logistic_contributionsSumToLogitDifference() {
    TrainedDemandModel model = TrainedModels.logistic();
    FeatureSchema schema = model.trainingSchema();
    DemandModel.ContributionScorer scorer = (DemandModel.ContributionScorer) model.bind(schema);
    SplittableRandom rnd = new SplittableRandom(5);
    for (int i = 0; i < 2_000; i++) {
      double[] x = CompiledScorerParityTest.randomInput(rnd);
      double[] r = CompiledScorerParityTest.randomInput(rnd);
      double p = CompiledScorerParityTest.randomPrices(rnd, x[0], 1)[0];
      double px = score(scorer, x, p);
      double pr = score(scorer, r, p);
      double logitDiff = Math.log(px / (1 - px)) - Math.log(pr / (1 - pr));
      if (Double.isFinite(logitDiff)) {
        assertThat(sumContributions(scorer, x, r, p, schema.size())).isCloseTo(logitDiff,
            org.assertj.core.data.Offset.offset(1e-6 * Math.max(1, Math.abs(logitDiff))));
      }
    }
  }

  @Test
  void units_contributionsSumToLogDifference() {
    TrainedDemandModel model = TrainedModels.units();
    FeatureSchema schema = model.trainingSchema();
    DemandModel.ContributionScorer scorer = (DemandModel.ContributionScorer) model.bind(schema);
    SplittableRandom rnd = new SplittableRandom(6);
    double smoothing = 0; // the fixture trains ln(units) without smoothing
    int checked = 0;
    for (int i = 0; i < 2_000; i++) {
      double[] x = CompiledScorerParityTest.randomInput(rnd);
      double[] r = CompiledScorerParityTest.randomInput(rnd);
      double p = CompiledScorerParityTest.randomPrices(rnd, x[0], 1)[0];
      double ux = score(scorer, x, p) + smoothing;
      double ur = score(scorer, r, p) + smoothing;
      // Above the zero floor, units + smoothing = exp(eta) * smear, so the log difference is eta's.
      if (ux > smoothing && ur > smoothing && ux < 1e300 && ur < 1e300) {
        double diff = Math.log(ux) - Math.log(ur);
        assertThat(sumContributions(scorer, x, r, p, schema.size())).isCloseTo(diff,
            org.assertj.core.data.Offset.offset(1e-6 * Math.max(1, Math.abs(diff))));
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(1_000);
  }

  @Test
  void gbdt_contributionsSumToTheMarginDifference_forConversionAndUnits() {
    for (TrainedDemandModel model : new TrainedDemandModel[] {TrainedModels.gbdt(), TrainedModels.gbdtUnits()}) {
      FeatureSchema schema = model.trainingSchema();
      DemandModel.ContributionScorer scorer = (DemandModel.ContributionScorer) model.bind(schema);
      boolean units = model.kind() == dev.pricing.api.DemandKind.EXPECTED_UNITS;
      SplittableRandom rnd = new SplittableRandom(7);
      int checked = 0;
      for (int i = 0; i < 2_000; i++) {
        double[] x = CompiledScorerParityTest.randomInput(rnd);
        // the engine's case (personal features neutral, the rest shared) and a reference differing everywhere
        double[] r = i % 2 == 0 ? CompiledScorerParityTest.randomInput(rnd) : x.clone();
        if (i % 2 == 1) {
          for (int j = 1; j < r.length; j += 3) {
            r[j] = 0.0;
          }
        }
        double p = CompiledScorerParityTest.randomPrices(rnd, x[0], 1)[0];
        double dx = score(scorer, x, p);
        double dr = score(scorer, r, p);
        double diff = units ? Math.log(dx) - Math.log(dr) : Math.log(dx / (1 - dx)) - Math.log(dr / (1 - dr));
        if (Double.isFinite(diff)) {
          assertThat(sumContributions(scorer, x, r, p, schema.size())).as("%s, input %d", model.version(), i)
              .isCloseTo(diff, org.assertj.core.data.Offset.offset(1e-6 * Math.max(1, Math.abs(diff))));
          checked++;
        }
      }
      assertThat(checked).isGreaterThan(1_000);
    }
  }

  @Test
  void tree_pathContributionsSumToLeafDifference() {
    TrainedDemandModel model = TrainedModels.tree();
    FeatureSchema schema = model.trainingSchema();
    DemandModel.ContributionScorer scorer = (DemandModel.ContributionScorer) model.bind(schema);
    SplittableRandom rnd = new SplittableRandom(7);
    int nonZero = 0;
    for (int i = 0; i < 2_000; i++) {
      double[] x = CompiledScorerParityTest.randomInput(rnd);
      double[] r = CompiledScorerParityTest.randomInput(rnd);
      double p = CompiledScorerParityTest.randomPrices(rnd, x[0], 1)[0];
      double diff = score(scorer, x, p) - score(scorer, r, p);
      assertThat(sumContributions(scorer, x, r, p, schema.size()))
          .isCloseTo(diff, org.assertj.core.data.Offset.offset(1e-9));
      if (Math.abs(diff) > 1e-6) {
        nonZero++;
      }
    }
    assertThat(nonZero).isGreaterThan(500);
  }
}
