package dev.pricing.core.budget;

/**
 * The service provider interface of a shared budget: counters of quota (money in micro-units, customer slots,
 * any whole units) that many holders (JVMs) lease from. An implementation keeps, per budget, the limit, the
 * spend reported, and per holder the quota it holds under a lease with a time to live; every operation first
 * returns the unspent quota of expired leases to the pool, then applies its change atomically.
 *
 * <p>The accounting every implementation follows (the in-memory store implements it in Java, the Redis store
 * in a Lua script; both are checked against the same tests):
 *
 * <pre>
 *   sync(h, spent, want):  held[h] -= min(spent, held[h]);  budget.spent += spent
 *                          held[h] += min(max(0, want - held[h]), limit - budget.spent - outstanding)
 *                          (or, when want &lt; held[h], the excess returns to the pool); lease expiry = now + ttl
 *   release(h, spent):     as sync with want = 0, then the lease is removed
 *   outstanding = sum of held[h] over live leases;   available = limit - spent - outstanding
 * </pre>
 *
 * Spend reported after a lease expired is still added to {@code spent}: the store records what happened.
 *
 * <p>Methods may block on the network; they are called from {@link BudgetLeases}' background thread, never
 * from a pricing thread. Implementations must be thread-safe.
 */
public interface BudgetStore extends AutoCloseable {

  /**
   * Creates the budget with this limit if the store has none by that id; an existing budget keeps its limit.
   *
   * @param budgetId the budget id (letters, digits, {@code . _ : -}; at most 200 characters)
   * @param limit the limit, non-negative
   * @return the limit in force
   * @throws BudgetStoreException if the store cannot be reached
   */
  long define(String budgetId, long limit);

  /**
   * Reports spend under the holder's lease and tops the lease up to {@code want} (as far as the pool allows),
   * renewing its expiry.
   *
   * @param budgetId the budget id
   * @param holderId the holder (one per JVM and store)
   * @param spent spend since the holder's last successful report, non-negative
   * @param want the quota the holder wants to hold after this call, non-negative
   * @param ttlMillis the lease's time to live from now, positive
   * @return the lease and totals after the call, or {@link LeaseGrant#UNKNOWN} if the budget does not exist
   * @throws BudgetStoreException if the store cannot be reached
   */
  LeaseGrant sync(String budgetId, String holderId, long spent, long want, long ttlMillis);

  /**
   * Reports the last spend and returns the rest of the holder's lease to the pool.
   *
   * @param budgetId the budget id
   * @param holderId the holder
   * @param spent spend since the holder's last successful report, non-negative
   * @return the totals after the call ({@code held} is 0), or {@link LeaseGrant#UNKNOWN}
   * @throws BudgetStoreException if the store cannot be reached
   */
  LeaseGrant release(String budgetId, String holderId, long spent);

  /**
   * Reads a budget's totals (returning expired leases to the pool first).
   *
   * @param budgetId the budget id
   * @return the snapshot ({@code known} false when there is no such budget)
   * @throws BudgetStoreException if the store cannot be reached
   */
  BudgetSnapshot snapshot(String budgetId);

  /** Releases the store's connections (not the budgets). Idempotent. */
  @Override
  default void close() {}

  /**
   * Checks a budget id.
   *
   * @param budgetId the id
   * @return the id
   * @throws IllegalArgumentException if it is empty, longer than 200 characters or has other characters than
   *     letters, digits and {@code . _ : -}
   */
  static String checkId(String budgetId) {
    return checkName("budgetId", budgetId);
  }

  /**
   * Checks a holder id (the same alphabet as budget ids).
   *
   * @param holderId the id
   * @return the id
   * @throws IllegalArgumentException if it is not a valid id
   */
  static String checkHolder(String holderId) {
    return checkName("holderId", holderId);
  }

  private static String checkName(String field, String v) {
    if (v == null || v.isEmpty() || v.length() > 200) {
      throw new IllegalArgumentException(field + " must have 1 to 200 characters, found '" + v + "'");
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
          || c == '_' || c == ':' || c == '-';
      if (!ok) {
        throw new IllegalArgumentException(field + " may hold only letters, digits and . _ : -, found '" + v + "'");
      }
    }
    return v;
  }

  /**
   * Checks the amounts of a lease operation.
   *
   * @param spent the spend reported
   * @param want the quota wanted
   * @throws IllegalArgumentException if either is negative
   */
  static void checkAmounts(long spent, long want) {
    if (spent < 0) {
      throw new IllegalArgumentException("spent must not be negative, found " + spent);
    }
    if (want < 0) {
      throw new IllegalArgumentException("want must not be negative, found " + want);
    }
  }
}
