package dev.pricing.examples;

import dev.pricing.api.Outcome;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import dev.pricing.core.FeatureExtractors;
import dev.pricing.core.demand.DemandAlgorithm;
import dev.pricing.core.demand.DemandModelTrainer;
import dev.pricing.core.demand.ValidationSplit;
import dev.pricing.eval.MarketSimulator;
import dev.pricing.eval.SimulatedRequest;
import dev.pricing.core.log.DecisionLog;
import dev.pricing.core.log.DecisionLogReader;
import dev.pricing.core.demand.RetrainResult;
import dev.pricing.core.demand.Retrainer;
import dev.pricing.core.privacy.Pseudonymiser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.SplittableRandom;

/**
 * The decision log end to end: an engine on the simulated market logs 20,000 decisions (customer ids
 * pseudonymised, feature vectors stored), the simulated customers buy or not and the engine records each
 * outcome; then the log explains one personalised decision ({@code why}) and a {@link Retrainer} retrains the
 * demand model from the log and swaps it in if it passes the quality gate.
 *
 * <p>The pseudonymisation key comes from the environment variable {@code PRICING_PSEUDONYM_KEY} (base64, at
 * least 32 bytes) when set; otherwise a random key is generated for this run.
 *
 * <p>Run: {@code mvn -q -pl examples exec:java -Ddemo.main=dev.pricing.examples.DecisionLogExample
 * [-Dexec.args=DIRECTORY]}
 */
public final class DecisionLogExample {
  private DecisionLogExample() {}

  /**
   * Runs the example.
   *
   * @param args optional log directory (default: a new temporary directory)
   * @throws IOException if the directory cannot be created
   */
  public static void main(String[] args) throws IOException {
    Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("decision-log-example");
    Pseudonymiser pseudonymiser;
    if (System.getenv("PRICING_PSEUDONYM_KEY") != null) {
      pseudonymiser = Pseudonymiser.fromEnvironment("env", "PRICING_PSEUDONYM_KEY");
    } else {
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      pseudonymiser = Pseudonymiser.of("demo", key);
    }
    MarketSimulator sim = MarketSimulator.defaultMarket(42);
    SplittableRandom customers = new SplittableRandom(7);
    DecisionLog log = DecisionLog.builder(dir).pseudonymiser(pseudonymiser).storeFeatures(true).build();
    long personalisedId = -1;
    try (PricingEngine engine = sim.engineBuilder().demandModel(sim.trueDemandModel()).explanations(3, true)
        .listener(log).build()) {
      for (SimulatedRequest s : sim.requests(20_000, 1)) {
        PricingRequest r = s.request();
        PriceDecision d = engine.price(r);
        if (personalisedId < 0 && d.personalised() && !d.contributions().isEmpty()) {
          personalisedId = d.decisionId();
        }
        boolean bought = customers.nextDouble() < sim.trueProbability(r, d.price().doubleValue());
        engine.record(Outcome.conversion(d.decisionId(), bought, r.market().time()));
      }
      log.close(); // drains the queue while the engine can still extract features
      System.out.printf("logged to %s: written %d, flushed %d, dropped %d, %d bytes in %d segments%n", dir,
          log.written(), log.flushed(), log.dropped(), log.bytes(), log.segments());

      DecisionLogReader reader = DecisionLogReader.open(dir);
      System.out.println(reader.stats());
      System.out.println();
      System.out.println("why(" + personalisedId + "):");
      System.out.print(reader.why(personalisedId).orElseThrow().text());
      System.out.println();

      DemandModelTrainer trainer = DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_SGD)
          .extractors(FeatureExtractors.standard()).split(ValidationSplit.latestFraction(0.2)).build();
      RetrainResult result = Retrainer.builder(dir, trainer, engine).build().retrainNow();
      System.out.printf("retrained on %d logged offers: %s%n", result.examples(), result.swapped()
          ? "swapped " + result.previousVersion() + " -> " + result.currentVersion()
          : "kept " + result.previousVersion() + " because " + result.failures());
      result.training().ifPresent(t -> System.out.print(t.evaluation().report()));
    }
  }
}
