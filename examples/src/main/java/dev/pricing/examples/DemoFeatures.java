package dev.pricing.examples;

import dev.pricing.api.spi.FeatureExtractor;
import dev.pricing.core.FeatureExtractors;
import dev.pricing.core.eval.MarketSimulator;
import java.util.ArrayList;
import java.util.List;

/** The feature extractors the demo trains and serves with. */
final class DemoFeatures {
  private DemoFeatures() {}

  static List<FeatureExtractor> extractors(MarketSimulator sim) {
    return new ArrayList<>(FeatureExtractors.standard());
  }

  static String describe() {
    return "behaviour, product, market";
  }
}
