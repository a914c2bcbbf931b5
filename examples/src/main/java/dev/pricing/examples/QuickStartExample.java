package dev.pricing.examples;

import dev.pricing.api.BehaviourSummary;
import dev.pricing.api.Customer;
import dev.pricing.api.Guardrail;
import dev.pricing.api.Market;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.PriceLadder;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import dev.pricing.core.FeatureExtractors;
import dev.pricing.core.LogisticDemandModel;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A first look: builds an engine with the built-in features, a hand-set demand model and guardrails, prices a
 * few customers and products, and prints each decision with its reasons.
 *
 * <p>Run: {@code mvn -q -pl examples exec:java -Ddemo.main=dev.pricing.examples.QuickStartExample}
 */
public final class QuickStartExample {
  private QuickStartExample() {}

  /**
   * Runs the demo.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    LogisticDemandModel model = LogisticDemandModel.builder()
        .version("demo-logistic-1")
        .intercept(3.2)
        .priceCoefficient(4.0)
        .weight("behaviour.carts_log1p", 0.5)
        .weight("behaviour.recency", 0.4)
        .weight("market.competitor_min_gap", 2.0)
        .priceInteraction("behaviour.discount_response", 2.5)
        .priceInteraction("behaviour.purchases_log1p", -0.4)
        .build();

    List<Product> products = List.of(
        Product.builder("oj-64", "USD").listPrice("4.99").unitCost("2.60").category("juice")
            .title("Tropicana Pure Premium orange juice 64 oz").build(),
        Product.builder("headphones", "USD").listPrice("199.99").unitCost("112.00").category("audio")
            .title("Wireless noise-cancelling headphones").guardrail(Guardrail.minimumAdvertisedPrice("179.99")).build(),
        Product.builder("matcha", "JPY").listPrice("1980").unitCost("900").category("tea")
            .title("Uji matcha 40 g").build());
    Map<String, Customer> customers = Map.of(
        "new visitor", Customer.anonymous(),
        "loyal regular", new Customer("c-loyal", new BehaviourSummary(40, 25, 12, 18, 3, 640, 0.05), List.of(), Map.of()),
        "deal seeker", new Customer("c-deals", new BehaviourSummary(60, 30, 4, 2, 120, 35, 0.95), List.of(), Map.of()));

    try (PricingEngine engine = PricingEngine.builder()
        .extractors(FeatureExtractors.standard())
        .demandModel(model)
        .guardrail(Guardrail.minimumMargin(0.10))
        .guardrail(Guardrail.maxChange(0.20))
        .guardrail(Guardrail.withinCompetitorBand(0.15, 0.10))
        .ladder(PriceLadder.NINETY_NINE)
        .paymentFeeRate(0.029)
        .build()) {
      System.out.printf("Engine: %s%n%n", engine);
      System.out.printf("%-12s %-14s %10s %10s %8s %9s %9s  %-6s %s%n",
          "product", "customer", "price", "baseline", "P(buy)", "E[profit]", "E[base]", "pers.", "reasons");
      for (Product p : products) {
        Market market = Market.of(150, Instant.parse("2026-11-24T10:00:00Z"))
            .withCompetitorPrices(p.currency().getCurrencyCode(), List.of(p.listPrice().multiply(new BigDecimal("0.97")).setScale(
                p.currency().getDefaultFractionDigits(), java.math.RoundingMode.HALF_UP), p.listPrice()))
            .withDailySalesRate(20);
        for (var c : List.of("new visitor", "loyal regular", "deal seeker")) {
          PriceDecision d = engine.price(PricingRequest.of(customers.get(c), p, market));
          System.out.printf("%-12s %-14s %10s %10s %8.3f %9.2f %9.2f  %-6s %s%s%n",
              p.id(), c, d.price().toPlainString() + " " + d.currency().getCurrencyCode(),
              d.baselinePrice().toPlainString(), d.expectedConversion(), d.expectedProfit(),
              d.baselineExpectedProfit(), d.personalised() ? "yes" : "no", d.reasons(),
              d.bindingGuardrail().map(g -> " bound by " + g.id()).orElse(""));
        }
      }
      System.out.println();
      System.out.println("Personalised prices must be shown with: " + PriceDecision.NY_DISCLOSURE);
    }
  }
}
