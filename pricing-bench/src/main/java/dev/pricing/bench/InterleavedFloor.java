package dev.pricing.bench;

import dev.pricing.api.PriceDecision;
import dev.pricing.api.PricingRequest;
import java.util.List;

/**
 * {@link FloorBenchmark}'s engine, floors and slates measured interleaved: each round times a short chunk of
 * each (512 requests, or 5 slates of 100 products) one after the other, and each is scored by its fastest
 * round. On a shared machine whose load changes from one second to the next, a JMH run measures the engine
 * and the floor seconds or minutes apart; here both see the same load within a few milliseconds, so their
 * ratio is steadier. Each chunk reads requests that no other chunk of its round read (the floor with
 * extraction and the single prices take the chunk half a cycle away from the engine's and the slates'), so
 * none runs on data the one before it just brought into the cache. Not a JMH benchmark: read it next to
 * {@code FloorBenchmark}, never instead of it.
 *
 * <p>Run: {@code java -cp pricing-bench/target/benchmarks.jar dev.pricing.bench.InterleavedFloor [rounds]}
 * (default 1,500 rounds, about a minute; the first third warms up).
 */
public final class InterleavedFloor {
  private static final int CHUNK = 512;
  private static final int SLATES_PER_ROUND = 5;
  private static volatile Object sink;
  private static volatile double sinkValue;

  private InterleavedFloor() {}

  /**
   * Runs the comparison and prints the fastest round of each and the ratios.
   *
   * @param args optional number of rounds
   */
  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 1_500;
    FloorBenchmark.Data d = new FloorBenchmark.Data();
    d.setUp();
    double[] x = new double[d.pipeline.size()];
    int chunks = d.requests.length / CHUNK;
    int slateGroups = d.slateCustomers.length / SLATES_PER_ROUND;
    double engine = Double.MAX_VALUE;
    double floor = Double.MAX_VALUE;
    double floorX = Double.MAX_VALUE;
    double slate = Double.MAX_VALUE;
    double single = Double.MAX_VALUE;
    for (int round = 0; round < rounds; round++) {
      int from = (round % chunks) * CHUNK;
      long t0 = System.nanoTime();
      for (int i = from; i < from + CHUNK; i++) {
        sink = d.engine.price(d.requests[i]);
      }
      long t1 = System.nanoTime();
      double acc = 0;
      for (int i = from; i < from + CHUNK; i++) {
        acc += FloorBenchmark.factoredPrice(d, d.features[i], i);
      }
      long t2 = System.nanoTime();
      int other = ((round + chunks / 2) % chunks) * CHUNK;
      for (int i = other; i < other + CHUNK; i++) {
        d.pipeline.extract(d.requests[i], x);
        acc += FloorBenchmark.factoredPrice(d, x, i);
      }
      long t3 = System.nanoTime();
      sinkValue = acc;
      int s0 = (round % slateGroups) * SLATES_PER_ROUND;
      int s1 = ((round + slateGroups / 2) % slateGroups) * SLATES_PER_ROUND;
      for (int s = s0; s < s0 + SLATES_PER_ROUND; s++) {
        List<PriceDecision> page = d.engine.priceAll(d.slateCustomers[s], d.slateProducts.get(s), d.slateMarkets.get(s));
        sink = page;
      }
      long t4 = System.nanoTime();
      for (int s = s1; s < s1 + SLATES_PER_ROUND; s++) {
        for (PricingRequest r : d.slateRequests[s]) {
          sink = d.engine.price(r);
        }
      }
      long t5 = System.nanoTime();
      if (round >= rounds / 3) {
        engine = Math.min(engine, (t1 - t0) / (double) CHUNK);
        floor = Math.min(floor, (t2 - t1) / (double) CHUNK);
        floorX = Math.min(floorX, (t3 - t2) / (double) CHUNK);
        double products = SLATES_PER_ROUND * (double) FloorBenchmark.SLATE;
        slate = Math.min(slate, (t4 - t3) / products);
        single = Math.min(single, (t5 - t4) / products);
      }
    }
    d.tearDown();
    System.out.printf("fastest round, ns per decision: engine %.0f, factored %.0f, with extraction %.0f,"
        + " slate %.0f, single %.0f (per product)%n", engine, floor, floorX, slate, single);
    System.out.printf("engine / factored floor %.2fx, engine / floor with extraction %.2fx, slate / single %.2fx%n",
        engine / floor, engine / floorX, slate / single);
  }
}
