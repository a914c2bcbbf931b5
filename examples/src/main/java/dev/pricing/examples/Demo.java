package dev.pricing.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pricing.api.FeatureSchema;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.api.spi.FeatureExtractor;
import dev.pricing.core.FeatureExtractors;
import dev.pricing.core.demand.DemandAlgorithm;
import dev.pricing.core.demand.DemandEvaluation;
import dev.pricing.core.demand.DemandModelTrainer;
import dev.pricing.core.demand.GbdtOptions;
import dev.pricing.core.demand.GlmOptions;
import dev.pricing.core.demand.OfferRecord;
import dev.pricing.core.demand.PriceFeatures;
import dev.pricing.core.demand.PriceTerm;
import dev.pricing.core.demand.TrainingResult;
import dev.pricing.core.demand.ValidationSplit;
import dev.pricing.eval.MarketSimulator;
import dev.pricing.eval.Policies;
import dev.pricing.eval.PolicyComparison;
import dev.pricing.eval.PolicyResult;
import dev.pricing.eval.PricingPolicy;
import dev.pricing.eval.SimulatedOffer;
import dev.pricing.eval.SimulatedRequest;
import dev.pricing.examples.report.Charts;
import dev.pricing.examples.report.ProgressBar;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The main demo, end to end on embedded defaults (no server, no download):
 *
 * <ol>
 *   <li>simulates a market with known demand (products, customer segments, competitors, seasonality);
 *   <li>logs offers under a randomised pricing policy, with propensities;
 *   <li>trains logistic and CART demand models with the library's own training code, on the same feature
 *       extractors the engine serves with, and evaluates them on held-out time;
 *   <li>builds engines and compares policies against the oracle that knows the true demand: list price,
 *       best uniform price, the engine without and with personal features;
 *   <li>prices a stream of checkouts through the engine;
 *   <li>writes a report: {@code report.md}, {@code report.html}, PNG charts and {@code summary.json}.
 * </ol>
 *
 * <p>Run it with the README's first command; the report goes to {@code examples/target/demo-report/} (or the
 * folder given as the first argument).
 */
public final class Demo {
  static final long SEED = 2026;
  static final int LOGGED_OFFERS = 60_000;
  static final int EVALUATION_REQUESTS = 4_000;

  private Demo() {}

  /**
   * Runs the demo.
   *
   * @param args optional: the report folder
   * @throws IOException if the report cannot be written
   */
  public static void main(String[] args) throws IOException {
    long started = System.nanoTime();
    Path out = Path.of(args.length > 0 ? args[0] : "target/demo-report").toAbsolutePath();
    Files.createDirectories(out);
    System.out.println("Pricing demo: simulate, train, price, evaluate\n");

    // 1. The market.
    MarketSimulator sim = MarketSimulator.defaultMarket(SEED);
    System.out.printf("1. Market: %d products, %d customers in %d segments, 120 days%n",
        sim.catalogue().size(), sim.customers().size(), sim.segments().size());

    // 2. Offers logged under a randomised policy (0.75x to 1.25x list), with propensities.
    List<SimulatedRequest> history = sim.requests(LOGGED_OFFERS, SEED + 1);
    List<SimulatedOffer> offers = sim.logOffers(history, sim.randomisedPolicy(0.75, 1.25), SEED + 2);
    List<OfferRecord> log = new ArrayList<>(offers.size());
    ProgressBar logging = new ProgressBar(System.out, "2. Logging offers", offers.size());
    for (SimulatedOffer o : offers) {
      log.add(new OfferRecord(o.request(), BigDecimal.valueOf(o.price()).setScale(2, RoundingMode.HALF_UP),
          OptionalDouble.of(o.propensity()), o.units()));
      logging.update(log.size());
    }
    logging.finish();
    long bought = offers.stream().filter(SimulatedOffer::bought).count();
    System.out.printf("   %d offers, %d purchases (%.1f%%)%n", offers.size(), bought, 100.0 * bought / offers.size());

    // 3. Train with the library's training code, on the extractors the engine will serve with.
    try (DemoFeatures features = new DemoFeatures(sim.catalogue(), out.resolve("native"))) {
      run(sim, log, features, out, started);
    }
  }

