package dev.pricing.api;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ordered, named dimensions of a {@link FeatureVector}. An engine freezes its schema when it is built:
 * the concatenation of its extractors' feature names, in order.
 *
 * <p>Names are unique and not blank. Immutable and thread-safe.
 */
public final class FeatureSchema {
  private final List<String> names;
  private final Map<String, Integer> index;

  private FeatureSchema(List<String> names) {
    this.names = names;
    Map<String, Integer> idx = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      Checks.notBlank(name, "featureNames[" + i + "]");
      Integer previous = idx.put(name, i);
      if (previous != null) {
        throw new IllegalArgumentException(
            "feature name '" + name + "' appears twice, at " + previous + " and " + i);
      }
    }
    this.index = Map.copyOf(idx);
  }

  /**
   * Returns a schema over the given names.
   *
   * @param names the feature names, in order
   * @return the schema
   * @throws NullPointerException if the list or a name is null
   * @throws IllegalArgumentException if a name is blank or repeated
   */
  public static FeatureSchema of(List<String> names) {
    return new FeatureSchema(Checks.list(names, "featureNames"));
  }

  /**
   * Returns the number of features.
   *
   * @return the size
   */
  public int size() {
    return names.size();
  }

  /**
   * Returns the feature names, in order.
   *
   * @return an immutable list
   */
  public List<String> names() {
    return names;
  }

  /**
   * Returns the name at a position.
   *
   * @param i the position
   * @return the name
   * @throws IndexOutOfBoundsException if {@code i} is out of range
   */
  public String name(int i) {
    return names.get(i);
  }

  /**
   * Returns the position of a name, or -1 if the schema lacks it.
   *
   * @param name the feature name
   * @return the position or -1
   */
  public int indexOf(String name) {
    Integer i = index.get(name);
    return i == null ? -1 : i;
  }

  /**
   * Returns the position of a name that must be present.
   *
   * @param name the feature name
   * @return the position
   * @throws IllegalArgumentException naming the feature if the schema lacks it
   */
  public int require(String name) {
    int i = indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("feature '" + name + "' is not in the schema " + names);
    }
    return i;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeatureSchema other && names.equals(other.names);
  }

  @Override
  public int hashCode() {
    return names.hashCode();
  }

  @Override
  public String toString() {
    return "FeatureSchema" + names;
  }
}
