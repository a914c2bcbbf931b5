package dev.pricing.eval;

import dev.pricing.core.promo.CandidateEvaluation;
import dev.pricing.core.promo.OfferTerms;
import dev.pricing.core.promo.Promotion;
import dev.pricing.core.promo.PromotionDecision;
import dev.pricing.core.promo.PromotionOptimizer;
import dev.pricing.core.promo.PromotionReason;
import dev.pricing.core.promo.PromotionResponse;

import dev.pricing.api.PricingRequest;
import dev.pricing.eval.MarketSimulator;
import dev.pricing.eval.SimulatedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Measures promotion policies on a {@link MarketSimulator} against its <em>true</em> demand, not the planning
 * model's belief: a blanket discount (every request gets one promotion) against targeted allocations of the
 * same true spend.
 *
 * <p>Truth: P(buy) at a price is {@link MarketSimulator#trueProbability}; a non-price benefit (free shipping)
 * enters through the optimiser's {@link PromotionResponse} at its equivalent price, because the simulator has
 * no shipping (for pure price discounts the truth is the simulator's alone). Incremental profit and spend are
 * exact expectations (no sampling noise), with the market's fee.
 *
 * <p>Equal spend: the targeted budget is searched by bisection for the largest planned budget whose
 * <em>true</em> expected spend does not exceed the blanket's true expected spend; with the true model as the
 * planner the two coincide.
 *
 * <p>Stateless and thread-safe.
 */
public final class PromotionExperiment {
  private PromotionExperiment() {}

  /**
   * One policy's true outcome. Immutable and thread-safe.
   *
   * @param name the policy
   * @param incrementalProfitPerRequest true expected profit over no promotion, per request
   * @param spendPerRequest true expected cost of the discounts, per request
   * @param discountedShare the share of requests that got an offer
   * @param plannedIncrementalProfitPerRequest what the planning model expected, per request
   */
  public record Arm(String name, double incrementalProfitPerRequest, double spendPerRequest,
      double discountedShare, double plannedIncrementalProfitPerRequest) {
    /** @return a markdown table row */
    public String toMarkdownRow() {
      return String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.1f%% | %.4f |", name, incrementalProfitPerRequest,
          spendPerRequest, 100 * discountedShare, plannedIncrementalProfitPerRequest);
    }
  }

  /**
   * The comparison. Immutable and thread-safe.
   *
   * @param requests how many requests
   * @param baselineProfitPerRequest true expected profit per request without any promotion
   * @param arms the blanket first, then each targeted policy
   */
  public record Result(int requests, double baselineProfitPerRequest, List<Arm> arms) {
    /** Copies the arms. */
    public Result {
      arms = List.copyOf(arms);
    }

    /** @return a markdown table of the arms */
    public String toMarkdown() {
      StringBuilder sb = new StringBuilder();
      sb.append(String.format(Locale.ROOT, "%d requests; true profit per request without promotion %.4f%n%n",
          requests, baselineProfitPerRequest));
      sb.append("| policy | true incremental profit/request | true spend/request | discounted | planned incremental/request |\n");
      sb.append("|---|---:|---:|---:|---:|\n");
      for (Arm a : arms) {
        sb.append(a.toMarkdownRow()).append('\n');
      }
      return sb.toString();
    }
  }

  /**
   * Compares a blanket promotion with targeted allocations at the blanket's true spend.
   *
   * @param sim the simulator (the truth)
   * @param requests the requests, not empty
   * @param blanket the promotion every request gets (where its guardrails allow)
   * @param targeted the targeting optimisers (planning models and promotion menus) to compare, not empty; the
   *     first must offer the blanket promotion (it evaluates the blanket's terms and guardrails)
   * @param names their names, same size as {@code targeted}
   * @return the result
   */
  public static Result compare(MarketSimulator sim, List<SimulatedRequest> requests, Promotion blanket,
      List<PromotionOptimizer> targeted, List<String> names) {
    Objects.requireNonNull(sim, "sim");
    Objects.requireNonNull(blanket, "blanket");
    if (requests == null || requests.isEmpty()) {
      throw new IllegalArgumentException("requests must not be empty, found " + requests);
    }
    if (targeted == null || targeted.isEmpty()) {
      throw new IllegalArgumentException("targeted must not be empty, found " + targeted);
    }
    if (!targeted.get(0).promotions().contains(blanket)) {
      throw new IllegalArgumentException("blanket promotion " + blanket.id()
          + " must be configured on the first targeted optimiser, which evaluates it");
    }
    if (targeted.size() != names.size()) {
      throw new IllegalArgumentException("names must match targeted optimisers, found " + names.size() + " names for "
          + targeted.size() + " optimisers");
    }
    List<PricingRequest> rs = requests.stream().map(SimulatedRequest::request).toList();
    int n = rs.size();
    double base = 0;
    for (PricingRequest r : rs) {
      base += sim.trueExpectedProfit(r, r.referencePrice().doubleValue());
    }
    List<Arm> arms = new ArrayList<>();
    // Blanket: the planning model is irrelevant; every request gets the promotion unless a rule rejects it.
    PromotionOptimizer any = targeted.get(0);
    List<PromotionDecision> blanketDecisions = new ArrayList<>(n);
    for (PricingRequest r : rs) {
      PromotionDecision d = any.evaluate(r);
      CandidateEvaluation c = find(d, blanket.id());
      blanketDecisions.add(c == null ? withNone(d) : asChosen(d, c));
    }
    Truth blanketTruth = truth(sim, any.response(), rs, blanketDecisions);
    arms.add(new Arm("blanket " + blanket.id(), blanketTruth.incremental / n, blanketTruth.spend / n,
        blanketTruth.discounted / (double) n, blanketTruth.planned / n));
    for (int k = 0; k < targeted.size(); k++) {
      PromotionOptimizer opt = targeted.get(k);
      double lo = 0;
      double hi = 3 * blanketTruth.spend + 1e-9;
      Truth best = truth(sim, opt.response(), rs, opt.allocate(rs, 0, n).decisions());
      for (int it = 0; it < 30; it++) {
        double mid = (lo + hi) / 2;
        Truth t = truth(sim, opt.response(), rs, opt.allocate(rs, mid, n).decisions());
        if (t.spend <= blanketTruth.spend) {
          lo = mid;
          best = t;
        } else {
          hi = mid;
        }
      }
      arms.add(new Arm(names.get(k), best.incremental / n, best.spend / n, best.discounted / (double) n,
          best.planned / n));
    }
    return new Result(n, base / n, arms);
  }

  private static CandidateEvaluation find(PromotionDecision d, String label) {
    for (CandidateEvaluation c : d.candidates()) {
      if (c.terms().label().equals(label) && c.eligible()) {
        return c;
      }
    }
    return null;
  }

  private static PromotionDecision asChosen(PromotionDecision d, CandidateEvaluation c) {
    return new PromotionDecision(d.productId(), d.customerId(), c.terms(), c.terms().paidPrice(), c.conversion(),
        d.conversionWithout(), c.incrementalProfit(), c.expectedCost(), List.of(PromotionReason.ALLOCATED),
        d.candidates(), d.modelVersion());
  }

  private static PromotionDecision withNone(PromotionDecision d) {
    CandidateEvaluation none = d.candidate("none");
    return new PromotionDecision(d.productId(), d.customerId(), none.terms(), none.terms().paidPrice(),
        d.conversionWithout(), d.conversionWithout(), 0, 0, List.of(PromotionReason.GUARDRAIL_VIOLATION),
        d.candidates(), d.modelVersion());
  }

  private static final class Truth {
    double incremental;
    double spend;
    double planned;
    long discounted;
  }

  /**
   * The true incremental profit and spend of decisions.
   *
   * @param sim the truth
   * @param response how non-price benefits convert to an equivalent price
   * @param requests the requests
   * @param decisions one per request
   * @return the totals
   */
  private static Truth truth(MarketSimulator sim, PromotionResponse response, List<PricingRequest> requests,
      List<PromotionDecision> decisions) {
    Truth t = new Truth();
    double fee = sim.feeRate();
    for (int i = 0; i < requests.size(); i++) {
      PromotionDecision d = decisions.get(i);
      if (!d.promoted()) {
        continue;
      }
      PricingRequest r = requests.get(i);
      OfferTerms o = d.chosen();
      double ref = o.referencePrice().doubleValue();
      double cost = r.product().unitCost().doubleValue();
      double p0 = sim.trueProbability(r, ref);
      double eq = Math.max(0, response.equivalentPrice(r, o));
      double p = response.conversion(r, o, sim.trueProbability(r, eq), p0);
      double paid = o.paidPrice().doubleValue();
      double benefitCost = o.benefitCost().doubleValue();
      t.incremental += p * (paid * (1 - fee) - cost - benefitCost) - p0 * (ref * (1 - fee) - cost);
      t.spend += p * (ref - paid + benefitCost);
      t.planned += d.incrementalProfit();
      t.discounted++;
    }
    return t;
  }
}
