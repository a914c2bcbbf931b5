package dev.pricing.core.demand.internal;

import dev.pricing.api.FeatureSchema;
import dev.pricing.api.spi.DemandModel;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

/**
 * A generalised linear demand model over the model inputs {@code x} and candidate-price features
 * {@code f_j(p, x)}, on the raw (unstandardised) scale:
 *
 * <pre>
 *   s(x, p) = constant + sum_i w_i x_i + sum_j c_j(x) f_j(p, x)
 *   c_0(x)  = beta_0 + sum_q gamma_q x_{k_q}      (the primary price feature's slope varies with inputs)
 *   c_j(x)  = beta_j                              (j &gt; 0)
 * </pre>
 *
 * then the link. Each slope is bounded to the side that keeps demand non-increasing in price
 * ({@code c_j <= 0} for a feature that rises with price, {@code >= 0} for one that falls), so for every input the
 * model is monotone; {@link #slopeAtBound} says when the bound binds for an input. Units models also carry a
 * sanity cap: an expected demand above it (far outside what the model was trained on) is written as NaN, which
 * the engine treats as an invalid model output (a fallback with a reason), never a price.
 *
 * <p>Immutable and thread-safe.
 */
public final class GlmPlan {
  private final ModelInputs inputs;
  private final PricePlan price;
  private final double constant;
  private final double[] w;
  private final double[] beta;
  private final int[] interactionInput;
  private final double[] gamma;
  private final Link link;
  private final double smear;
  private final double smoothing;
  private final double maxDemand;
  private final EntityTerms entities;

  /**
   * Creates a plan from raw coefficients, without entity effects.
   *
   * @param inputs the model inputs
   * @param price the candidate-price features over those inputs
   * @param constant the constant
   * @param w one weight per input
   * @param beta one slope per price feature
   * @param interactionInput input positions whose values move the primary slope
   * @param gamma one weight per interaction input
   * @param link the link
   * @param smear units retransformation factor (1 for conversion)
   * @param smoothing units smoothing (0 for conversion)
   * @param maxDemand the sanity cap on the demand ({@code +Infinity} for none)
   * @throws IllegalArgumentException if lengths disagree or a value is not finite
   */
  public GlmPlan(ModelInputs inputs, PricePlan price, double constant, double[] w, double[] beta,
      int[] interactionInput, double[] gamma, Link link, double smear, double smoothing, double maxDemand) {
    this(inputs, price, constant, w, beta, interactionInput, gamma, link, smear, smoothing, maxDemand,
        EntityTerms.NONE);
  }

  /**
   * Creates a plan from raw coefficients.
   *
   * @param inputs the model inputs
   * @param price the candidate-price features over those inputs
   * @param constant the constant
   * @param w one weight per input
   * @param beta one slope per price feature
   * @param interactionInput input positions whose values move the primary slope
   * @param gamma one weight per interaction input
   * @param link the link
   * @param smear units retransformation factor (1 for conversion)
   * @param smoothing units smoothing (0 for conversion)
   * @param maxDemand the sanity cap on the demand ({@code +Infinity} for none)
   * @param entities per-level effects and slope deviations of entity-code inputs (whose input weights must be 0)
   * @throws IllegalArgumentException if lengths disagree or a value is not finite
   */
  public GlmPlan(ModelInputs inputs, PricePlan price, double constant, double[] w, double[] beta,
      int[] interactionInput, double[] gamma, Link link, double smear, double smoothing, double maxDemand,
      EntityTerms entities) {
    for (int f = 0; f < entities.fields(); f++) {
      int k = entities.input(f);
      if (k < 0 || k >= inputs.size() || w.length == inputs.size() && w[k] != 0) {
        throw new IllegalArgumentException("entity input " + entities.feature(f) + " at " + k + " must be one of the "
            + inputs.size() + " inputs, with input weight 0");
      }
    }
    if (w.length != inputs.size() || beta.length != price.count() || gamma.length != interactionInput.length) {
      throw new IllegalArgumentException("GLM coefficient lengths " + w.length + "/" + beta.length + "/"
          + gamma.length + " do not match " + inputs.size() + " inputs, " + price.count() + " price features, "
          + interactionInput.length + " interactions");
    }
    check(constant, "constant");
    for (double v : w) {
      check(v, "input weight");
    }
    for (double v : beta) {
      check(v, "price slope");
    }
    for (double v : gamma) {
      check(v, "interaction weight");
    }
    for (int k : interactionInput) {
      if (k < 0 || k >= inputs.size()) {
        throw new IllegalArgumentException("interaction input " + k + " is outside the " + inputs.size()
            + " inputs");
      }
    }
    if (!(smear > 0) || !Double.isFinite(smear) || !(smoothing >= 0) || !Double.isFinite(smoothing)
        || !(maxDemand > 0)) {
      throw new IllegalArgumentException("invalid units retransformation: smear " + smear + ", smoothing "
          + smoothing + ", cap " + maxDemand);
    }
    this.inputs = inputs;
    this.price = price;
    this.constant = constant;
    this.w = w.clone();
    this.beta = beta.clone();
    this.interactionInput = interactionInput.clone();
    this.gamma = gamma.clone();
    this.link = link;
    this.smear = smear;
    this.smoothing = smoothing;
    this.maxDemand = maxDemand;
    this.entities = entities;
  }

