package dev.pricing.core;

import dev.pricing.api.PricingRequest;
import dev.pricing.api.spi.FeatureExtractor;
import java.util.List;
import java.util.Map;

/** Named numeric customer attributes (personal); a missing attribute is written as its neutral value. */
final class CustomerAttributeFeatures implements FeatureExtractor {
  private final String[] attributes;
  private final double[] neutral;
  private final List<String> names;

  CustomerAttributeFeatures(Map<String, Double> attributesWithNeutral) {
    this.attributes = attributesWithNeutral.keySet().stream().sorted().toArray(String[]::new);
    this.neutral = new double[attributes.length];
    for (int i = 0; i < attributes.length; i++) {
      neutral[i] = attributesWithNeutral.get(attributes[i]);
    }
    this.names = java.util.Arrays.stream(attributes).map(a -> "customer.attr." + a).toList();
  }

  @Override
  public List<String> featureNames() {
    return names;
  }

  @Override
  public boolean personal() {
    return true;
  }

  /** Reads {@code request.customer()} only, so a slate extracts it once. */
  @Override
  public boolean customerOnly() {
    return true;
  }

  @Override
  public void extract(PricingRequest request, double[] out, int offset) {
    Map<String, Double> values = request.customer().attributes();
    for (int i = 0; i < attributes.length; i++) {
      Double v = values.get(attributes[i]);
      out[offset + i] = v == null ? neutral[i] : v;
    }
  }

  @Override
  public void extractNeutral(PricingRequest request, double[] out, int offset) {
    System.arraycopy(neutral, 0, out, offset, neutral.length);
  }

  @Override
  public String toString() {
    return "CustomerAttributeFeatures" + names;
  }
}
