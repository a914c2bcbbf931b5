package dev.pricing.eval;

import dev.pricing.core.bundle.BundleOptimizer;
import dev.pricing.core.bundle.Complementarity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pricing.api.Product;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.eval.MarketSimulator;
import dev.pricing.eval.SimulatedRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** On the simulator's true item demand (plus a stated joint truth), mixed bundles raise profit per customer. */
class BundleExperimentTest {

  /** Complements in the default catalogue: coffee + French press, earbuds + charger, yoga mat + bands, ... */
  static Complementarity trueComplementarity() {
    return Complementarity.matrix()
        .pair("sku-0001", "sku-0011", 6.0)
        .pair("sku-0012", "sku-0013", 5.0)
        .pair("sku-0014", "sku-0015", 3.0)
        .pair("sku-0017", "sku-0018", 4.0)
        .pair("sku-0019", "sku-0020", 5.0)
        .pair("sku-0004", "sku-0008", 4.0)
        .build();
  }

  static BundleOptimizer planner(MarketSimulator sim, DemandModel model, Complementarity belief) {
    BundleOptimizer.Builder b = BundleOptimizer.builder().catalogue(sim.catalogue()).demandModel(model)
        .feeRate(sim.feeRate()).complementarity(belief).maxBundleDiscount(0.3).draws(2048);
    sim.guardrails().forEach(b::guardrail);
    return b.build();
  }

  static List<String> ids(MarketSimulator sim) {
    return sim.catalogue().stream().map(Product::id).toList();
  }

  @Test
  void mixedBundleRaisesTrueProfitPerCustomer() {
    MarketSimulator sim = MarketSimulator.defaultMarket(2026);
    List<SimulatedRequest> requests = sim.requests(300, 7);
    BundleExperiment.Result withBelief = BundleExperiment.run(sim, requests,
        planner(sim, sim.trueDemandModel(), trueComplementarity()), ids(sim), trueComplementarity(), 20_000, 99);
    BundleExperiment.Result noBelief = BundleExperiment.run(sim, requests,
        planner(sim, sim.trueDemandModel(), Complementarity.none()), ids(sim), trueComplementarity(), 20_000, 99);
    BundleExperiment.Result oraclePriced = BundleExperiment.run(sim, requests,
        planner(sim, sim.trueDemandModel(), trueComplementarity()), ids(sim), trueComplementarity(), sim.oracle(),
        20_000, 99);
    System.out.println(BundleExperiment.Result.header());
    System.out.println(withBelief.toMarkdown());
    System.out.println(noBelief.toMarkdown());
    System.out.println(oraclePriced.toMarkdown());
    // items already at their most profitable personal prices: the bundle still adds profit
    assertThat(oraclePriced.profitItemsAlone()).isGreaterThan(withBelief.profitItemsAlone());
    assertThat(oraclePriced.gain()).isGreaterThan(0.02 * oraclePriced.profitItemsAlone());
    assertThat(withBelief.offeredShare()).isGreaterThan(0.5);
    assertThat(withBelief.gain()).isGreaterThan(0.05 * withBelief.profitItemsAlone());
    // ignoring complementarity still helps (mixed bundling pays with independent values), but less
    assertThat(noBelief.gain()).isGreaterThan(0);
    assertThat(withBelief.gain()).isGreaterThan(noBelief.gain());
  }
}
