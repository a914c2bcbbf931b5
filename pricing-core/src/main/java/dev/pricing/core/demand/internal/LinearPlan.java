package dev.pricing.core.demand.internal;

import dev.pricing.api.FeatureSchema;
import dev.pricing.api.spi.DemandModel;
import java.util.concurrent.atomic.LongAdder;

/**
 * A linear demand model flattened to weights over the raw (unstandardised) inputs and price features:
 * {@code s = constant + sum_j w_j x_j + (termWeight + sum_k v_k max(0, x_k)) * T(p)}, then the link.
 * Schema-independent; {@link #bind} resolves inputs to an engine schema.
 *
 * <p>Immutable and thread-safe.
 */
public final class LinearPlan {
  private final Derivation derivation;
  private final double constant;
  private final double[] inputWeight;
  private final double termWeight;
  private final double[] interactionWeight;
  private final Link link;
  private final double smear;
  private final double smoothing;

  /**
   * Creates a plan from weights over the standardised derived features.
   *
   * @param derivation the derivation
   * @param derivedWeight a weight per derived feature (0 where the model lacks it)
   * @param bias the intercept
   * @param link the link
   * @param smear the retransformation factor (units)
   * @param smoothing the units smoothing (units)
   */
  public LinearPlan(Derivation derivation, double[] derivedWeight, double bias, Link link, double smear,
      double smoothing) {
    this.derivation = derivation;
    int n = derivation.inputCount();
    int k = derivation.interactionCount();
    double c = bias;
    double[] raw = new double[derivedWeight.length];
    for (int d = 0; d < derivedWeight.length; d++) {
      raw[d] = derivedWeight[d] / derivation.scale(d);
    }
    // Centring: inputs and the term fold into the constant; interactions fold into the term weight
    // only through their own column, so their centring also goes to the constant.
    for (int d = 0; d < derivedWeight.length; d++) {
      c -= raw[d] * derivation.mean(d);
    }
    this.constant = c;
    this.inputWeight = new double[n];
    System.arraycopy(raw, 0, inputWeight, 0, n);
    this.termWeight = raw[n];
    this.interactionWeight = new double[k];
    System.arraycopy(raw, n + 1, interactionWeight, 0, k);
    this.link = link;
    this.smear = smear;
    this.smoothing = smoothing;
  }

  /** Returns the raw weight of the price term. */
  public double termWeight() {
    return termWeight;
  }

  /**
   * Returns the raw weight of interaction k.
   *
   * @param k the interaction
   * @return the weight
   */
  public double interactionWeight(int k) {
    return interactionWeight[k];
  }

  /**
   * Returns the price slope {@code dS/dT} for sanitised inputs.
   *
   * @param x the inputs (sanitised)
   * @return the slope
   */
  public double slope(double[] x) {
    double s = termWeight;
    for (int k = 0; k < interactionWeight.length; k++) {
      s += interactionWeight[k] * Math.max(0.0, x[derivation.interactionInput(k)]);
    }
    return s;
  }

  /**
   * Returns the linear predictor for sanitised inputs in training-schema order (for training and
   * evaluation; the hot path uses {@link #bind}).
   *
   * @param x the inputs
   * @param price the price
   * @return the predictor before the link
   */
  public double predictor(double[] x, double price) {
    double s = constant;
    for (int j = 0; j < inputWeight.length; j++) {
      s += inputWeight[j] * x[j];
    }
    return s + slope(x) * derivation.term().apply(price, derivation.sanitizeList(x[derivation.listIndex()]));
  }

  /**
   * Binds to a schema.
   *
   * @param schema the engine schema
   * @param defaulted counts inputs replaced by their fallback
   * @return the scorer
   * @throws IllegalArgumentException naming a feature the model reads that the schema lacks
   */
  public DemandModel.Scorer bind(FeatureSchema schema, LongAdder defaulted) {
    int n = derivation.inputCount();
    int used = 0;
    for (int j = 0; j < n; j++) {
      if (inputWeight[j] != 0) {
        used++;
      }
    }
    int[] idx = new int[used];
    double[] w = new double[used];
    double[] fb = new double[used];
    int u = 0;
    for (int j = 0; j < n; j++) {
      if (inputWeight[j] != 0) {
        idx[u] = schema.require(derivation.inputs().get(j));
        w[u] = inputWeight[j];
        fb[u] = derivation.inputFallback(j);
        u++;
      }
    }
    int listIdx = schema.require(derivation.inputs().get(derivation.listIndex()));
    int k = interactionWeight.length;
    int[] iIdx = new int[k];
    double[] iFb = new double[k];
    for (int q = 0; q < k; q++) {
      int in = derivation.interactionInput(q);
      iIdx[q] = interactionWeight[q] != 0 ? schema.require(derivation.inputs().get(in)) : -1;
      iFb[q] = derivation.inputFallback(in);
    }
    return new Compiled(constant, idx, w, fb, listIdx, derivation.listFallback(), termWeight, iIdx,
        interactionWeight.clone(), iFb, derivation.term(), link, smear, smoothing, defaulted);
  }

