package dev.pricing.core.budget;

/**
 * What the store answers to a lease operation: the holder's lease after it, and the budget's totals.
 * Immutable and thread-safe.
 *
 * @param known false when the store has no such budget (never defined, or lost by the store): nothing was
 *     recorded and the other fields are 0
 * @param held the quota the holder may still spend under its lease, after this operation
 * @param available the quota neither spent nor leased to anyone, after this operation
 * @param spent the spend reported by all holders so far
 * @param limit the budget's limit
 */
public record LeaseGrant(boolean known, long held, long available, long spent, long limit) {
  /** The answer for a budget the store does not know. */
  public static final LeaseGrant UNKNOWN = new LeaseGrant(false, 0, 0, 0, 0);
}
