package dev.pricing.core.budget;

/**
 * A budget's totals as the store holds them, after expired leases have been returned. Immutable and thread-safe.
 *
 * @param known false when the store has no such budget
 * @param limit the limit
 * @param spent the spend reported by all holders (it can exceed the limit only by spend that holders reported
 *     after their lease had expired: see {@code docs/fleet.md})
 * @param outstanding the quota leased to live holders and not yet reported as spent
 * @param holders the number of live leases
 * @param expiredLeases the number of leases that expired (holders that died or lost the store) since the
 *     budget was defined
 */
public record BudgetSnapshot(boolean known, long limit, long spent, long outstanding, long holders,
    long expiredLeases) {
  /** @return the quota neither spent nor leased, never negative */
  public long available() {
    return Math.max(0, limit - spent - outstanding);
  }
}
