package dev.pricing.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PolicyComparisonTest {
  private static MarketSimulator sim;
  private static List<SimulatedRequest> requests;
  private static PolicyComparison table;

  @BeforeAll
  static void compare() {
    sim = MarketSimulator.defaultMarket(2026);
    requests = sim.requests(3000, 11);
    table = PolicyComparison.standard(sim, requests, sim.trueDemandModel());
    System.out.println(table.toMarkdown());
  }

  @Test
  void standard_personalEngineWithTrueModel_reachesNinetyPercentOfOracle() {
    PolicyResult personal = table.result("engine, personal (simulator-truth)");
    assertThat(personal.shareOfOracleProfit()).isGreaterThanOrEqualTo(0.90).isLessThanOrEqualTo(1.0 + 1e-9);
  }

  @Test
  void standard_personalEngineWithTrueModel_beatsBestUniform() {
    PolicyResult personal = table.result("engine, personal (simulator-truth)");
    PolicyResult uniform = table.result("best uniform");
    assertThat(personal.profitPerRequest()).isGreaterThan(uniform.profitPerRequest());
  }

  @Test
  void standard_bestUniform_beatsListPriceAndUniformEngine() {
    PolicyResult best = table.result("best uniform");
    assertThat(best.profitPerRequest()).isGreaterThanOrEqualTo(table.result("list price").profitPerRequest());
    assertThat(best.profitPerRequest())
        .isGreaterThanOrEqualTo(table.result("engine, uniform (simulator-truth)").profitPerRequest() - 1e-12);
  }

  @Test
  void standard_oracleHasFullShareAndEveryPolicyAtMost() {
    assertThat(table.oracle().shareOfOracleProfit()).isEqualTo(1.0);
    assertThat(table.policies()).allSatisfy(p -> assertThat(p.shareOfOracleProfit()).isLessThanOrEqualTo(1 + 1e-9));
  }

  @Test
  void standard_listPrice_neverBelowListAndPersonalDiscountsDealSeekers() {
    assertThat(table.result("list price").shareBelowList()).isZero();
    PolicyResult personal = table.result("engine, personal (simulator-truth)");
    double list = table.result("list price").averagePricePaidBySegment().get("deal-seeker");
    assertThat(personal.averagePricePaidBySegment().get("deal-seeker")).isLessThan(list);
    assertThat(personal.averagePricePaidBySegment().get("deal-seeker"))
        .isLessThan(personal.averagePricePaidBySegment().get("loyal"));
  }

  @Test
  void toMarkdownAndJson_containEveryPolicy() {
    String md = table.toMarkdown();
    String json = table.toJson();
    for (PolicyResult p : table.policies()) {
      assertThat(md).contains("| " + p.policy() + " |");
      assertThat(json).contains("\"policy\":\"" + p.policy() + "\"");
    }
    assertThat(md.lines().count()).isEqualTo(2 + table.policies().size() + 1);
  }

  @Test
  void compare_emptyInput_rejected() {
    assertThatThrownBy(() -> PolicyComparison.compare(sim, List.of(), List.of(Policies.listPrice())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requests");
    assertThatThrownBy(() -> PolicyComparison.compare(sim, requests, List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("policies");
  }
}
