package dev.pricing.core.promo;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which promotion mechanics may combine on one offer. A combination is allowed when every pair of its kinds
 * is allowed. The default, {@link #none()}, allows no stacking: each promotion stands alone. Combinations that
 * are not allowed are still evaluated and reported in {@link PromotionDecision#candidates()} as rejected with
 * {@link PromotionReason#STACKING_NOT_ALLOWED}; they are never dropped silently.
 *
 * <p>When a percentage and an amount stack, the percentage applies to the reference price first, then the
 * amount comes off the result. Immutable and thread-safe.
 */
public final class StackingRules {
  private final Set<Set<DiscountKind>> allowedPairs;

  private StackingRules(Set<Set<DiscountKind>> allowedPairs) {
    this.allowedPairs = Set.copyOf(allowedPairs);
  }

  /** @return rules that allow no combination */
  public static StackingRules none() {
    return new StackingRules(Set.of());
  }

  /**
   * Returns a copy that also allows two kinds to combine.
   *
   * @param a one kind
   * @param b another kind
   * @return the new rules
   * @throws IllegalArgumentException if {@code a == b} (two promotions of one kind never combine: they would
   *     overlap)
   */
  public StackingRules allow(DiscountKind a, DiscountKind b) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    if (a == b) {
      throw new IllegalArgumentException("stacking rule must name two different kinds, found " + a + " + " + b);
    }
    Set<Set<DiscountKind>> pairs = new HashSet<>(allowedPairs);
    pairs.add(Set.copyOf(EnumSet.of(a, b)));
    return new StackingRules(pairs);
  }

  /**
   * Returns whether a combination is allowed.
   *
   * @param kinds the kinds combined (one kind alone is always allowed)
   * @return true when every pair is allowed
   */
  public boolean allows(Set<DiscountKind> kinds) {
    DiscountKind[] k = kinds.toArray(new DiscountKind[0]);
    for (int i = 0; i < k.length; i++) {
      for (int j = i + 1; j < k.length; j++) {
        if (!allowedPairs.contains(Set.of(k[i], k[j]))) {
          return false;
        }
      }
    }
    return true;
  }

  @Override
  public String toString() {
    java.util.List<String> pairs = new java.util.ArrayList<>();
    for (Set<DiscountKind> p : allowedPairs) {
      pairs.add(EnumSet.copyOf(p).toString());
    }
    java.util.Collections.sort(pairs);
    return "StackingRules" + pairs;
  }
}
