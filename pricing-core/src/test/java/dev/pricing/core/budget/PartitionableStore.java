package dev.pricing.core.budget;

/** A real store behind a switch that makes it unreachable, as a network partition would, for failure tests. */
final class PartitionableStore implements BudgetStore {
  private final BudgetStore delegate;
  volatile boolean down;

  PartitionableStore(BudgetStore delegate) {
    this.delegate = delegate;
  }

  private void check() {
    if (down) {
      throw new BudgetStoreException("store unreachable (partitioned by the test)", null);
    }
  }

  @Override
  public long define(String budgetId, long limit) {
    check();
    return delegate.define(budgetId, limit);
  }

  @Override
  public LeaseGrant sync(String budgetId, String holderId, long spent, long want, long ttlMillis) {
    check();
    return delegate.sync(budgetId, holderId, spent, want, ttlMillis);
  }

  @Override
  public LeaseGrant release(String budgetId, String holderId, long spent) {
    check();
    return delegate.release(budgetId, holderId, spent);
  }

  @Override
  public CounterTotals addToCounters(String budgetId, long window, java.util.List<String> keys, long[] deltas,
      long ttlMillis) {
    check();
    return delegate.addToCounters(budgetId, window, keys, deltas, ttlMillis);
  }

  @Override
  public BudgetSnapshot snapshot(String budgetId) {
    check();
    return delegate.snapshot(budgetId);
  }
}
