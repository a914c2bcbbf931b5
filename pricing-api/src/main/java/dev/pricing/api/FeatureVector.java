package dev.pricing.api;

import java.util.Arrays;

/**
 * A dense vector of finite feature values over a {@link FeatureSchema}.
 *
 * <p>Immutable and thread-safe: {@link #of} copies its input and {@link #toArray()} returns a copy.
 * (On the hot path the engine writes features into its own per-thread buffer and never builds one of
 * these; this type is for inspection, training and tests.)
 */
public final class FeatureVector {
  private final FeatureSchema schema;
  private final double[] values;

  private FeatureVector(FeatureSchema schema, double[] values) {
    this.schema = schema;
    this.values = values;
  }

  /**
   * Returns a vector with a copy of the values.
   *
   * @param schema the schema
   * @param values one finite value per feature
   * @return the vector
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the length differs from the schema or a value is not finite
   *     (naming the feature and the value)
   */
  public static FeatureVector of(FeatureSchema schema, double[] values) {
    Checks.notNull(schema, "schema");
    Checks.notNull(values, "values");
    if (values.length != schema.size()) {
      throw new IllegalArgumentException("values has " + values.length + " entries but the schema has "
          + schema.size() + " features");
    }
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException("feature '" + schema.name(i) + "' must be finite, found " + values[i]);
      }
    }
    return new FeatureVector(schema, values.clone());
  }

  /**
   * Returns the schema.
   *
   * @return the schema
   */
  public FeatureSchema schema() {
    return schema;
  }

  /**
   * Returns the number of features.
   *
   * @return the size
   */
  public int size() {
    return values.length;
  }

  /**
   * Returns the value at a position.
   *
   * @param i the position
   * @return the value
   * @throws IndexOutOfBoundsException if {@code i} is out of range
   */
  public double get(int i) {
    return values[i];
  }

  /**
   * Returns the value of a named feature.
   *
   * @param name the feature name
   * @return the value
   * @throws IllegalArgumentException if the schema lacks the name
   */
  public double get(String name) {
    return values[schema.require(name)];
  }

  /**
   * Returns a copy of the values.
   *
   * @return a new array
   */
  public double[] toArray() {
    return values.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeatureVector other && schema.equals(other.schema) && Arrays.equals(values, other.values);
  }

  @Override
  public int hashCode() {
    return 31 * schema.hashCode() + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("FeatureVector{");
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(schema.name(i)).append('=').append(values[i]);
    }
    return sb.append('}').toString();
  }
}
