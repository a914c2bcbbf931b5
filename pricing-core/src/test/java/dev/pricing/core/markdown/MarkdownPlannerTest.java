package dev.pricing.core.markdown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pricing.api.Guardrail;
import dev.pricing.api.PriceLadder;
import dev.pricing.api.Product;
import java.math.BigDecimal;
import java.util.List;
import org.apache.commons.math3.distribution.PascalDistribution;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.junit.jupiter.api.Test;

class MarkdownPlannerTest {
  private static final MarkdownPlanner PLANNER = new MarkdownPlanner();
  private static final Product COAT = TestDemand.product("coat", "49.99", "20.00");

  private static MarkdownProblem.Builder coat(int stock, int periods, MarkdownRules rules) {
    return MarkdownProblem.builder(COAT).stock(stock).periods(periods).salvage(5)
        .demand(TestDemand.of(4, 0.8, 3, 49.99)).rules(rules);
  }

  /**
   * Expectimax by plain recursion over every demand outcome and every allowed price, with commons-math3's
   * Poisson distribution: no table, no rule-state encoding shared with the planner.
   */
  private static double bruteForce(MarkdownProblem p, List<BigDecimal> prices, int t, int stock, int level,
      int changes, int since, boolean poisson) {
    if (t == p.seasonPeriods()) {
      return p.salvage() * stock;
    }
    if (stock == 0) {
      return 0;
    }
    MarkdownRules rules = p.rules();
    double best = Double.NEGATIVE_INFINITY;
    for (int j = level; j >= 0; j--) {
      boolean change = j != level;
      if (change && (changes >= rules.maxChanges() || since < rules.minPeriodsBetweenChanges())) {
        continue;
      }
      double price = prices.get(j).doubleValue();
      if (!allowed(p, price)) {
        continue;
      }
      double[] lambda = new double[1];
      p.demand().expectedUnits(0, t, new double[] {price}, 1, lambda);
      double margin = price * (1 - rules.feeRate()) - p.products().get(0).unitCost().doubleValue();
      double v = 0;
      double tail = 1;
      for (int k = 0; k < stock; k++) {
        double pk = poisson ? new PoissonDistribution(lambda[0]).probability(k)
            : new PascalDistribution(2, 2 / (2 + lambda[0])).probability(k);
        v += pk * (margin * k + bruteForce(p, prices, t + 1, stock - k, j, changes + (change ? 1 : 0),
            change ? 1 : since + 1, poisson));
        tail -= pk;
      }
      v += tail * margin * stock;
      best = Math.max(best, v);
    }
    return best;
  }

  private static boolean allowed(MarkdownProblem p, double price) {
    double orig = p.originalPrice().doubleValue();
    if (price < orig * (1 - p.rules().maxTotalDiscount()) - 1e-9) {
      return false;
    }
    for (Guardrail g : p.rules().guardrails()) {
      if (g instanceof Guardrail.Floor f && price < f.price().doubleValue() - 1e-9) {
        return false;
      }
    }
    return true;
  }

  @Test
  void plan_equalsBruteForceExpectimax_withEveryRule() {
    MarkdownRules rules = MarkdownRules.builder().maxChanges(2).minPeriodsBetweenChanges(2).maxTotalDiscount(0.5)
        .ladder(PriceLadder.endings(500, 499)).guardrail(Guardrail.floor("29.99")).feeRate(0.02).build();
    MarkdownProblem p = coat(7, 4, rules).build();
    MarkdownPlan plan = PLANNER.plan(p);
    assertThat(plan.candidatePrices()).extracting(BigDecimal::toPlainString)
        .containsExactly("29.99", "34.99", "39.99", "44.99", "49.99");
    double exact = bruteForce(p, plan.candidatePrices(), 0, 7, 4, 0, Integer.MAX_VALUE / 2, true);
    assertThat(plan.expectedProfit()).isCloseTo(exact, org.assertj.core.data.Offset.offset(1e-9 * exact));
  }