  static void run(MarketSimulator sim, List<OfferRecord> log, DemoFeatures features, Path out, long started)
      throws IOException {
    List<FeatureExtractor> extractors = features.extractors();
    System.out.printf("3. Training on %d features: %s%n", DemandModelTrainer.schemaOf(extractors).size(),
        features.describe());
    Map<String, TrainingResult> trained = new LinkedHashMap<>();
    GlmOptions glm = GlmOptions.DEFAULTS.withSlopeInputs(List.of("behaviour.discount_response"));
    for (DemandAlgorithm algorithm : List.of(DemandAlgorithm.LOGISTIC_SGD, DemandAlgorithm.CART_TREE,
        DemandAlgorithm.LOGISTIC_GLM, DemandAlgorithm.GBDT_CONVERSION)) {
      long t0 = System.nanoTime();
      DemandModelTrainer.Builder b = DemandModelTrainer.builder(algorithm)
          .extractors(extractors)
          .split(ValidationSplit.latestFraction(0.2))
          .version("demo-" + algorithm.name().toLowerCase(Locale.ROOT))
          .seed(SEED);
      if (algorithm == DemandAlgorithm.LOGISTIC_GLM) {
        b.glm(glm);
      } else if (algorithm == DemandAlgorithm.GBDT_CONVERSION) {
        b.gbdt(GbdtOptions.DEFAULTS.withBase(glm));
      } else {
        b.priceFeatures(PriceFeatures.of(PriceTerm.RELATIVE).withInteractions(List.of("behaviour.discount_response")));
      }
      TrainingResult result = b.build().train(log);
      trained.put(result.model().version(), result);
      DemandEvaluation e = result.evaluation();
      System.out.printf("   %-20s held-out AUC %.3f, log loss %.3f  (%.1fs)%n", result.model().version(),
          e.auc().orElse(Double.NaN), e.logLoss().orElse(Double.NaN), (System.nanoTime() - t0) / 1e9);
    }

    // 4. Compare policies on fresh requests, against the oracle.
    List<SimulatedRequest> requests = sim.requests(EVALUATION_REQUESTS, SEED + 3);
    DemandModel logistic = trained.get("demo-logistic_sgd").model();
    DemandModel cart = trained.get("demo-cart_tree").model();
    DemandModel glmModel = trained.get("demo-logistic_glm").model();
    DemandModel gbdtModel = trained.get("demo-gbdt_conversion").model();
    PolicyComparison comparison;
    Map<String, Object> stream;
    try (PricingEngine uniform = engine(sim, extractors, logistic, true);
         PricingEngine personal = engine(sim, extractors, logistic, false);
         PricingEngine personalCart = engine(sim, extractors, cart, false);
         PricingEngine personalGlm = engine(sim, extractors, glmModel, false);
         PricingEngine personalGbdt = engine(sim, extractors, gbdtModel, false)) {
      List<PricingPolicy> policies = List.of(
          Policies.listPrice(),
          sim.bestUniform(requests),
          Policies.engine("engine, uniform (logistic)", uniform),
          Policies.engine("engine, personal (CART)", personalCart),
          Policies.engine("engine, personal (logistic GLM)", personalGlm),
          Policies.engine("engine, personal (monotone GBDT)", personalGbdt),
          Policies.engine("engine, personal (logistic)", personal));
      System.out.println("4. Comparing policies on " + requests.size() + " new requests (true expected outcomes)");
      comparison = PolicyComparison.compare(sim, requests, policies);
      System.out.println();
      System.out.println(indent(comparison.toMarkdown()));

      // 5. A stream of checkouts through the engine.
      stream = priceStream(personal, requests);

      // 6. Charts.
      charts(out, sim, requests, personal, logistic, extractors, comparison);
    }
    stream.put("titleCacheHits", features.cacheHits());
    stream.put("titleCacheMisses", features.cacheMisses());
    writeReport(out, sim, trained, comparison, stream);
    System.out.println(HardMarketStudy.summary(comparison));

    // 7. The same models on a market whose truth lies in no model family the library trains.
    System.out.println("\n7. The hard market (willingness to pay in money, purchase ceiling, opposite-sign segments,"
        + " loss aversion, competitor comparers, weekly seasonality)\n");
    if (!Boolean.getBoolean("demo.skipHardMarket")) {
      HardMarketStudy.main(new String[] {out.resolve("hard-market").toString()});
      String study = Files.readString(out.resolve("hard-market").resolve("study.md"))
          .replace("](price-by-segment.png)", "](hard-market/price-by-segment.png)")
          .replace("](profit-by-policy.png)", "](hard-market/profit-by-policy.png)")
          .replace("# Hard market study", "## The hard market");
      Files.writeString(out.resolve("report.md"), "\n" + study, java.nio.file.StandardOpenOption.APPEND);
    } else {
      System.out.println("   skipped (-Ddemo.skipHardMarket=true)");
    }
    System.out.printf("%nReport: %s%n  %s%n  %s%n  charts: %s%nDone in %.1fs%n", out.resolve("report.html"),
        out.resolve("report.md"), out.resolve("summary.json"),
        String.join(", ", List.of("demand-curves.png", "price-by-segment.png", "profit-by-policy.png")),
        (System.nanoTime() - started) / 1e9);
  }

