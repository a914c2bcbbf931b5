package dev.pricing.eval;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A finite probability distribution over prices: what a (possibly randomised) pricing policy offers for
 * one request. A deterministic policy is a {@link #point(double) point} distribution.
 *
 * <p>Prices are compared in minor units (cents): two prices within half a cent are the same price.
 *
 * <p>Rejects empty, non-finite or negative prices, repeated prices, and probabilities that are not in
 * (0, 1] or do not sum to 1 (within 1e-9), with an {@link IllegalArgumentException} naming the field.
 * Immutable and thread-safe.
 */
public final class PriceDistribution {
  private static final double HALF_CENT = 0.005;
  private final double[] prices;
  private final double[] probabilities;

  private PriceDistribution(double[] prices, double[] probabilities) {
    this.prices = prices;
    this.probabilities = probabilities;
  }

  /**
   * Returns the distribution that always offers one price.
   *
   * @param price the price, finite and non-negative
   * @return the distribution
   */
  public static PriceDistribution point(double price) {
    return of(new double[] {price}, new double[] {1.0});
  }

  /**
   * Returns the uniform distribution over distinct prices.
   *
   * @param prices the prices, at least one
   * @return the distribution
   */
  public static PriceDistribution uniform(double[] prices) {
    if (prices == null || prices.length == 0) {
      throw new IllegalArgumentException("prices must not be empty, found "
          + (prices == null ? "null" : "[]"));
    }
    double[] p = new double[prices.length];
    Arrays.fill(p, 1.0 / prices.length);
    return of(prices, p);
  }

  /**
   * Returns a distribution over distinct prices.
   *
   * @param prices the prices
   * @param probabilities their probabilities, each in (0, 1], summing to 1
   * @return the distribution
   */
  public static PriceDistribution of(double[] prices, double[] probabilities) {
    if (prices == null || probabilities == null) {
      throw new IllegalArgumentException("prices and probabilities must not be null");
    }
    if (prices.length == 0) {
      throw new IllegalArgumentException("prices must not be empty, found []");
    }
    if (prices.length != probabilities.length) {
      throw new IllegalArgumentException("probabilities.length " + probabilities.length
          + " must equal prices.length " + prices.length);
    }
    double sum = 0;
    for (int i = 0; i < prices.length; i++) {
      if (!Double.isFinite(prices[i]) || prices[i] < 0) {
        throw new IllegalArgumentException("prices[" + i + "] must be finite and non-negative, found " + prices[i]);
      }
      if (!(probabilities[i] > 0 && probabilities[i] <= 1)) {
        throw new IllegalArgumentException("probabilities[" + i + "] must be in (0, 1], found " + probabilities[i]);
      }
      sum += probabilities[i];
      for (int j = 0; j < i; j++) {
        if (Math.abs(prices[j] - prices[i]) < HALF_CENT) {
          throw new IllegalArgumentException("prices must not repeat, found " + prices[i] + " twice");
        }
      }
    }
    if (Math.abs(sum - 1) > 1e-9) {
      throw new IllegalArgumentException("probabilities must sum to 1, found " + sum);
    }
    return new PriceDistribution(prices.clone(), probabilities.clone());
  }

  /** @return how many prices have positive probability */
  public int size() {
    return prices.length;
  }

  /**
   * @param i the index, in [0, size())
   * @return the i-th price
   */
  public double price(int i) {
    return prices[i];
  }

  /**
   * @param i the index, in [0, size())
   * @return the probability of the i-th price
   */
  public double probability(int i) {
    return probabilities[i];
  }

  /**
   * Returns the probability of offering a price (0 when the price is not in the support).
   *
   * @param price the price
   * @return its probability
   */
  public double probabilityOf(double price) {
    for (int i = 0; i < prices.length; i++) {
      if (Math.abs(prices[i] - price) < HALF_CENT) {
        return probabilities[i];
      }
    }
    return 0.0;
  }

  /**
   * Draws an index from the distribution.
   *
   * @param random the source of randomness
   * @return an index in [0, size())
   */
  public int sample(SplittableRandom random) {
    double u = random.nextDouble();
    double c = 0;
    for (int i = 0; i < prices.length - 1; i++) {
      c += probabilities[i];
      if (u < c) {
        return i;
      }
    }
    return prices.length - 1;
  }

  /** @return a copy of the prices, in the order given */
  public double[] prices() {
    return prices.clone();
  }

  /** @return true if one price has probability 1 */
  public boolean deterministic() {
    return prices.length == 1;
  }

  @Override
  public String toString() {
    return "PriceDistribution" + Arrays.toString(prices) + Arrays.toString(probabilities);
  }
}
