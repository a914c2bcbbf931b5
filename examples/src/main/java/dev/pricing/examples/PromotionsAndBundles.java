package dev.pricing.examples;

import dev.pricing.api.Product;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.core.FeatureExtractors;
import dev.pricing.core.LogisticDemandModel;
import dev.pricing.eval.BundleExperiment;
import dev.pricing.core.bundle.BundleOffer;
import dev.pricing.core.bundle.BundleOptimizer;
import dev.pricing.core.bundle.Complementarity;
import dev.pricing.core.demand.DemandAlgorithm;
import dev.pricing.core.demand.DemandModelTrainer;
import dev.pricing.core.demand.OfferRecord;
import dev.pricing.core.demand.PriceFeatures;
import dev.pricing.core.demand.PriceTerm;
import dev.pricing.core.demand.ValidationSplit;
import dev.pricing.eval.MarketSimulator;
import dev.pricing.eval.PricingPolicy;
import dev.pricing.eval.SimulatedOffer;
import dev.pricing.eval.SimulatedRequest;
import dev.pricing.core.promo.BudgetAllocator;
import dev.pricing.core.promo.CandidateEvaluation;
import dev.pricing.core.promo.DiscountKind;
import dev.pricing.core.promo.Promotion;
import dev.pricing.core.promo.PromotionDecision;
import dev.pricing.eval.PromotionExperiment;
import dev.pricing.core.promo.PromotionOptimizer;
import dev.pricing.core.promo.StackingRules;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Promotions and bundles on the market simulator, measured against its true demand: targeted promotions
 * against a blanket 10% at equal true spend, and mixed bundles against items alone. Prints markdown tables
 * (the figures in docs/promotions-and-bundles.md).
 *
 * <p>Run from the repository root:
 * {@code mvn -q -pl examples -am compile exec:java -Dexec.skip -Dexec.mainClass=dev.pricing.examples.PromotionsAndBundles -Ddemo.main=dev.pricing.examples.PromotionsAndBundles}
 */
public final class PromotionsAndBundles {
  private static final long SEED = 2026;

  private PromotionsAndBundles() {}

