package dev.pricing.examples;

import dev.pricing.api.BehaviourSummary;
import dev.pricing.api.Customer;
import dev.pricing.api.Guardrail;
import dev.pricing.api.Market;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.PriceLadder;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.Product;
import dev.pricing.api.SlateRanking;
import dev.pricing.core.FeatureExtractors;
import dev.pricing.core.LogisticDemandModel;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A recommender page: a candidate list of products with the recommender's relevance scores, priced for one
 * customer in one {@code priceAll} call (the customer's features are extracted once for the page), then
 * ordered three ways: by relevance alone, by expected profit, and by an even blend of the two.
 *
 * <p>Run: {@code mvn -q -pl examples -am compile exec:java -Dexec.skip
 * -Dexec.mainClass=dev.pricing.examples.RecommenderSlate -Ddemo.main=dev.pricing.examples.RecommenderSlate}
 */
public final class RecommenderSlate {
  private static final int PAGE = 8;

  private RecommenderSlate() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    LogisticDemandModel model = LogisticDemandModel.builder()
        .version("slate-logistic-1")
        .intercept(3.2)
        .priceCoefficient(4.0)
        .weight("behaviour.carts_log1p", 0.5)
        .weight("behaviour.recency", 0.4)
        .weight("market.competitor_min_gap", 2.0)
        .priceInteraction("behaviour.discount_response", 2.5)
        .build();
    Random r = new Random(3);
    List<Product> candidates = new ArrayList<>();
    List<Market> markets = new ArrayList<>();
    double[] relevance = new double[24];
    Instant now = Instant.parse("2026-11-24T10:00:00Z");
    for (int i = 0; i < relevance.length; i++) {
      long listCents = 999 + 100L * r.nextInt(120);
      BigDecimal list = BigDecimal.valueOf(listCents, 2);
      candidates.add(Product.builder("sku-" + i, "USD").listPrice(list)
          .unitCost(BigDecimal.valueOf((long) (listCents * (0.35 + 0.35 * r.nextDouble())), 2))
          .category("c" + r.nextInt(4)).title("Product " + i).build());
      // Each product has its own market state: competitor prices and inventory.
      markets.add(Market.of(20 + r.nextInt(300), now)
          .withCompetitorPrices("USD", List.of(list.multiply(BigDecimal.valueOf(0.9 + 0.2 * r.nextDouble()))
              .setScale(2, RoundingMode.HALF_UP)))
          .withDailySalesRate(5 + r.nextInt(20)));
      // The recommender's score: decreasing with its own rank, with noise.
      relevance[i] = Math.max(0, Math.min(1, 1 - i / (double) relevance.length + 0.1 * r.nextGaussian()));
    }
    Customer shopper = new Customer("c-42", new BehaviourSummary(35, 20, 6, 4, 6, 180, 0.7), List.of(),
        java.util.Map.of());

    try (PricingEngine engine = PricingEngine.builder()
        .extractors(FeatureExtractors.standard())
        .demandModel(model)
        .guardrail(Guardrail.minimumMargin(0.10))
        .guardrail(Guardrail.maxChange(0.20))
        .ladder(PriceLadder.NINETY_NINE)
        .build()) {
      List<PriceDecision> slate = engine.priceAll(shopper, candidates, markets);
      print("By relevance (the recommender's order)", slate.subList(0, PAGE), slate, relevance);
      print("By expected profit", SlateRanking.byExpectedProfit(slate).subList(0, PAGE), slate, relevance);
      print("Blend: 0.5 x profit / max profit + 0.5 x relevance",
          SlateRanking.blend(slate, relevance, 0.5).subList(0, PAGE), slate, relevance);
      System.out.printf(Locale.ROOT, "%nPriced %d products for one customer in one call; %d decisions counted.%n",
          slate.size(), engine.health().decisions());
    }
  }

  private static void print(String title, List<PriceDecision> page, List<PriceDecision> slate, double[] relevance) {
    System.out.printf(Locale.ROOT, "%n%s%n%-8s %9s %9s %7s %9s %9s  %s%n", title, "product", "price", "list",
        "P(buy)", "E[profit]", "relevance", "personalised");
    double profit = 0;
    for (PriceDecision d : page) {
      int i = slate.indexOf(d);
      profit += d.expectedProfit();
      System.out.printf(Locale.ROOT, "%-8s %9s %9s %7.3f %9.2f %9.2f  %s%n", d.productId(),
          d.price().toPlainString(), d.referencePrice().toPlainString(), d.expectedConversion(), d.expectedProfit(),
          relevance[i], d.personalised() ? "yes" : "no");
    }
    System.out.printf(Locale.ROOT, "expected profit of the page (one view, every item): %.2f%n", profit);
  }
}
