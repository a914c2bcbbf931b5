package dev.pricing.eval;

import dev.pricing.core.FeaturePipeline;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.core.LogisticDemandModel;

/**
 * The default market's truth: a {@link LogisticDemandModel} over the standard features, scored exactly as
 * the engine scores it. Stateless. Immutable and thread-safe.
 */
final class LogisticTruth implements TrueDemand {
  private final FeaturePipeline features;
  private final DemandModel.Scorer scorer;

  LogisticTruth(LogisticDemandModel model, FeaturePipeline features) {
    this.features = features;
    this.scorer = model.bind(features.schema());
  }

  @Override
  public void probabilities(PricingRequest request, double[] prices, int n, double[] out) {
    scorer.score(features.toArray(request), prices, n, out);
  }

  @Override
  public boolean sequential() {
    return false;
  }

  /** Returns the true model's feature vector of a request. */
  double[] features(PricingRequest request) {
    return features.toArray(request);
  }

  /** Scores precomputed true features at several prices. */
  void score(double[] x, double[] prices, int n, double[] out) {
    scorer.score(x, prices, n, out);
  }
}