  /**
   * Runs the comparisons.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    long t0 = System.nanoTime();
    MarketSimulator sim = MarketSimulator.defaultMarket(SEED);
    DemandModel truth = sim.trueDemandModel();
    DemandModel trained = train(sim);
    DemandModel misspecified = LogisticDemandModel.builder().version("misspecified").intercept(0.7)
        .priceCoefficient(4.6).weight("behaviour.carts_log1p", 0.25).weight("behaviour.recency", 0.5)
        .weight("market.competitor_min_gap", 1.0).priceInteraction("behaviour.discount_response", 2.0)
        .priceInteraction("behaviour.purchases_log1p", -0.3).build();

    Promotion pct10 = Promotion.percentOff("pct10", 10);
    Promotion amt3 = Promotion.amountOff("amt3", "3.00");
    Promotion ship = Promotion.freeShipping("ship", "4.00", "4.00");
    List<SimulatedRequest> requests = sim.requests(3000, SEED + 1);

    System.out.println("## Promotions: targeted vs blanket 10% at equal true spend (defaultMarket(2026), 3,000 requests, seed 2027)\n");
    PromotionExperiment.Result r = PromotionExperiment.compare(sim, requests, pct10,
        List.of(optimizer(sim, truth, pct10), optimizer(sim, truth, pct10, amt3), optimizer(sim, truth, pct10, amt3, ship),
            optimizer(sim, trained, pct10), optimizer(sim, trained, pct10, amt3),
            optimizer(sim, trained, pct10, amt3, ship),
            optimizer(sim, misspecified, pct10), optimizer(sim, misspecified, pct10, amt3, ship)),
        List.of("targeted pct10, true model", "targeted pct10 or amt3, true model", "targeted menu, true model",
            "targeted pct10, trained logistic", "targeted pct10 or amt3, trained logistic", "targeted menu, trained logistic",
            "targeted pct10, misspecified model", "targeted menu, misspecified model"));
    System.out.println(r.toMarkdown());

    PromotionOptimizer menu = optimizer(sim, truth, pct10, amt3, ship);
    List<dev.pricing.api.PricingRequest> rs = requests.stream().map(SimulatedRequest::request).toList();
    BudgetAllocator.Allocation unlimited = menu.allocate(rs, 1e12, rs.size());
    BudgetAllocator.Allocation half = menu.allocate(rs, unlimited.totalExpectedCost() / 2, rs.size());
    System.out.printf(Locale.ROOT, "Offline allocation (true model, menu): unconstrained spend %.2f -> incremental %.2f"
        + " on %d requests; half the spend -> incremental %.2f (%.0f%%) on %d requests, lambda %.3f%n%n",
        unlimited.totalExpectedCost(), unlimited.totalIncrementalProfit(), unlimited.discounted(),
        half.totalIncrementalProfit(), 100 * half.totalIncrementalProfit() / unlimited.totalIncrementalProfit(),
        half.discounted(), half.lambda());

    System.out.println("### Two decisions\n");
    List<String> shown = new ArrayList<>();
    for (SimulatedRequest s : requests) {
      if ((s.segmentId().equals("deal-seeker") || s.segmentId().equals("loyal")) && !shown.contains(s.segmentId())) {
        shown.add(s.segmentId());
        PromotionDecision d = menu.evaluate(s.request());
        System.out.printf(Locale.ROOT, "- %s, %s at %s: **%s** at %s, P(buy) %.3f -> %.3f, incremental %.3f, cost %.3f, %s%n",
            s.segmentId(), s.request().product().id(), s.request().referencePrice(), d.label(), d.effectivePrice(),
            d.conversionWithout(), d.conversionWith(), d.incrementalProfit(), d.expectedCost(), d.reasons());
        for (CandidateEvaluation c : d.candidates()) {
          System.out.printf(Locale.ROOT, "    - %-16s price %-6s incremental %8.3f cost %7.3f %s %s%n",
              c.terms().label(), c.terms().paidPrice(), c.incrementalProfit(), c.expectedCost(),
              c.eligible() ? "" : c.reasons(), c.detail());
        }
      }
    }

    System.out.println("\n## Bundles: mixed bundle vs items alone (defaultMarket(2026), 300 requests, seed 7, truth draws 20,000)\n");
    List<SimulatedRequest> anchors = sim.requests(300, 7);
    List<String> ids = sim.catalogue().stream().map(Product::id).toList();
    Complementarity trueComplementarity = Complementarity.matrix()
        .pair("sku-0001", "sku-0011", 6.0).pair("sku-0012", "sku-0013", 5.0).pair("sku-0014", "sku-0015", 3.0)
        .pair("sku-0017", "sku-0018", 4.0).pair("sku-0019", "sku-0020", 5.0).pair("sku-0004", "sku-0008", 4.0).build();
    System.out.println("| planner | " + BundleExperiment.Result.header().substring(2).replace("\n|", "\n|---|"));
    for (Object[] p : new Object[][] {
        {"true model, true complementarity; items at list price", truth, trueComplementarity, null},
        {"true model, no complementarity; items at list price", truth, Complementarity.none(), null},
        {"trained logistic, true complementarity; items at list price", trained, trueComplementarity, null},
        {"true model, true complementarity; items at oracle prices", truth, trueComplementarity, sim.oracle()},
        {"trained logistic, true complementarity; items at oracle prices", trained, trueComplementarity,
            sim.oracle()}}) {
      BundleExperiment.Result b = BundleExperiment.run(sim, anchors,
          bundles(sim, (DemandModel) p[1], (Complementarity) p[2]), ids, trueComplementarity, (PricingPolicy) p[3],
          20_000, 99);
      System.out.println("| " + p[0] + " " + b.toMarkdown());
    }
    SimulatedRequest first = anchors.get(0);
    BundleOffer o = bundles(sim, truth, trueComplementarity).propose(first.request().customer(),
        List.of(first.request().product().id()), ids, prod -> first.request().market());
    System.out.printf(Locale.ROOT, "%nExample offer for a %s viewing %s: bundle %s at %s (parts %s, floor %s), "
        + "take rate %.3f, profit %.3f vs items alone %.3f, %s%n", first.segmentId(), first.request().product().id(),
        o.itemIds(), o.price(), o.sumOfParts(), o.floor(), o.bundleTakeRate(), o.expectedProfitMixed(),
        o.expectedProfitItemsAlone(), o.reasons());
    System.out.printf(Locale.ROOT, "%nDone in %.1f s%n", (System.nanoTime() - t0) / 1e9);
  }

  static PromotionOptimizer optimizer(MarketSimulator sim, DemandModel model, Promotion... promotions) {
    PromotionOptimizer.Builder b = PromotionOptimizer.builder().demandModel(model).feeRate(sim.feeRate())
        .extractors(FeatureExtractors.standard())
        .stacking(StackingRules.none().allow(DiscountKind.PERCENT_OFF, DiscountKind.FREE_SHIPPING));
    sim.guardrails().forEach(b::guardrail);
    for (Promotion p : promotions) {
      b.promotion(p);
    }
    return b.build();
  }

  static BundleOptimizer bundles(MarketSimulator sim, DemandModel model, Complementarity c) {
    BundleOptimizer.Builder b = BundleOptimizer.builder().catalogue(sim.catalogue()).demandModel(model)
        .feeRate(sim.feeRate()).complementarity(c).maxBundleDiscount(0.3).draws(2048);
    sim.guardrails().forEach(b::guardrail);
    return b.build();
  }

  /** A logistic conversion model trained on 30,000 offers logged under a randomised policy. */
  static DemandModel train(MarketSimulator sim) {
    List<SimulatedOffer> offers = sim.logOffers(sim.requests(30_000, SEED + 100), sim.randomisedPolicy(0.75, 1.25),
        SEED + 101);
    List<OfferRecord> log = new ArrayList<>(offers.size());
    for (SimulatedOffer o : offers) {
      log.add(new OfferRecord(o.request(), BigDecimal.valueOf(o.price()).setScale(2, RoundingMode.HALF_UP),
          OptionalDouble.of(o.propensity()), o.units()));
    }
    return DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_SGD).extractors(FeatureExtractors.standard())
        .priceFeatures(PriceFeatures.of(PriceTerm.RELATIVE).withInteractions(List.of("behaviour.discount_response")))
        .split(ValidationSplit.latestFraction(0.2)).version("trained-logistic").seed(SEED).build().train(log).model();
  }
}
