package dev.pricing.core.engine;

import dev.pricing.api.GuardrailKind;
import dev.pricing.api.Objective;
import dev.pricing.api.PriceLadder;
import dev.pricing.api.ReasonCode;
import org.apache.commons.math3.analysis.UnivariateFunction;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;
import org.apache.commons.math3.optim.univariate.UnivariatePointValuePair;

/**
 * The optimiser stage: scores the candidate grid, refines the best bracket where the grid skipped ladder
 * points, and detects a binding guardrail. Immutable and thread-safe; its results go into the
 * {@link RequestContext} ({@code bestMinor}, {@code bestDemand}, {@code bestValue}, {@code refined}).
 */
final class Optimiser {
  private final CandidateGrid grid;
  private final PriceLadder ladder;
  private final Objective objective;
  private final double fee;
  private final boolean refine;

  Optimiser(CandidateGrid grid, Objective objective, double fee, boolean refine) {
    this.grid = grid;
    this.ladder = grid.ladder();
    this.objective = objective;
    this.fee = fee;
    this.refine = refine;
  }

  Refinement newRefinement() {
    return new Refinement(objective, fee);
  }

  /**
   * Scores the ladder inside [lo, hi] (all of it when it has at most maxCandidates points, else an even grid
   * refined around its best point) and leaves the best price in the context. Returns false if the model
   * returned an invalid score for a grid price.
   */
  boolean optimise(RequestContext c, double[] x, long lo, long hi) {
    return optimise(c, x, lo, hi, false);
  }

  /**
   * {@link #optimise} with the ladder steps below {@code lo} and above {@code hi} scored in the same model call
   * (their demands left in {@code c.lowProbeDemand} and {@code c.highProbeDemand}, NaN where there is no such step),
   * so that a binding check after it needs no model call of its own: for a population of samples each model call
   * walks every sample's trees.
   */
  boolean optimiseWithProbes(RequestContext c, double[] x, long lo, long hi) {
    return optimise(c, x, lo, hi, true);
  }

  private boolean optimise(RequestContext c, double[] x, long lo, long hi, boolean probes) {
    ActiveModel m = c.model;
    int n = grid.fill(c.minor, lo, hi, c.digits);
    boolean exhaustive = n > 0;
    n = Math.abs(n);
    double scale = c.scale;
    // The probes first, then the grid (so a model's output for the grid's last price is still the call's last).
    int q = 0;
    int belowAt = -1;
    int aboveAt = -1;
    if (probes) {
      long below = lo > 0 ? ladder.floor(lo - 1, c.digits) : -1;
      long above = ladder.ceil(hi + 1, c.digits);
      if (below >= 0) {
        belowAt = q;
        c.prices[q++] = below / scale;
      }
      if (above != Long.MAX_VALUE) {
        aboveAt = q;
        c.prices[q++] = above / scale;
      }
    }
    for (int i = 0; i < n; i++) {
      c.prices[q + i] = c.minor[i] / scale;
    }
    m.scorer().score(x, c.prices, q + n, c.demands);
    if (probes) {
      c.lowProbeDemand = belowAt >= 0 ? c.demands[belowAt] : Double.NaN;
      c.highProbeDemand = aboveAt >= 0 ? c.demands[aboveAt] : Double.NaN;
    }
    if (q > 0) {
      System.arraycopy(c.prices, q, c.prices, 0, n);
      System.arraycopy(c.demands, q, c.demands, 0, n);
    }
    return pickBest(c, m, x, n, c.cost, lo, hi, exhaustive);
  }

