package dev.pricing.core.explore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pricing.api.BehaviourSummary;
import dev.pricing.api.Customer;
import dev.pricing.api.Guardrail;
import dev.pricing.api.Market;
import dev.pricing.api.Outcome;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import dev.pricing.core.LogisticDemandModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Three engines' explorers merge their sufficient statistics through one store and end up knowing the same. */
class FleetLearnerTest {
  static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

  @Test
  void everyExplorerEndsWithTheFleetsCountsExactlyOnce() {
    LogisticDemandModel model = LogisticDemandModel.builder().version("m").intercept(1.0).priceCoefficient(3.0)
        .build();
    List<Product> products = List.of(
        Product.builder("a", "USD").listPrice("20.00").unitCost("8.00").category("x").build(),
        Product.builder("b", "USD").listPrice("50.00").unitCost("20.00").category("x").build());
    InMemoryCellStatsStore store = new InMemoryCellStatsStore();
    List<PricingEngine> engines = new ArrayList<>();
    List<ThompsonSamplingExplorer> explorers = new ArrayList<>();
    List<FleetLearner> learners = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      ThompsonSamplingExplorer ex = ThompsonSamplingExplorer.builder().seed(k + 1).build();
      explorers.add(ex);
      engines.add(PricingEngine.builder().demandModel(model).guardrail(Guardrail.maxChange(0.3)).explorer(ex)
          .build());
      learners.add(FleetLearner.manual(ex, store, "pool"));
    }
    Map<String, long[]> truth = new HashMap<>(); // every outcome recorded anywhere, per cell
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < 3_000; i++) {
      int k = r.nextInt(3);
      Product p = products.get(r.nextInt(2));
      PricingRequest req = PricingRequest.of(Customer.of("c" + i, new BehaviourSummary(10, 3, 1, 1, 20, 30, 0.5)), p, Market.of(10, NOW));
      PriceDecision d = engines.get(k).price(req);
      boolean bought = r.nextDouble() < 0.3;
      engines.get(k).record(Outcome.conversion(d.decisionId(), bought, NOW));
      long[] t = truth.computeIfAbsent(FleetLearner.key(p.id(), d.price().movePointRight(2).longValueExact()),
          x -> new long[2]);
      t[0]++;
      t[1] += bought ? 1 : 0;
      if (r.nextInt(50) == 0) {
        learners.get(r.nextInt(3)).syncNow();
      }
    }
    for (int round = 0; round < 2; round++) { // the first round pushes everything, the second pulls it all
      for (FleetLearner l : learners) {
        l.syncNow();
      }
    }
    for (ThompsonSamplingExplorer ex : explorers) {
      Map<String, long[]> seen = new HashMap<>();
      for (CellStats c : ex.stats()) {
        if (c.trials() > 0) {
          seen.put(FleetLearner.key(c.productId(), c.priceMinor()), new long[] {c.trials(), c.conversions()});
        }
      }
      assertThat(seen.keySet()).isEqualTo(truth.keySet());
      for (Map.Entry<String, long[]> e : truth.entrySet()) {
        assertThat(seen.get(e.getKey())).as(e.getKey()).containsExactly(e.getValue());
      }
    }
    long absorbed = learners.stream().mapToLong(FleetLearner::absorbed).sum();
    assertThat(absorbed).isEqualTo(2 * 3_000); // each outcome absorbed by the two other explorers
    for (PricingEngine e : engines) {
      e.close();
    }
  }

  @Test
  void badCountsAreRejected() {
    ThompsonSamplingExplorer ex = ThompsonSamplingExplorer.builder().build();
    assertThatThrownBy(() -> ex.absorb(new CellStats("a", 100, 2, 3))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("conversions=3");
    assertThatThrownBy(() -> new InMemoryCellStatsStore().addAndGet("p", List.of(new CellStats("a", 1, -1, 0))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trials=-1");
  }

  @Test
  void theBackgroundThreadMergesOnItsOwnAndCloseSyncsOnceMore() throws Exception {
    LogisticDemandModel model = LogisticDemandModel.builder().version("m").intercept(1.0).priceCoefficient(3.0)
        .build();
    Product p = Product.builder("a", "USD").listPrice("20.00").unitCost("8.00").category("x").build();
    InMemoryCellStatsStore store = new InMemoryCellStatsStore();
    ThompsonSamplingExplorer exA = ThompsonSamplingExplorer.builder().seed(1).build();
    ThompsonSamplingExplorer exB = ThompsonSamplingExplorer.builder().seed(2).build();
    try (PricingEngine a = PricingEngine.builder().demandModel(model).explorer(exA).build();
        FleetLearner la = FleetLearner.start(exA, store, "bg", java.time.Duration.ofMillis(20));
        FleetLearner lb = FleetLearner.start(exB, store, "bg", java.time.Duration.ofMillis(20))) {
      for (int i = 0; i < 100; i++) {
        PricingRequest req = PricingRequest.of(Customer.of("c" + i, new BehaviourSummary(10, 3, 1, 1, 20, 30, 0.5)),
            p, Market.of(10, NOW));
        a.record(Outcome.conversion(a.price(req).decisionId(), i % 4 == 0, NOW));
      }
      long end = System.nanoTime() + 30_000_000_000L;
      while (exB.stats("a").stream().mapToLong(CellStats::trials).sum() < 100) {
        assertThat(System.nanoTime()).as("B learns A's outcomes within 30 s").isLessThan(end);
        Thread.sleep(10);
      }
      assertThat(exB.stats("a").stream().mapToLong(CellStats::conversions).sum()).isEqualTo(25);
      assertThat(lb.absorbed()).isEqualTo(100);
      assertThat(la.syncs()).isPositive();
    }
  }
}
