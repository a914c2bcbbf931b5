package dev.pricing.core.bundle;

/** Why a bundle offer came out as it did. Immutable and thread-safe (an enum). */
public enum BundleReason {
  /** Offering the bundle next to the items raises expected profit over the items alone. */
  MIXED_BUNDLE_RAISES_PROFIT,
  /** No bundle price inside the rules raises expected profit: do not offer one. */
  NO_PROFITABLE_BUNDLE,
  /** The bundle price sits at the sum of the items' floors (guardrails, minimum margins). */
  FLOOR_BINDING,
  /** The bundle price sits at the maximum bundle discount. */
  MAX_DISCOUNT_BINDING,
  /** The items' floors add up to more than the sum of their prices: no bundle price is allowed. */
  FLOORS_ABOVE_PARTS,
  /** Every candidate is already in the cart. */
  NO_CANDIDATE
}
