package dev.pricing.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pricing.api.Guardrail;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** 8 threads x 100k decisions on one engine give exactly the single-threaded results. */
class ConcurrencyTest {
  private static final int THREADS = 8;
  private static final int PER_THREAD = 100_000;

  @Test
  void price_eightThreadsMatchOneThread() throws Exception {
    List<PricingRequest> requests = Fixtures.randomRequests(42, 997);
    // populationSample(0): this test checks that the per-request pipeline is isolated per thread, so every
    // decision is a function of its request. With the default population sample the baseline also depends on
    // which customers arrived before (by design: PopulationPricingTest).
    try (PricingEngine engine = PricingEngine.builder().demandModel(Fixtures.model()).populationSample(0)
        .guardrail(Guardrail.minimumMargin(0.05)).guardrail(Guardrail.maxChange(0.3)).build()) {
      PriceDecision[] expected = new PriceDecision[requests.size()];
      for (int i = 0; i < expected.length; i++) {
        expected[i] = GuardrailProperties.withoutId(engine.price(requests.get(i)));
      }
      AtomicLong mismatches = new AtomicLong();
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        List<Future<long[]>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          int start = t * 131;
          futures.add(pool.submit(() -> {
            long[] ids = new long[PER_THREAD];
            for (int k = 0; k < PER_THREAD; k++) {
              int i = (start + k) % requests.size();
              PriceDecision d = engine.price(requests.get(i));
              ids[k] = d.decisionId();
              if (!GuardrailProperties.withoutId(d).equals(expected[i])) {
                mismatches.incrementAndGet();
              }
            }
            return ids;
          }));
        }
        Set<Long> ids = new HashSet<>(THREADS * PER_THREAD * 2);
        for (Future<long[]> f : futures) {
          for (long id : f.get()) {
            ids.add(id);
          }
        }
        assertThat(mismatches).hasValue(0);
        assertThat(ids).as("decision ids are unique").hasSize(THREADS * PER_THREAD);
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
