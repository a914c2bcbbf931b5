package dev.pricing.eval;

import dev.pricing.api.PricingEngine;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.api.spi.FeatureExtractor;
import dev.pricing.core.markdown.MarkdownDemand;
import dev.pricing.core.markdown.MarkdownPlan;
import dev.pricing.core.markdown.MarkdownPlanner;
import dev.pricing.core.markdown.MarkdownRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Markdown planning against the alternatives on {@link SeasonSimulator} seasons with real inventory, each
 * evaluated exactly under the market's true demand: the markdown plan made with a (trained) demand model
 * and followed with the observed stock each period; the list price held all season; the per-request
 * engine (personalised, the same model) that ignores the stock; and the clairvoyant oracle, the same
 * dynamic programme on the true demand. Stock is set per product as a share of the season's expected
 * demand at the list price: tight (below it) and loose (above it).
 *
 * <p>Immutable and thread-safe.
 *
 * @param rows one row per stock scenario and product
 */
public record MarkdownComparison(List<Row> rows) {

  /** Copies the rows. */
  public MarkdownComparison {
    rows = List.copyOf(rows);
  }

  /**
   * One product under one stock scenario. Immutable and thread-safe.
   *
   * @param scenario "tight" or "loose"
   * @param product the product id
   * @param stock the starting stock
   * @param markdown the markdown plan made with the planning model
   * @param listPrice the fixed list price
   * @param engine the per-request engine without inventory
   * @param oracle the clairvoyant oracle
   */
  public record Row(String scenario, String product, int stock, SeasonSimulator.Result markdown,
      SeasonSimulator.Result listPrice, SeasonSimulator.Result engine, SeasonSimulator.Result oracle) {
    /** @return the four results in table order */
    public List<SeasonSimulator.Result> results() {
      return List.of(markdown, listPrice, engine, oracle);
    }
  }

  /**
   * Runs the comparison.
   *
   * @param sim the market
   * @param products catalogue indices of the products, not empty
   * @param model the demand model the markdown planner and the engine use
   * @param extractors the extractors the model was trained with
   * @param rules the markdown rules (the market's guardrails, ladder and fee are added)
   * @param tightShare the tight stock as a share of expected list-price demand, positive
   * @param looseShare the loose stock as a share of it, positive
   * @param contextSample how many customers the planner averages its model over
   * @param seed the seed of that sample
   * @return the comparison
   */
  public static MarkdownComparison compare(MarketSimulator sim, List<Integer> products, DemandModel model,
      List<? extends FeatureExtractor> extractors, MarkdownRules rules, double tightShare, double looseShare,
      int contextSample, long seed) {
    Objects.requireNonNull(sim, "sim");
    Objects.requireNonNull(model, "model");
    if (products == null || products.isEmpty()) {
      throw new IllegalArgumentException("products must not be empty");
    }
    if (!(tightShare > 0) || !(looseShare > 0)) {
      throw new IllegalArgumentException("tightShare and looseShare must be positive, found " + tightShare + " and "
          + looseShare);
    }
    MarkdownPlanner planner = new MarkdownPlanner();
    List<Row> rows = new ArrayList<>();
    PricingEngine.Builder eb = PricingEngine.builder().extractors(List.copyOf(extractors)).demandModel(model)
        .ladder(sim.ladder()).paymentFeeRate(sim.feeRate()).searchRange(0.5, 2.0);
    sim.guardrails().forEach(eb::guardrail);
    try (PricingEngine engine = eb.build()) {
      for (int p : products) {
        SeasonSimulator base = SeasonSimulator.builder(sim).product(p).rules(rules).build();
        double demand = base.expectedListPriceDemand();
        MarkdownDemand believed = MarkdownDemand.fromModel(model, extractors,
            base.sampleContexts(contextSample, seed + p), base.traffic());
        for (String scenario : List.of("tight", "loose")) {
          int stock = (int) Math.max(1, Math.round((scenario.equals("tight") ? tightShare : looseShare) * demand));
          SeasonSimulator season = base.withStock(stock);
          MarkdownPlan plan = planner.plan(season.problem(believed));
          MarkdownPlan oracle = season.oracle();
          rows.add(new Row(scenario, season.product().id(), stock,
              season.evaluatePlan("markdown plan (" + model.version() + ")", plan),
              season.evaluateListPrice(),
              season.evaluateEngine("per-request engine (" + model.version() + ")", engine),
              season.evaluatePlan("oracle (same DP, true demand)", oracle)));
        }
      }
    }
    return new MarkdownComparison(rows);
  }

  /**
   * Returns the totals over products of one scenario, in table order (markdown, list price, engine, oracle).
   *
   * @param scenario "tight" or "loose"
   * @return the summed results (sell-through over the summed stock)
   */
  public List<SeasonSimulator.Result> totals(String scenario) {
    Map<Integer, double[]> sums = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    long stock = 0;
    for (Row r : rows) {
      if (!r.scenario().equals(scenario)) {
        continue;
      }
      stock += r.stock();
      List<SeasonSimulator.Result> rs = r.results();
      for (int i = 0; i < rs.size(); i++) {
        double[] s = sums.computeIfAbsent(i, k -> new double[3]);
        s[0] += rs.get(i).expectedProfit();
        s[1] += rs.get(i).expectedUnitsSold();
        s[2] += rs.get(i).expectedLeftover();
        if (names.size() <= i) {
          names.add(rs.get(i).policy());
        }
      }
    }
    if (sums.isEmpty()) {
      throw new IllegalArgumentException("no rows for scenario '" + scenario + "'");
    }
    List<SeasonSimulator.Result> out = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      double[] s = sums.get(i);
      out.add(new SeasonSimulator.Result(names.get(i), s[0], s[1], s[2], stock > 0 ? s[1] / stock : 0, 0));
    }
    return out;
  }

  /** @return a Markdown table: per scenario, each policy's profit, share of the oracle, sell-through, leftover */
  public String toMarkdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("| stock | policy | expected profit | share of oracle | sell-through | leftover units |\n");
    sb.append("|---|---|---:|---:|---:|---:|\n");
    for (String scenario : List.of("tight", "loose")) {
      List<SeasonSimulator.Result> t = totals(scenario);
      double oracle = t.get(3).expectedProfit();
      for (SeasonSimulator.Result r : t) {
        sb.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.1f%% | %.1f%% | %.1f |%n", scenario, r.policy(),
            r.expectedProfit(), 100 * r.expectedProfit() / oracle, 100 * r.sellThrough(), r.expectedLeftover()));
      }
    }
    return sb.toString();
  }
}
