package dev.pricing.core.demand.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pricing.core.demand.CandidatePriceFeature;
import dev.pricing.core.demand.CandidatePriceFeatures;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The grid path of the price features ({@link PricePlan#column}) against each feature's own {@code value}. */
class PricePlanTest {
  private static final List<String> INPUTS = List.of(CandidatePriceFeatures.LIST_PRICE,
      CandidatePriceFeatures.REFERENCE_GAP, CandidatePriceFeatures.COMPETITOR_MIN_GAP,
      CandidatePriceFeatures.COMPETITOR_MEDIAN_GAP, CandidatePriceFeatures.COMPETITOR_COUNT,
      CandidatePriceFeatures.MONETARY, CandidatePriceFeatures.PURCHASES, "product.other_price");

  /** A user's feature of the list price and another input, not of the log-ratio form. */
  private static final CandidatePriceFeature USERS = new CandidatePriceFeature() {
    @Override
    public String name() {
      return "users";
    }

    @Override
    public List<String> inputs() {
      return List.of("product.other_price", CandidatePriceFeatures.LIST_PRICE);
    }

    @Override
    public Direction direction() {
      return Direction.INCREASING;
    }

    @Override
    public double value(double price, double[] inputs, int offset) {
      return Math.log1p(price / (inputs[offset] + inputs[offset + 1]));
    }
  };

  @Test
  void column_equalsEachFeaturesValue_bitForBit_withTheLogarithmSharedAcrossFeatures() {
    List<CandidatePriceFeature> features = new ArrayList<>(CandidatePriceFeatures.standard());
    features.add(2, USERS);
    PricePlan plan = new PricePlan(features, INPUTS);
    int m = plan.count();
    SplittableRandom r = new SplittableRandom(5);
    PricePlan.LogRatios logRatios = new PricePlan.LogRatios();
    double[] x = new double[INPUTS.size()];
    double[] gathered = new double[plan.width()];
    double[] out = new double[200 * m];
    for (int request = 0; request < 2000; request++) {
      x[0] = request % 50 == 0 ? 1e-9 : 0.5 + 200 * r.nextDouble(); // list price, once tiny
      x[1] = r.nextDouble() < 0.3 ? 0.0 : 0.4 * r.nextGaussian(); // reference gap, often 0 (no last-seen price)
      x[2] = r.nextDouble() < 0.1 ? -1.0 : 0.3 * r.nextGaussian(); // competitor gaps, once -100%
      x[3] = 0.3 * r.nextGaussian();
      x[4] = r.nextInt(3); // competitor count, 0 switches the hinges off
      x[5] = r.nextDouble() < 0.2 ? 0.0 : 8 * r.nextDouble();
      x[6] = r.nextDouble() < 0.2 ? 0.0 : 3 * r.nextDouble(); // purchases, 0: no basket
      x[7] = 1 + 50 * r.nextDouble();
      plan.gather(x, gathered);
      int count = 1 + r.nextInt(200);
      double[] prices = new double[count];
      for (int k = 0; k < count; k++) {
        prices[k] = k == 0 && request % 7 == 0 ? 0.0 : x[0] * (0.2 + 2 * r.nextDouble());
      }
      logRatios.reset();
      for (int j = 0; j < m; j++) {
        plan.column(j, prices, count, gathered, logRatios, out, m);
      }
      for (int k = 0; k < count; k++) {
        for (int j = 0; j < m; j++) {
          double expected = plan.value(j, prices[k], gathered);
          assertThat(Double.doubleToRawLongBits(out[k * m + j])).as("request %d, price %d, feature %s", request, k,
              plan.feature(j).name()).isEqualTo(Double.doubleToRawLongBits(expected));
        }
      }
    }
  }

  @Test
  void theBuiltinsValues_areTheirDocumentedFormulas() {
    // ln(p/L), the reference hinges at R = L e^gap, and the competitor hinge at C = L (1 + gap)
    double[] in = {80.0, Math.log(1.1)};
    double p = 100.0;
    assertThat(CandidatePriceFeatures.logRatio().value(p, in, 0)).isCloseTo(Math.log(1.25), within());
    assertThat(CandidatePriceFeatures.referenceLoss().value(p, in, 0)).isCloseTo(Math.log(100 / 88.0), within());
    assertThat(CandidatePriceFeatures.referenceGain().value(p, in, 0)).isZero();
    assertThat(CandidatePriceFeatures.referenceGain().value(80.0, in, 0)).isCloseTo(Math.log(1.1), within());
    double[] competitors = {80.0, -0.2, 2};
    assertThat(CandidatePriceFeatures.aboveCheapest().value(p, competitors, 0)).isCloseTo(Math.log(100 / 64.0),
        within());
    assertThat(CandidatePriceFeatures.aboveCheapest().value(50.0, competitors, 0)).isZero();
    assertThat(CandidatePriceFeatures.aboveCheapest().value(p, new double[] {80.0, -0.2, 0}, 0)).isZero();
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-12);
  }
}
