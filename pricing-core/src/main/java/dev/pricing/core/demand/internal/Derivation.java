package dev.pricing.core.demand.internal;

import dev.pricing.core.demand.PriceFeatures;
import dev.pricing.core.demand.PriceTerm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a model-input vector (the training schema's features, in order) and a price into the derived
 * vector a Tribuo model sees: {@code [x_0..x_{n-1}, T(p), T(p)*max(0,x_k)...]}, each standardised as
 * {@code (raw - mean) / scale} (mean 0 and scale 1 for trees, so the values are the raw ones exactly).
 *
 * <p>Immutable and thread-safe (arrays are never exposed for writing).
 */
public final class Derivation {
  private final List<String> inputs;
  private final PriceFeatures priceFeatures;
  private final int listIndex;
  private final int[] interactionIndex;
  private final String[] derivedNames;
  private final double[] mean;
  private final double[] scale;
  private final double[] inputFallback;
  private final double listFallback;
  private final Map<String, Integer> derivedIndex;

  /**
   * Creates a derivation.
   *
   * @param inputs the model's input names (the training schema)
   * @param priceFeatures how price enters
   * @param mean per derived feature
   * @param scale per derived feature, positive
   * @param inputFallback per input, the value used when a scoring input is not finite
   * @param listFallback the list price used when the scoring list price is not positive and finite
   */
  public Derivation(List<String> inputs, PriceFeatures priceFeatures, double[] mean, double[] scale,
      double[] inputFallback, double listFallback) {
    this.inputs = List.copyOf(inputs);
    this.priceFeatures = priceFeatures;
    this.listIndex = indexOf(priceFeatures.listPriceFeature(), "list price feature");
    this.interactionIndex = new int[priceFeatures.interactions().size()];
    for (int k = 0; k < interactionIndex.length; k++) {
      interactionIndex[k] = indexOf(priceFeatures.interactions().get(k), "interaction feature");
    }
    List<String> names = new ArrayList<>(this.inputs);
    names.add(priceFeatures.termFeatureName());
    for (String s : priceFeatures.interactions()) {
      names.add(priceFeatures.interactionFeatureName(s));
    }
    this.derivedNames = names.toArray(new String[0]);
    this.derivedIndex = new HashMap<>();
    for (int i = 0; i < derivedNames.length; i++) {
      if (derivedIndex.put(derivedNames[i], i) != null) {
        throw new IllegalArgumentException("feature name '" + derivedNames[i] + "' is used by an extractor and "
            + "by the derived price features; rename the extractor's feature");
      }
    }
    if (mean.length != derivedNames.length || scale.length != derivedNames.length) {
      throw new IllegalArgumentException("standardisation has " + mean.length + "/" + scale.length
          + " entries for " + derivedNames.length + " derived features");
    }
    for (int i = 0; i < scale.length; i++) {
      if (!(scale[i] > 0) || !Double.isFinite(scale[i]) || !Double.isFinite(mean[i])) {
        throw new IllegalArgumentException("standardisation of '" + derivedNames[i] + "' is invalid: mean "
            + mean[i] + ", scale " + scale[i]);
      }
    }
    if (inputFallback.length != this.inputs.size()) {
      throw new IllegalArgumentException("input fallbacks have " + inputFallback.length + " entries for "
          + this.inputs.size() + " inputs");
    }
    for (int i = 0; i < inputFallback.length; i++) {
      if (!Double.isFinite(inputFallback[i])) {
        throw new IllegalArgumentException("fallback of '" + this.inputs.get(i) + "' is not finite");
      }
    }
    if (!(listFallback > 0) || !Double.isFinite(listFallback)) {
      throw new IllegalArgumentException("list price fallback must be positive, found " + listFallback);
    }
    this.mean = mean.clone();
    this.scale = scale.clone();
    this.inputFallback = inputFallback.clone();
    this.listFallback = listFallback;
  }

  private int indexOf(String name, String what) {
    int i = inputs.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException(what + " '" + name + "' is not produced by the extractors " + inputs);
    }
    return i;
  }

  /** Returns the input names. */
  public List<String> inputs() {
    return inputs;
  }

  /** Returns the price features. */
  public PriceFeatures priceFeatures() {
    return priceFeatures;
  }

  /** Returns the price term. */
  public PriceTerm term() {
    return priceFeatures.term();
  }

  /** Returns the number of inputs. */
  public int inputCount() {
    return inputs.size();
  }

  /** Returns the number of derived features. */
  public int derivedCount() {
    return derivedNames.length;
  }

  /** Returns the position of the list-price input. */
  public int listIndex() {
    return listIndex;
  }

  /**
   * Returns the input position of interaction k.
   *
   * @param k the interaction
   * @return the input position
   */
  public int interactionInput(int k) {
    return interactionIndex[k];
  }

  /** Returns the number of interactions. */
  public int interactionCount() {
    return interactionIndex.length;
  }

  /** Returns a copy of the derived names. */
  public String[] derivedNames() {
    return derivedNames.clone();
  }

  /**
   * Returns the derived name at a position.
   *
   * @param i the position
   * @return the name
   */
  public String derivedName(int i) {
    return derivedNames[i];
  }

  /**
   * Returns the position of a derived name, or -1.
   *
   * @param name the name
   * @return the position or -1
   */
  public int derivedIndexOf(String name) {
    Integer i = derivedIndex.get(name);
    return i == null ? -1 : i;
  }

  /** Returns the mean of derived feature i. */
  public double mean(int i) {
    return mean[i];
  }

  /** Returns the scale of derived feature i. */
  public double scale(int i) {
    return scale[i];
  }

  /** Returns a copy of the means. */
  public double[] means() {
    return mean.clone();
  }

  /** Returns a copy of the scales. */
  public double[] scales() {
    return scale.clone();
  }

  /** Returns a copy of the input fallbacks. */
  public double[] inputFallbacks() {
    return inputFallback.clone();
  }

  /** Returns the fallback of input i. */
  public double inputFallback(int i) {
    return inputFallback[i];
  }

  /** Returns the list price fallback. */
  public double listFallback() {
    return listFallback;
  }

  /**
   * Returns an input value, or its fallback when not finite.
   *
   * @param i the input
   * @param v the value
   * @return the value to use
   */
  public double sanitize(int i, double v) {
    return Double.isFinite(v) ? v : inputFallback[i];
  }

  /**
   * Returns the list price to use for a value.
   *
   * @param v the list-price feature's value
   * @return {@code v} if positive and finite, else the fallback
   */
  public double sanitizeList(double v) {
    return v > 0 && Double.isFinite(v) ? v : listFallback;
  }

  /**
   * Writes the raw (unstandardised) derived vector. Inputs must already be sanitised.
   *
   * @param x the inputs
   * @param price the price
   * @param out receives {@link #derivedCount()} values
   */
  public void deriveRaw(double[] x, double price, double[] out) {
    int n = inputs.size();
    System.arraycopy(x, 0, out, 0, n);
    double t = priceFeatures.term().apply(price, sanitizeList(x[listIndex]));
    out[n] = t;
    for (int k = 0; k < interactionIndex.length; k++) {
      out[n + 1 + k] = t * Math.max(0.0, x[interactionIndex[k]]);
    }
  }

  /**
   * Standardises a raw derived vector in place.
   *
   * @param v the vector
   */
  public void standardize(double[] v) {
    for (int i = 0; i < v.length; i++) {
      v[i] = (v[i] - mean[i]) / scale[i];
    }
  }

  /**
   * Returns a sanitised copy of an input vector.
   *
   * @param x the inputs
   * @return the copy with non-finite values replaced
   */
  public double[] sanitizedCopy(double[] x) {
    if (x.length != inputs.size()) {
      throw new IllegalArgumentException("expected " + inputs.size() + " inputs " + inputs + ", found "
          + x.length);
    }
    double[] c = Arrays.copyOf(x, x.length);
    for (int i = 0; i < c.length; i++) {
      c[i] = sanitize(i, c[i]);
    }
    return c;
  }
}
