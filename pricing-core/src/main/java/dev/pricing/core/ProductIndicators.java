package dev.pricing.core;

import dev.pricing.api.PricingRequest;
import dev.pricing.api.spi.FeatureExtractor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One indicator per known product id, {@code product.id.<id>}: 1 for the request's product, 0 for the others;
 * a product not listed has every indicator 0 (the pooled product). Every model family reads indicators, trees
 * included, so each product gets its own level without lumping. One hash lookup per request; immutable and
 * thread-safe.
 */
final class ProductIndicators implements FeatureExtractor {
  static final String PREFIX = "product.id.";
  private final List<String> names;
  private final Map<String, Integer> index;

  ProductIndicators(List<String> ids) {
    List<String> n = new ArrayList<>(ids.size());
    Map<String, Integer> idx = new HashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      n.add(PREFIX + ids.get(i));
      idx.put(ids.get(i), i);
    }
    this.names = List.copyOf(n);
    this.index = Map.copyOf(idx);
  }

  @Override
  public List<String> featureNames() {
    return names;
  }

  @Override
  public void extract(PricingRequest request, double[] out, int offset) {
    Arrays.fill(out, offset, offset + names.size(), 0.0);
    Integer i = index.get(request.product().id());
    if (i != null) {
      out[offset + i] = 1.0;
    }
  }

  @Override
  public String toString() {
    return "ProductIndicators[" + names.size() + " products]";
  }
}
