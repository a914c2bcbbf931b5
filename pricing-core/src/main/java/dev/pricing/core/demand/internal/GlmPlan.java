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
 * then the link. A conversion model may carry a <em>ceiling</em>: the purchase probability is then
 * {@code kappa(x) sigma(s(x, p))} with {@code kappa(x) = sigma(k + sum_i v_i x_i)}, the share of customers like
 * {@code x} who would buy at any price (real purchase curves level off below 1 as the price falls; a plain
 * logistic curve rises to 1 and so over-predicts demand at low prices). The ceiling does not depend on the price,
 * so it keeps the model's monotonicity.
 *
 * <p>Each slope is bounded to the side that keeps demand non-increasing in price
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
  private final double ceilingConstant;
  private final double[] ceilingWeights;
  private final EntityTerms entities;

  /**
   * Creates a plan from raw coefficients, without a ceiling.
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
    this(inputs, price, constant, w, beta, interactionInput, gamma, link, smear, smoothing, maxDemand, 0, null,
        EntityTerms.NONE);
  }

  /**
   * Creates a plan from raw coefficients with entity effects, without a ceiling.
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
    this(inputs, price, constant, w, beta, interactionInput, gamma, link, smear, smoothing, maxDemand, 0, null,
        entities);
  }

  /**
   * Creates a plan from raw coefficients with a ceiling, without entity effects.
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
   * @param ceilingConstant the ceiling's constant {@code k} (ignored without a ceiling)
   * @param ceilingWeights one ceiling weight {@code v_i} per input, or null for no ceiling
   * @throws IllegalArgumentException if lengths disagree, a value is not finite, or a ceiling is given to a units
   *     model
   */
  public GlmPlan(ModelInputs inputs, PricePlan price, double constant, double[] w, double[] beta,
      int[] interactionInput, double[] gamma, Link link, double smear, double smoothing, double maxDemand,
      double ceilingConstant, double[] ceilingWeights) {
    this(inputs, price, constant, w, beta, interactionInput, gamma, link, smear, smoothing, maxDemand,
        ceilingConstant, ceilingWeights, EntityTerms.NONE);
  }

  /**
   * Creates a plan from raw coefficients, with a ceiling when {@code ceilingWeights} is not null and entity
   * effects.
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
   * @param ceilingConstant the ceiling's constant {@code k} (ignored without a ceiling)
   * @param ceilingWeights one ceiling weight {@code v_i} per input, or null for no ceiling
   * @param entities per-level effects and slope deviations of entity-code inputs (whose input weights must be 0)
   * @throws IllegalArgumentException if lengths disagree, a value is not finite, or a ceiling is given to a units
   *     model
   */
  public GlmPlan(ModelInputs inputs, PricePlan price, double constant, double[] w, double[] beta,
      int[] interactionInput, double[] gamma, Link link, double smear, double smoothing, double maxDemand,
      double ceilingConstant, double[] ceilingWeights, EntityTerms entities) {
    for (int f = 0; f < entities.fields(); f++) {
      int k = entities.input(f);
      if (k < 0 || k >= inputs.size() || w.length == inputs.size() && w[k] != 0) {
        throw new IllegalArgumentException("entity input " + entities.feature(f) + " at " + k + " must be one of the "
            + inputs.size() + " inputs, with input weight 0");
      }
    }
    if (ceilingWeights != null) {
      if (link != Link.LOGISTIC) {
        throw new IllegalArgumentException("a ceiling applies to conversion models only, not to link " + link);
      }
      if (ceilingWeights.length != inputs.size()) {
        throw new IllegalArgumentException("GLM ceiling weights " + ceilingWeights.length + " do not match "
            + inputs.size() + " inputs");
      }
      check(ceilingConstant, "ceiling constant");
      for (double v : ceilingWeights) {
        check(v, "ceiling weight");
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
    this.ceilingConstant = ceilingWeights == null ? 0 : ceilingConstant;
    this.ceilingWeights = ceilingWeights == null ? null : ceilingWeights.clone();
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

  /** Returns whether the plan carries a ceiling. */
  public boolean hasCeiling() {
    return ceilingWeights != null;
  }

  /** Returns the ceiling's constant (0 without a ceiling). */
  public double ceilingConstant() {
    return ceilingConstant;
  }

  /** Returns a copy of the ceiling weights, or null without a ceiling. */
  public double[] ceilingWeights() {
    return ceilingWeights == null ? null : ceilingWeights.clone();
  }

  /**
   * Returns the ceiling's logit {@code k + v.x} for sanitised inputs ({@code +Infinity} without a ceiling, so
   * that {@code sigma} of it is 1).
   *
   * @param x the inputs
   * @return the logit
   */
  public double ceilingLogit(double[] x) {
    if (ceilingWeights == null) {
      return Double.POSITIVE_INFINITY;
    }
    double k = ceilingConstant;
    for (int i = 0; i < ceilingWeights.length; i++) {
      k += ceilingWeights[i] * x[i];
    }
    return k;
  }

  /**
   * Returns the model's margin in its link units for a linear predictor {@code s} and a ceiling logit
   * {@code k}: {@code s} without a ceiling, else {@code logit(sigma(k) sigma(s))}, computed without overflow.
   *
   * @param s the linear predictor
   * @param k the ceiling logit from {@link #ceilingLogit}
   * @return the margin
   */
  public double margin(double s, double k) {
    if (ceilingWeights == null) {
      return s;
    }
    double logP = -GlmSolver.softplus(-k) - GlmSolver.softplus(-s);
    // ln(1 - P) without cancellation
    double log1mP = logP > -0.6931471805599453 ? Math.log(-Math.expm1(logP)) : Math.log1p(-Math.exp(logP));
    return logP - log1mP;
  }


  /**
   * Returns the margin {@link #margin} at one price for sanitised inputs (the base margin a boosted ensemble
   * starts from).
   *
   * @param x the inputs
   * @param p the price
   * @param gathered scratch of {@link PricePlan#width()} values
   * @return the margin
   */
  public double margin(double[] x, double p, double[] gathered) {
    return margin(predictor(x, p, gathered), ceilingLogit(x));
  }

  /**
   * Splits a change of margin over the inputs: given the linear predictors and ceiling logits at {@code x} and
   * at a reference {@code r}, and contributions {@code lin} of each input to {@code sx - sr}, writes to
   * {@code out} contributions that sum to {@code margin(sx, kx) - margin(sr, kr)}: the ceiling's change, split
   * in proportion to each input's {@code v_i (x_i - r_i)}, then the linear predictor's change at the
   * reference's ceiling, split in proportion to {@code lin}. Without a ceiling, {@code out} is {@code lin}.
   *
   * @param sx the linear predictor at x
   * @param sr the linear predictor at r
   * @param x the inputs
   * @param r the reference inputs
   * @param lin per input, contributions summing to {@code sx - sr}
   * @param out receives per input contributions (may be {@code lin})
   */
  public void splitMargin(double sx, double sr, double[] x, double[] r, double[] lin, double[] out) {
    int n = lin.length;
    if (ceilingWeights == null) {
      if (out != lin) {
        System.arraycopy(lin, 0, out, 0, n);
      }
      return;
    }
    double kx = ceilingLogit(x);
    double kr = ceilingLogit(r);
    double ceilingPart = margin(sx, kx) - margin(sx, kr);
    double linearPart = margin(sx, kr) - margin(sr, kr);
    double ds = sx - sr;
    double dk = kx - kr;
    for (int i = 0; i < n; i++) {
      double v = ds != 0 ? linearPart * lin[i] / ds : 0;
      if (dk != 0) {
        v += ceilingPart * ceilingWeights[i] * (x[i] - r[i]) / dk;
      }
      out[i] = v;
    }
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
   * Returns {@link #priceTerm(double, double, double[])} from the price features' values already written at
   * {@code values[offset..offset + price().count())} by {@link PricePlan#values} (same arithmetic, same result).
   *
   * @param c0 the bounded primary slope
   * @param values the price features' values at one price
   * @param offset where they start
   * @return the part
   */
  public double priceTerm(double c0, double[] values, int offset) {
    double v = c0 * values[offset];
    for (int j = 1; j < beta.length; j++) {
      v += bound(j, beta[j]) * values[offset + j];
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
    return output(predictor(x, p, gathered), ceiling(x));
  }

  /** Returns the ceiling {@code kappa(x)}, 1 without one. */
  private double ceiling(double[] x) {
    return ceilingWeights == null ? 1.0 : 1.0 / (1.0 + Math.exp(-ceilingLogit(x)));
  }

  private double output(double s, double kappa) {
    double d = link.apply(s, smear, smoothing) * kappa;
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

  /** Per thread, a grid's price-feature values (candidate-major; grows once for a longer grid) and log ratios. */
  private static final class Grid {
    private double[] values = new double[64 * 8];
    final PricePlan.LogRatios logRatios = new PricePlan.LogRatios();

    double[] values(int size) {
      if (values.length < size) {
        values = new double[Math.max(size, 2 * values.length)];
      }
      return values;
    }
  }

  /** The hot-path scorer: the price-independent part once per call, then the price features per candidate. */
  private final class Compiled implements DemandModel.ContributionScorer {
    private final int[] pos;
    private final LongAdder defaulted;
    private final ThreadLocal<double[][]> scratch;
    private final ThreadLocal<Grid> grids = ThreadLocal.withInitial(Grid::new);

    Compiled(int[] pos, LongAdder defaulted) {
      this.pos = pos;
      this.defaulted = defaulted;
      int n = pos.length;
      int g = price.width();
      this.scratch = ThreadLocal.withInitial(() -> new double[][] {new double[n], new double[g], new double[n],
          new double[g], new double[n]});
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
      double kappa = ceiling(x);
      int m = beta.length;
      // the price features column by column, with ln(p / L) computed once per candidate for all of them
      Grid grid = grids.get();
      double[] v = grid.values(count * m);
      grid.logRatios.reset();
      for (int j = 0; j < m; j++) {
        price.column(j, prices, count, g, grid.logRatios, v, m);
      }
      for (int k = 0; k < count; k++) {
        int at = k * m;
        double u = base + c0 * v[at];
        for (int j = 1; j < m; j++) {
          u += bound(j, beta[j]) * v[at + j];
        }
        out[k] = output(u, kappa);
      }
    }

    /**
     * Exact in link units: per input {@code w_i (x_i - r_i)}, plus the change of the primary slope times the
     * primary feature at the reference, split over the interaction inputs (proportionally when the bound
     * binds), plus each price feature's change between {@code x} and {@code r} times its slope at {@code x},
     * given to the feature's first input that differs (the list price when none does). They sum to
     * {@code s(x, p) - s(r, p)}; with a ceiling, {@link #splitMargin} rescales them and adds the ceiling's
     * part so that they sum to the change of {@code logit(kappa sigma(s))}.
     */
    @Override
    public void contributions(double[] features, double[] reference, double p, double[] out) {
      Arrays.fill(out, 0.0);
      double[][] s = scratch.get();
      double[] x = s[0];
      double[] gx = s[1];
      double[] r = s[2];
      double[] gr = s[3];
      double[] lin = s[4];
      Arrays.fill(lin, 0.0);
      load(features, x);
      load(reference, r);
      for (int i = 0; i < w.length; i++) {
        lin[i] += w[i] * (x[i] - r[i]);
      }
      for (int f = 0; f < entities.fields(); f++) {
        lin[entities.input(f)] += entities.level(f, x) - entities.level(f, r);
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
            lin[k] += part;
            assigned += part;
          }
          double rest = (cx - cr) * fr - assigned;
          if (rest != 0) {
            lin[inputs.listIndex()] += rest;
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
          lin[target] += change;
        }
      }
      if (ceilingWeights != null) {
        double sx = level(x) + priceTerm(bound(0, rawPrimarySlope(x)), p, gx);
        double sr = level(r) + priceTerm(bound(0, rawPrimarySlope(r)), p, gr);
        splitMargin(sx, sr, x, r, lin, lin);
      }
      for (int i = 0; i < lin.length; i++) {
        out[pos[i]] += lin[i];
      }
    }
  }
}