  /**
   * The decision's optimisation on the request's own features over the personal range, with the prices the
   * later stages need scored in the same model call (so the price-independent part of the model is
   * evaluated once): the ladder step below and above the range (binding detection) and the baseline price
   * when it is already known (the baseline's expected profit for this customer). Leaves the best price in
   * the context and the probes' demands in {@code c.belowDemand}, {@code c.aboveDemand},
   * {@code c.baselineDemand}. Returns false if the model returned an invalid score for a grid price.
   */
  boolean optimiseDecision(RequestContext c) {
    ActiveModel m = c.model;
    double[] x = c.x;
    long lo = c.pLo;
    long hi = c.pHi;
    int digits = c.digits;
    int n = grid.fill(c.minor, lo, hi, digits);
    boolean exhaustive = n > 0;
    n = Math.abs(n);
    double scale = c.scale;
    double cost = c.cost;
    for (int i = 0; i < n; i++) {
      c.prices[i] = c.minor[i] / scale;
    }
    int k = n;
    c.below = lo > 0 ? ladder.floor(lo - 1, digits) : -1;
    c.above = ladder.ceil(hi + 1, digits);
    int belowAt = -1;
    int aboveAt = -1;
    int baselineAt = -1;
    if (c.below >= 0) {
      belowAt = k;
      c.prices[k++] = c.below / scale;
    }
    if (c.above != Long.MAX_VALUE) {
      aboveAt = k;
      c.prices[k++] = c.above / scale;
    }
    if (c.baselineMinor >= 0) {
      baselineAt = k;
      c.prices[k++] = c.baselineMinor / scale;
    }
    scoreOwn(c, m, x, c.prices, k, c.demands);
    c.belowDemand = belowAt >= 0 ? c.demands[belowAt] : Double.NaN;
    c.aboveDemand = aboveAt >= 0 ? c.demands[aboveAt] : Double.NaN;
    c.baselineDemandValid = baselineAt >= 0;
    c.baselineDemand = baselineAt >= 0 ? c.demands[baselineAt] : Double.NaN;
    return pickBest(c, m, x, n, cost, lo, hi, exhaustive);
  }

  /**
   * Scores prices for a vector: within a slate, for the request's own vector ({@code c.x}) and a model with a
   * customer split, through the split (its customer part prepared once per customer, again whenever a
   * customer-only extractor ran for this item instead of being copied); otherwise through the scorer. Both
   * write the same demands ({@link dev.pricing.core.CustomerSplitScorer}).
   */
  private static void scoreOwn(RequestContext c, ActiveModel m, double[] x, double[] prices, int n, double[] out) {
    dev.pricing.core.CustomerSplitScorer.Split split = m.split();
    if (split == null || !c.slate || x != c.x) {
      m.scorer().score(x, prices, n, out);
      return;
    }
    if (c.partModel != m || c.customerFresh) {
      if (c.part.length < split.size()) {
        c.part = new double[split.size()];
      }
      split.prepare(x, c.part);
      c.partModel = m;
      c.customerFresh = false;
    }
    split.score(x, c.part, prices, n, out);
  }

  /**
   * Picks the candidate of highest objective among the {@code n} scored ones (false when the model's output is
   * invalid for any of them), then refines around it unless the grid was exhaustive.
   */
  private boolean pickBest(RequestContext c, ActiveModel m, double[] x, int n, double cost, long lo, long hi,
      boolean exhaustive) {
    int best = -1;
    double bestValue = Double.NEGATIVE_INFINITY;
    ModelOutputCheck check = m.check();
    for (int i = 0; i < n; i++) {
      double d = c.demands[i];
      if (!check.valid(d)) {
        return false;
      }
      double v = objective.value(c.prices[i], cost, fee, d);
      if (v > bestValue) {
        bestValue = v;
        best = i;
      }
    }
    c.bestMinor = c.minor[best];
    c.bestDemand = c.demands[best];
    c.bestValue = bestValue;
    c.refined = false;
    if (!exhaustive && refine && n >= 3) {
      refineBest(c, x, best, n, lo, hi);
    }
    return true;
  }

  /**
   * Refines the best grid candidate between its neighbours, only where the grid skipped ladder points
   * there. When the ladder has few enough points in that bracket they are all scored in one call (exact,
   * allocation-free); otherwise the ladder is effectively continuous there and Brent's method
   * (commons-math3) finds the continuous optimum, which is then snapped to the ladder points on either side.
   */
  private void refineBest(RequestContext c, double[] x, int best, int n, long loL, long hiL) {
    long lo = c.minor[Math.max(best - 1, 0)];
    long hi = c.minor[Math.min(best + 1, n - 1)];
    int digits = c.digits;
    double scale = c.scale;
    int limit = grid.maxCandidates();
    int m = 0;
    int k = 0;
    long p = ladder.ceil(lo + 1, digits);
    while (p < hi && k < limit) {
      k++;
      if (p != c.bestMinor) {
        c.minor[m] = p;
        c.prices[m++] = p / scale;
      }
      p = ladder.ceil(p + 1, digits);
    }
    if (p >= hi) {
      if (m == 0) {
        return; // the grid already held every ladder point of the bracket
      }
      scoreOwn(c, c.model, x, c.prices, m, c.demands);
      for (int i = 0; i < m; i++) {
        consider(c, c.minor[i], c.prices[i], c.demands[i]);
      }
      return;
    }
    Refinement f = c.refinement;
    f.scorer = c.model.scorer();
    f.check = c.model.check();
    f.x = x;
    f.cost = c.cost;
    UnivariatePointValuePair opt = f.brent.optimize(f.maxEval, f.function, GoalType.MAXIMIZE,
        new SearchInterval(lo / scale, hi / scale, c.bestMinor / scale));
    long at = Math.round(opt.getPoint() * scale);
    long down = Math.max(ladder.floor(at, digits), loL);
    long up = Math.min(ladder.ceil(at, digits), hiL);
    c.probe[0] = down / scale;
    c.probe[1] = up / scale;
    c.model.scorer().score(x, c.probe, 2, c.probeOut);
    consider(c, down, c.probe[0], c.probeOut[0]);
    consider(c, up, c.probe[1], c.probeOut[1]);
  }

