package dev.pricing.core.demand;

import java.time.Instant;
import java.util.Objects;

/**
 * How a trainer divides an offer log into training and validation offers. Validation offers are never
 * trained on; every evaluation figure comes from them.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface ValidationSplit {

  /**
   * Offers at or after {@code cutoff} validate; earlier ones train.
   *
   * @param cutoff the first validation instant
   */
  record ByTime(Instant cutoff) implements ValidationSplit {
    /**
     * Validates.
     *
     * @throws NullPointerException if the cutoff is null
     */
    public ByTime {
      Objects.requireNonNull(cutoff, "cutoff must not be null");
    }
  }

  /**
   * The latest {@code fraction} of offers by time validate (ties at the cutoff instant validate).
   *
   * @param fraction the share of offers held out, in (0, 1)
   */
  record LatestFraction(double fraction) implements ValidationSplit {
    /**
     * Validates.
     *
     * @throws IllegalArgumentException if the fraction is not in (0, 1)
     */
    public LatestFraction {
      checkFraction(fraction);
    }
  }

  /**
   * Customers whose hashed id falls in the first {@code fraction} of the hash range validate, so no customer
   * appears on both sides.
   *
   * @param fraction the share of customers held out, in (0, 1)
   * @param salt mixed into the hash, so different salts give different splits
   */
  record ByCustomer(double fraction, long salt) implements ValidationSplit {
    /**
     * Validates.
     *
     * @throws IllegalArgumentException if the fraction is not in (0, 1)
     */
    public ByCustomer {
      checkFraction(fraction);
    }
  }

  /**
   * Groups (households, stores, products, any {@link EntityKey}) whose hashed level falls in the first
   * {@code fraction} of the hash range validate, so no group appears on both sides: the hold-out for a panel
   * whose model must generalise to new groups.
   *
   * @param key the group
   * @param fraction the share of groups held out, in (0, 1)
   * @param salt mixed into the hash
   */
  record ByGroup(EntityKey key, double fraction, long salt) implements ValidationSplit {
    /**
     * Validates.
     *
     * @throws IllegalArgumentException if the fraction is not in (0, 1)
     */
    public ByGroup {
      Objects.requireNonNull(key, "key must not be null");
      checkFraction(fraction);
    }
  }

  /**
   * Within each group, its latest {@code fraction} of offers by time validate (ties at a group's cutoff instant
   * validate; a group with a single offer validates it): every group is on both sides, the future of each is held
   * out.
   *
   * @param key the group
   * @param fraction the share of each group's offers held out, in (0, 1)
   */
  record LatestWithinGroup(EntityKey key, double fraction) implements ValidationSplit {
    /**
     * Validates.
     *
     * @throws IllegalArgumentException if the fraction is not in (0, 1)
     */
    public LatestWithinGroup {
      Objects.requireNonNull(key, "key must not be null");
      checkFraction(fraction);
    }
  }

  /**
   * No hold-out: the model trains on every offer, and its evaluation is computed on those same offers (in-sample,
   * optimistic; the evaluation's notes say so). An explicit choice for the final model once a held-out evaluation
   * has been made.
   */
  record NoHoldOut() implements ValidationSplit {}

  /**
   * Returns a split by group.
   *
   * @param key the group
   * @param fraction the share of groups held out, in (0, 1)
   * @param salt the hash salt
   * @return the split
   */
  static ValidationSplit byGroup(EntityKey key, double fraction, long salt) {
    return new ByGroup(key, fraction, salt);
  }

  /**
   * Returns a split holding out the latest offers of each group.
   *
   * @param key the group
   * @param fraction the share of each group's offers held out, in (0, 1)
   * @return the split
   */
  static ValidationSplit latestWithinGroup(EntityKey key, double fraction) {
    return new LatestWithinGroup(key, fraction);
  }

  /**
   * Returns the explicit choice to train on every offer (evaluation in-sample).
   *
   * @return the split
   */
  static ValidationSplit trainOnAll() {
    return new NoHoldOut();
  }

  /**
   * Returns a split at a time.
   *
   * @param cutoff the first validation instant
   * @return the split
   */
  static ValidationSplit byTime(Instant cutoff) {
    return new ByTime(cutoff);
  }

  /**
   * Returns a split holding out the latest offers.
   *
   * @param fraction the share held out, in (0, 1)
   * @return the split
   */
  static ValidationSplit latestFraction(double fraction) {
    return new LatestFraction(fraction);
  }

  /**
   * Returns a split by customer id.
   *
   * @param fraction the share of customers held out, in (0, 1)
   * @param salt the hash salt
   * @return the split
   */
  static ValidationSplit byCustomer(double fraction, long salt) {
    return new ByCustomer(fraction, salt);
  }

  private static void checkFraction(double fraction) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("fraction must be in (0, 1), found " + fraction);
    }
  }
}