  @Test
  void plan_equalsBruteForce_negativeBinomial() {
    MarkdownRules rules = MarkdownRules.builder().maxChanges(3).ladder(PriceLadder.endings(1000, 999)).build();
    MarkdownProblem p = coat(6, 3, rules).distribution(DemandDistribution.negativeBinomial(2)).build();
    MarkdownPlan plan = PLANNER.plan(p);
    double exact = bruteForce(p, plan.candidatePrices(), 0, 6, plan.candidatePrices().size() - 1, 0,
        Integer.MAX_VALUE / 2, false);
    assertThat(plan.expectedProfit()).isCloseTo(exact, org.assertj.core.data.Offset.offset(1e-9 * exact));
  }

  @Test
  void outcome_forwardPassAgreesWithTheValue_andReportsSellThrough() {
    MarkdownPlan plan = PLANNER.plan(coat(60, 12, MarkdownRules.builder().maxChanges(3).build()).build());
    PlanOutcome o = plan.outcome();
    assertThat(o.expectedProfit()).isCloseTo(plan.expectedProfit(), org.assertj.core.data.Offset.offset(1e-7));
    assertThat(o.expectedUnitsSold() + o.expectedLeftover()).isCloseTo(60, org.assertj.core.data.Offset.offset(1e-7));
    assertThat(o.sellThrough()).isBetween(0.0, 1.0);
    assertThat(o.periods()).hasSize(12);
    assertThat(o.periods().get(0).expectedStartStock()).isEqualTo(60.0);
    assertThat(plan.path()).hasSize(12);
  }

  @Test
  void loosenedRules_neverLowerTheValue() {
    MarkdownProblem strict = coat(80, 8, MarkdownRules.builder().maxChanges(1).minPeriodsBetweenChanges(3).build())
        .build();
    double v1 = PLANNER.plan(strict).expectedProfit();
    double v2 = PLANNER.plan(strict.withRules(MarkdownRules.builder().maxChanges(3).build())).expectedProfit();
    double v0 = PLANNER.plan(strict.withRules(MarkdownRules.builder().maxChanges(0).build())).expectedProfit();
    assertThat(v2).isGreaterThanOrEqualTo(v1);
    assertThat(v1).isGreaterThanOrEqualTo(v0);
  }

  @Test
  void replan_fromObservedStock_makesTheSameDecisionAsThePolicy() {
    MarkdownPlan plan = PLANNER.plan(coat(40, 6, MarkdownRules.builder().maxChanges(2).build()).build());
    for (int observed : new int[] {40, 33, 20, 5, 0}) {
      MarkdownPlan next = PLANNER.replan(plan, observed);
      assertThat(next.problem().firstPeriod()).isEqualTo(1);
      assertThat(next.problem().stock()).isEqualTo(observed);
      MarkdownPlan.Decision d = plan.decide(new PlanState(1, observed, plan.priceNow(),
          plan.priceNow().compareTo(COAT.listPrice()) == 0 ? 0 : 1,
          plan.priceNow().compareTo(COAT.listPrice()) == 0 ? Integer.MAX_VALUE : 1));
      assertThat(next.priceNow()).isEqualByComparingTo(d.price());
    }
  }

  @Test
  void group_sharesOneStockAndOneDepth() {
    Product red = TestDemand.product("coat-red", "49.99", "20.00");
    Product blue = TestDemand.product("coat-blue", "59.99", "26.00");
    TestDemand demand = new TestDemand(new double[] {3, 2}, 0.8, 3, new double[] {49.99, 59.99});
    MarkdownProblem p = MarkdownProblem.group(List.of(red, blue)).stock(50).periods(8).demand(demand)
        .rules(MarkdownRules.builder().maxChanges(2).build()).build();
    MarkdownPlan plan = PLANNER.plan(p);
    for (MarkdownPlan.Step s : plan.path()) {
      assertThat(s.prices()).hasSize(2);
      double r1 = s.prices().get(0).doubleValue() / 49.99;
      double r2 = s.prices().get(1).doubleValue() / 59.99;
      assertThat(r2).isLessThanOrEqualTo(r1 + 1e-9).isGreaterThan(r1 - 0.02);
    }
    assertThat(plan.outcome().expectedUnitsSold() + plan.outcome().expectedLeftover())
        .isCloseTo(50, org.assertj.core.data.Offset.offset(1e-7));
  }