  /**
   * The hot-path scorer: flat arrays, no allocation. For a slate, the prefix of its sums over customer-only
   * inputs is computed once per customer ({@link dev.pricing.core.CustomerSplitScorer}).
   */
  private static final class Compiled implements DemandModel.ContributionScorer,
      dev.pricing.core.CustomerSplitScorer {
    private final double constant;
    private final int[] idx;
    private final double[] w;
    private final double[] fb;
    private final int listIdx;
    private final double listFb;
    private final double termWeight;
    private final int[] iIdx;
    private final double[] iW;
    private final double[] iFb;
    private final dev.pricing.core.demand.PriceTerm term;
    private final Link link;
    private final double smear;
    private final double smoothing;
    private final LongAdder defaulted;

    Compiled(double constant, int[] idx, double[] w, double[] fb, int listIdx, double listFb, double termWeight,
        int[] iIdx, double[] iW, double[] iFb, dev.pricing.core.demand.PriceTerm term, Link link, double smear,
        double smoothing, LongAdder defaulted) {
      this.constant = constant;
      this.idx = idx;
      this.w = w;
      this.fb = fb;
      this.listIdx = listIdx;
      this.listFb = listFb;
      this.termWeight = termWeight;
      this.iIdx = iIdx;
      this.iW = iW;
      this.iFb = iFb;
      this.term = term;
      this.link = link;
      this.smear = smear;
      this.smoothing = smoothing;
      this.defaulted = defaulted;
    }

    @Override
    public void score(double[] features, double[] prices, int count, double[] out) {
      Prices.check(prices, count, out);
      scoreFrom(features, constant, 0, termWeight, 0, 0, prices, count, out);
    }

    /**
     * The sums of {@link #score}, continued from a prefix: the inputs' sum from input {@code inputsFrom} on top of
     * {@code base}, the slope's from interaction {@code interactionsFrom} on top of {@code slope}, {@code bad}
     * defaulted values so far; the same operations in the same order as the whole sums.
     */
    private void scoreFrom(double[] features, double base, int inputsFrom, double slope, int interactionsFrom,
        int bad, double[] prices, int count, double[] out) {
      for (int j = inputsFrom; j < idx.length; j++) {
        double v = features[idx[j]];
        if (!Double.isFinite(v)) {
          v = fb[j];
          bad++;
        }
        base += w[j] * v;
      }
      double list = features[listIdx];
      if (!(list > 0) || !Double.isFinite(list)) {
        list = listFb;
        bad++;
      }
      for (int q = interactionsFrom; q < iIdx.length; q++) {
        if (iIdx[q] < 0) {
          continue;
        }
        double v = features[iIdx[q]];
        if (!Double.isFinite(v)) {
          v = iFb[q];
          bad++;
        }
        slope += iW[q] * Math.max(0.0, v);
      }
      if (bad > 0) {
        defaulted.add(bad);
      }
      for (int i = 0; i < count; i++) {
        out[i] = link.apply(base + slope * term.apply(prices[i], list), smear, smoothing);
      }
    }

    @Override
    public dev.pricing.core.CustomerSplitScorer.Split split(boolean[] customerOnly) {
      int from = 0;
      while (from < idx.length && customerOnly[idx[from]]) {
        from++;
      }
      int iFrom = 0;
      while (iFrom < iIdx.length && (iIdx[iFrom] < 0 || customerOnly[iIdx[iFrom]])) {
        iFrom++;
      }
      if (from == 0 && iFrom == 0) {
        return null;
      }
      final int inputsFrom = from;
      final int interactionsFrom = iFrom;
      return new dev.pricing.core.CustomerSplitScorer.Split() {
        @Override
        public int size() {
          return 3;
        }

        @Override
        public void prepare(double[] features, double[] part) {
          double base = constant;
          int bad = 0;
          for (int j = 0; j < inputsFrom; j++) {
            double v = features[idx[j]];
            if (!Double.isFinite(v)) {
              v = fb[j];
              bad++;
            }
            base += w[j] * v;
          }
          double slope = termWeight;
          for (int q = 0; q < interactionsFrom; q++) {
            if (iIdx[q] < 0) {
              continue;
            }
            double v = features[iIdx[q]];
            if (!Double.isFinite(v)) {
              v = iFb[q];
              bad++;
            }
            slope += iW[q] * Math.max(0.0, v);
          }
          part[0] = base;
          part[1] = slope;
          part[2] = bad;
        }

        @Override
        public void score(double[] features, double[] part, double[] prices, int count, double[] out) {
          // The same sums as Compiled.score, continued from the customer prefix.
          Prices.check(prices, count, out);
          scoreFrom(features, part[0], inputsFrom, part[1], interactionsFrom, (int) part[2], prices, count, out);
        }
      };
    }

    private double input(double[] features, int j) {
      double v = features[idx[j]];
      return Double.isFinite(v) ? v : fb[j];
    }

    private double inter(double[] features, int q) {
      double v = features[iIdx[q]];
      return Math.max(0.0, Double.isFinite(v) ? v : iFb[q]);
    }

    private double list(double[] features) {
      double list = features[listIdx];
      return list > 0 && Double.isFinite(list) ? list : listFb;
    }

    /**
     * Exact in link units (logit or log): {@code w_j (x_j - r_j)} per input, the interaction terms'
     * change times the price term at {@code x}, and the reference slope times the change of the price
     * term to the list price; they sum to {@code eta(x, p) - eta(r, p)}.
     */
    @Override
    public void contributions(double[] features, double[] reference, double price, double[] out) {
      java.util.Arrays.fill(out, 0.0);
      for (int j = 0; j < idx.length; j++) {
        out[idx[j]] += w[j] * (input(features, j) - input(reference, j));
      }
      double tx = term.apply(price, list(features));
      double tr = term.apply(price, list(reference));
      double slopeR = termWeight;
      for (int q = 0; q < iIdx.length; q++) {
        if (iIdx[q] < 0) {
          continue;
        }
        out[iIdx[q]] += iW[q] * (inter(features, q) - inter(reference, q)) * tx;
        slopeR += iW[q] * inter(reference, q);
      }
      out[listIdx] += slopeR * (tx - tr);
    }
  }
}
