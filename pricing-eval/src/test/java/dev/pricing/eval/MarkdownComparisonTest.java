package dev.pricing.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pricing.api.spi.DemandModel;
import dev.pricing.core.FeatureExtractors;
import dev.pricing.core.demand.DemandAlgorithm;
import dev.pricing.core.demand.DemandModelTrainer;
import dev.pricing.core.demand.OfferRecord;
import dev.pricing.core.demand.PriceFeatures;
import dev.pricing.core.demand.PriceTerm;
import dev.pricing.core.demand.ValidationSplit;
import dev.pricing.core.markdown.MarkdownDemand;
import dev.pricing.core.markdown.MarkdownPlan;
import dev.pricing.core.markdown.MarkdownPlanner;
import dev.pricing.core.markdown.MarkdownRules;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MarkdownComparisonTest {
  private static final MarkdownRules RULES = MarkdownRules.builder().maxChanges(3).minPeriodsBetweenChanges(2)
      .maxTotalDiscount(0.5).build();
  private static final List<Integer> PRODUCTS = List.of(5, 11, 18);
  private static MarketSimulator sim;
  private static DemandModel trained;
  private static MarkdownComparison table;

  @BeforeAll
  static void setUp() {
    sim = MarketSimulator.defaultMarket(2026);
    List<SimulatedOffer> offers = sim.logOffers(sim.requests(20_000, 7), sim.randomisedPolicy(0.6, 1.2), 8);
    List<OfferRecord> log = new ArrayList<>();
    for (SimulatedOffer o : offers) {
      log.add(new OfferRecord(o.request(), BigDecimal.valueOf(o.price()).setScale(2, RoundingMode.HALF_UP),
          OptionalDouble.of(o.propensity()), o.units()));
    }
    trained = DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_SGD).extractors(FeatureExtractors.standard())
        .priceFeatures(PriceFeatures.of(PriceTerm.RELATIVE).withInteractions(List.of("behaviour.discount_response")))
        .split(ValidationSplit.latestFraction(0.2)).version("trained-logistic").seed(3).build().train(log).model();
    table = MarkdownComparison.compare(sim, PRODUCTS, trained, FeatureExtractors.standard(), RULES, 0.5, 1.6, 400, 9);
    System.out.println(table.toMarkdown());
  }

  @Test
  void plannerWithTheTrueModel_equalsTheOraclesExpectedProfit() {
    MarkdownPlanner planner = new MarkdownPlanner();
    SeasonSimulator season = SeasonSimulator.builder(sim).product(11).rules(RULES).stock(40).build();
    MarkdownDemand truthThroughTheSpi = MarkdownDemand.fromModel(sim.trueDemandModel(), FeatureExtractors.standard(),
        season.contexts(), season.traffic());
    for (int stock : new int[] {season.stock(), 150}) {
      SeasonSimulator s = season.withStock(stock);
      MarkdownPlan planned = planner.plan(s.problem(truthThroughTheSpi));
      MarkdownPlan oracle = s.oracle();
      assertThat(planned.expectedProfit()).isCloseTo(oracle.expectedProfit(),
          Offset.offset(1e-9 * oracle.expectedProfit()));
      assertThat(s.evaluatePlan("planned", planned).expectedProfit()).isCloseTo(oracle.expectedProfit(),
          Offset.offset(1e-9 * oracle.expectedProfit()));
      assertThat(planned.path()).extracting(MarkdownPlan.Step::price)
          .containsExactlyElementsOf(oracle.path().stream().map(MarkdownPlan.Step::price).toList());
    }
  }

  @Test
  void trainedPlan_reachesNinetyFivePercentOfTheOracle_tightAndLoose() {
    for (String scenario : List.of("tight", "loose")) {
      List<SeasonSimulator.Result> t = table.totals(scenario);
      assertThat(t.get(0).expectedProfit() / t.get(3).expectedProfit()).as(scenario)
          .isGreaterThanOrEqualTo(0.95).isLessThanOrEqualTo(1 + 1e-9);
    }
  }

  @Test
  void trainedPlan_beatsThePerRequestEngineByTenPercent_whenStockIsTight() {
    List<SeasonSimulator.Result> t = table.totals("tight");
    assertThat(t.get(0).expectedProfit()).isGreaterThanOrEqualTo(1.10 * t.get(2).expectedProfit());
  }

  @Test
  void everyPolicy_isAtMostTheOracle_andTheTableListsThem() {
    for (MarkdownComparison.Row r : table.rows()) {
      for (SeasonSimulator.Result x : r.results()) {
        // The engine personalises, which a common-price oracle cannot; it may exceed it only by that.
        if (!x.policy().startsWith("per-request")) {
          assertThat(x.expectedProfit()).isLessThanOrEqualTo(r.oracle().expectedProfit() + 1e-6);
        }
        assertThat(x.sellThrough()).isBetween(0.0, 1.0);
      }
    }
    assertThat(table.toMarkdown()).contains("| tight | oracle (same DP, true demand) |", "| loose | fixed list price |");
  }

  @Test
  void sampledSeasons_agreeWithTheExactEvaluation_andStockOutsLoseDemand() {
    SeasonSimulator s = SeasonSimulator.builder(sim).product(5).rules(RULES).stock(60).build();
    MarkdownPlan oracle = s.oracle();
    SeasonSimulator.Result exact = s.evaluatePlan("oracle", oracle);
    SeasonSimulator.Result sampled = s.simulate(SeasonSimulator.following("oracle", oracle), 300, 17);
    assertThat(sampled.expectedProfit()).isCloseTo(exact.expectedProfit(), Offset.offset(4 * sampled.standardError()));
    SeasonSimulator.Result list = s.evaluateListPrice();
    SeasonSimulator.Result listSampled = s.simulate(SeasonSimulator.fixed("list", s.product().listPrice()), 300, 18);
    assertThat(listSampled.expectedProfit()).isCloseTo(list.expectedProfit(), Offset.offset(4 * listSampled.standardError()));
    SeasonSimulator tiny = s.withStock(3);
    SeasonSimulator.Season season = tiny.season(SeasonSimulator.fixed("list", s.product().listPrice()), 5);
    int sold = 0;
    for (int t = 0; t < season.sold().length; t++) {
      assertThat(season.sold()[t]).isLessThanOrEqualTo(season.startStock()[t]);
      sold += season.sold()[t];
    }
    assertThat(sold).isEqualTo(3);
    assertThat(season.lostArrivals()).isPositive();
  }

  @Test
  void badInput_isRejectedNamingTheField() {
    assertThatThrownBy(() -> SeasonSimulator.builder(sim).stock(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stock");
    assertThatThrownBy(() -> SeasonSimulator.builder(sim).periods(20, 7).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("horizon");
    assertThatThrownBy(() -> SeasonSimulator.builder(sim).traffic(0, 0.9)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("traffic");
  }
}
