package dev.pricing.core.demand.internal;

import dev.pricing.core.demand.CandidatePriceFeature;
import dev.pricing.core.demand.PriceFeatures;
import java.util.List;

/**
 * Candidate-price features resolved to positions in a model's input vector (the training schema), so that one
 * derivation computes them in training, with the offered price, and in scoring, with each candidate price.
 *
 * <p>Immutable and thread-safe.
 */
public final class PricePlan {
  private final CandidatePriceFeature[] features;
  private final int[] start;
  private final int[] inputIndex;
  private final boolean[] increasing;

  /**
   * Resolves the features' inputs.
   *
   * @param features the features (validated by the caller)
   * @param inputs the model's input names
   * @throws IllegalArgumentException naming a price feature input that the inputs lack
   */
  public PricePlan(List<CandidatePriceFeature> features, List<String> inputs) {
    this.features = features.toArray(new CandidatePriceFeature[0]);
    this.start = new int[this.features.length + 1];
    int width = 0;
    for (CandidatePriceFeature f : this.features) {
      width += f.inputs().size();
    }
    this.inputIndex = new int[width];
    this.increasing = new boolean[this.features.length];
    int k = 0;
    for (int j = 0; j < this.features.length; j++) {
      start[j] = k;
      increasing[j] = this.features[j].direction() == CandidatePriceFeature.Direction.INCREASING;
      for (String name : this.features[j].inputs()) {
        int i = inputs.indexOf(name);
        if (i < 0) {
          throw new IllegalArgumentException("price feature '" + this.features[j].name() + "' reads '" + name
              + "', which the extractors do not produce " + inputs);
        }
        inputIndex[k++] = i;
      }
    }
    start[this.features.length] = k;
  }

  /** Returns the number of price features. */
  public int count() {
    return features.length;
  }

  /** Returns the total number of gathered inputs. */
  public int width() {
    return inputIndex.length;
  }

  /**
   * Returns feature j.
   *
   * @param j the feature
   * @return the feature
   */
  public CandidatePriceFeature feature(int j) {
    return features[j];
  }

  /**
   * Returns whether feature j rises with price.
   *
   * @param j the feature
   * @return true for increasing, false for decreasing
   */
  public boolean increasing(int j) {
    return increasing[j];
  }

  /**
   * Returns the model-input position of gathered input k.
   *
   * @param k the gathered position
   * @return the input position
   */
  public int inputIndex(int k) {
    return inputIndex[k];
  }

  /**
   * Returns the first gathered position of feature j.
   *
   * @param j the feature
   * @return the offset into the gathered inputs
   */
  public int start(int j) {
    return start[j];
  }

  /**
   * Gathers the inputs of every feature from a sanitised model-input vector.
   *
   * @param x model inputs
   * @param out receives {@link #width()} values
   */
  public void gather(double[] x, double[] out) {
    for (int k = 0; k < inputIndex.length; k++) {
      out[k] = x[inputIndex[k]];
    }
  }

  /**
   * Evaluates feature j from gathered inputs.
   *
   * @param j the feature
   * @param price the price
   * @param gathered the gathered inputs
   * @return the value
   */
  public double value(int j, double price, double[] gathered) {
    return features[j].value(price, gathered, start[j]);
  }

  /**
   * Per-thread scratch for {@link #column}: the candidates' {@code ln(max(p / L, min))}, computed once per call
   * for the features of {@link LogRatioForm} that read the same list price. Not thread-safe.
   */
  public static final class LogRatios {
    private double[] values = new double[64];
    private long listBits;
    private boolean valid;

    /** Forgets the last call's values (the next {@link #column} computes them for its prices). */
    public void reset() {
      valid = false;
    }

    double[] of(double[] prices, int count, double list) {
      long bits = Double.doubleToRawLongBits(list);
      if (valid && bits == listBits) {
        return values;
      }
      if (values.length < count) {
        values = new double[Math.max(count, 2 * values.length)];
      }
      for (int k = 0; k < count; k++) {
        values[k] = Math.log(Math.max(prices[k] / list, PriceFeatures.MIN_PRICE_RATIO));
      }
      listBits = bits;
      valid = true;
      return values;
    }
  }

  /**
   * Writes feature j at each of {@code count} prices into {@code out[k * stride + j]}: the same values as
   * {@link #value}, with the logarithm of {@code p / L} shared by every {@link LogRatioForm} feature of the call.
   *
   * @param j the feature
   * @param prices the prices
   * @param count how many
   * @param gathered the gathered inputs
   * @param logRatios the call's scratch ({@link LogRatios#reset} at the start of each call with new prices)
   * @param out the destination, candidate-major
   * @param stride values per candidate in {@code out}
   */
  public void column(int j, double[] prices, int count, double[] gathered, LogRatios logRatios, double[] out,
      int stride) {
    column(j, prices, count, gathered, logRatios, out, stride, 0);
  }

  /**
   * {@link #column(int, double[], int, double[], LogRatios, double[], int)} into {@code out[base + k * stride + j]}.
   *
   * @param j the feature
   * @param prices the prices
   * @param count how many
   * @param gathered the gathered inputs
   * @param logRatios the call's scratch
   * @param out the destination
   * @param stride values per candidate in {@code out}
   * @param base where candidate 0's values start
   */
  public void column(int j, double[] prices, int count, double[] gathered, LogRatios logRatios, double[] out,
      int stride, int base) {
    CandidatePriceFeature f = features[j];
    int o = start[j];
    if (f instanceof LogRatioForm form) {
      form.fill(logRatios.of(prices, count, gathered[o]), count, gathered, o, out, stride, base + j);
      return;
    }
    for (int k = 0; k < count; k++) {
      out[base + k * stride + j] = f.value(prices[k], gathered, o);
    }
  }

  /**
   * Writes every feature at one price into {@code out[offset..offset+count)}.
   *
   * @param price the price
   * @param gathered the gathered inputs
   * @param out the destination
   * @param offset where to write
   */
  public void values(double price, double[] gathered, double[] out, int offset) {
    for (int j = 0; j < features.length; j++) {
      out[offset + j] = features[j].value(price, gathered, start[j]);
    }
  }
}
