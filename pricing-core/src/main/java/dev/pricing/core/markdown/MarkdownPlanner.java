package dev.pricing.core.markdown;

import dev.pricing.api.Customer;
import dev.pricing.api.Guardrail;
import dev.pricing.api.Market;
import dev.pricing.api.PriceLadder;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import dev.pricing.core.GuardrailBounds;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Plans markdowns by dynamic programming over (period, stock), exact for the stated demand model.
 *
 * <p>State: the period {@code t}, the stock {@code s}, the current price level {@code j} and the rule state
 * {@code r = (changes left, periods since the last change)}. With {@code D_t(p)} the period's demand at price
 * {@code p} (Poisson or negative binomial with the model's mean), {@code u_t(p)} the expected profit per unit
 * sold (price after fee, minus cost; for a group, averaged over its products by their demand),
 * {@code V_T(s) = salvage * s} and {@code V_t(0) = 0}:
 *
 * <pre>
 *   V_t(s, j, r) = max over allowed j'  E[ u_t(p_j') min(D, s) + V_{t+1}(s - min(D, s), j', r') ],  D ~ D_t(p_j')
 * </pre>
 *
 * where {@code j' = j} keeps the price and any other allowed level is a change (see docs/markdown.md).
 * Ties keep the price, then prefer the higher price. The distribution's far tail beyond mass
 * {@code 1 - }{@link DemandDistribution#TAIL} is left out of the expectation; nothing else is approximated.
 * Cost: {@code O(periods * ruleStates * levels * stock * support)} time; memory
 * {@code O(ruleStates * levels * stock)} plus the policy table when kept.
 *
 * <p>Thread-safe: a planner holds no state; each call allocates its own work arrays (a
 * {@link CataloguePlanner} reuses them per thread).
 */
public final class MarkdownPlanner {
  /** Value of an unreachable or infeasible state. */
  static final double INFEASIBLE = -1e300;
  private static final double MINOR_EPS = 1e-6;
  /** Largest policy table (entries) a plan may keep. */
  static final long MAX_POLICY = 64L << 20;
  private static final int MAX_LADDER_SCAN = 1_000_000;

  /** Creates a planner. */
  public MarkdownPlanner() {}

  /**
   * Plans a problem.
   *
   * @param problem the problem
   * @return the optimal plan
   * @throws IllegalArgumentException if the rules admit no price path from the current state, the demand
   *     returns an invalid value (naming the product, period and price), or the policy table would exceed
   *     64 Mi entries
   */
  public MarkdownPlan plan(MarkdownProblem problem) {
    return plan(problem, new Work());
  }

  /**
   * Re-plans one period later with the observed stock: the period just priced used the plan's price for
   * it, and the demand and rules are unchanged. One call per period.
   *
   * @param plan the plan of the period just ended
   * @param observedStock the stock observed now, at most the plan's starting stock
   * @return the plan from the next period
   * @throws IllegalArgumentException if the season has ended or the stock is out of range
   */
  public MarkdownPlan replan(MarkdownPlan plan, int observedStock) {
    Objects.requireNonNull(plan, "plan");
    MarkdownProblem p = plan.problem();
    if (p.firstPeriod() + 1 >= p.seasonPeriods()) {
      throw new IllegalArgumentException("the season ends after period " + p.firstPeriod() + "; nothing to re-plan");
    }
    if (observedStock < 0 || observedStock > p.stock()) {
      throw new IllegalArgumentException("observedStock must be in [0, " + p.stock() + "], found " + observedStock);
    }
    PlanState now = new PlanState(p.firstPeriod(), p.stock(), p.currentPrice(), p.changesUsed(),
        p.periodsSinceLastChange());
    PlanState next = now.next(plan.priceNow(), p.stock() - observedStock);
    return plan(p.withState(next.period(), next.stock(), next.price(), next.changesUsed(),
        next.periodsSinceLastChange()));
  }

  /**
   * Returns the exact expected outcome of following a plan's decisions when demand is {@code actual}
   * (for example the truth, to measure a plan made with a trained model).
   *
   * @param plan a plan that kept its policy
   * @param actual the demand to evaluate under
   * @return the outcome
   * @throws IllegalStateException if the plan kept no policy
   */
  public PlanOutcome evaluate(MarkdownPlan plan, MarkdownDemand actual) {
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(actual, "actual");
    if (!plan.hasPolicy()) {
      throw new IllegalStateException("the plan kept no policy (MarkdownProblem.Builder.keepPolicy(false))");
    }
    MarkdownProblem p = plan.problem();
    Grid g = plan.grid();
    Work w = new Work();
    Tables tables = tables(p, g, actual, w);
    int r0 = g.ruleState(p.changesUsed(), p.periodsSinceLastChange(), p.changesUsed());
    return forward(p, g, tables, plan.policy(), r0, plan.startLevel(), w);
  }

  MarkdownPlan plan(MarkdownProblem problem, Work w) {
    Objects.requireNonNull(problem, "problem");
    Grid g = grid(problem);
    int j0 = g.levelOf(problem.currentPrice());
    int r0 = g.ruleState(problem.changesUsed(), problem.periodsSinceLastChange(), problem.changesUsed());
    long policySize = (long) g.periods * g.states();
    if (policySize > MAX_POLICY) {
      throw new IllegalArgumentException("problem too large: periods x rule states x levels x (stock + 1) = "
          + g.periods + " x " + g.ruleStates + " x " + g.n + " x " + (g.stock + 1) + " = " + policySize
          + " exceeds " + MAX_POLICY + "; lower maxLevels, maxChanges or minPeriodsBetweenChanges");
    }
    Tables tables = tables(problem, g, problem.demand(), w);
    short[] policy = w.policy((int) policySize);
    boolean[][] reach = g.reachable(r0, j0);
    double value = backward(g, tables, policy, reach, r0, j0, problem.salvage(), w);
    if (value <= INFEASIBLE / 2) {
      throw new IllegalArgumentException("no price path satisfies the rules for " + problem);
    }
    PlanOutcome outcome = forward(problem, g, tables, policy, r0, j0, w);
    List<MarkdownPlan.Step> path = medianPath(problem, g, tables, policy, r0, j0);
    short[] kept = problem.keepPolicy() ? Arrays.copyOf(policy, (int) policySize) : null;
    return new MarkdownPlan(problem, g, value, outcome, path, kept, j0);
  }

  /** Demand tables: per period and level, the mean demand, the profit and revenue per unit, and the pmf. */
  static final class Tables {
    double[][] lambda;
    double[][] unitProfit;
    double[][] unitRevenue;
    double[][][] pmf;
    double[][][] emin;
  }

  private static Tables tables(MarkdownProblem p, Grid g, MarkdownDemand demand, Work w) {
    int T = g.periods;
    int n = g.n;
    Tables tb = new Tables();
    tb.lambda = new double[T][n];
    tb.unitProfit = new double[T][n];
    tb.unitRevenue = new double[T][n];
    tb.pmf = new double[T][n][];
    tb.emin = new double[T][n][];
    double[] out = new double[n];
    double[] buf = w.buffer(g.stock + 1);
    for (int t = 0; t < T; t++) {
      double[] units = tb.lambda[t];
      double[] profit = tb.unitProfit[t];
      double[] revenue = tb.unitRevenue[t];
      for (int i = 0; i < g.products; i++) {
        Arrays.fill(out, 0);
        demand.expectedUnits(i, p.firstPeriod() + t, g.price[i], n, out);
        for (int j = 0; j < n; j++) {
          double d = out[j];
          if (!(d >= 0) || !Double.isFinite(d)) {
            throw new IllegalArgumentException("expected units of product " + p.products().get(i).id() + " in period "
                + (p.firstPeriod() + t) + " at price " + g.price[i][j] + " must be finite and non-negative, found " + d);
          }
          double pr = g.price[i][j];
          units[j] += d;
          profit[j] += d * (pr * (1 - g.feeRate) - g.cost[i]);
          revenue[j] += d * pr;
        }
      }
      for (int j = 0; j < n; j++) {
        if (units[j] > 0) {
          profit[j] /= units[j];
          revenue[j] /= units[j];
        } else {
          profit[j] = 0;
          revenue[j] = 0;
        }
        int len = p.distribution().pmf(units[j], g.stock, buf);
        double[] pm = Arrays.copyOf(buf, len);
        double[] em = new double[len + 1];
        double cdf = 0;
        for (int s = 1; s <= len; s++) {
          cdf += pm[s - 1];
          // em[s] = E[min(D, s)] = sum_{i < s} P(D > i); P(D > s - 1) = 1 - cdf(s - 1).
          em[s] = em[s - 1] + Math.max(0, 1 - cdf);
        }
        tb.pmf[t][j] = pm;
        tb.emin[t][j] = em;
      }
    }
    return tb;
  }

  private static double emin(double[] em, int s) {
    return em[Math.min(s, em.length - 1)];
  }

  /** Fills the policy and returns the value of the start state. */
  private static double backward(Grid g, Tables tb, short[] policy, boolean[][] reach, int r0, int j0, double salvage,
      Work w) {
    int S = g.stock;
    int n = g.n;
    int R = g.ruleStates;
    int width = S + 1;
    int size = R * n * width;
    double[] next = w.next(size);
    double[] cur = w.cur(size);
    double[] wv = w.w(size);
    double[] runBest = w.runBest(width);
    short[] runArg = w.runArg(width);
    // Terminal: the salvage value of what is left.
    for (int b = 0; b < size; b += width) {
      for (int s = 0; s <= S; s++) {
        next[b + s] = salvage * s;
      }
    }
    for (int t = g.periods - 1; t >= 0; t--) {
      boolean[] allowed = g.allowed[t];
      boolean[] reachNext = reach[t + 1];
      boolean[] reachNow = reach[t];
      // W[r'][j'][s]: value of setting level j' now with stock s and moving to rule state r' next period.
      // Rule states whose next-period values coincide (changes left that can no longer be used) share W.
      for (int jp = 0; jp < n; jp++) {
        if (!allowed[jp]) {
          continue;
        }
        for (int rp = 0; rp < R; rp++) {
          if (!reachNext[rp * n + jp]) {
            continue;
          }
          int base = (rp * n + jp) * width;
          int same = -1;
          for (int r2 = 0; r2 < rp && same < 0; r2++) {
            int b2 = (r2 * n + jp) * width;
            if (reachNext[r2 * n + jp] && Arrays.equals(next, b2, b2 + width, next, base, base + width)) {
              same = b2;
            }
          }
          if (same >= 0) {
            System.arraycopy(wv, same, wv, base, width);
          } else {
            convolve(wv, next, base, S, tb.unitProfit[t][jp], tb.emin[t][jp], tb.pmf[t][jp]);
          }
        }
      }
      int tOff = t * R * n * width;
      for (int r = 0; r < R; r++) {
        int rs = g.stay(r);
        int rc = g.change(r);
        boolean fast = rc >= 0 && g.fastPath;
        if (fast) {
          Arrays.fill(runBest, 0, width, INFEASIBLE);
          Arrays.fill(runArg, 0, width, (short) -1);
        }
        for (int j = 0; j < n; j++) {
          int vb = (r * n + j) * width;
          int pb = tOff + vb;
          boolean here = reachNow[r * n + j];
          if (here) {
            cur[vb] = 0;
            policy[pb] = (short) j;
            if (allowed[j]) {
              int sb = (rs * n + j) * width;
              for (int s = 1; s <= S; s++) {
                cur[vb + s] = wv[sb + s];
                policy[pb + s] = (short) j;
              }
            } else {
              for (int s = 1; s <= S; s++) {
                cur[vb + s] = INFEASIBLE;
                policy[pb + s] = -1;
              }
            }
          } else {
            Arrays.fill(policy, pb, pb + width, (short) -1);
          }
          if (rc >= 0) {
            if (fast) {
              if (here) {
                for (int s = 1; s <= S; s++) {
                  if (runBest[s] > cur[vb + s]) {
                    cur[vb + s] = runBest[s];
                    policy[pb + s] = runArg[s];
                  }
                }
              }
              if (allowed[j] && reachNext[rc * n + j]) {
                int cb = (rc * n + j) * width;
                for (int s = 1; s <= S; s++) {
                  if (wv[cb + s] >= runBest[s]) {
                    runBest[s] = wv[cb + s];
                    runArg[s] = (short) j;
                  }
                }
              }
            } else if (here) {
              for (int j2 = n - 1; j2 >= 0; j2--) {
                if (j2 == j || !allowed[j2] || !g.canChange[j * n + j2]) {
                  continue;
                }
                int cb = (rc * n + j2) * width;
                for (int s = 1; s <= S; s++) {
                  if (wv[cb + s] > cur[vb + s]) {
                    cur[vb + s] = wv[cb + s];
                    policy[pb + s] = (short) j2;
                  }
                }
              }
            }
          }
          if (here) {
            for (int s = 1; s <= S; s++) {
              if (cur[vb + s] <= INFEASIBLE / 2) {
                cur[vb + s] = INFEASIBLE;
                policy[pb + s] = -1;
              }
            }
          }
        }
      }
      double[] tmp = next;
      next = cur;
      cur = tmp;
    }
    w.swapBack(next, cur);
    return next[(r0 * n + j0) * width + S];
  }

  /**
   * {@code out[base + s] = u E[min(D, s)] + sum_{k < s} P(D = k) v[base + s - k]} for s in [1, S]; v at
   * stock 0 is 0 and adds nothing.
   */
  private static void convolve(double[] out, double[] v, int base, int S, double u, double[] em, double[] pm) {
    out[base] = 0;
    int cap = em.length - 1;
    for (int s = 1; s <= S; s++) {
      out[base + s] = u * em[Math.min(s, cap)];
    }
    int kmax = Math.min(pm.length - 1, S - 1);
    for (int k = 0; k <= kmax; k++) {
      double pk = pm[k];
      int from = base + k + 1;
      int src = base + 1;
      int len = S - k;
      for (int i = 0; i < len; i++) {
        out[from + i] += pk * v[src + i];
      }
    }
  }

  private static PlanOutcome forward(MarkdownProblem p, Grid g, Tables tb, short[] policy, int r0, int j0, Work w) {
    int S = g.stock;
    int n = g.n;
    int R = g.ruleStates;
    int width = S + 1;
    int size = R * n * width;
    double[] mass = w.next(size);
    double[] nextMass = w.cur(size);
    // pending[(r', a)][s]: mass at stock s (> 0) that sets level a and moves to rule state r'; spread once per pair.
    double[] pending = w.w(size);
    Arrays.fill(mass, 0, size, 0);
    boolean[] any = new boolean[R * n];
    mass[(r0 * n + j0) * width + S] = 1;
    double profit = 0;
    double revenue = 0;
    double units = 0;
    List<PlanOutcome.Period> periods = new ArrayList<>();
    for (int t = 0; t < g.periods; t++) {
      Arrays.fill(nextMass, 0, size, 0);
      Arrays.fill(any, false);
      int tOff = t * R * n * width;
      double startStock = 0;
      double inStock = 0;
      double priceMass = 0;
      for (int r = 0; r < R; r++) {
        int rs = g.stay(r);
        int rc = g.change(r);
        for (int j = 0; j < n; j++) {
          int vb = (r * n + j) * width;
          double m0 = mass[vb];
          if (m0 > 0) {
            nextMass[(rs * n + j) * width] += m0;
          }
          for (int s = 1; s <= S; s++) {
            double m = mass[vb + s];
            if (m == 0) {
              continue;
            }
            startStock += m * s;
            inStock += m;
            int a = policy[tOff + vb + s];
            if (a < 0) {
              throw new IllegalStateException("the policy has no decision in a reachable state");
            }
            int key = (a == j ? rs : rc) * n + a;
            if (!any[key]) {
              any[key] = true;
              Arrays.fill(pending, key * width, key * width + width, 0);
            }
            pending[key * width + s] += m;
            priceMass += m * g.price[0][a];
          }
        }
      }
      double pUnits = 0;
      double pProfit = 0;
      for (int key = 0; key < R * n; key++) {
        if (!any[key]) {
          continue;
        }
        int a = key % n;
        int nb = key * width;
        double[] pm = tb.pmf[t][a];
        double[] em = tb.emin[t][a];
        int cap = em.length - 1;
        double e = 0;
        for (int s = 1; s <= S; s++) {
          double m = pending[nb + s];
          if (m == 0) {
            continue;
          }
          e += m * em[Math.min(s, cap)];
          int lim = Math.min(pm.length - 1, s - 1);
          double cum = 0;
          int dst = nb + s;
          for (int k = 0; k <= lim; k++) {
            nextMass[dst - k] += m * pm[k];
            cum += pm[k];
          }
          nextMass[nb] += m * Math.max(0, 1 - cum);
        }
        pUnits += e;
        pProfit += e * tb.unitProfit[t][a];
        revenue += e * tb.unitRevenue[t][a];
      }
      units += pUnits;
      profit += pProfit;
      periods.add(new PlanOutcome.Period(p.firstPeriod() + t, startStock, inStock, pUnits, pProfit,
          inStock > 0 ? priceMass / inStock : Double.NaN));
      double[] tmp = mass;
      mass = nextMass;
      nextMass = tmp;
    }
    w.swapBack(mass, nextMass);
    double leftover = 0;
    for (int idx = 0; idx < size; idx++) {
      leftover += mass[idx] * (idx % width);
    }
    double salvageValue = leftover * p.salvage();
    return new PlanOutcome(profit + salvageValue, revenue, units, leftover, salvageValue,
        p.stock() > 0 ? units / p.stock() : 0, periods);
  }

  private static List<MarkdownPlan.Step> medianPath(MarkdownProblem p, Grid g, Tables tb, short[] policy, int r0,
      int j0) {
    List<MarkdownPlan.Step> path = new ArrayList<>();
    int r = r0;
    int j = j0;
    int s = g.stock;
    int width = s + 1;
    for (int t = 0; t < g.periods; t++) {
      int a = s == 0 ? j : policy[((t * g.ruleStates + r) * g.n + j) * width + s];
      List<BigDecimal> prices = new ArrayList<>(g.products);
      for (int i = 0; i < g.products; i++) {
        prices.add(g.price(i, a));
      }
      int median = 0;
      double cum = 0;
      double[] pm = tb.pmf[t][a];
      while (median < pm.length && cum + pm[median] < 0.5) {
        cum += pm[median];
        median++;
      }
      int sold = Math.min(median, s);
      path.add(new MarkdownPlan.Step(p.firstPeriod() + t, prices, s, sold));
      r = a == j ? g.stay(r) : g.change(r);
      j = a;
      s -= sold;
    }
    return path;
  }

  /** Builds the candidate levels and the rules' masks. */
  static Grid grid(MarkdownProblem p) {
    MarkdownRules rules = p.rules();
    PriceLadder ladder = rules.ladder();
    List<Product> products = p.products();
    int np = products.size();
    Product lead = products.get(0);
    int digits = lead.currency().getDefaultFractionDigits();
    double scale = Math.pow(10, digits);
    long origMinor = minorExact(p.originalPrice(), digits, "originalPrice");
    long curMinor = minorExact(p.currentPrice(), digits, "currentPrice");
    int T = p.periodsLeft();
    double fee = rules.feeRate();
    double[][] lo = new double[np][T];
    double[][] hi = new double[np][T];
    double[] maxChange = new double[np];
    double[] orig = new double[np];
    double[] cost = new double[np];
    Customer anonymous = Customer.anonymous();
    for (int i = 0; i < np; i++) {
      Product pr = products.get(i);
      orig[i] = i == 0 ? p.originalPrice().doubleValue() : pr.listPrice().doubleValue();
      cost[i] = pr.unitCost().doubleValue();
      maxChange[i] = Double.POSITIVE_INFINITY;
      List<Guardrail> all = new ArrayList<>(rules.guardrails());
      all.addAll(pr.guardrails());
      for (int t = 0; t < T; t++) {
        Market market = p.markets() != null ? p.markets().get(p.firstPeriod() + t) : Market.of(p.stock(), Instant.EPOCH);
        PricingRequest request = PricingRequest.of(anonymous, pr, market);
        double l = orig[i] * (1 - rules.maxTotalDiscount());
        double h = Double.POSITIVE_INFINITY;
        for (Guardrail gr : all) {
          if (gr instanceof Guardrail.MaxChange mc) {
            maxChange[i] = Math.min(maxChange[i], mc.fraction());
            continue;
          }
          l = Math.max(l, GuardrailBounds.lower(gr, request, orig[i], cost[i], fee));
          h = Math.min(h, GuardrailBounds.upper(gr, request, orig[i]));
        }
        lo[i][t] = l;
        hi[i][t] = h;
      }
    }
    // Lead levels: the ladder between the lowest bound any period allows and the top, plus the current price.
    long topMinor = rules.markdownOnly() ? curMinor : origMinor;
    double bottom = Double.POSITIVE_INFINITY;
    for (int t = 0; t < T; t++) {
      bottom = Math.min(bottom, lo[0][t]);
    }
    bottom = Math.max(bottom, 0);
    long bottomMinor = bottom == Double.POSITIVE_INFINITY ? Long.MAX_VALUE : (long) Math.ceil(bottom * scale - MINOR_EPS);
    List<Long> ladderPoints = new ArrayList<>();
    long q = ladder.ceil(Math.max(bottomMinor, 1), digits);
    while (q <= topMinor && ladderPoints.size() < MAX_LADDER_SCAN) {
      ladderPoints.add(q);
      q = ladder.ceil(q + 1, digits);
    }
    TreeSet<Long> levels = new TreeSet<>();
    levels.add(curMinor);
    int room = rules.maxLevels() - levels.size();
    if (ladderPoints.size() <= room) {
      levels.addAll(ladderPoints);
    } else {
      for (int k = 0; k < room; k++) {
        int idx = (int) Math.round(k * (ladderPoints.size() - 1) / (double) Math.max(1, room - 1));
        levels.add(ladderPoints.get(idx));
      }
    }
    int n = levels.size();
    long[][] minor = new long[np][n];
    int jj = 0;
    for (long v : levels) {
      minor[0][jj++] = v;
    }
    for (int i = 1; i < np; i++) {
      int di = products.get(i).currency().getDefaultFractionDigits();
      double origI = orig[i] * Math.pow(10, di);
      for (int j = 0; j < n; j++) {
        double target = origI * minor[0][j] / (double) origMinor;
        minor[i][j] = ladder.floor((long) Math.floor(target + MINOR_EPS), di);
      }
    }
    boolean[][] allowed = new boolean[T][n];
    for (int t = 0; t < T; t++) {
      for (int j = 0; j < n; j++) {
        boolean ok = true;
        for (int i = 0; i < np && ok; i++) {
          long v = minor[i][j];
          ok = v >= 0 && v >= lo[i][t] * scale - MINOR_EPS && v <= hi[i][t] * scale + MINOR_EPS;
        }
        allowed[t][j] = ok;
      }
    }
    boolean anyMaxChange = false;
    for (double f : maxChange) {
      anyMaxChange |= f != Double.POSITIVE_INFINITY;
    }
    boolean fast = rules.markdownOnly() && !anyMaxChange;
    boolean[] canChange = null;
    if (!fast) {
      canChange = new boolean[n * n];
      for (int j = 0; j < n; j++) {
        for (int j2 = 0; j2 < n; j2++) {
          // A change goes to a ladder price (the current price is kept even off the ladder, not returned to).
          boolean ok = j2 != j && (!rules.markdownOnly() || j2 < j) && ladder.contains(minor[0][j2], digits);
          for (int i = 0; i < np && ok; i++) {
            double from = minor[i][j];
            ok = Math.abs(minor[i][j2] - from) <= maxChange[i] * from + MINOR_EPS;
          }
          canChange[j * n + j2] = ok;
        }
      }
    }
    int left = rules.maxChanges() - p.changesUsed();
    int changesLeft = Math.min(left, T);
    int m = Math.min(rules.minPeriodsBetweenChanges(), T + 1);
    return new Grid(np, digits, minor, T, p.stock(), m, changesLeft, allowed, canChange, fast, cost, fee);
  }

  private static long minorExact(BigDecimal price, int digits, String field) {
    BigDecimal scaled = price.movePointRight(digits);
    if (scaled.stripTrailingZeros().scale() > 0) {
      throw new IllegalArgumentException(field + " must be expressible in the currency's minor unit, found "
          + price.toPlainString());
    }
    return scaled.longValueExact();
  }

  /** Work arrays, reusable across calls on one thread. Not thread-safe. */
  static final class Work {
    private double[] a = new double[0];
    private double[] b = new double[0];
    private double[] c = new double[0];
    private double[] buf = new double[0];
    private double[] rb = new double[0];
    private short[] ra = new short[0];
    private short[] pol = new short[0];

    double[] next(int size) {
      if (a.length < size) {
        a = new double[size];
      }
      return a;
    }

    double[] cur(int size) {
      if (b.length < size) {
        b = new double[size];
      }
      return b;
    }

    double[] w(int size) {
      if (c.length < size) {
        c = new double[size];
      }
      return c;
    }

    void swapBack(double[] x, double[] y) {
      a = x;
      b = y;
    }

    double[] buffer(int size) {
      if (buf.length < size) {
        buf = new double[size];
      }
      return buf;
    }

    double[] runBest(int size) {
      if (rb.length < size) {
        rb = new double[size];
      }
      return rb;
    }

    short[] runArg(int size) {
      if (ra.length < size) {
        ra = new short[size];
      }
      return ra;
    }

    short[] policy(int size) {
      if (pol.length < size) {
        pol = new short[size];
      }
      return pol;
    }
  }
}