  /** Returns the entity terms ({@link EntityTerms#NONE} without any). */
  public EntityTerms entities() {
    return entities;
  }

  private static void check(double v, String what) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException("GLM " + what + " is not finite: " + v);
    }
  }

  /** Returns the inputs. */
  public ModelInputs inputs() {
    return inputs;
  }

  /** Returns the price plan. */
  public PricePlan price() {
    return price;
  }

  /** Returns the constant. */
  public double constant() {
    return constant;
  }

  /** Returns a copy of the input weights. */
  public double[] weights() {
    return w.clone();
  }

  /** Returns a copy of the price slopes. */
  public double[] slopes() {
    return beta.clone();
  }

  /** Returns a copy of the interaction input positions. */
  public int[] interactionInputs() {
    return interactionInput.clone();
  }

  /** Returns a copy of the interaction weights. */
  public double[] interactionWeights() {
    return gamma.clone();
  }

  /** Returns the link. */
  public Link link() {
    return link;
  }

  /** Returns the units smear. */
  public double smear() {
    return smear;
  }

  /** Returns the units smoothing. */
  public double smoothing() {
    return smoothing;
  }

  /** Returns the sanity cap on demand. */
  public double maxDemand() {
    return maxDemand;
  }

  /**
   * Returns the unbounded primary slope for sanitised inputs.
   *
   * @param x the inputs
   * @return {@code c_0(x)} before the bound
   */
  public double rawPrimarySlope(double[] x) {
    double c = beta[0] + entities.slope(x);
    for (int q = 0; q < interactionInput.length; q++) {
      c += gamma[q] * x[interactionInput[q]];
    }
    return c;
  }

  /**
   * Returns whether the monotonicity bound binds on the primary slope for sanitised inputs.
   *
   * @param x the inputs
   * @return true when the slope was clamped
   */
  public boolean slopeAtBound(double[] x) {
    double c = rawPrimarySlope(x);
    return price.increasing(0) ? c > 0 : c < 0;
  }

  private double bound(int j, double c) {
    return price.increasing(j) ? Math.min(c, 0.0) : Math.max(c, 0.0);
  }

  /**
   * Returns the linear predictor for sanitised inputs in model-input order (training and evaluation; the hot
   * path uses {@link #bind}).
   *
   * @param x the inputs
   * @param p the price
   * @param gathered scratch of {@link PricePlan#width()} values
   * @return the predictor
   */
  public double predictor(double[] x, double p, double[] gathered) {
    double s = constant + entities.level(x);
    for (int i = 0; i < w.length; i++) {
      s += w[i] * x[i];
    }
    price.gather(x, gathered);
    s += bound(0, rawPrimarySlope(x)) * price.value(0, p, gathered);
    for (int j = 1; j < beta.length; j++) {
      s += bound(j, beta[j]) * price.value(j, p, gathered);
    }
    return s;
  }

  /**
   * Returns the price-independent part {@code constant + w.x} for sanitised inputs.
   *
   * @param x the inputs
   * @return the part
   */
  public double level(double[] x) {
    double s = constant + entities.level(x);
    for (int i = 0; i < w.length; i++) {
      s += w[i] * x[i];
    }
    return s;
  }

  /**
   * Returns the bounded primary slope for sanitised inputs.
   *
   * @param x the inputs
   * @return {@code c_0(x)} after the monotonicity bound
   */
  public double primarySlope(double[] x) {
    return bound(0, rawPrimarySlope(x));
  }

  /**
   * Returns the price part {@code sum_j c_j f_j(p)} given the bounded primary slope and gathered inputs.
   *
   * @param c0 the bounded primary slope
   * @param p the price
   * @param gathered the gathered price-feature inputs
   * @return the part
   */
  public double priceTerm(double c0, double p, double[] gathered) {
    double v = c0 * price.value(0, p, gathered);
    for (int j = 1; j < beta.length; j++) {
      v += bound(j, beta[j]) * price.value(j, p, gathered);
    }
    return v;
  }

  /**
   * Returns the demand for sanitised inputs, NaN above the sanity cap.
   *
   * @param x the inputs
   * @param p the price
   * @param gathered scratch
   * @return the demand
   */
  public double predict(double[] x, double p, double[] gathered) {
    return output(predictor(x, p, gathered));
  }

  private double output(double s) {
    double d = link.apply(s, smear, smoothing);
    return d <= maxDemand ? d : Double.NaN;
  }

  /**
   * Binds to an engine schema.
   *
   * @param schema the schema
   * @param defaulted counts inputs replaced by their fallback
   * @return the scorer
   * @throws IllegalArgumentException naming an input the schema lacks
   */
  public DemandModel.Scorer bind(FeatureSchema schema, LongAdder defaulted) {
    int n = inputs.size();
    int[] pos = new int[n];
    for (int i = 0; i < n; i++) {
      pos[i] = schema.require(inputs.names().get(i));
    }
    return new Compiled(pos, defaulted);
  }

  /** The hot-path scorer: the price-independent part once per call, then the price features per candidate. */
  private final class Compiled implements DemandModel.ContributionScorer {
    private final int[] pos;
    private final LongAdder defaulted;
    private final ThreadLocal<double[][]> scratch;

    Compiled(int[] pos, LongAdder defaulted) {
      this.pos = pos;
      this.defaulted = defaulted;
      int n = pos.length;
      int g = price.width();
      this.scratch = ThreadLocal.withInitial(() -> new double[][] {new double[n], new double[g], new double[n],
          new double[g]});
    }

    private int load(double[] features, double[] x) {
      int bad = 0;
      for (int i = 0; i < pos.length; i++) {
        double raw = features[pos[i]];
        double v = inputs.sanitize(i, raw);
        if (v != raw) {
          bad++;
        }
        x[i] = v;
      }
      return bad;
    }

    @Override
    public void score(double[] features, double[] prices, int count, double[] out) {
      Prices.check(prices, count, out);
      double[][] s = scratch.get();
      double[] x = s[0];
      double[] g = s[1];
      int bad = load(features, x);
      if (bad > 0) {
        defaulted.add(bad);
      }
      double base = constant + entities.level(x);
      for (int i = 0; i < w.length; i++) {
        base += w[i] * x[i];
      }
      price.gather(x, g);
      double c0 = bound(0, rawPrimarySlope(x));
      int m = beta.length;
      for (int k = 0; k < count; k++) {
        double p = prices[k];
        double v = base + c0 * price.value(0, p, g);
        for (int j = 1; j < m; j++) {
          v += bound(j, beta[j]) * price.value(j, p, g);
        }
        out[k] = output(v);
      }
    }

    /**
     * Exact in link units: per input {@code w_i (x_i - r_i)}, plus the change of the primary slope times the
     * primary feature at the reference, split over the interaction inputs (proportionally when the bound
     * binds), plus each price feature's change between {@code x} and {@code r} times its slope at {@code x},
     * given to the feature's first input that differs (the list price when none does). They sum to
     * {@code s(x, p) - s(r, p)}.
     */
    @Override
    public void contributions(double[] features, double[] reference, double p, double[] out) {
      Arrays.fill(out, 0.0);
      double[][] s = scratch.get();
      double[] x = s[0];
      double[] gx = s[1];
      double[] r = s[2];
      double[] gr = s[3];
      load(features, x);
      load(reference, r);
      for (int i = 0; i < w.length; i++) {
        out[pos[i]] += w[i] * (x[i] - r[i]);
      }
      for (int f = 0; f < entities.fields(); f++) {
        out[pos[entities.input(f)]] += entities.level(f, x) - entities.level(f, r);
      }
      price.gather(x, gx);
      price.gather(r, gr);
      for (int j = 0; j < beta.length; j++) {
        double cx = j == 0 ? bound(0, rawPrimarySlope(x)) : bound(j, beta[j]);
        double cr = j == 0 ? bound(0, rawPrimarySlope(r)) : bound(j, beta[j]);
        double fx = price.value(j, p, gx);
        double fr = price.value(j, p, gr);
        // slope change at the reference feature value
        if (j == 0 && cx != cr) {
          double rawDiff = rawPrimarySlope(x) - rawPrimarySlope(r);
          double share = rawDiff != 0 ? (cx - cr) / rawDiff : 0;
          double assigned = 0;
          for (int q = 0; q < interactionInput.length; q++) {
            int k = interactionInput[q];
            double part = share * gamma[q] * (x[k] - r[k]) * fr;
            out[pos[k]] += part;
            assigned += part;
          }
          double rest = (cx - cr) * fr - assigned;
          if (rest != 0) {
            out[pos[inputs.listIndex()]] += rest;
          }
        }
        // feature change at the input's slope
        double change = cx * (fx - fr);
        if (change != 0) {
          int target = inputs.listIndex();
          for (int k = price.start(j); k < price.start(j + 1); k++) {
            int in = price.inputIndex(k);
            if (x[in] != r[in]) {
              target = in;
              break;
            }
          }
          out[pos[target]] += change;
        }
      }
    }
  }
}
