package dev.pricing.core.explore;

import dev.pricing.core.budget.BudgetStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Cell counts shared by the learners of one JVM (tests and simulations of a fleet; the Redis store of
 * {@code pricing-redis} shares them across JVMs). Thread-safe: each call runs under one lock.
 */
public final class InMemoryCellStatsStore implements CellStatsStore {
  private final Map<String, TreeMap<String, long[]>> pools = new HashMap<>();

  @Override
  public synchronized List<CellStats> addAndGet(String poolId, List<CellStats> deltas) {
    BudgetStore.checkId(poolId);
    Objects.requireNonNull(deltas, "deltas");
    TreeMap<String, long[]> pool = pools.computeIfAbsent(poolId, k -> new TreeMap<>());
    for (CellStats d : deltas) {
      FleetLearner.check(d);
      long[] v = pool.computeIfAbsent(FleetLearner.key(d.productId(), d.priceMinor()), k -> new long[2]);
      v[0] += d.trials();
      v[1] += d.conversions();
    }
    List<CellStats> out = new ArrayList<>(pool.size());
    for (Map.Entry<String, long[]> e : pool.entrySet()) {
      out.add(FleetLearner.cell(e.getKey(), e.getValue()[0], e.getValue()[1]));
    }
    return out;
  }
}
