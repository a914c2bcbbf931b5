package dev.pricing.eval;

import dev.pricing.api.FeatureSchema;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.spi.FeatureExtractor;
import java.util.ArrayList;
import java.util.List;

/**
 * Computes the feature vector of a request over a list of extractors, as the engine does (non-finite
 * values are rejected naming the feature). Immutable; thread-safe when the extractors are.
 */
final class FeatureComputer {
  private final List<FeatureExtractor> extractors;
  private final int[] offsets;
  private final FeatureSchema schema;

  FeatureComputer(List<? extends FeatureExtractor> extractors) {
    if (extractors == null || extractors.isEmpty()) {
      throw new IllegalArgumentException("extractors must not be empty");
    }
    this.extractors = List.copyOf(extractors);
    this.offsets = new int[this.extractors.size()];
    List<String> names = new ArrayList<>();
    for (int i = 0; i < this.extractors.size(); i++) {
      offsets[i] = names.size();
      names.addAll(this.extractors.get(i).featureNames());
    }
    this.schema = FeatureSchema.of(names);
  }

  FeatureSchema schema() {
    return schema;
  }

  double[] compute(PricingRequest request) {
    double[] x = new double[schema.size()];
    for (int i = 0; i < extractors.size(); i++) {
      extractors.get(i).extract(request, x, offsets[i]);
    }
    for (int j = 0; j < x.length; j++) {
      if (!Double.isFinite(x[j])) {
        throw new IllegalArgumentException("feature " + schema.name(j) + " is not finite: " + x[j]);
      }
    }
    return x;
  }
}
