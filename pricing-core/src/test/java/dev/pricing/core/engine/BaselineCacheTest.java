package dev.pricing.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pricing.api.BehaviourSummary;
import dev.pricing.api.Customer;
import dev.pricing.api.Market;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import dev.pricing.core.LogisticDemandModel;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BaselineCacheTest {

  private static LogisticDemandModel model(String version, double beta) {
    return LogisticDemandModel.builder().version(version).intercept(3.0).priceCoefficient(beta)
        .weight("behaviour.carts_log1p", 0.4).weight("market.competitor_min_gap", 1.5)
        .priceInteraction("behaviour.discount_response", 2.0).build();
  }

  private static PricingRequest request(String customer, double response, String list) {
    Product p = Product.builder("p-" + list, "USD").listPrice(list).unitCost("5.00").category("c").title("t").build();
    Market m = Market.of(100, Instant.parse("2026-11-24T10:00:00Z"))
        .withCompetitorPrices("USD", List.of(new BigDecimal(list)));
    return PricingRequest.of(new Customer(customer, new BehaviourSummary(10, 5, 2, 1, 3, 20, response), List.of(),
        Map.of()), p, m);
  }

  private static long[] stats(PricingEngine e) {
    return ((CoreEngine) e).baselineCacheStats();
  }

  @Test
  void customersOfOneProductShareTheBaseline_andASwapInvalidatesIt() {
    try (PricingEngine engine = PricingEngine.builder().demandModel(model("m1", 4)).build();
         PricingEngine uncached = PricingEngine.builder().demandModel(model("m1", 4))
             .baselineCache(0, Duration.ofSeconds(1)).build()) {
      PriceDecision a = engine.price(request("a", 0.9, "19.99"));
      PriceDecision b = engine.price(request("b", 0.1, "19.99"));
      assertThat(stats(engine)).containsExactly(1, 1);
      assertThat(b.baselinePrice()).isEqualByComparingTo(a.baselinePrice());
      assertThat(b.baselinePrice()).isEqualByComparingTo(uncached.price(request("b", 0.1, "19.99")).baselinePrice());
      engine.price(request("c", 0.5, "29.99"));
      assertThat(stats(engine)).containsExactly(1, 2);

      // A much less price-sensitive model moves the baseline; no entry of the old model may serve it.
      engine.swapModel(model("m2", 1));
      PriceDecision after = engine.price(request("a", 0.9, "19.99"));
      assertThat(stats(engine)).containsExactly(1, 3);
      uncached.swapModel(model("m2", 1));
      assertThat(after.baselinePrice()).isEqualByComparingTo(uncached.price(request("a", 0.9, "19.99")).baselinePrice());
      assertThat(after.baselinePrice()).isNotEqualByComparingTo(a.baselinePrice());
    }
  }

  @Test
  void entriesExpire_andTheTableIsBounded() throws Exception {
    try (PricingEngine engine = PricingEngine.builder().demandModel(model("m1", 4))
        .baselineCache(1, Duration.ofMillis(500)).build()) {
      engine.price(request("warm", 0.5, "49.99")); // the first decision of a cold JVM may outlast the TTL
      engine.price(request("a", 0.9, "19.99"));
      engine.price(request("b", 0.2, "19.99"));
      assertThat(stats(engine)).containsExactly(1, 2);
      Thread.sleep(600);
      engine.price(request("c", 0.3, "19.99"));
      assertThat(stats(engine)).as("expired").containsExactly(1, 3);
      // One slot: another product's state replaces it.
      engine.price(request("d", 0.3, "39.99"));
      engine.price(request("e", 0.3, "19.99"));
      assertThat(stats(engine)).containsExactly(1, 5);
    }
    assertThat(new BaselineCache(1000, 1).capacity()).isEqualTo(1024);
    assertThat(new BaselineCache(1024, 1).capacity()).isEqualTo(1024);
    assertThat(new BaselineCache(1, 1).capacity()).isEqualTo(1);
  }
}
