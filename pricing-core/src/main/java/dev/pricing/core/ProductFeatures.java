package dev.pricing.core;

import dev.pricing.api.PricingRequest;
import dev.pricing.api.spi.FeatureExtractor;
import java.util.ArrayList;
import java.util.List;

/**
 * Product features: list price, unit cost, list margin, category indicators and numeric attributes.
 * Categories and attributes not listed at build time are ignored (all category indicators 0; attribute 0).
 */
final class ProductFeatures implements FeatureExtractor {
  static final String LIST_PRICE = "product.list_price";

  private final List<String> names;
  private final String[] categories;
  private final String[] attributes;

  ProductFeatures(List<String> categories, List<String> attributes) {
    this.categories = categories.toArray(new String[0]);
    this.attributes = attributes.toArray(new String[0]);
    List<String> n = new ArrayList<>(List.of(
        LIST_PRICE, "product.list_price_log", "product.unit_cost", "product.list_margin"));
    for (String c : this.categories) {
      n.add("product.category." + c);
    }
    for (String a : this.attributes) {
      n.add("product.attr." + a);
    }
    this.names = List.copyOf(n);
  }

  @Override
  public List<String> featureNames() {
    return names;
  }

  @Override
  public void extract(PricingRequest request, double[] out, int o) {
    var p = request.product();
    double list = p.listPrice().doubleValue();
    double cost = p.unitCost().doubleValue();
    out[o] = list;
    out[o + 1] = Math.log1p(list);
    out[o + 2] = cost;
    out[o + 3] = list > 0 ? (list - cost) / list : 0.0;
    int k = o + 4;
    String category = p.category();
    for (String c : categories) {
      out[k++] = c.equals(category) ? 1.0 : 0.0;
    }
    for (String a : attributes) {
      Double v = p.attributes().get(a);
      out[k++] = v == null ? 0.0 : v;
    }
  }

  @Override
  public String toString() {
    return "ProductFeatures" + names;
  }
}
