package dev.pricing.core.explore;

import dev.pricing.api.BehaviourSummary;
import dev.pricing.api.Customer;
import dev.pricing.api.Market;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Requests for explorer unit tests. */
final class ExplorerFixtures {
  static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

  private ExplorerFixtures() {}

  static Product product(String id) {
    return Product.builder(id, "USD").listPrice("20.00").unitCost("10.00").category("juice").build();
  }

  static PricingRequest request(String customer, String product, Instant time) {
    return PricingRequest.of(new Customer(customer, BehaviourSummary.empty(), List.of(), Map.of()),
        product(product), Market.of(10, time));
  }

  static PricingRequest request(String product) {
    return request("c1", product, T0);
  }

  /** Five prices 16..24, demand 0.5 down to 0.28, cost 10: values 3.0, 3.6, 4.0, 4.2, 3.92 (a close race). */
  static TestCandidates closeRace() {
    return new TestCandidates(new long[] {1600, 1800, 2000, 2200, 2400},
        new double[] {0.5, 0.45, 0.4, 0.35, 0.28}, 10.0);
  }
}