  /** Takes a refinement candidate if its score is valid and it beats the current best. */
  private void consider(RequestContext c, long minor, double price, double demand) {
    if (c.model.check().valid(demand) && minor != c.bestMinor) {
      double v = objective.value(price, c.cost, fee, demand);
      if (v > c.bestValue) {
        c.bestValue = v;
        c.bestMinor = minor;
        c.bestDemand = demand;
        c.refined = true;
      }
    }
  }

  /**
   * Binding: the price sits on a bound of the personal search range and the objective one ladder step
   * beyond it is better. Sets {@code c.binding} and the reason bits.
   */
  void detectBinding(RequestContext c) {
    long price = c.priceMinor;
    if (price == c.pLo && c.below >= 0 && valueAt(c, c.below, c.belowDemand) > c.value) {
      bind(c, c.pLoKind);
    }
    if (price == c.pHi && c.binding < 0 && c.above != Long.MAX_VALUE
        && valueAt(c, c.above, c.aboveDemand) > c.value) {
      bind(c, c.pHiKind);
    }
  }

  /** The objective at a probed price, or -infinity where the model's output is invalid. */
  private double valueAt(RequestContext c, long minor, double demand) {
    return c.model.check().valid(demand) ? objective.value(minor / c.scale, c.cost, fee, demand)
        : Double.NEGATIVE_INFINITY;
  }

  /** Records that {@code kind} (null: the search range) bound the price. */
  static void bind(RequestContext c, GuardrailKind kind) {
    if (kind != null) {
      c.binding = kind.ordinal();
      c.reasons |= Reasons.bit(kind == GuardrailKind.PERSONALISATION_CAP
          ? ReasonCode.PERSONALISATION_CAP : ReasonCode.GUARDRAIL_BINDING);
    } else {
      c.reasons |= Reasons.bit(ReasonCode.SEARCH_LIMIT);
    }
  }

  /** The model's demand at one price (not checked). */
  double demandAt(RequestContext c, double[] x, double price) {
    c.probe[0] = price;
    c.model.scorer().score(x, c.probe, 1, c.probeOut);
    return c.probeOut[0];
  }

  /** The objective for a valid demand. */
  double value(double price, double cost, double demand) {
    return objective.value(price, cost, fee, demand);
  }

  /** Profit after unit cost and the payment fee. */
  double profit(double price, double cost, double demand) {
    return (price - cost - fee * price) * demand;
  }

  /** The objective as a function of a continuous price, for the one-dimensional refinement; per thread. */
  static final class Refinement implements UnivariateFunction {
    final BrentOptimizer brent = new BrentOptimizer(1e-9, 1e-9);
    final MaxEval maxEval = new MaxEval(200);
    final UnivariateObjectiveFunction function = new UnivariateObjectiveFunction(this);
    private final dev.pricing.api.Objective objective;
    private final double fee;
    dev.pricing.api.spi.DemandModel.Scorer scorer;
    ModelOutputCheck check;
    double[] x;
    double cost;
    private final double[] p = new double[1];
    private final double[] d = new double[1];

    Refinement(dev.pricing.api.Objective objective, double fee) {
      this.objective = objective;
      this.fee = fee;
    }

    @Override
    public double value(double price) {
      p[0] = price;
      scorer.score(x, p, 1, d);
      // An invalid score must not steer the optimiser; the grid result then stands.
      return check.valid(d[0]) ? objective.value(price, cost, fee, d[0]) : Double.NEGATIVE_INFINITY;
    }
  }
}
