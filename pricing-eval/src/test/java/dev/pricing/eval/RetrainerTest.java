package dev.pricing.eval;

import dev.pricing.core.demand.QualityGate;
import dev.pricing.core.demand.RetrainResult;
import dev.pricing.core.demand.Retrainer;
import dev.pricing.core.log.DecisionLog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pricing.api.FeatureSchema;
import dev.pricing.api.FeatureVector;
import dev.pricing.api.Outcome;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.core.FeatureExtractors;
import dev.pricing.core.demand.DemandAlgorithm;
import dev.pricing.core.demand.DemandModelTrainer;
import dev.pricing.core.demand.OfferRecord;
import dev.pricing.core.demand.TrainingResult;
import dev.pricing.core.demand.ValidationSplit;
import dev.pricing.eval.MarketSimulator;
import dev.pricing.eval.SimulatedRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retraining from a log written by a real engine on the simulator: the engine prices with the true demand
 * model, the simulator's true demand decides each purchase, and the engine records every outcome.
 */
class RetrainerTest {
  private static final int OFFERS = 6_000;
  @TempDir static Path dir;
  static MarketSimulator sim;
  static List<SimulatedRequest> requests;
  static List<OfferRecord> offers = new ArrayList<>();

  @BeforeAll
  static void writeLog() {
    sim = MarketSimulator.defaultMarket(11);
    requests = sim.requests(OFFERS, 12);
    SplittableRandom rng = new SplittableRandom(13);
    DecisionLog log = DecisionLog.builder(dir).pseudonymiser(TestKeys.PSEUDONYMISER).storeFeatures(true).build();
    try (PricingEngine engine = sim.engineBuilder().demandModel(sim.trueDemandModel()).listener(log).build()) {
      for (SimulatedRequest s : requests) {
        PricingRequest r = s.request();
        PriceDecision d = engine.price(r);
        boolean bought = rng.nextDouble() < sim.trueProbability(r, d.price().doubleValue());
        engine.record(Outcome.conversion(d.decisionId(), bought, r.market().time()));
        offers.add(new OfferRecord(r, d.price(), OptionalDouble.of(d.propensity()), bought ? 1 : 0));
      }
      log.close();
    }
    assertThat(log.dropped()).isZero();
    assertThat(log.featureFailures()).isZero();
  }

