package dev.pricing.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pricing.api.Customer;
import dev.pricing.api.DemandKind;
import dev.pricing.api.EngineHealth;
import dev.pricing.api.FeatureSchema;
import dev.pricing.api.Guardrail;
import dev.pricing.api.InvalidRequestException;
import dev.pricing.api.Market;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import dev.pricing.api.ReasonCode;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.api.spi.FeatureExtractor;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Failures are isolated per caller: a request that is at fault (invalid for this engine, or refused by a
 * component with {@link InvalidRequestException}) never counts toward a component's circuit breaker, so a
 * flood of them from one thread leaves every other thread's decisions exactly as they are without the flood;
 * component faults still open the breaker; {@code swapModel} closes it.
 */
class RequestIsolationTest {

  /** Refuses products whose id starts with "bad-": the request's own data is at fault. */
  static final class SkuCheck implements FeatureExtractor {
    @Override
    public List<String> featureNames() {
      return List.of("product.sku_checked");
    }

    @Override
    public void extract(PricingRequest request, double[] out, int offset) {
      if (request.product().id().startsWith("bad-")) {
        throw new InvalidRequestException("product.id '" + request.product().id() + "' is not in the catalogue");
      }
      out[offset] = 1;
    }

    @Override
    public String toString() {
      return "sku-check";
    }
  }

  /** The fixture model, refusing to extrapolate beyond 1,000: the request is outside its training range. */
  static final class RangeCheckedModel implements DemandModel {
    final DemandModel real = Fixtures.model();
    final AtomicInteger mode = new AtomicInteger();

    @Override
    public String version() {
      return "range-checked-1";
    }

    @Override
    public DemandKind kind() {
      return DemandKind.CONVERSION_PROBABILITY;
    }

    @Override
    public Scorer bind(FeatureSchema schema) {
      Scorer s = real.bind(schema);
      return (x, prices, count, out) -> {
        if (mode.get() == 1) {
          throw new IllegalStateException("injected: model crashed");
        }
        if (prices[count - 1] > 1_000) {
          throw new InvalidRequestException("price " + prices[count - 1] + " is outside the training range");
        }
        s.score(x, prices, count, out);
      };
    }
  }

  private static PricingEngine engine(DemandModel model, boolean failSafe) {
    List<FeatureExtractor> xs = new ArrayList<>(FeatureExtractors.standard());
    xs.add(new SkuCheck());
    // populationSample(0): these tests compare decisions made in different orders and threads, so each must
    // be a function of its request; with the default population sample the baseline also depends on which
    // customers arrived before (by design: PopulationPricingTest).
    return PricingEngine.builder().demandModel(model).extractors(xs).failSafe(failSafe).populationSample(0)
        .guardrail(Guardrail.minimumMargin(0.05)).guardrail(Guardrail.floor("USD", "1.00"))
        .circuitBreaker(5, Duration.ofSeconds(30)).build();
  }

  /** Three kinds of bad request: another currency than the engine's floor, an unknown SKU, beyond the model. */
  static List<PricingRequest> badRequests() {
    Customer c = Fixtures.customer("flooder", 3, 0, 0, 10, 0.5);
    Market yenMarket = Market.of(10, Instant.parse("2026-11-24T10:00:00Z"));
    Product yen = Product.builder("tea", "JPY").listPrice("1980").unitCost("900").category("tea").build();
    Product unknown = Fixtures.product("bad-sku-1", "19.99", "11.40");
    Product huge = Fixtures.product("piano", "45000.00", "30000.00");
    return List.of(PricingRequest.of(c, yen, yenMarket), Fixtures.request(c, unknown), Fixtures.request(c, huge));
  }

