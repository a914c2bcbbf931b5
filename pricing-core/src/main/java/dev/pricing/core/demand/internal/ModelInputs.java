package dev.pricing.core.demand.internal;

import java.util.List;

/**
 * A model's inputs (the training schema's features in order) with the value each takes when a scoring input is
 * not finite (its training mean), and the list price, which must be positive.
 *
 * <p>Immutable and thread-safe.
 *
 * @param names the input names
 * @param fallback per input, finite
 * @param listIndex the position of the list price
 * @param listFallback the list price used when the scoring one is not positive and finite
 */
public record ModelInputs(List<String> names, double[] fallback, int listIndex, double listFallback) {

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if the lengths differ, a fallback is not finite or the list price is bad
   */
  public ModelInputs {
    names = List.copyOf(names);
    fallback = fallback.clone();
    if (fallback.length != names.size()) {
      throw new IllegalArgumentException("fallbacks have " + fallback.length + " entries for " + names.size()
          + " inputs");
    }
    for (int i = 0; i < fallback.length; i++) {
      if (!Double.isFinite(fallback[i])) {
        throw new IllegalArgumentException("fallback of '" + names.get(i) + "' is not finite: " + fallback[i]);
      }
    }
    if (listIndex < 0 || listIndex >= names.size()) {
      throw new IllegalArgumentException("list price position " + listIndex + " is outside the inputs");
    }
    if (!(listFallback > 0) || !Double.isFinite(listFallback)) {
      throw new IllegalArgumentException("list price fallback must be positive, found " + listFallback);
    }
  }

  /** Returns the number of inputs. */
  public int size() {
    return names.size();
  }

  /**
   * Returns input i's value to use.
   *
   * @param i the input
   * @param v the raw value
   * @return {@code v} or the fallback
   */
  public double sanitize(int i, double v) {
    if (i == listIndex) {
      return v > 0 && Double.isFinite(v) ? v : listFallback;
    }
    return Double.isFinite(v) ? v : fallback[i];
  }

  /**
   * Sanitises a vector in place.
   *
   * @param x the inputs
   * @return the number of values replaced
   */
  public int sanitize(double[] x) {
    int bad = 0;
    for (int i = 0; i < x.length; i++) {
      double v = sanitize(i, x[i]);
      if (v != x[i]) {
        bad++;
        x[i] = v;
      }
    }
    return bad;
  }

  @Override
  public double[] fallback() {
    return fallback.clone();
  }

  /**
   * Returns the fallback of input i.
   *
   * @param i the input
   * @return the fallback
   */
  public double fallbackAt(int i) {
    return fallback[i];
  }
}
