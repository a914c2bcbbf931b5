package dev.pricing.eval;

import dev.pricing.core.FeaturePipeline;
import dev.pricing.core.LogisticDemandModel;

import dev.pricing.api.PricingRequest;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.api.spi.FeatureExtractor;
import java.util.List;
import java.util.Objects;

/**
 * A model of the expected reward of offering a price in a context, as the doubly robust estimator needs
 * (the direct-method part). It need not be right: the doubly robust estimate stays unbiased when the
 * propensities are right.
 *
 * <p>Implementations should be thread-safe if shared across threads; {@link #expectedProfit} is thread-safe
 * when the model's scorer is (the built-in {@code LogisticDemandModel}'s is).
 */
@FunctionalInterface
public interface RewardModel {

  /**
   * Returns the expected reward of offering a price.
   *
   * @param request the context
   * @param price the price
   * @return the expected reward, finite
   */
  double expectedReward(PricingRequest request, double price);

  /**
   * Returns the expected profit under a demand model: demand at the price times
   * (price - unit cost - fee * price). The features are computed by the given extractors, as the engine
   * would.
   *
   * @param model the demand model (conversion probability or expected units)
   * @param extractors the extractors whose schema the model is bound to, not empty
   * @param feeRate the payment fee as a share of the price, in [0, 1)
   * @return the reward model
   * @throws IllegalArgumentException if the extractors are empty, the fee is out of range, or the model
   *     needs features the extractors lack
   */
  static RewardModel expectedProfit(DemandModel model, List<? extends FeatureExtractor> extractors, double feeRate) {
    Objects.requireNonNull(model, "model");
    if (!(feeRate >= 0 && feeRate < 1)) {
      throw new IllegalArgumentException("feeRate must be in [0, 1), found " + feeRate);
    }
    FeaturePipeline features = FeaturePipeline.of(extractors);
    DemandModel.Scorer scorer = model.bind(features.schema());
    return (request, price) -> {
      double[] out = new double[1];
      scorer.score(features.toArray(request), new double[] {price}, 1, out);
      return out[0] * (price - request.product().unitCost().doubleValue() - feeRate * price);
    };
  }
}
