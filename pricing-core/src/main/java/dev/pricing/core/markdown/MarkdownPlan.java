package dev.pricing.core.markdown;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The optimal markdown policy for a {@link MarkdownProblem}: the prices to set now, the exact expected
 * profit, sell-through and leftover of following it, and the price path it follows when every period sells
 * its median demand.
 *
 * <p>The dynamic programme's optimum is a policy, not one path: the best price in a period depends on the
 * stock left. {@link #decide(PlanState)} answers for any state the season can reach (when the problem kept
 * the policy); {@link MarkdownPlanner#replan} re-plans from the observed stock in one call.
 *
 * <p>Immutable and thread-safe.
 */
public final class MarkdownPlan {
  private final MarkdownProblem problem;
  private final Grid grid;
  private final double expectedProfit;
  private final PlanOutcome outcome;
  private final List<Step> path;
  private final short[] policy;
  private final int startLevel;

  MarkdownPlan(MarkdownProblem problem, Grid grid, double expectedProfit, PlanOutcome outcome, List<Step> path,
      short[] policy, int startLevel) {
    this.problem = problem;
    this.grid = grid;
    this.expectedProfit = expectedProfit;
    this.outcome = outcome;
    this.path = List.copyOf(path);
    this.policy = policy;
    this.startLevel = startLevel;
  }

  /**
   * One period of the median path. Immutable and thread-safe.
   *
   * @param period the period, counted from the season's start
   * @param prices each product's price in that period, in the problem's product order
   * @param startStock the stock at the period's start on this path
   * @param medianUnits the units sold on this path (the period's median demand, capped by the stock)
   */
  public record Step(int period, List<BigDecimal> prices, int startStock, int medianUnits) {
    /** Copies the prices. */
    public Step {
      prices = List.copyOf(prices);
    }

    /** @return the lead product's price */
    public BigDecimal price() {
      return prices.get(0);
    }
  }

  /**
   * A decision for one period. Immutable and thread-safe.
   *
   * @param prices each product's price, in the problem's product order
   * @param change whether it changes the price
   */
  public record Decision(List<BigDecimal> prices, boolean change) {
    /** Copies the prices. */
    public Decision {
      prices = List.copyOf(prices);
    }

    /** @return the lead product's price */
    public BigDecimal price() {
      return prices.get(0);
    }
  }

  /** @return the problem this plan solves */
  public MarkdownProblem problem() {
    return problem;
  }

  /** @return the lead product's price to set now */
  public BigDecimal priceNow() {
    return path.get(0).price();
  }

  /** @return every product's price to set now */
  public List<BigDecimal> pricesNow() {
    return path.get(0).prices();
  }

  /** @return the expected profit of the optimal policy (sales after cost and fees, plus salvage): the DP value */
  public double expectedProfit() {
    return expectedProfit;
  }

  /** @return the exact expected outcome of following the policy under the planning demand */
  public PlanOutcome outcome() {
    return outcome;
  }

  /** @return the expected share of the stock sold */
  public double sellThrough() {
    return outcome.sellThrough();
  }

  /** @return the expected units left at the season's end */
  public double expectedLeftover() {
    return outcome.expectedLeftover();
  }

  /** @return the path followed when every period sells its median demand */
  public List<Step> path() {
    return path;
  }

  /** @return the candidate lead prices the plan chose among, ascending */
  public List<BigDecimal> candidatePrices() {
    List<BigDecimal> out = new ArrayList<>(grid.n);
    for (int j = 0; j < grid.n; j++) {
      out.add(grid.price(0, j));
    }
    return out;
  }

  /** @return whether {@link #decide} is available (the problem kept the policy) */
  public boolean hasPolicy() {
    return policy != null;
  }

  /**
   * Returns the optimal decision in a state the season reached: the same decision a re-plan from that state
   * makes (Bellman's principle), in constant time.
   *
   * @param state the state; its price must be one of {@link #candidatePrices()}
   * @return the decision
   * @throws IllegalStateException if the plan kept no policy
   * @throws IllegalArgumentException if the state lies outside the plan (period, stock above the planned
   *     stock, a price off the grid, changes or gap the rules exclude)
   */
  public Decision decide(PlanState state) {
    Objects.requireNonNull(state, "state");
    if (policy == null) {
      throw new IllegalStateException("the plan kept no policy (MarkdownProblem.Builder.keepPolicy(false))");
    }
    int t = state.period() - problem.firstPeriod();
    if (t < 0 || t >= grid.periods) {
      throw new IllegalArgumentException("state.period must be in [" + problem.firstPeriod() + ", "
          + problem.seasonPeriods() + "), found " + state.period());
    }
    if (state.stock() > grid.stock) {
      throw new IllegalArgumentException("state.stock must be at most the planned stock " + grid.stock + ", found "
          + state.stock());
    }
    int j = grid.levelOf(state.price());
    if (j < 0) {
      throw new IllegalArgumentException("state.price " + state.price().toPlainString()
          + " is not a candidate price of this plan: " + candidatePrices());
    }
    int r = grid.ruleState(state.changesUsed(), state.periodsSinceLastChange(), problem.changesUsed());
    int a = policy[grid.index(t, r, j, state.stock())];
    if (a < 0) {
      throw new IllegalArgumentException("no price satisfies the rules from " + state
          + ", or no rule-abiding path from the plan's start reaches it");
    }
    List<BigDecimal> prices = new ArrayList<>(grid.products);
    for (int i = 0; i < grid.products; i++) {
      prices.add(grid.price(i, a));
    }
    return new Decision(prices, a != j);
  }

  Grid grid() {
    return grid;
  }

  short[] policy() {
    return policy;
  }

  int startLevel() {
    return startLevel;
  }

  @Override
  public String toString() {
    return "MarkdownPlan{" + problem.products().get(0).id() + ", now=" + priceNow().toPlainString()
        + ", expectedProfit=" + expectedProfit + ", sellThrough=" + outcome.sellThrough() + "}";
  }
}
