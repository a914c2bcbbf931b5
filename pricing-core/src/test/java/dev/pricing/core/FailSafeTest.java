package dev.pricing.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pricing.api.Customer;
import dev.pricing.api.DemandKind;
import dev.pricing.api.EngineHealth;
import dev.pricing.api.FeatureSchema;
import dev.pricing.api.Guardrail;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.ReasonCode;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.api.spi.FeatureExtractor;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Fault injection: a pricing library inside a checkout must never be the reason the checkout fails. A
 * model that throws, returns NaN or sleeps, an extractor that throws, and a mix of them under 8 threads
 * always give a bounded price, with a fallback reason, counted in the engine's health.
 */
class FailSafeTest {

  /** A model that misbehaves while {@code mode} says so and counts its calls. */
  static final class FaultyModel implements DemandModel {
    final DemandModel real = Fixtures.model();
    final AtomicInteger mode = new AtomicInteger();
    final AtomicInteger binds = new AtomicInteger();
    final AtomicInteger calls = new AtomicInteger();
    volatile long sleepMillis = 50;

    static final int OK = 0;
    static final int THROW = 1;
    static final int NAN = 2;
    static final int SLEEP = 3;

    @Override
    public String version() {
      return "faulty-1";
    }

    @Override
    public DemandKind kind() {
      return DemandKind.CONVERSION_PROBABILITY;
    }

    @Override
    public Scorer bind(FeatureSchema schema) {
      binds.incrementAndGet();
      Scorer scorer = real.bind(schema);
      return (x, prices, count, out) -> {
        calls.incrementAndGet();
        switch (mode.get()) {
          case THROW -> throw new IllegalStateException("injected: model crashed");
          case NAN -> java.util.Arrays.fill(out, 0, count, Double.NaN);
          case SLEEP -> {
            try {
              Thread.sleep(sleepMillis);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            scorer.score(x, prices, count, out);
          }
          default -> scorer.score(x, prices, count, out);
        }
      };
    }
  }

  static PricingRequest request() {
    return Fixtures.request(Fixtures.customer("c1", 12, 2, 3, 4, 0.4), Fixtures.product("oj", "19.99", "11.40"));
  }

  private static void assertSafe(PriceDecision d, ReasonCode reason) {
    assertThat(d.reasons()).contains(reason);
    assertThat(d.fallback()).isTrue();
    assertThat(d.personalised()).isFalse();
    // The safe reference price: 19.99 is on the .99 ladder and inside the guardrails used here.
    assertThat(d.price()).isEqualByComparingTo("19.99");
  }

  @Test
  void modelThatThrows_givesSafeReferencePrice_andOpensCircuit() {
    FaultyModel model = new FaultyModel();
    try (PricingEngine engine = PricingEngine.builder().demandModel(model)
        .guardrail(Guardrail.minimumMargin(0.10)).circuitBreaker(3, Duration.ofMillis(200)).build()) {
      model.mode.set(FaultyModel.THROW);
      for (int i = 0; i < 3; i++) {
        assertSafe(engine.price(request()), ReasonCode.COMPONENT_FAILED);
      }
      // Open: the model is skipped, not called.
      int callsWhenOpened = model.calls.get();
      PriceDecision skipped = engine.price(request());
      assertSafe(skipped, ReasonCode.CIRCUIT_OPEN);
      assertThat(model.calls.get()).isEqualTo(callsWhenOpened);
      EngineHealth h = engine.health();
      assertThat(h.openCircuits()).containsExactly("demand-model");
      assertThat(h.healthy()).isFalse();
      assertThat(h.componentFailures()).containsEntry("demand-model", 3L);
      assertThat(h.fallbacksByReason()).containsEntry(ReasonCode.COMPONENT_FAILED, 3L)
          .containsEntry(ReasonCode.CIRCUIT_OPEN, 1L);
      assertThat(h.fallbacks()).isEqualTo(4);
      assertThat(h.decisions()).isEqualTo(4);

      // Recovery: after the open period one trial call goes through; its success closes the circuit.
      model.mode.set(FaultyModel.OK);
      sleep(250);
      PriceDecision recovered = engine.price(request());
      assertThat(recovered.fallback()).isFalse();
      assertThat(recovered.reasons()).contains(ReasonCode.OPTIMISED);
      assertThat(engine.health().openCircuits()).isEmpty();
    }
  }

  @Test
  void modelReturningNaN_isCountedAsFailure() {
    FaultyModel model = new FaultyModel();
    try (PricingEngine engine = PricingEngine.builder().demandModel(model).build()) {
      model.mode.set(FaultyModel.NAN);
      assertSafe(engine.price(request()), ReasonCode.MODEL_OUTPUT_INVALID);
      assertThat(engine.health().componentFailures()).containsEntry("demand-model", 1L);
    }
  }

  @Test
  void slowModel_exceedsTimeBudget_givesSafePrice() {
    FaultyModel model = new FaultyModel();
    model.sleepMillis = 80;
    try (PricingEngine engine = PricingEngine.builder().demandModel(model).timeBudget(Duration.ofMillis(20))
        .circuitBreaker(2, Duration.ofSeconds(30)).build()) {
      for (int i = 0; i < 20; i++) {
        engine.price(request()); // warm up: class loading must not count against the model
      }
      assertThat(engine.health().openCircuits()).isEmpty();
      model.mode.set(FaultyModel.SLEEP);
      assertSafe(engine.price(request()), ReasonCode.TIME_BUDGET_EXCEEDED);
      assertSafe(engine.price(request()), ReasonCode.TIME_BUDGET_EXCEEDED);
      // Two overruns in a row open the circuit: the slow model no longer costs the checkout any time.
      long t0 = System.nanoTime();
      assertSafe(engine.price(request()), ReasonCode.CIRCUIT_OPEN);
      assertThat(System.nanoTime() - t0).isLessThan(Duration.ofMillis(40).toNanos());
      assertThat(engine.health().latencyMaxNanos()).isGreaterThanOrEqualTo(Duration.ofMillis(80).toNanos());
    }
  }