  static PricingEngine engine(MarketSimulator sim, List<FeatureExtractor> extractors, DemandModel model,
      boolean uniform) {
    PricingEngine.Builder b = PricingEngine.builder().extractors(extractors).demandModel(model)
        .ladder(sim.ladder()).paymentFeeRate(sim.feeRate()).uniformPricing(uniform);
    sim.guardrails().forEach(b::guardrail);
    return b.build();
  }

  /** Prices every request once, as a checkout would, and reports latency percentiles (indicative only). */
  static Map<String, Object> priceStream(PricingEngine engine, List<SimulatedRequest> requests) {
    long[] nanos = new long[requests.size()];
    int personalised = 0;
    PriceDecision example = null;
    ProgressBar bar = new ProgressBar(System.out, "5. Pricing a stream of checkouts", requests.size());
    for (int round = 0; round < 3; round++) { // the first rounds warm the JIT
      for (int i = 0; i < requests.size(); i++) {
        long t0 = System.nanoTime();
        PriceDecision d = engine.price(requests.get(i).request());
        nanos[i] = System.nanoTime() - t0;
        if (round == 2) {
          personalised += d.personalised() ? 1 : 0;
          if (example == null && d.personalised() && !d.contributions().isEmpty()) {
            example = d;
          }
          bar.update(i + 1);
        }
      }
    }
    bar.finish();
    Arrays.sort(nanos);
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("decisions", requests.size());
    s.put("personalised", personalised);
    s.put("p50_us", nanos[nanos.length / 2] / 1e3);
    s.put("p99_us", nanos[(int) (nanos.length * 0.99)] / 1e3);
    System.out.printf("   %d decisions, %d personalised; latency p50 %.1f us, p99 %.1f us (wall clock, indicative;"
        + " see pricing-bench for JMH figures)%n", requests.size(), personalised, (double) s.get("p50_us"),
        (double) s.get("p99_us"));
    dev.pricing.api.EngineHealth health = engine.health();
    s.put("fallbacks", health.fallbacks());
    s.put("engine_p99_us", health.latencyP99Nanos() / 1e3);
    System.out.printf("   engine health: %d decisions, %d fallbacks, open circuits %s, p99 %.1f us%n",
        health.decisions(), health.fallbacks(), health.openCircuits(), health.latencyP99Nanos() / 1e3);
    if (example != null) {
      System.out.printf("   why %s costs %s (baseline %s) for one customer, with the disclosure \"%s\":%n",
          example.productId(), example.price(), example.baselinePrice(), example.disclosure().orElse(""));
      for (String line : example.explanation()) {
        System.out.println("     " + line);
      }
      s.put("example_explanation", String.join("; ", example.explanation()));
    }
    return s;
  }

