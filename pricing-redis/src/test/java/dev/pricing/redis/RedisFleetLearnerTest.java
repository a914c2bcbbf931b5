package dev.pricing.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pricing.api.BehaviourSummary;
import dev.pricing.api.Customer;
import dev.pricing.api.Market;
import dev.pricing.api.Outcome;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import dev.pricing.core.LogisticDemandModel;
import dev.pricing.core.explore.CellStats;
import dev.pricing.core.explore.FleetLearner;
import dev.pricing.core.explore.ThompsonSamplingExplorer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two engines' explorers merge their cell counts through Redis and end up with the same counts. */
class RedisFleetLearnerTest {
  @Test
  void twoExplorersLearnEachOthersOutcomesThroughRedis() throws Exception {
    Instant now = Instant.parse("2026-03-02T10:00:00Z");
    LogisticDemandModel model = LogisticDemandModel.builder().version("m").intercept(1.0).priceCoefficient(3.0)
        .build();
    List<Product> products = List.of(
        Product.builder("sku:1", "USD").listPrice("20.00").unitCost("8.00").category("x").build(),
        Product.builder("sku|2", "USD").listPrice("50.00").unitCost("20.00").category("x").build());
    ThompsonSamplingExplorer[] ex = {ThompsonSamplingExplorer.builder().seed(1).build(),
        ThompsonSamplingExplorer.builder().seed(2).build()};
    try (RedisBudgetStore store = SharedRedis.store();
        PricingEngine a = PricingEngine.builder().demandModel(model).explorer(ex[0]).build();
        PricingEngine b = PricingEngine.builder().demandModel(model).explorer(ex[1]).build()) {
      FleetLearner la = FleetLearner.manual(ex[0], store, "pool");
      FleetLearner lb = FleetLearner.manual(ex[1], store, "pool");
      long trials = 0;
      long conversions = 0;
      for (int i = 0; i < 400; i++) {
        PricingEngine e = i % 2 == 0 ? a : b;
        PricingRequest req = PricingRequest.of(Customer.of("c" + i, new BehaviourSummary(10, 3, 1, 1, 20, 30, 0.5)),
            products.get(i % 3 == 0 ? 1 : 0), Market.of(10, now));
        PriceDecision d = e.price(req);
        boolean bought = i % 5 == 0;
        e.record(Outcome.conversion(d.decisionId(), bought, now));
        trials++;
        conversions += bought ? 1 : 0;
        if (i % 37 == 0) {
          (i % 2 == 0 ? la : lb).syncNow();
        }
      }
      for (int round = 0; round < 2; round++) {
        la.syncNow();
        lb.syncNow();
      }
      List<CellStats> sa = ex[0].stats();
      assertThat(sa).isEqualTo(ex[1].stats());
      assertThat(sa.stream().mapToLong(CellStats::trials).sum()).isEqualTo(trials);
      assertThat(sa.stream().mapToLong(CellStats::conversions).sum()).isEqualTo(conversions);
      assertThat(la.absorbed() + lb.absorbed()).isEqualTo(trials);
    }
  }
}
