package dev.pricing.core.markdown;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pricing.api.Guardrail;
import dev.pricing.api.PriceLadder;
import dev.pricing.api.Product;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * Every plan respects every rule: on the median path and on random trajectories of the policy (any sales,
 * not only likely ones), the price never rises (markdown only) or never exceeds the original price, changes
 * at most k times, waits the minimum gap between changes, never discounts beyond the maximum, satisfies the
 * floor, the minimum margin and the maximum change per step, and lies on the ladder (or is the current
 * price). Each rule is checked here from its definition, not through the planner's grid.
 */
class MarkdownPlanProperties {
  private static final MarkdownPlanner PLANNER = new MarkdownPlanner();
  private static final List<PriceLadder> LADDERS = List.of(PriceLadder.NINETY_NINE, PriceLadder.endings(500, 499),
      PriceLadder.FORTY_NINE_NINETY_NINE, PriceLadder.step(25));

  record Scenario(MarkdownProblem problem, Double floor, Double margin, Double maxChange, long seed) {}

  @Property(tries = 250, edgeCases = net.jqwik.api.EdgeCasesMode.NONE)
  @StatisticsReport(onFailureOnly = true)
  void everyPlanRespectsEveryRule(@ForAll("scenarios") Scenario sc) {
    MarkdownProblem p = sc.problem();
    MarkdownPlan plan;
    try {
      plan = PLANNER.plan(p);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).contains("no price path");
      Statistics.label("feasible").collect("infeasible");
      return;
    }
    Statistics.label("feasible").collect("planned");
    Statistics.label("feasible").coverage(c -> c.check("planned").percentage(x -> x > 60));
    List<BigDecimal> median = new ArrayList<>();
    plan.path().forEach(s -> median.add(s.price()));
    check(sc, median, plan.path().stream().map(MarkdownPlan.Step::startStock).toList());
    Random rnd = new Random(sc.seed());
    for (int run = 0; run < 4; run++) {
      PlanState state = new PlanState(0, p.stock(), p.currentPrice(), 0, Integer.MAX_VALUE);
      List<BigDecimal> prices = new ArrayList<>();
      List<Integer> stocks = new ArrayList<>();
      for (int t = 0; t < p.seasonPeriods(); t++) {
        MarkdownPlan.Decision d = plan.decide(state);
        prices.add(d.price());
        stocks.add(state.stock());
        int sold = state.stock() == 0 ? 0 : rnd.nextInt(state.stock() + 1);
        state = state.next(d.price(), sold);
      }
      check(sc, prices, stocks);
    }
    assertThat(plan.outcome().expectedProfit())
        .isCloseTo(plan.expectedProfit(), org.assertj.core.data.Offset.offset(1e-6 * (1 + Math.abs(plan.expectedProfit()))));
  }

  private static void check(Scenario sc, List<BigDecimal> prices, List<Integer> stocks) {
    MarkdownProblem p = sc.problem();
    MarkdownRules r = p.rules();
    Product product = p.products().get(0);
    double orig = p.originalPrice().doubleValue();
    double cost = product.unitCost().doubleValue();
    BigDecimal previous = p.currentPrice();
    int changes = 0;
    int lastChange = Integer.MIN_VALUE / 2;
    for (int t = 0; t < prices.size(); t++) {
      BigDecimal price = prices.get(t);
      double v = price.doubleValue();
      boolean changed = price.compareTo(previous) != 0;
      if (r.markdownOnly()) {
        assertThat(price).as("markdown only, period %d", t).isLessThanOrEqualTo(previous);
      } else {
        assertThat(price).as("never above the original price").isLessThanOrEqualTo(p.originalPrice());
      }
      if (changed) {
        changes++;
        assertThat(t - lastChange).as("gap between changes at period %d", t)
            .isGreaterThanOrEqualTo(r.minPeriodsBetweenChanges());
        if (sc.maxChange() != null) {
          assertThat(Math.abs(v - previous.doubleValue())).as("max change per step")
              .isLessThanOrEqualTo(sc.maxChange() * previous.doubleValue() + 1e-9);
        }
        lastChange = t;
        assertThat(r.ladder().contains(price, 2)).as("on the ladder: %s", price).isTrue();
      }
      assertThat(changes).as("at most k changes").isLessThanOrEqualTo(r.maxChanges());
      if (stocks.get(t) > 0 || changed) {
        assertThat(v).as("max total discount").isGreaterThanOrEqualTo(orig * (1 - r.maxTotalDiscount()) - 1e-9);
        if (sc.floor() != null) {
          assertThat(v).as("floor").isGreaterThanOrEqualTo(sc.floor() - 1e-9);
        }
        if (sc.margin() != null) {
          assertThat((v - cost - r.feeRate() * v) / v).as("minimum margin").isGreaterThanOrEqualTo(sc.margin() - 1e-9);
        }
      }
      previous = price;
    }
  }

  @Provide
  Arbitrary<Scenario> scenarios() {
    Arbitrary<String> list = Arbitraries.of("19.99", "29.99", "49.99", "99.99");
    Arbitrary<Double> costShare = Arbitraries.doubles().between(0.2, 0.6);
    Arbitrary<PriceLadder> ladder = Arbitraries.of(LADDERS);
    Arbitrary<Boolean> markdownOnly = Arbitraries.frequency(
        net.jqwik.api.Tuple.of(5, true), net.jqwik.api.Tuple.of(1, false));
    Arbitrary<Integer> maxChanges = Arbitraries.frequency(net.jqwik.api.Tuple.of(1, Integer.MAX_VALUE),
        net.jqwik.api.Tuple.of(4, 0), net.jqwik.api.Tuple.of(4, 1), net.jqwik.api.Tuple.of(4, 2),
        net.jqwik.api.Tuple.of(4, 3));
    Arbitrary<Integer> gap = Arbitraries.integers().between(1, 4);
    Arbitrary<Double> discount = Arbitraries.doubles().between(0.1, 0.8);
    Arbitrary<Double> floorShare = Arbitraries.doubles().between(0.3, 0.9).injectNull(0.5);
    Arbitrary<Double> margin = Arbitraries.doubles().between(0.0, 0.4).injectNull(0.5);
    Arbitrary<Double> maxChange = Arbitraries.doubles().between(0.05, 0.5).injectNull(0.5);
    Arbitrary<Integer> stock = Arbitraries.integers().between(0, 60);
    Arbitrary<Integer> periods = Arbitraries.integers().between(1, 8);
    Arbitrary<double[]> demand = Combinators.combine(Arbitraries.doubles().between(0.3, 12),
        Arbitraries.doubles().between(0.6, 1.1), Arbitraries.doubles().between(0.5, 5))
        .as((a, b, c) -> new double[] {a, b, c});
    Arbitrary<Double> dispersion = Arbitraries.doubles().between(0.5, 5).injectNull(0.5);
    Arbitrary<Long> seed = Arbitraries.longs();
    return Combinators.combine(list, costShare, ladder, markdownOnly, maxChanges, gap, discount, floorShare)
        .flatAs((l, cs, lad, md, k, g, disc, fl) -> Combinators.combine(margin, maxChange, stock, periods, demand,
            dispersion, seed).as((m, mc, s, t, dem, disp, sd) -> {
              double lp = Double.parseDouble(l);
              Product product = TestDemand.product("p", l, String.format(java.util.Locale.ROOT, "%.2f", lp * cs));
              MarkdownRules.Builder rb = MarkdownRules.builder().ladder(lad).markdownOnly(md).maxChanges(k)
                  .minPeriodsBetweenChanges(g).maxTotalDiscount(disc).feeRate(0.02).maxLevels(40);
              Double floor = null;
              if (fl != null) {
                floor = Math.round(lp * fl * 100) / 100.0;
                rb.guardrail(Guardrail.floor(String.format(java.util.Locale.ROOT, "%.2f", floor)));
              }
              if (m != null) {
                rb.guardrail(Guardrail.minimumMargin(m));
              }
              if (mc != null) {
                rb.guardrail(Guardrail.maxChange(mc));
              }
              MarkdownProblem problem = MarkdownProblem.builder(product).stock(s).periods(t).salvage(lp * 0.1)
                  .demand(TestDemand.of(dem[0], dem[1], dem[2], lp)).rules(rb.build())
                  .distribution(disp == null ? DemandDistribution.poisson() : DemandDistribution.negativeBinomial(disp))
                  .build();
              return new Scenario(problem, floor, m, mc, sd);
            }));
  }
}