  @Test
  void evaluate_underItsOwnDemand_equalsItsValue_andUnderOtherDemandIsAtMostThatDemandsOptimum() {
    MarkdownProblem p = coat(50, 8, MarkdownRules.builder().maxChanges(2).build()).build();
    MarkdownPlan plan = PLANNER.plan(p);
    assertThat(PLANNER.evaluate(plan, p.demand()).expectedProfit())
        .isCloseTo(plan.expectedProfit(), org.assertj.core.data.Offset.offset(1e-7));
    TestDemand other = TestDemand.of(7, 0.7, 4, 49.99);
    double followed = PLANNER.evaluate(plan, other).expectedProfit();
    double optimum = PLANNER.plan(p.withDemand(other)).expectedProfit();
    assertThat(followed).isLessThanOrEqualTo(optimum + 1e-9);
  }

  @Test
  void badInput_isRejectedNamingTheField() {
    assertThatThrownBy(() -> coat(-1, 4, MarkdownRules.builder().build()).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stock");
    assertThatThrownBy(() -> coat(5, 0, MarkdownRules.builder().build()).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seasonPeriods");
    assertThatThrownBy(() -> MarkdownRules.builder().maxTotalDiscount(1.5).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxTotalDiscount").hasMessageContaining("1.5");
    assertThatThrownBy(() -> MarkdownRules.builder().minPeriodsBetweenChanges(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minPeriodsBetweenChanges");
    assertThatThrownBy(() -> coat(5, 4, MarkdownRules.builder().build()).currentPrice(new BigDecimal("59.99")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("currentPrice");
    assertThatThrownBy(() -> DemandDistribution.negativeBinomial(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dispersion");
    MarkdownProblem bad = MarkdownProblem.builder(COAT).stock(5).periods(2)
        .demand((i, t, prices, n, out) -> java.util.Arrays.fill(out, 0, n, Double.NaN)).build();
    assertThatThrownBy(() -> PLANNER.plan(bad)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected units of product coat");
    MarkdownProblem infeasible = coat(5, 3, MarkdownRules.builder().guardrail(Guardrail.ceiling("39.99")).maxChanges(0)
        .build()).build();
    assertThatThrownBy(() -> PLANNER.plan(infeasible)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no price path");
  }

  @Test
  void catalogue_plansEveryProductInParallel_withProgress_andTotalsEqualTheSumOfSinglePlans() {
    int count = 120;
    List<MarkdownProblem> problems = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      Product p = TestDemand.product("sku-" + i, "29.99", "12.00");
      problems.add(MarkdownProblem.builder(p).stock(20 + i % 50).periods(10).keepPolicy(false)
          .demand(TestDemand.of(2 + i % 7, 0.85, 2.5, 29.99)).rules(MarkdownRules.builder().maxChanges(3).build())
          .build());
    }
    java.util.concurrent.ConcurrentLinkedQueue<Long> progress = new java.util.concurrent.ConcurrentLinkedQueue<>();
    java.util.concurrent.atomic.DoubleAdder sunk = new java.util.concurrent.atomic.DoubleAdder();
    CataloguePlanner.Summary summary = CataloguePlanner.of(2, 8).planAll(problems.iterator(), count,
        plan -> sunk.add(plan.expectedProfit()), (done, total) -> progress.add(done));
    double expected = problems.stream().mapToDouble(p -> PLANNER.plan(p).expectedProfit()).sum();
    assertThat(summary.planned()).isEqualTo(count);
    assertThat(summary.failed()).isZero();
    assertThat(summary.expectedProfit()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(sunk.sum()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(progress).contains((long) count);
    assertThat(summary.sellThrough()).isBetween(0.0, 1.0);
  }
}
