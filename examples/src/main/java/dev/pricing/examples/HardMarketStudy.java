package dev.pricing.examples;

import dev.pricing.api.PriceDecision;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
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
import dev.pricing.eval.PriceDistribution;
import dev.pricing.eval.PricingPolicy;
import dev.pricing.eval.Segment;
import dev.pricing.eval.SimulatedOffer;
import dev.pricing.eval.SimulatedRequest;
import dev.pricing.examples.report.Charts;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * How the demand models the library trains today price on the hard market
 * ({@link MarketSimulator#hardMarket(long)}), whose truth lies in none of their families: logs offers under a
 * randomised policy, trains each model of {@link #models(List)} on them, and compares on fresh requests the
 * oracle, the list price, the best uniform price, an engine per trained model and the observable oracle (the
 * best any model over the request could do, see {@link MarketSimulator#observableOracle()}), each evaluated on
 * its own history of shown prices. Prints the policy table, the share of the oracle's profit and of the gap from
 * list price to the oracle that each policy captures, and the price paid per segment against the oracle;
 * writes the same tables to {@code study.md} with two charts ({@code price-by-segment.png},
 * {@code profit-by-policy.png}) in the output folder.
 *
 * <p>Run: {@code mvn -q -pl examples -am compile exec:java -Dexec.skip
 * -Dexec.mainClass=dev.pricing.examples.HardMarketStudy -Ddemo.main=dev.pricing.examples.HardMarketStudy}
 * (optional arguments: output folder, default {@code examples/target/hard-market}; market seed; logged offers;
 * evaluation requests).
 *
 * <p>A program: its methods are not meant to be called from several threads at once.
 */
public final class HardMarketStudy {
  static final long SEED = 2026;
  static final int LOGGED_OFFERS = 60_000;
  static final int EVALUATION_REQUESTS = 4_000;
  /** The boosted trees' rounds (early stopping ends most runs sooner) and depth. */
  static final int TREES = 1_000;
  static final int DEPTH = 8;

  private HardMarketStudy() {}

  /**
   * One demand model the study trains and prices with. To compare another model, add one to
   * {@link #models(List)}.
   *
   * @param name the name in the tables
   * @param train trains the model on the logged offers
   */
  record ModelSpec(String name, Function<List<OfferRecord>, TrainingResult> train) {}

  /**
   * The models compared, in table order: every algorithm available today, each with the demo's settings.
   *
   * @param extractors the feature extractors the models are trained on and the engines serve with
   * @return the models
   */
  static List<ModelSpec> models(List<FeatureExtractor> extractors) {
    PriceFeatures demo = PriceFeatures.of(PriceTerm.RELATIVE)
        .withInteractions(List.of("behaviour.discount_response"));
    List<String> slopeInputs = List.of("behaviour.discount_response", "behaviour.carts_log1p",
        "behaviour.cart_rate", "behaviour.monetary_log1p", "behaviour.clicks_log1p");
    GlmOptions glm = GlmOptions.DEFAULTS.withSlopeInputs(slopeInputs);
    GlmOptions ceiling = glm.withCeiling(true);
    return List.of(
        new ModelSpec("logistic (SGD)", log -> trainer(DemandAlgorithm.LOGISTIC_SGD, extractors, demo).train(log)),
        new ModelSpec("CART", log -> trainer(DemandAlgorithm.CART_TREE, extractors, demo).train(log)),
        new ModelSpec("logistic GLM", log -> base(DemandAlgorithm.LOGISTIC_GLM, extractors).glm(glm).build()
            .train(log)),
        new ModelSpec("GLM with ceiling", log -> base(DemandAlgorithm.LOGISTIC_GLM, extractors).glm(ceiling).build()
            .train(log)),
        new ModelSpec("monotone GBDT", log -> base(DemandAlgorithm.GBDT_CONVERSION, extractors)
            .gbdt(GbdtOptions.DEFAULTS.withTrees(TREES, DEPTH).withBase(ceiling)).build().train(log)));
  }

  private static DemandModelTrainer.Builder base(DemandAlgorithm algorithm, List<FeatureExtractor> extractors) {
    return DemandModelTrainer.builder(algorithm).extractors(extractors).split(ValidationSplit.latestFraction(0.2))
        .seed(SEED).version("hard-" + algorithm.name().toLowerCase(Locale.ROOT));
  }

  private static DemandModelTrainer trainer(DemandAlgorithm algorithm, List<FeatureExtractor> extractors,
      PriceFeatures priceFeatures) {
    return DemandModelTrainer.builder(algorithm).extractors(extractors).priceFeatures(priceFeatures)
        .split(ValidationSplit.latestFraction(0.2)).seed(SEED)
        .version("hard-" + algorithm.name().toLowerCase(Locale.ROOT)).build();
  }

  /**
   * Runs the study, prints its tables and writes them with the charts.
   *
   * @param args optional: output folder, market seed, number of logged offers, number of evaluation requests,
   *     the engines' population sample size (default 64)
   * @throws IOException if the output cannot be written
   */
  public static void main(String[] args) throws IOException {
    // From the repository root (as the run command leaves it) or from examples/: examples/target/hard-market.
    Path defaultOut = Files.isDirectory(Path.of("examples", "src")) ? Path.of("examples", "target", "hard-market")
        : Path.of("target", "hard-market");
    Path out = (args.length > 0 ? Path.of(args[0]) : defaultOut).toAbsolutePath();
    long seed = args.length > 1 ? Long.parseLong(args[1]) : SEED;
    int logged = args.length > 2 ? Integer.parseInt(args[2]) : LOGGED_OFFERS;
    int fresh = args.length > 3 ? Integer.parseInt(args[3]) : EVALUATION_REQUESTS;
    int population = args.length > 4 ? Integer.parseInt(args[4])
        : dev.pricing.api.spi.EngineConfig.DEFAULT_POPULATION_SAMPLE;
    Files.createDirectories(out);
    long started = System.nanoTime();
    StringBuilder md = new StringBuilder("# Hard market study\n\n");
    MarketSimulator sim = MarketSimulator.hardMarket(seed);
    print(md, String.format(Locale.ROOT, "Hard market (seed %d): %d products, %d customers in %d segments%n", seed,
        sim.catalogue().size(), sim.customers().size(), sim.segments().size()));

    List<SimulatedOffer> offers = sim.logOffers(sim.requests(logged, seed + 1), sim.randomisedPolicy(0.75, 1.25),
        seed + 2);
    List<OfferRecord> log = new ArrayList<>(offers.size());
    for (SimulatedOffer o : offers) {
      log.add(new OfferRecord(o.request(), BigDecimal.valueOf(o.price()).setScale(2, RoundingMode.HALF_UP),
          OptionalDouble.of(o.propensity()), o.units()));
    }
    long bought = offers.stream().filter(SimulatedOffer::bought).count();
    long withReference = offers.stream().filter(o -> o.request().market().referencePrice().isPresent()).count();
    print(md, String.format(Locale.ROOT, "Logged %d offers under randomised 0.75-1.25x the last price shown:"
        + " %.1f%% bought, %.1f%% carry a last-seen price%n", offers.size(), 100.0 * bought / offers.size(),
        100.0 * withReference / offers.size()));

    List<String> categories = sim.catalogue().stream().map(Product::category).distinct().sorted().toList();
    List<String> productIds = sim.catalogue().stream().map(Product::id).sorted().toList();
    List<FeatureExtractor> extractors = List.of(FeatureExtractors.behaviour(),
        FeatureExtractors.product(categories, List.of()), FeatureExtractors.productIndicators(productIds),
        FeatureExtractors.market());
    print(md, String.format(Locale.ROOT, "Features: %d (standard behaviour and market, product with category"
        + " and product indicators)%n%n", DemandModelTrainer.schemaOf(extractors).size()));

    List<ModelSpec> specs = models(extractors);
    List<DemandModel> models = new ArrayList<>();
    print(md, "| model | held-out AUC | log loss | mean predicted | mean observed | training s |\n"
        + "|---|---:|---:|---:|---:|---:|\n");
    for (ModelSpec spec : specs) {
      long t0 = System.nanoTime();
      TrainingResult result = spec.train().apply(log);
      DemandEvaluation e = result.evaluation();
      models.add(result.model());
      print(md, String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.3f | %.1f |%n", spec.name(),
          e.auc().orElse(Double.NaN), e.logLoss().orElse(Double.NaN), e.meanPrediction(), e.meanOutcome(),
          (System.nanoTime() - t0) / 1e9));
    }

    List<SimulatedRequest> requests = sim.requests(fresh, seed + 3);
    List<PricingEngine> engines = new ArrayList<>();
    try {
      List<PricingPolicy> policies = new ArrayList<>(List.of(Policies.listPrice(), sim.bestUniform(requests)));
      List<EnginePolicy> enginePolicies = new ArrayList<>();
      for (int i = 0; i < specs.size(); i++) {
        PricingEngine engine = engine(sim, extractors, models.get(i), false, population);
        engines.add(engine);
        EnginePolicy p = new EnginePolicy("engine, personal (" + specs.get(i).name() + ")", engine, sim);
        enginePolicies.add(p);
        policies.add(p);
      }
      // Uniform mode: one price per product and market state for everyone, the one that maximises expected
      // profit averaged over the customers who arrive (the engine's population sample).
      for (int i = 0; i < specs.size(); i++) {
        PricingEngine engine = engine(sim, extractors, models.get(i), true, population);
        engines.add(engine);
        EnginePolicy p = new EnginePolicy("engine, uniform (" + specs.get(i).name() + ")", engine, sim);
        enginePolicies.add(p);
        policies.add(p);
      }
      policies.add(sim.observableOracle());
      PolicyComparison comparison = PolicyComparison.compare(sim, requests, policies);
      print(md, String.format(Locale.ROOT, "%nPolicies on %d fresh requests (true expected outcomes; each policy on"
          + " its own history of shown prices):%n%n", requests.size()));
      print(md, comparison.toMarkdown() + "\n");
      print(md, summary(comparison) + "\n");
      print(md, bySegment(comparison, sim.segments()) + "\n");
      print(md, "What each engine expected at the prices it chose, against the truth at those prices:\n\n"
          + "| engine | expected conversion | true conversion | expected profit | true profit |"
          + " expected / true profit |\n|---|---:|---:|---:|---:|---:|\n");
      for (EnginePolicy p : enginePolicies) {
        print(md, String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %.4f | %.3f |%n", p.name(),
            p.expectedConversion / p.n, p.trueConversion / p.n, p.expectedProfit / p.n, p.trueProfit / p.n,
            p.expectedProfit / p.trueProfit));
      }
      print(md, "\nAt each engine's own states (its history of shown prices): the true profit of its prices against"
          + " the oracle's and the observable oracle's best price for the same request, and where its prices sit"
          + " against the request's reference price:\n\n| engine | true profit | observable oracle at state |"
          + " oracle at state | below ref | at ref | above ref |\n|---|---:|---:|---:|---:|---:|---:|\n");
      for (EnginePolicy p : enginePolicies) {
        print(md, String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %.1f%% | %.1f%% | %.1f%% |%n", p.name(),
            p.trueProfit / p.n, p.observableProfitAtState / p.n, p.oracleProfitAtState / p.n, 100.0 * p.below / p.n,
            100.0 * p.at / p.n, 100.0 * p.above / p.n));
      }
      print(md, "\n");
      charts(out, comparison, sim.segments());
      md.append("![price paid by segment](price-by-segment.png)\n\n![profit by policy](profit-by-policy.png)\n");
    } finally {
      engines.forEach(PricingEngine::close);
    }
    Files.writeString(out.resolve("study.md"), md.toString());
    System.out.printf("Wrote %s with price-by-segment.png and profit-by-policy.png; done in %.1fs%n",
        out.resolve("study.md"), (System.nanoTime() - started) / 1e9);
  }

  private static void print(StringBuilder md, String text) {
    System.out.print(text);
    md.append(text);
  }

  static void charts(Path out, PolicyComparison c, List<Segment> segments) throws IOException {
    List<PolicyResult> rows = new ArrayList<>(c.policies());
    rows.add(c.oracle());
    List<String> ids = segments.stream().map(Segment::id).toList();
    Map<String, List<Double>> paid = new LinkedHashMap<>();
    for (PolicyResult r : rows) {
      paid.put(r.policy(), ids.stream().map(s -> r.averagePricePaidBySegment().getOrDefault(s, 0.0)).toList());
    }
    Charts.bars(out.resolve("price-by-segment.png"), "Hard market: average price paid by segment", "price paid",
        ids, paid);
    Charts.bars(out.resolve("profit-by-policy.png"), "Hard market: expected profit per request", "profit per request",
        rows.stream().map(PolicyResult::policy).toList(),
        Map.of("profit per request", rows.stream().map(PolicyResult::profitPerRequest).toList()));
  }

  /**
   * An engine as a policy that also sums what the engine expected at each price it chose and what the truth
   * gives there (for the request as the engine saw it, with its last-seen price). Not thread-safe.
   */
  static final class EnginePolicy implements PricingPolicy {
    private final String name;
    private final PricingEngine engine;
    private final MarketSimulator sim;
    double expectedConversion;
    double trueConversion;
    double expectedProfit;
    double trueProfit;
    double observableProfitAtState;
    double oracleProfitAtState;
    int below;
    int at;
    int above;
    int n;
    private final PricingPolicy oracle;
    private final PricingPolicy observable;

    EnginePolicy(String name, PricingEngine engine, MarketSimulator sim) {
      this.name = name;
      this.engine = engine;
      this.sim = sim;
      this.oracle = sim.oracle();
      this.observable = sim.observableOracle();
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public PriceDistribution distribution(PricingRequest request) {
      PriceDecision d = engine.price(request);
      double price = d.price().doubleValue();
      expectedConversion += d.expectedConversion();
      expectedProfit += d.expectedProfit();
      trueConversion += sim.trueProbability(request, price);
      trueProfit += sim.trueExpectedProfit(request, price);
      oracleProfitAtState += sim.trueExpectedProfit(request, oracle.distribution(request).price(0));
      observableProfitAtState += sim.trueExpectedProfit(request, observable.distribution(request).price(0));
      double ref = request.referencePrice().doubleValue();
      if (price < ref - 0.005) {
        below++;
      } else if (price > ref + 0.005) {
        above++;
      } else {
        at++;
      }
      n++;
      return PriceDistribution.point(price);
    }
  }

  static PricingEngine engine(MarketSimulator sim, List<FeatureExtractor> extractors, DemandModel model,
      boolean uniform, int populationSample) {
    PricingEngine.Builder b = PricingEngine.builder().extractors(extractors).demandModel(model)
        .ladder(sim.ladder()).paymentFeeRate(sim.feeRate()).uniformPricing(uniform)
        .populationSample(populationSample);
    sim.guardrails().forEach(b::guardrail);
    return b.build();
  }

  /** Share of the oracle's profit and of the gap from list price to the oracle, with a plain verdict. */
  static String summary(PolicyComparison c) {
    PolicyResult list = c.result("list price");
    PolicyResult uniform = c.result("best uniform");
    double oracle = c.oracle().profitPerRequest();
    StringBuilder sb = new StringBuilder();
    sb.append("| policy | profit/request | share of oracle | gap captured (policy - list) / (oracle - list) |"
        + " verdict |\n|---|---:|---:|---:|---|\n");
    List<PolicyResult> rows = new ArrayList<>(c.policies());
    rows.add(c.oracle());
    for (PolicyResult r : rows) {
      double gap = (r.profitPerRequest() - list.profitPerRequest()) / (oracle - list.profitPerRequest());
      String verdict;
      if (r == c.oracle() || r == list) {
        verdict = "";
      } else if (r.policy().equals("observable oracle")) {
        verdict = "the most any model over the request can reach";
      } else if (r.profitPerRequest() < list.profitPerRequest()) {
        verdict = "**worse than list price**";
      } else if (r != uniform && r.profitPerRequest() < uniform.profitPerRequest()) {
        verdict = "**worse than the best uniform price**";
      } else {
        verdict = "beats list price" + (r == uniform ? "" : " and the best uniform price");
      }
      sb.append(String.format(Locale.ROOT, "| %s | %.4f | %.1f%% | %.1f%% | %s |%n", r.policy(), r.profitPerRequest(),
          100 * r.shareOfOracleProfit(), 100 * gap, verdict));
    }
    return sb.toString();
  }

  /** Average price paid per segment by each policy, and its difference from the oracle's. */
  static String bySegment(PolicyComparison c, List<Segment> segments) {
    StringBuilder sb = new StringBuilder("Average price paid per segment (difference from the oracle):\n\n| policy |");
    for (Segment s : segments) {
      sb.append(' ').append(s.id()).append(" |");
    }
    sb.append("\n|---|").append("---:|".repeat(segments.size())).append('\n');
    List<PolicyResult> rows = new ArrayList<>(c.policies());
    rows.add(c.oracle());
    for (PolicyResult r : rows) {
      sb.append("| ").append(r.policy()).append(" |");
      for (Segment s : segments) {
        Double paid = r.averagePricePaidBySegment().get(s.id());
        Double truth = c.oracle().averagePricePaidBySegment().get(s.id());
        if (paid == null) {
          sb.append(" - |");
        } else if (r == c.oracle() || truth == null) {
          sb.append(String.format(Locale.ROOT, " %.2f |", paid));
        } else {
          sb.append(String.format(Locale.ROOT, " %.2f (%+.2f) |", paid, paid - truth));
        }
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}