  private static DemandModelTrainer trainer() {
    return DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_SGD).extractors(FeatureExtractors.standard())
        .split(ValidationSplit.latestFraction(0.2)).seed(5).build();
  }

  @Test
  void retrainNow_swapsInAModelIdenticalToTheTrainersOwnOnTheSameOffers() {
    try (PricingEngine engine = sim.engineBuilder().demandModel(sim.trueDemandModel()).build()) {
      String before = engine.modelVersion();
      Retrainer retrainer = Retrainer.builder(dir, trainer(), engine).build();
      RetrainResult result = retrainer.retrainNow();

      assertThat(result.failures()).isEmpty();
      assertThat(result.swapped()).isTrue();
      assertThat(result.examples()).isEqualTo(OFFERS);
      assertThat(result.previousVersion()).isEqualTo(before);
      TrainingResult logged = result.training().orElseThrow();
      assertThat(engine.modelVersion()).isEqualTo(logged.model().version()).isNotEqualTo(before);

      // The reference: the same trainer on the same offers, features extracted from the requests.
      TrainingResult reference = trainer().train(offers);
      assertThat(logged.evaluation().auc()).isEqualTo(reference.evaluation().auc());
      assertThat(logged.evaluation().logLoss()).isEqualTo(reference.evaluation().logLoss());
      FeatureSchema schema = engine.schema();
      DemandModel.Scorer a = logged.model().bind(schema);
      DemandModel.Scorer b = reference.model().bind(schema);
      double[] out1 = new double[5];
      double[] out2 = new double[5];
      for (int i = 0; i < 200; i++) {
        PricingRequest r = requests.get(i * 7).request();
        FeatureVector x = engine.features(r);
        double list = r.product().listPrice().doubleValue();
        double[] prices = {0.7 * list, 0.85 * list, list, 1.1 * list, 1.25 * list};
        a.score(x.toArray(), prices, 5, out1);
        b.score(x.toArray(), prices, 5, out2);
        assertThat(out1).containsExactly(out2);
      }

      // Usable: the engine now prices with it, every decision naming the new version.
      for (SimulatedRequest s : sim.requests(200, 99)) {
        PriceDecision d = engine.price(s.request());
        assertThat(d.modelVersion()).isEqualTo(logged.model().version());
        assertThat(d.fallback()).isFalse();
      }
    }
  }

  @Test
  void failedGate_keepsTheServingModel_andSaysWhy() {
    try (PricingEngine engine = sim.engineBuilder().demandModel(sim.trueDemandModel()).build()) {
      String before = engine.modelVersion();
      RetrainResult strict = Retrainer.builder(dir, trainer(), engine).gate(QualityGate.defaults().withMinAuc(0.999))
          .build().retrainNow();
      assertThat(strict.swapped()).isFalse();
      assertThat(strict.training()).isPresent();
      assertThat(strict.failures()).anyMatch(f -> f.contains("AUC") && f.contains("0.9990"));
      assertThat(engine.modelVersion()).isEqualTo(before);

      RetrainResult tooFew = Retrainer.builder(dir, trainer(), engine)
          .gate(QualityGate.defaults().withMinExamples(OFFERS + 1)).build().retrainNow();
      assertThat(tooFew.swapped()).isFalse();
      assertThat(tooFew.training()).isEmpty();
      assertThat(tooFew.failures()).containsExactly(OFFERS + " usable logged offers, fewer than the " + (OFFERS + 1)
          + " required");
    }
  }

  @Test
  void window_trainsOnlyOnTheMostRecentDecisions() {
    try (PricingEngine engine = sim.engineBuilder().demandModel(sim.trueDemandModel()).build()) {
      RetrainResult r = Retrainer.builder(dir, trainer(), engine).window(Duration.ofDays(10))
          .gate(QualityGate.defaults().withMinExamples(1)).build().retrainNow();
      java.time.Instant newest = offers.stream().map(OfferRecord::time).max(java.util.Comparator.naturalOrder())
          .orElseThrow();
      long inWindow = offers.stream().filter(o -> !o.time().isBefore(newest.minus(Duration.ofDays(10)))).count();
      assertThat(r.examples()).isEqualTo(inWindow).isLessThan(OFFERS);
    }
  }

  @Test
  void scheduled_runsRoundsUntilClosed() throws Exception {
    try (PricingEngine engine = sim.engineBuilder().demandModel(sim.trueDemandModel()).build()) {
      CountDownLatch rounds = new CountDownLatch(2);
      Retrainer retrainer = Retrainer.builder(dir, trainer(), engine).onResult(r -> rounds.countDown()).build();
      retrainer.start(Duration.ofMillis(10));
      assertThatThrownBy(() -> retrainer.start(Duration.ofMillis(10))).isInstanceOf(IllegalStateException.class);
      assertThat(rounds.await(5, TimeUnit.MINUTES)).isTrue();
      retrainer.close();
      retrainer.close();
      assertThat(retrainer.lastResult().orElseThrow().swapped()).isTrue();
    }
  }

  @Test
  void mismatchedSchemas_areRefusedNamingBoth() {
    try (PricingEngine engine = sim.engineBuilder().demandModel(sim.trueDemandModel()).build()) {
      DemandModelTrainer other = DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_SGD)
          .extractors(List.of(FeatureExtractors.product())).build();
      assertThatThrownBy(() -> Retrainer.builder(dir, other, engine)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("product.list_price").hasMessageContaining("behaviour.views_log1p");
    }
  }
}
