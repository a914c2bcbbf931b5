package dev.pricing.examples;

import dev.pricing.api.spi.DemandModel;
import dev.pricing.core.FeatureExtractors;
import dev.pricing.core.demand.DemandAlgorithm;
import dev.pricing.core.demand.DemandModelTrainer;
import dev.pricing.core.demand.OfferRecord;
import dev.pricing.core.demand.PriceFeatures;
import dev.pricing.core.demand.PriceTerm;
import dev.pricing.core.demand.ValidationSplit;
import dev.pricing.core.markdown.CataloguePlanner;
import dev.pricing.core.markdown.MarkdownDemand;
import dev.pricing.core.markdown.MarkdownPlan;
import dev.pricing.core.markdown.MarkdownPlanner;
import dev.pricing.core.markdown.MarkdownProblem;
import dev.pricing.core.markdown.MarkdownRules;
import dev.pricing.eval.MarkdownComparison;
import dev.pricing.eval.MarketSimulator;
import dev.pricing.eval.SeasonSimulator;
import dev.pricing.eval.SimulatedOffer;
import dev.pricing.examples.report.MarkdownCharts;
import dev.pricing.examples.report.ProgressBar;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Markdown and lifecycle pricing end to end on the simulator: train a demand model on logged offers, plan a
 * 12-week season for products with the stock on hand, compare the plan with the list price, the per-request
 * engine and the clairvoyant oracle (stock tight and loose), and chart one plan's price path and stock.
 *
 * <p>Run: {@code mvn -q -pl examples -am compile exec:java -Dexec.skip -Ddemo.main=dev.pricing.examples.MarkdownLifecycle}
 * (writes {@code examples/target/markdown/}). A program, not a component: not meant to be shared between threads.
 */
public final class MarkdownLifecycle {
  private static final long SEED = 2026;

  private MarkdownLifecycle() {}

  /**
   * Runs the example.
   *
   * @param args optional output directory
   * @throws IOException if the outputs cannot be written
   */
  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : Files.isDirectory(Path.of("examples")) ? "examples/target/markdown"
        : "target/markdown");
    Files.createDirectories(out);
    MarketSimulator sim = MarketSimulator.defaultMarket(SEED);
    List<SimulatedOffer> offers = sim.logOffers(sim.requests(20_000, 7), sim.randomisedPolicy(0.6, 1.2), 8);
    List<OfferRecord> log = new ArrayList<>();
    for (SimulatedOffer o : offers) {
      log.add(new OfferRecord(o.request(), BigDecimal.valueOf(o.price()).setScale(2, RoundingMode.HALF_UP),
          OptionalDouble.of(o.propensity()), o.units()));
    }
    DemandModel model = DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_SGD).extractors(FeatureExtractors.standard())
        .priceFeatures(PriceFeatures.of(PriceTerm.RELATIVE).withInteractions(List.of("behaviour.discount_response")))
        .split(ValidationSplit.latestFraction(0.2)).version("trained-logistic").seed(3).build().train(log).model();
    System.out.printf("1. Trained %s on %d logged offers%n", model.version(), log.size());

    MarkdownRules rules = MarkdownRules.builder().maxChanges(3).minPeriodsBetweenChanges(2).maxTotalDiscount(0.5)
        .build();
    MarkdownComparison table = MarkdownComparison.compare(sim, List.of(5, 11, 18), model, FeatureExtractors.standard(),
        rules, 0.5, 1.6, 400, 9);
    System.out.println("2. Season comparison (exact expectations under the true demand):");
    System.out.println(table.toMarkdown());
    Files.writeString(out.resolve("comparison.md"), table.toMarkdown());

    SeasonSimulator season = SeasonSimulator.builder(sim).product(5).rules(rules).build();
    season = season.withStock((int) Math.round(1.6 * season.expectedListPriceDemand()));
    MarkdownPlanner planner = new MarkdownPlanner();
    MarkdownPlan plan = planner.plan(season.problem(MarkdownDemand.fromModel(model, FeatureExtractors.standard(),
        season.sampleContexts(400, 9 + 5), season.traffic())));
    SeasonSimulator.Season sampled = season.season(SeasonSimulator.following("plan", plan), SEED);
    System.out.printf(Locale.ROOT, "3. %s, stock %d: price now %s, expected profit %.2f, sell-through %.1f%%,"
        + " leftover %.1f%n", season.product().title(), season.stock(), plan.priceNow(), plan.expectedProfit(),
        100 * plan.sellThrough(), plan.expectedLeftover());
    for (MarkdownPlan.Step s : plan.path()) {
      System.out.printf(Locale.ROOT, "   week %2d  %7s  stock %3d  sells %2d%n", s.period() + 1, s.price(),
          s.startStock(), s.medianUnits());
    }
    // Re-planning each period with the observed stock is one call.
    MarkdownPlan next = planner.replan(plan, sampled.startStock()[1]);
    System.out.printf(Locale.ROOT, "   re-planned in week 2 with %d units observed: price %s%n",
        next.problem().stock(), next.priceNow());
    Path chart = out.resolve("markdown-price-path.png");
    MarkdownCharts.pricePathAndStock(chart, "Markdown plan: " + season.product().title(), plan, sampled);
    System.out.println("4. Chart: " + chart.toAbsolutePath());

    // The whole catalogue at once: every product with loose stock, planned in parallel with a progress bar.
    List<MarkdownProblem> problems = new ArrayList<>();
    for (int p = 0; p < sim.catalogue().size(); p++) {
      SeasonSimulator s = SeasonSimulator.builder(sim).product(p).rules(rules).build();
      s = s.withStock((int) Math.round(1.6 * s.expectedListPriceDemand()));
      problems.add(s.problem(MarkdownDemand.fromModel(model, FeatureExtractors.standard(), s.sampleContexts(200, p),
          s.traffic())));
    }
    ProgressBar bar = new ProgressBar(System.out, "5. Planning the catalogue", problems.size());
    CataloguePlanner.Summary summary = CataloguePlanner.of(2, 8).planAll(problems.iterator(), problems.size(),
        p -> { }, (done, total) -> {
          synchronized (bar) {
            bar.update(done);
          }
        });
    bar.finish();
    System.out.printf(Locale.ROOT, "   %d products planned in %.1f s: expected profit %.0f, sell-through %.1f%%,"
        + " leftover %.0f units%n", summary.planned(), summary.nanos() / 1e9, summary.expectedProfit(),
        100 * summary.sellThrough(), summary.expectedLeftover());
  }
}
