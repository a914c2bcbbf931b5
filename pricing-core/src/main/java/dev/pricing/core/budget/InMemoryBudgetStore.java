package dev.pricing.core.budget;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The default budget store: the budgets live in this JVM's memory, so every {@link BudgetLeases} that shares
 * this instance shares its budgets (one JVM; for a fleet use the Redis store of {@code pricing-redis}). Leases
 * expire by the given clock, as they would on a shared store.
 *
 * <p>Thread-safe: each operation runs under one lock and never blocks otherwise.
 */
public final class InMemoryBudgetStore implements BudgetStore {
  private final LongSupplier clockMillis;
  private final Map<String, LeaseLedger> budgets = new HashMap<>();

  /** A store whose leases expire by the system clock. */
  public InMemoryBudgetStore() {
    this(System::currentTimeMillis);
  }

  /**
   * A store whose leases expire by a given clock (for tests and simulations).
   *
   * @param clockMillis the current time in milliseconds
   */
  public InMemoryBudgetStore(LongSupplier clockMillis) {
    this.clockMillis = Objects.requireNonNull(clockMillis, "clockMillis");
  }

  @Override
  public synchronized long define(String budgetId, long limit) {
    BudgetStore.checkId(budgetId);
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, found " + limit);
    }
    return budgets.computeIfAbsent(budgetId, k -> new LeaseLedger(limit)).limit();
  }

  @Override
  public synchronized LeaseGrant sync(String budgetId, String holderId, long spent, long want, long ttlMillis) {
    BudgetStore.checkId(budgetId);
    BudgetStore.checkHolder(holderId);
    BudgetStore.checkAmounts(spent, want);
    if (ttlMillis <= 0) {
      throw new IllegalArgumentException("ttlMillis must be positive, found " + ttlMillis);
    }
    LeaseLedger l = budgets.get(budgetId);
    return l == null ? LeaseGrant.UNKNOWN : l.sync(holderId, spent, want, ttlMillis, clockMillis.getAsLong());
  }

  @Override
  public synchronized LeaseGrant release(String budgetId, String holderId, long spent) {
    BudgetStore.checkId(budgetId);
    BudgetStore.checkHolder(holderId);
    BudgetStore.checkAmounts(spent, 0);
    LeaseLedger l = budgets.get(budgetId);
    return l == null ? LeaseGrant.UNKNOWN : l.release(holderId, spent, clockMillis.getAsLong());
  }

  @Override
  public synchronized CounterTotals addToCounters(String budgetId, long window, java.util.List<String> keys,
      long[] deltas, long ttlMillis) {
    BudgetStore.checkCounters(budgetId, window, keys, deltas, ttlMillis);
    LeaseLedger l = budgets.get(budgetId);
    return l == null ? CounterTotals.UNKNOWN : l.addToCounters(window, keys, deltas, ttlMillis,
        clockMillis.getAsLong());
  }

  @Override
  public synchronized BudgetSnapshot snapshot(String budgetId) {
    BudgetStore.checkId(budgetId);
    LeaseLedger l = budgets.get(budgetId);
    return l == null ? new BudgetSnapshot(false, 0, 0, 0, 0, 0) : l.snapshot(clockMillis.getAsLong());
  }

  /**
   * Forgets a budget, as a store that lost its data would (for failure tests).
   *
   * @param budgetId the budget id
   */
  public synchronized void forget(String budgetId) {
    budgets.remove(budgetId);
  }

  @Override
  public String toString() {
    synchronized (this) {
      return "InMemoryBudgetStore" + budgets.keySet();
    }
  }
}
