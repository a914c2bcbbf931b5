package dev.pricing.core.promo;

import dev.pricing.api.PricingRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * Offline budget allocation over a batch of requests: a multiple-choice knapsack (each request gets at most
 * one offer) solved by the classic greedy on its LP relaxation.
 *
 * <p>For each request, the eligible offers with positive incremental profit are placed on the plane
 * (expected cost, incremental profit) with "no promotion" at the origin; only the upper concave hull matters
 * (an offer under it is beaten by a mix of its neighbours). Walking up a hull is a chain of upgrades, each
 * with a falling profit-per-cost ratio. The greedy takes upgrades from all requests in decreasing ratio while
 * the spend and the count of discounted requests allow; an upgrade that does not fit ends its request's
 * chain. This is optimal for the LP relaxation up to the one upgrade that does not fit, and its last accepted
 * ratio is the Lagrange multiplier of the spend constraint: {@link Allocation#lambda()}. Online, an optimiser
 * with {@link PromotionOptimizer#withProfitPerCostThreshold(double) that threshold} picks, for each arriving
 * customer, {@code argmax incremental - lambda * cost}, which is the same choice the allocator makes on the
 * hull (the online threshold policy).
 *
 * <p>Stateless and thread-safe.
 */
public final class BudgetAllocator {
  private BudgetAllocator() {}

  /**
   * The result of an allocation. Immutable and thread-safe.
   *
   * @param decisions one decision per request, in order ({@link PromotionReason#ALLOCATED} when promoted)
   * @param totalExpectedCost the expected spend, at most the budget
   * @param totalIncrementalProfit the expected incremental profit
   * @param discounted how many requests got an offer
   * @param lambda the profit per unit of cost of the last upgrade accepted when the budget binds, else 0
   */
  public record Allocation(List<PromotionDecision> decisions, double totalExpectedCost,
      double totalIncrementalProfit, long discounted, double lambda) {
    /** Copies the decisions. */
    public Allocation {
      decisions = List.copyOf(decisions);
    }
  }

  /**
   * Allocates a budget.
   *
   * @param optimizer the optimiser that evaluates offers (its own threshold and budget are ignored)
   * @param requests the requests, not empty
   * @param maxSpend the total expected cost allowed, finite and non-negative
   * @param maxDiscounted the most requests that may get an offer, non-negative
   * @return the allocation
   * @throws IllegalArgumentException if the requests are empty or a limit is invalid
   */
  public static Allocation allocate(PromotionOptimizer optimizer, List<PricingRequest> requests, double maxSpend,
      long maxDiscounted) {
    Objects.requireNonNull(optimizer, "optimizer");
    Objects.requireNonNull(requests, "requests");
    if (requests.isEmpty()) {
      throw new IllegalArgumentException("requests must not be empty, found []");
    }
    if (!(Double.isFinite(maxSpend) && maxSpend >= 0)) {
      throw new IllegalArgumentException("maxSpend must be finite and non-negative, found " + maxSpend);
    }
    if (maxDiscounted < 0) {
      throw new IllegalArgumentException("maxDiscounted must not be negative, found " + maxDiscounted);
    }
    int n = requests.size();
    PromotionOptimizer.Evaluated[] evaluated = new PromotionOptimizer.Evaluated[n];
    List<List<CandidateEvaluation>> hulls = new ArrayList<>(n);
    PriorityQueue<Step> queue = new PriorityQueue<>(Comparator.comparingDouble((Step s) -> -s.ratio)
        .thenComparingInt(s -> s.request));
    for (int i = 0; i < n; i++) {
      evaluated[i] = optimizer.evaluateAll(requests.get(i));
      List<CandidateEvaluation> hull = evaluated[i].early != null ? List.of() : hull(evaluated[i].candidates);
      hulls.add(hull);
      if (!hull.isEmpty()) {
        queue.add(step(i, 0, hull));
      }
    }
    int[] level = new int[n];
    PromotionReason[] refused = new PromotionReason[n];
    double remaining = maxSpend;
    long discounted = 0;
    double lambda = 0;
    boolean binding = false;
    while (!queue.isEmpty()) {
      Step s = queue.poll();
      if (s.level == 0 && discounted >= maxDiscounted) {
        refused[s.request] = PromotionReason.CUSTOMER_CAP_REACHED;
        continue;
      }
      if (s.cost > remaining) {
        refused[s.request] = PromotionReason.BUDGET_EXHAUSTED;
        binding = true;
        continue;
      }
      remaining -= s.cost;
      if (s.level == 0) {
        discounted++;
      }
      level[s.request] = s.level + 1;
      lambda = s.ratio;
      List<CandidateEvaluation> hull = hulls.get(s.request);
      if (s.level + 1 < hull.size()) {
        queue.add(step(s.request, s.level + 1, hull));
      }
    }
    List<PromotionDecision> decisions = new ArrayList<>(n);
    double cost = 0;
    double profit = 0;
    for (int i = 0; i < n; i++) {
      PromotionOptimizer.Evaluated e = evaluated[i];
      PricingRequest r = requests.get(i);
      if (e.early != null) {
        decisions.add(e.early);
      } else if (level[i] > 0) {
        CandidateEvaluation c = hulls.get(i).get(level[i] - 1);
        cost += c.expectedCost();
        profit += c.incrementalProfit();
        decisions.add(optimizer.chosen(r, e, c, PromotionReason.ALLOCATED));
      } else {
        decisions.add(optimizer.none(r, e, refused[i] != null ? refused[i] : PromotionReason.NO_PROFITABLE_PROMOTION));
      }
    }
    return new Allocation(decisions, cost, profit, discounted, binding ? lambda : 0);
  }

  /** The upper concave hull of the eligible, profitable offers, from the origin, by increasing cost. */
  static List<CandidateEvaluation> hull(List<CandidateEvaluation> candidates) {
    List<CandidateEvaluation> points = new ArrayList<>();
    for (CandidateEvaluation c : candidates) {
      if (c.eligible() && !c.terms().isNone() && c.incrementalProfit() > 0) {
        points.add(c);
      }
    }
    points.sort(Comparator.comparingDouble(CandidateEvaluation::expectedCost)
        .thenComparingDouble(c -> -c.incrementalProfit()).thenComparing(c -> c.terms().label()));
    List<CandidateEvaluation> hull = new ArrayList<>();
    for (CandidateEvaluation p : points) {
      if (!hull.isEmpty() && p.incrementalProfit() <= hull.get(hull.size() - 1).incrementalProfit()) {
        continue; // costs at least as much and earns no more
      }
      while (!hull.isEmpty()) {
        CandidateEvaluation last = hull.get(hull.size() - 1);
        double prevCost = hull.size() >= 2 ? hull.get(hull.size() - 2).expectedCost() : 0;
        double prevProfit = hull.size() >= 2 ? hull.get(hull.size() - 2).incrementalProfit() : 0;
        // pop last when it lies on or below the segment prev -> p
        double cross = (last.expectedCost() - prevCost) * (p.incrementalProfit() - prevProfit)
            - (last.incrementalProfit() - prevProfit) * (p.expectedCost() - prevCost);
        if (cross >= 0) {
          hull.remove(hull.size() - 1);
        } else {
          break;
        }
      }
      hull.add(p);
    }
    return hull;
  }

  private static Step step(int request, int level, List<CandidateEvaluation> hull) {
    CandidateEvaluation to = hull.get(level);
    double fromCost = level == 0 ? 0 : hull.get(level - 1).expectedCost();
    double fromProfit = level == 0 ? 0 : hull.get(level - 1).incrementalProfit();
    double dc = to.expectedCost() - fromCost;
    double dp = to.incrementalProfit() - fromProfit;
    return new Step(request, level, dc, dc <= 0 ? Double.POSITIVE_INFINITY : dp / dc);
  }

  private record Step(int request, int level, double cost, double ratio) {}
}
