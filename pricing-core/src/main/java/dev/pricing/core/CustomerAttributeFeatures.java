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
  /** Open addressing over the attribute names (at most a quarter full): name, and its position. */
  private final String[] table;
  private final int[] slot;
  /** Smaller maps are looked up per attribute (their entry sets would be built per call). */
  private static final int WALK_FROM = 3;

  CustomerAttributeFeatures(Map<String, Double> attributesWithNeutral) {
    this.attributes = attributesWithNeutral.keySet().stream().sorted().toArray(String[]::new);
    this.neutral = new double[attributes.length];
    for (int i = 0; i < attributes.length; i++) {
      neutral[i] = attributesWithNeutral.get(attributes[i]);
    }
    this.names = java.util.Arrays.stream(attributes).map(a -> "customer.attr." + a).toList();
    int n = Integer.highestOneBit(Math.max(attributes.length, 1) * 4 - 1) << 1;
    this.table = new String[n];
    this.slot = new int[n];
    for (int i = 0; i < attributes.length; i++) {
      int h = attributes[i].hashCode();
      int at = (h ^ (h >>> 16)) & (n - 1);
      while (table[at] != null) {
        at = (at + 1) & (n - 1);
      }
      table[at] = attributes[i];
      slot[at] = i;
    }
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

  /**
   * Writes each attribute's value, or its neutral value where the customer lacks it. A customer map with
   * not many more entries than this extractor reads is walked once, each entry placed through this
   * extractor's own small hash table (its keys are hot in cache; a lookup per attribute in the customer's
   * map would probe the customer's table and compare keys once per attribute); a larger map is looked up
   * per attribute. Both write the same values.
   */
  @Override
  public void extract(PricingRequest request, double[] out, int offset) {
    Map<String, Double> values = request.customer().attributes();
    int size = values.size();
    if (size >= WALK_FROM && size <= 2 * attributes.length) {
      System.arraycopy(neutral, 0, out, offset, neutral.length);
      for (Map.Entry<String, Double> e : values.entrySet()) {
        int i = indexOf(e.getKey());
        if (i >= 0) {
          out[offset + i] = e.getValue();
        }
      }
      return;
    }
    for (int i = 0; i < attributes.length; i++) {
      Double v = size == 0 ? null : values.get(attributes[i]);
      out[offset + i] = v == null ? neutral[i] : v;
    }
  }

  /** The position of an attribute name, or -1 if this extractor does not read it. */
  private int indexOf(String name) {
    int mask = table.length - 1;
    int h = name.hashCode();
    for (int at = (h ^ (h >>> 16)) & mask; ; at = (at + 1) & mask) {
      String k = table[at];
      if (k == null) {
        return -1;
      }
      if (k == name || k.equals(name)) {
        return slot[at];
      }
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