  static void charts(Path out, MarketSimulator sim, List<SimulatedRequest> requests, PricingEngine engine,
      DemandModel model, List<FeatureExtractor> extractors, PolicyComparison comparison) throws IOException {
    // Demand curves: true against trained, for one customer of each segment on the same product.
    FeatureSchema schema = DemandModelTrainer.schemaOf(extractors);
    DemandModel.Scorer scorer = model.bind(schema);
    Map<String, double[][]> curves = new LinkedHashMap<>();
    String product = requests.get(0).request().product().id();
    for (String segment : sim.segments().stream().map(s -> s.id()).toList()) {
      PricingRequest req = requests.stream().filter(r -> r.segmentId().equals(segment)
          && r.request().product().id().equals(product)).findFirst()
          .or(() -> requests.stream().filter(r -> r.segmentId().equals(segment)).findFirst())
          .map(SimulatedRequest::request).orElseThrow();
      double list = req.product().listPrice().doubleValue();
      int n = 41;
      double[] ratio = new double[n];
      double[] truth = new double[n];
      double[] fitted = new double[n];
      double[] prices = new double[n];
      for (int i = 0; i < n; i++) {
        ratio[i] = 0.6 + 0.8 * i / (n - 1);
        prices[i] = ratio[i] * list;
        truth[i] = sim.trueProbability(req, prices[i]);
      }
      scorer.score(engine.features(req).toArray(), prices, n, fitted);
      curves.put(segment + " (true)", new double[][] {ratio, truth});
      curves.put(segment + " (trained)", new double[][] {ratio, fitted});
    }
    Charts.lines(out.resolve("demand-curves.png"), "Demand curves: true vs trained logistic model",
        "price / list price", "P(buy)", curves);

    List<PolicyResult> all = new ArrayList<>(comparison.policies());
    all.add(comparison.oracle());
    List<String> segments = comparison.segments();
    Map<String, List<Double>> bySegment = new LinkedHashMap<>();
    for (PolicyResult r : all) {
      bySegment.put(r.policy(), segments.stream().map(s -> r.averagePricePaidBySegment().getOrDefault(s, 0.0)).toList());
    }
    Charts.bars(out.resolve("price-by-segment.png"), "Average price paid by segment", "price paid", segments,
        bySegment);
    Charts.bars(out.resolve("profit-by-policy.png"), "Expected profit per request, by policy", "profit per request",
        all.stream().map(PolicyResult::policy).toList(),
        Map.of("profit per request", all.stream().map(PolicyResult::profitPerRequest).toList()));
  }

  static void writeReport(Path out, MarketSimulator sim, Map<String, TrainingResult> trained,
      PolicyComparison comparison, Map<String, Object> stream) throws IOException {
    StringBuilder md = new StringBuilder();
    md.append("# Pricing demo report\n\n");
    md.append(String.format(Locale.ROOT, "Simulated market (seed %d): %d products, %d customers in segments %s. "
        + "%d offers logged under a randomised policy trained the models; %d new requests evaluate the policies "
        + "with the simulator's true expected outcomes.%n%n", SEED, sim.catalogue().size(), sim.customers().size(),
        comparison.segments(), LOGGED_OFFERS, EVALUATION_REQUESTS));
    md.append("## Demand models (held-out latest 20% of the log)\n\n| model | AUC | log loss | price coefficient (95% CI) |\n|---|---|---|---|\n");
    for (TrainingResult r : trained.values()) {
      DemandEvaluation e = r.evaluation();
      md.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %s |%n", r.model().version(), e.auc().orElse(Double.NaN),
          e.logLoss().orElse(Double.NaN), e.priceSensitivity().map(p -> String.format(Locale.ROOT, "%.3f [%.3f, %.3f]",
              p.coefficient(), p.lower(), p.upper())).orElse("n/a (tree)")));
    }
    md.append("\n## Policies\n\n").append(comparison.toMarkdown()).append("\n");
    md.append(String.format(Locale.ROOT, "%n## Checkout stream%n%n%s decisions, %s personalised; wall-clock latency p50 %.1f us, "
        + "p99 %.1f us (indicative; JMH figures are in docs/benchmarks.md).%n", stream.get("decisions"),
        stream.get("personalised"), (double) stream.get("p50_us"), (double) stream.get("p99_us")));
    md.append("\n## Charts\n\n![demand curves](demand-curves.png)\n\n![price by segment](price-by-segment.png)\n\n"
        + "![profit by policy](profit-by-policy.png)\n");
    Files.writeString(out.resolve("report.md"), md.toString());
    Files.writeString(out.resolve("report.html"), Html.fromMarkdownTables(md.toString()));

    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("seed", SEED);
    summary.put("loggedOffers", LOGGED_OFFERS);
    summary.put("evaluationRequests", EVALUATION_REQUESTS);
    Map<String, Object> models = new LinkedHashMap<>();
    for (TrainingResult r : trained.values()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("auc", r.evaluation().auc().orElse(Double.NaN));
      m.put("logLoss", r.evaluation().logLoss().orElse(Double.NaN));
      r.evaluation().priceSensitivity().ifPresent(p -> m.put("priceCoefficient", p.coefficient()));
      models.put(r.model().version(), m);
    }
    summary.put("models", models);
    List<PolicyResult> all = new ArrayList<>(comparison.policies());
    all.add(comparison.oracle());
    summary.put("policies", all);
    summary.put("stream", stream);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("summary.json").toFile(), summary);
  }

  private static String indent(String s) {
    return "   " + s.replace("\n", "\n   ");
  }
}
