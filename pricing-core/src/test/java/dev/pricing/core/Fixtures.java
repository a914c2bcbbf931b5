package dev.pricing.core;

import dev.pricing.api.BehaviourSummary;
import dev.pricing.api.Channel;
import dev.pricing.api.Customer;
import dev.pricing.api.Market;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/** Shared test data: a demand model over the standard features and random, valid requests. */
final class Fixtures {
  private Fixtures() {}

  static LogisticDemandModel model() {
    return LogisticDemandModel.builder()
        .version("test-1")
        .intercept(3.0)
        .priceCoefficient(4.0)
        .weight("behaviour.carts_log1p", 0.4)
        .weight("behaviour.recency", 0.3)
        .weight("market.competitor_min_gap", 1.5)
        .weight("market.inventory_cover_known", 0.1)
        .priceInteraction("behaviour.discount_response", 2.0)
        .priceInteraction("behaviour.purchases_log1p", -0.5)
        .build();
  }

  static Product product(String id, String list, String cost) {
    return Product.builder(id, "USD").listPrice(list).unitCost(cost).category("juice")
        .title("Fresh orange juice " + id).build();
  }

  static PricingRequest request(Customer customer, Product product) {
    Market market = Market.of(120, Instant.parse("2026-11-24T10:00:00Z"))
        .withCompetitorPrices("USD", List.of(new BigDecimal("18.49"), new BigDecimal("21.00"), new BigDecimal("19.99")))
        .withDailySalesRate(12);
    return PricingRequest.of(customer, product, market);
  }

  static Customer customer(String id, int views, int carts, int purchases, double days, double response) {
    return new Customer(id, new BehaviourSummary(views, views / 2, carts, purchases, days, purchases * 20.0, response),
        List.of(), Map.of());
  }

  /** Random, valid requests over a handful of products and customers. */
  static List<PricingRequest> randomRequests(long seed, int n) {
    Random r = new Random(seed);
    List<PricingRequest> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int listCents = 199 + r.nextInt(20_000);
      int costCents = (int) (listCents * (0.3 + 0.5 * r.nextDouble()));
      Product p = Product.builder("p" + r.nextInt(50), "USD")
          .listPrice(BigDecimal.valueOf(listCents, 2)).unitCost(BigDecimal.valueOf(costCents, 2))
          .category("c" + r.nextInt(4)).title("product").build();
      Customer c = customer("c" + r.nextInt(1000), r.nextInt(40), r.nextInt(5), r.nextInt(10),
          r.nextBoolean() ? r.nextDouble() * 400 : Double.POSITIVE_INFINITY,
          r.nextBoolean() ? r.nextDouble() : Double.NaN);
      List<BigDecimal> comp = new ArrayList<>();
      int k = r.nextInt(4);
      for (int j = 0; j < k; j++) {
        comp.add(BigDecimal.valueOf((long) (listCents * (0.8 + 0.4 * r.nextDouble())), 2));
      }
      Optional<BigDecimal> ref = r.nextBoolean() ? Optional.empty()
          : Optional.of(BigDecimal.valueOf((long) (listCents * (0.85 + 0.3 * r.nextDouble())), 2));
      Market m = new Market(comp, r.nextInt(500), r.nextInt(30),
          Instant.ofEpochSecond(1_700_000_000L + r.nextInt(40_000_000)),
          Channel.values()[r.nextInt(Channel.values().length)], ref,
          comp.isEmpty() ? Optional.empty() : Optional.of(p.currency()));
      out.add(PricingRequest.of(c, p, m));
    }
    return out;
  }
}
