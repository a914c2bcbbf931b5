package dev.pricing.core.explore;

import java.util.List;

/**
 * The service provider interface of a fleet's shared learning: per pool (one per fleet and explorer
 * configuration), the summed counts of every price cell over all JVMs. {@link FleetLearner} pushes each JVM's
 * new outcomes and pulls the totals. Methods may block on the network; they are called from a learner's
 * background thread, never from a pricing thread. Implementations must be thread-safe.
 */
public interface CellStatsStore extends AutoCloseable {
  /**
   * Adds counts to the pool's totals atomically and returns every cell's totals after the addition.
   *
   * @param poolId the pool (letters, digits, {@code . _ : -}; at most 200 characters)
   * @param deltas the counts to add (non-negative, conversions at most trials)
   * @return the totals of every cell of the pool
   * @throws dev.pricing.core.budget.BudgetStoreException if the store cannot be reached
   */
  List<CellStats> addAndGet(String poolId, List<CellStats> deltas);

  /** Releases the store's connections. Idempotent. */
  @Override
  default void close() {}
}