  @Test
  void failingPersonalExtractor_degradesToTheNonPersonalPrice() {
    AtomicBoolean broken = new AtomicBoolean(true);
    List<FeatureExtractor> standard = FeatureExtractors.standard();
    List<FeatureExtractor> flaky = new ArrayList<>();
    for (FeatureExtractor e : standard) {
      if (!e.personal()) {
        flaky.add(e);
        continue;
      }
      flaky.add(new FeatureExtractor() {
        @Override
        public List<String> featureNames() {
          return e.featureNames();
        }

        @Override
        public void extract(PricingRequest request, double[] out, int offset) {
          if (broken.get()) {
            throw new IllegalStateException("injected: profile store unavailable");
          }
          e.extract(request, out, offset);
        }

        @Override
        public boolean personal() {
          return true;
        }

        @Override
        public void extractNeutral(PricingRequest request, double[] out, int offset) {
          e.extractNeutral(request, out, offset);
        }

        @Override
        public String toString() {
          return "flaky-" + e;
        }
      });
    }
    try (PricingEngine engine = PricingEngine.builder().demandModel(Fixtures.model()).extractors(flaky).build();
        PricingEngine uniform = PricingEngine.builder().demandModel(Fixtures.model()).uniformPricing(true).build()) {
      PriceDecision d = engine.price(request());
      assertThat(d.reasons()).contains(ReasonCode.DEGRADED, ReasonCode.OPTIMISED);
      assertThat(d.fallback()).isFalse();
      assertThat(d.personalised()).isFalse();
      assertThat(d.price()).isEqualTo(uniform.price(request()).price());
      broken.set(false);
      assertThat(engine.price(request()).reasons()).doesNotContain(ReasonCode.DEGRADED);
    }
  }

  @Test
  void corruptedModelArtifactAtHotSwap_keepsTheRunningModel() {
    try (PricingEngine engine = PricingEngine.builder().demandModel(Fixtures.model()).build()) {
      BigDecimal before = engine.price(request()).price();
      DemandModel corrupt = new DemandModel() {
        @Override
        public String version() {
          return "corrupt-2";
        }

        @Override
        public DemandKind kind() {
          return DemandKind.CONVERSION_PROBABILITY;
        }

        @Override
        public Scorer bind(FeatureSchema schema) {
          throw new IllegalArgumentException("model artifact corrupt-2 is truncated");
        }
      };
      assertThatThrownBy(() -> engine.swapModel(corrupt)).hasMessageContaining("corrupt-2");
      assertThat(engine.modelVersion()).isEqualTo("test-1");
      assertThat(engine.price(request()).price()).isEqualTo(before);
    }
  }

  @Test
  void eightThreadsWithFaultsInjected_everyCallReturnsABoundedPrice() throws Exception {
    FaultyModel model = new FaultyModel();
    model.sleepMillis = 3;
    List<PricingRequest> requests = Fixtures.randomRequests(11, 2_000);
    try (PricingEngine engine = PricingEngine.builder().demandModel(model)
        .guardrail(Guardrail.minimumMargin(0.05)).guardrail(Guardrail.maxChange(0.30))
        .timeBudget(Duration.ofMillis(2)).circuitBreaker(5, Duration.ofMillis(5)).personalisationCap(0.1)
        .build()) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      AtomicBoolean stop = new AtomicBoolean();
      // A chaos thread flips the model between healthy, crashing, NaN and slow.
      Future<?> chaos = pool.submit(() -> {
        int k = 0;
        while (!stop.get()) {
          model.mode.set(k++ % 4);
          sleep(2);
        }
      });
      List<Future<int[]>> workers = new ArrayList<>();
      for (int t = 0; t < 7; t++) {
        int offset = t;
        workers.add(pool.submit(() -> {
          int fallbacks = 0;
          for (int i = 0; i < requests.size(); i++) {
            PricingRequest r = requests.get((i + offset * 97) % requests.size());
            PriceDecision d = engine.price(r);
            double ref = r.referencePrice().doubleValue();
            double cost = r.product().unitCost().doubleValue();
            double p = d.price().doubleValue();
            assertThat(p).isPositive();
            if (!d.reasons().contains(ReasonCode.INFEASIBLE_GUARDRAILS)) {
              assertThat(p).isBetween(ref * 0.7 - 0.01, ref * 1.3 + 0.01);
              assertThat(p * 0.95 - cost).isGreaterThanOrEqualTo(-1e-9);
            }
            if (d.fallback()) {
              fallbacks++;
            }
          }
          return new int[] {fallbacks};
        }));
      }
      int fallbacks = 0;
      for (Future<int[]> w : workers) {
        fallbacks += w.get()[0];
      }
      stop.set(true);
      chaos.get();
      pool.shutdown();
      EngineHealth h = engine.health();
      assertThat(h.decisions()).isEqualTo(7L * requests.size());
      assertThat(h.fallbacks()).isEqualTo(fallbacks).isPositive();
      assertThat(h.latencyP50Nanos()).isPositive();
      assertThat(h.latencyP99Nanos()).isGreaterThanOrEqualTo(h.latencyP50Nanos());
    }
  }

  @Test
  void strictMode_stillThrowsForBadData() {
    FaultyModel model = new FaultyModel();
    model.mode.set(FaultyModel.THROW);
    try (PricingEngine engine = PricingEngine.builder().demandModel(model).failSafe(false).build()) {
      assertThatThrownBy(() -> engine.price(request())).hasMessageContaining("injected: model crashed");
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
