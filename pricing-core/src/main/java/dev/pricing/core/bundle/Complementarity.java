package dev.pricing.core.bundle;

import dev.pricing.api.Product;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The extra value, in the products' currency, a customer gets from having two products together on top of
 * their separate willingness to pay (positive for complements such as a French press and coffee, negative for
 * substitutes). It is added to the customer's value of any purchase containing both, whether bought as a
 * bundle or separately.
 *
 * <p>Implementations must be thread-safe, symmetric and return finite values; a non-finite value fails the
 * offer with an {@link IllegalArgumentException} naming the pair.
 */
@FunctionalInterface
public interface Complementarity {

  /**
   * Returns the pair's extra value.
   *
   * @param a one product
   * @param b another product
   * @return the value added when both are bought, finite
   */
  double value(Product a, Product b);

  /** @return no complementarity: values add up */
  static Complementarity none() {
    return (a, b) -> 0.0;
  }

  /**
   * Complementarity within a category: two products of the same category add {@code fraction} times the
   * cheaper list price.
   *
   * @param fraction the fraction, finite
   * @return the complementarity
   */
  static Complementarity sameCategory(double fraction) {
    if (!Double.isFinite(fraction)) {
      throw new IllegalArgumentException("sameCategory fraction must be finite, found " + fraction);
    }
    return (a, b) -> a.category().equals(b.category())
        ? fraction * Math.min(a.listPrice().doubleValue(), b.listPrice().doubleValue()) : 0.0;
  }

  /** @return a builder of a symmetric pairwise matrix (pairs not set are 0) */
  static Matrix.Builder matrix() {
    return new Matrix.Builder();
  }

  /**
   * A symmetric matrix of pairwise values by product id. Immutable and thread-safe.
   */
  final class Matrix implements Complementarity {
    private final Map<List<String>, Double> values;

    private Matrix(Map<List<String>, Double> values) {
      this.values = Map.copyOf(values);
    }

    @Override
    public double value(Product a, Product b) {
      return values.getOrDefault(key(a.id(), b.id()), 0.0);
    }

    private static List<String> key(String a, String b) {
      return a.compareTo(b) <= 0 ? List.of(a, b) : List.of(b, a);
    }

    /** The pairs readably, in id order: {@code Complementarity.Matrix{coffee+press=1.5, ...}}. */
    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder("Complementarity.Matrix{");
      new java.util.TreeMap<String, Double>(pairsByName()).forEach((k, v) -> sb.append(sb.charAt(sb.length() - 1)
          == '{' ? "" : ", ").append(k).append('=').append(v));
      return sb.append('}').toString();
    }

    private Map<String, Double> pairsByName() {
      Map<String, Double> m = new HashMap<>();
      values.forEach((k, v) -> m.put(k.get(0) + "+" + k.get(1), v));
      return m;
    }

    /**
     * Builds a {@link Matrix}. Not thread-safe.
     *
     * <p>Follows the library's builder convention: {@link #pair} checks its arguments at once (an
     * {@link IllegalArgumentException} naming the pair and the value) and setting one pair twice, in either
     * order, is an {@link IllegalStateException} showing both values.
     */
    public static final class Builder {
      private final Map<List<String>, Double> values = new HashMap<>();
      private final dev.pricing.core.internal.BuilderOptions options =
          new dev.pricing.core.internal.BuilderOptions("complementarity");

      private Builder() {}

      /**
       * Sets a pair's value (both orders).
       *
       * @param a one product id
       * @param b another product id
       * @param value the extra value, finite
       * @return this builder
       * @throws IllegalArgumentException if the ids are equal or the value is not finite
       * @throws IllegalStateException if the pair is already set
       */
      public Builder pair(String a, String b, double value) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (a.equals(b)) {
          throw new IllegalArgumentException("complementarity pair must name two different products, found " + a
              + " twice");
        }
        if (!Double.isFinite(value)) {
          throw new IllegalArgumentException("complementarity of " + a + " and " + b + " must be finite, found "
              + value);
        }
        List<String> k = key(a, b);
        options.once("pair(" + k.get(0) + ", " + k.get(1) + ")", value);
        values.put(k, value);
        return this;
      }

      /** @return the matrix */
      public Matrix build() {
        return new Matrix(values);
      }
    }
  }
}
