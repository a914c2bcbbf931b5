package dev.pricing.core.demand.internal;

import java.util.List;
import java.util.Objects;

/**
 * Per-level effects of entity-code inputs in a GLM: for each entity field, its input position (the input holds
 * the level code, {@code 1..K}, or 0 for the pooled level), its vocabulary, one additive effect per level on the
 * linear predictor and, for at most one field, one deviation per level of the primary price slope. A code that is
 * not an integer in {@code 1..K} (an unseen level, a non-finite input replaced by its fallback) reads level 0:
 * no effect, the pooled slope. Lookups are array reads; nothing is materialised per level.
 *
 * <p>Immutable and thread-safe.
 */
public final class EntityTerms {
  /** No entity fields. */
  public static final EntityTerms NONE = new EntityTerms(new int[0], List.of(), List.of(), new double[0][], -1,
      new double[0]);

  private final int[] input;
  private final List<String> features;
  private final List<List<String>> levels;
  private final double[][] effect;
  private final int slopeField;
  private final double[] slope;

  /**
   * Creates the terms.
   *
   * @param input per field, the model-input position holding its code
   * @param features per field, the input's name
   * @param levels per field, the vocabulary (code {@code i + 1} is {@code levels.get(i)})
   * @param effect per field, {@code K + 1} effects, index 0 (the pooled level) being 0
   * @param slopeField the field whose levels move the primary slope, or -1
   * @param slope {@code K + 1} slope deviations of that field (index 0 being 0), empty without one
   * @throws IllegalArgumentException if the lengths disagree, a value is not finite or level 0 has an effect
   */
  public EntityTerms(int[] input, List<String> features, List<List<String>> levels, double[][] effect, int slopeField,
      double[] slope) {
    int f = input.length;
    if (features.size() != f || levels.size() != f || effect.length != f) {
      throw new IllegalArgumentException("entity terms: " + f + " inputs, " + features.size() + " names, "
          + levels.size() + " vocabularies, " + effect.length + " effect tables");
    }
    for (int i = 0; i < f; i++) {
      int k = levels.get(i).size();
      if (effect[i].length != k + 1 || effect[i][0] != 0) {
        throw new IllegalArgumentException("entity " + features.get(i) + ": " + effect[i].length + " effects for "
            + k + " levels (level 0, the pooled one, must be 0)");
      }
      for (double v : effect[i]) {
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException("entity " + features.get(i) + ": effect not finite: " + v);
        }
      }
    }
    if (slopeField >= f || slopeField < -1) {
      throw new IllegalArgumentException("slope field " + slopeField + " is not one of the " + f + " fields");
    }
    int expect = slopeField < 0 ? 0 : levels.get(slopeField).size() + 1;
    if (slope.length != expect || expect > 0 && slope[0] != 0) {
      throw new IllegalArgumentException("entity slopes: " + slope.length + " deviations, expected " + expect
          + " (level 0 being 0)");
    }
    for (double v : slope) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("entity slope deviation not finite: " + v);
      }
    }
    this.input = input.clone();
    this.features = List.copyOf(features);
    this.levels = levels.stream().map(List::copyOf).toList();
    this.effect = new double[f][];
    for (int i = 0; i < f; i++) {
      this.effect[i] = effect[i].clone();
    }
    this.slopeField = slopeField;
    this.slope = slope.clone();
  }

  /** Returns the number of fields. */
  public int fields() {
    return input.length;
  }

  /** Returns a field's input position. */
  public int input(int field) {
    return input[field];
  }

  /** Returns a field's input name. */
  public String feature(int field) {
    return features.get(field);
  }

  /** Returns a field's vocabulary. */
  public List<String> levels(int field) {
    return levels.get(field);
  }

  /** Returns a copy of a field's effects. */
  public double[] effects(int field) {
    return effect[field].clone();
  }

  /** Returns the slope field, or -1. */
  public int slopeField() {
    return slopeField;
  }

  /** Returns a copy of the slope deviations. */
  public double[] slopeDeviations() {
    return slope.clone();
  }

  /** Returns whether the field at {@code position} is an entity input. */
  public boolean isEntityInput(int position) {
    for (int k : input) {
      if (k == position) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns the level code of a raw input value.
   *
   * @param v the value
   * @param levelCount the vocabulary size
   * @return the code, 0 unless {@code v} is an integer in {@code 1..levelCount}
   */
  public static int code(double v, int levelCount) {
    if (!(v >= 1 && v <= levelCount)) {
      return 0;
    }
    int c = (int) v;
    return c == v ? c : 0;
  }

  /** Returns the summed level effects for sanitised inputs in model-input order. */
  public double level(double[] x) {
    double s = 0;
    for (int f = 0; f < input.length; f++) {
      double[] e = effect[f];
      s += e[code(x[input[f]], e.length - 1)];
    }
    return s;
  }

  /** Returns the primary slope's deviation for sanitised inputs in model-input order. */
  public double slope(double[] x) {
    if (slopeField < 0) {
      return 0;
    }
    return slope[code(x[input[slopeField]], slope.length - 1)];
  }

  /** Returns one field's level effect for sanitised inputs. */
  public double level(int field, double[] x) {
    double[] e = effect[field];
    return e[code(x[input[field]], e.length - 1)];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EntityTerms t && java.util.Arrays.equals(input, t.input) && features.equals(t.features)
        && levels.equals(t.levels) && java.util.Arrays.deepEquals(effect, t.effect) && slopeField == t.slopeField
        && java.util.Arrays.equals(slope, t.slope);
  }

  @Override
  public int hashCode() {
    return Objects.hash(features, slopeField);
  }
}
