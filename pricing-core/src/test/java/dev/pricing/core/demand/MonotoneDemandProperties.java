package dev.pricing.core.demand;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pricing.api.spi.DemandModel;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Every trained model kind: finite, non-negative demand that never rises with price, on any grid. */
class MonotoneDemandProperties {

  @Property(tries = 300)
  void score_anyInputAndGrid_isFiniteNonNegativeAndNonIncreasing(
      @ForAll @IntRange(min = 0, max = 8) int modelIndex,
      @ForAll @DoubleRange(min = -50, max = 200) double listPrice,
      @ForAll @DoubleRange(min = -2, max = 5) double vip,
      @ForAll @DoubleRange(min = -2, max = 5) double regular,
      @ForAll @DoubleRange(min = 0, max = 500) double views,
      @ForAll @Size(min = 1, max = 40) List<@DoubleRange(min = 0, max = 400) Double> grid) {
    TrainedDemandModel model = TrainedModels.all().get(modelIndex);
    DemandModel.Scorer scorer = model.bind(model.trainingSchema());
    double[] prices = grid.stream().mapToDouble(Double::doubleValue).toArray();
    double[] out = new double[prices.length];
    scorer.score(new double[] {listPrice, vip, regular, views}, prices, prices.length, out);
    for (int i = 0; i < prices.length; i++) {
      if (Double.isNaN(out[i]) && model.kind() == dev.pricing.api.DemandKind.EXPECTED_UNITS
          && model.algorithm().usesCandidatePriceFeatures()) {
        // above the model's demand cap: an invalid output, which must then hold at every lower price too
        for (int j = 0; j < prices.length; j++) {
          if (prices[j] < prices[i]) {
            assertThat(out[j]).as("demand at %s below capped %s", prices[j], prices[i]).isNaN();
          }
        }
        continue;
      }
      assertThat(Double.isFinite(out[i])).as("finite at %s", prices[i]).isTrue();
      assertThat(out[i]).isGreaterThanOrEqualTo(0);
      if (model.kind() == dev.pricing.api.DemandKind.CONVERSION_PROBABILITY) {
        assertThat(out[i]).isLessThanOrEqualTo(1);
      }
      for (int j = 0; j < prices.length; j++) {
        if (prices[j] > prices[i] && !Double.isNaN(out[j])) {
          assertThat(out[j]).as("demand at %s vs %s in %s -> %s", prices[j], prices[i], Arrays.toString(prices),
              Arrays.toString(out)).isLessThanOrEqualTo(out[i]);
        }
      }
    }
  }
}