  @Test
  void floodOfBadRequestsFromOneThread_changesNoOtherThreadsDecision() throws Exception {
    List<PricingRequest> good = Fixtures.randomRequests(42, 200);
    List<PriceDecision> expected = new ArrayList<>();
    try (PricingEngine quiet = engine(new RangeCheckedModel(), true)) {
      for (PricingRequest r : good) {
        expected.add(GuardrailProperties.withoutId(quiet.price(r)));
      }
    }
    assertThat(expected).noneMatch(PriceDecision::fallback);
    List<PricingRequest> bad = badRequests();
    try (PricingEngine engine = engine(new RangeCheckedModel(), true)) {
      AtomicBoolean stop = new AtomicBoolean();
      CountDownLatch flooding = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      AtomicInteger floods = new AtomicInteger();
      Future<?> flood = pool.submit(() -> {
        int i = 0;
        while (!stop.get() || i < 3_000) {
          PriceDecision d = engine.price(bad.get(i++ % bad.size()));
          assertThat(d.reasons()).first().isEqualTo(ReasonCode.INVALID_REQUEST);
          floods.incrementAndGet();
          if (i == 300) {
            flooding.countDown();
          }
        }
      });
      flooding.await();
      List<Future<Integer>> callers = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        int offset = t * 17;
        callers.add(pool.submit(() -> {
          int checked = 0;
          for (int round = 0; round < 5; round++) {
            for (int k = 0; k < good.size(); k++) {
              int j = (k + offset) % good.size();
              assertThat(GuardrailProperties.withoutId(engine.price(good.get(j)))).isEqualTo(expected.get(j));
              checked++;
            }
          }
          return checked;
        }));
      }
      int checked = 0;
      for (Future<Integer> f : callers) {
        checked += f.get();
      }
      stop.set(true);
      flood.get();
      pool.shutdown();
      assertThat(checked).isEqualTo(3 * 5 * good.size());
      EngineHealth h = engine.health();
      assertThat(h.openCircuits()).isEmpty();
      assertThat(h.componentFailures()).as("request faults are no component's failures").isEmpty();
      assertThat(h.fallbacksByReason()).containsOnlyKeys(ReasonCode.INVALID_REQUEST);
      assertThat(h.fallbacksByReason().get(ReasonCode.INVALID_REQUEST)).isEqualTo((long) floods.get());
    }
  }

  @Test
  void strictMode_throwsInvalidRequestException_namingTheMismatch_andStillOpensNoCircuit() {
    try (PricingEngine engine = engine(new RangeCheckedModel(), false)) {
      List<PricingRequest> bad = badRequests();
      for (int i = 0; i < 20; i++) {
        PricingRequest r = bad.get(i % bad.size());
        assertThatThrownBy(() -> engine.price(r)).isInstanceOf(InvalidRequestException.class);
      }
      assertThatThrownBy(() -> engine.price(bad.get(0))).hasMessageContaining("product.currency JPY")
          .hasMessageContaining("floor(USD 1.00)");
      assertThat(engine.price(FailSafeTest.request()).fallback()).isFalse();
      assertThat(engine.health().openCircuits()).isEmpty();
    }
  }

  @Test
  void componentFaultsStillOpenTheBreaker_andSwapModelClosesIt() {
    RangeCheckedModel broken = new RangeCheckedModel();
    broken.mode.set(1);
    try (PricingEngine engine = engine(broken, true)) {
      for (int i = 0; i < 5; i++) {
        assertThat(engine.price(FailSafeTest.request()).reasons()).contains(ReasonCode.COMPONENT_FAILED);
      }
      assertThat(engine.price(FailSafeTest.request()).reasons()).contains(ReasonCode.CIRCUIT_OPEN);
      assertThat(engine.health().openCircuits()).containsExactly("demand-model");
      // Before the fix the open circuit outlived the swap (80% of the healthy model's decisions fell back).
      engine.swapModel(new RangeCheckedModel());
      assertThat(engine.health().openCircuits()).isEmpty();
      for (int i = 0; i < 100; i++) {
        assertThat(engine.price(FailSafeTest.request()).fallback()).isFalse();
      }
    }
  }
}
