package dev.pricing.core.bundle.internal;

import java.util.SplittableRandom;
import org.apache.commons.math3.random.SobolSequenceGenerator;
import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * The mixed-bundling choice model evaluated on a sample of customers' willingness to pay.
 *
 * <p>Item i's willingness to pay is logistic with location {@code mu[i]} and scale {@code s[i]}, so that
 * P(w_i &gt;= p) = sigmoid((mu_i - p) / s_i) reproduces the item's demand curve; items are independent given the
 * customer's features. A customer's surplus from buying a set S of items separately is
 * {@code sum_{i in S} (w_i - p_i) + sum_{i<j in S} theta_ij}; from the bundle it is
 * {@code sum_i w_i + sum_{i<j} theta_ij - B}. The customer takes the option with the largest surplus (nothing
 * has surplus 0; ties go to the items). The bundle is therefore bought exactly when B is below
 * {@code t = full value - best separate surplus}, which lets every bundle price be evaluated from one sorted
 * sample in O(log n).
 *
 * <p>Immutable and thread-safe after construction.
 */
public final class ChoiceSample {
  private final double[] threshold;
  private final double[] prefixProfit;
  private final double[] prefixBought;
  private final double itemsProfit;
  private final double itemsBought;

  /**
   * Evaluates the sample.
   *
   * @param mu willingness-to-pay locations
   * @param s willingness-to-pay scales, positive
   * @param prices the item prices
   * @param margins the item margins at those prices
   * @param theta pairwise complementarity (symmetric; the diagonal is ignored)
   * @param z standard logistic draws, [draw][item], at least as many columns as items
   */
  public ChoiceSample(double[] mu, double[] s, double[] prices, double[] margins, double[][] theta, double[][] z) {
    int draws = z.length;
    double[] t = new double[draws];
    double[] profit = new double[draws];
    double[] bought = new double[draws];
    double[] sums = simulate(mu, s, prices, margins, theta, z, t, profit, bought);
    double sumProfit = sums[0];
    double sumBought = sums[1];
    sort(t, profit, bought, 0, draws - 1);
    this.threshold = t;
    this.prefixProfit = new double[draws + 1];
    this.prefixBought = new double[draws + 1];
    for (int k = 0; k < draws; k++) {
      prefixProfit[k + 1] = prefixProfit[k] + profit[k];
      prefixBought[k + 1] = prefixBought[k] + bought[k];
    }
    this.itemsProfit = sumProfit / draws;
    this.itemsBought = sumBought / draws;
  }

  /**
   * Evaluates one bundle price directly (no sorting): {items-alone profit, mixed profit, bundle take rate}, each
   * averaged over the draws.
   */
  public static double[] evaluate(double[] mu, double[] s, double[] prices, double[] margins, double[][] theta,
      double[][] z, double bundlePrice, double bundleMargin) {
    int draws = z.length;
    double[] t = new double[draws];
    double[] profit = new double[draws];
    double[] bought = new double[draws];
    double[] sums = simulate(mu, s, prices, margins, theta, z, t, profit, bought);
    double mixed = 0;
    double take = 0;
    for (int d = 0; d < draws; d++) {
      if (bundlePrice < t[d]) {
        mixed += bundleMargin;
        take++;
      } else {
        mixed += profit[d];
      }
    }
    return new double[] {sums[0] / draws, mixed / draws, take / draws};
  }

  /** Fills each draw's bundle threshold, items-alone profit and purchase flag; returns their sums. */
  private static double[] simulate(double[] mu, double[] s, double[] prices, double[] margins, double[][] theta,
      double[][] z, double[] t, double[] profit, double[] bought) {
    int n = mu.length;
    int draws = z.length;
    int subsets = 1 << n;
    double[] w = new double[n];
    double sumProfit = 0;
    double sumBought = 0;
    for (int d = 0; d < draws; d++) {
      for (int i = 0; i < n; i++) {
        w[i] = mu[i] + s[i] * z[d][i];
      }
      double bestSurplus = 0;
      double bestProfit = 0;
      double full = 0;
      for (int mask = 1; mask < subsets; mask++) {
        double surplus = 0;
        double value = 0;
        double pr = 0;
        for (int i = 0; i < n; i++) {
          if ((mask & (1 << i)) != 0) {
            value += w[i];
            surplus += w[i] - prices[i];
            pr += margins[i];
            for (int j = i + 1; j < n; j++) {
              if ((mask & (1 << j)) != 0) {
                value += theta[i][j];
                surplus += theta[i][j];
              }
            }
          }
        }
        if (surplus > bestSurplus) {
          bestSurplus = surplus;
          bestProfit = pr;
        }
        if (mask == subsets - 1) {
          full = value;
        }
      }
      t[d] = full - bestSurplus;
      profit[d] = bestProfit;
      bought[d] = bestSurplus > 0 ? 1 : 0;
      sumProfit += bestProfit;
      sumBought += bought[d];
    }
    return new double[] {sumProfit, sumBought};
  }

  /** Sorts {@code key} ascending, permuting {@code a} and {@code b} alike (quicksort, median of three). */
  private static void sort(double[] key, double[] a, double[] b, int lo, int hi) {
    while (hi - lo > 16) {
      int mid = (lo + hi) >>> 1;
      if (key[mid] < key[lo]) {
        swap(key, a, b, mid, lo);
      }
      if (key[hi] < key[lo]) {
        swap(key, a, b, hi, lo);
      }
      if (key[hi] < key[mid]) {
        swap(key, a, b, hi, mid);
      }
      double pivot = key[mid];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (key[i] < pivot) {
          i++;
        }
        while (key[j] > pivot) {
          j--;
        }
        if (i <= j) {
          swap(key, a, b, i++, j--);
        }
      }
      if (j - lo < hi - i) {
        sort(key, a, b, lo, j);
        lo = i;
      } else {
        sort(key, a, b, i, hi);
        hi = j;
      }
    }
    for (int i = lo + 1; i <= hi; i++) {
      for (int j = i; j > lo && key[j] < key[j - 1]; j--) {
        swap(key, a, b, j, j - 1);
      }
    }
  }

  private static void swap(double[] key, double[] a, double[] b, int i, int j) {
    double t = key[i];
    key[i] = key[j];
    key[j] = t;
    t = a[i];
    a[i] = a[j];
    a[j] = t;
    t = b[i];
    b[i] = b[j];
    b[j] = t;
  }

  /** @return the sorted bundle-purchase thresholds (a bundle at B sells to draws with threshold &gt; B) */
  public double[] thresholds() {
    return threshold;
  }

  public double itemsAloneProfit() {
    return itemsProfit;
  }

  public double itemsAlonePurchaseRate() {
    return itemsBought;
  }

  /** Number of draws whose threshold is at most b (they do not take the bundle). */
  private int notTaking(double b) {
    int lo = 0;
    int hi = threshold.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (threshold[mid] <= b) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  public double mixedProfit(double bundlePrice, double bundleMargin) {
    int k = notTaking(bundlePrice);
    return ((threshold.length - k) * bundleMargin + prefixProfit[k]) / threshold.length;
  }

  public double takeRate(double bundlePrice) {
    return (threshold.length - notTaking(bundlePrice)) / (double) threshold.length;
  }

  public double mixedPurchaseRate(double bundlePrice) {
    int k = notTaking(bundlePrice);
    return ((threshold.length - k) + prefixBought[k]) / threshold.length;
  }

  /**
   * Standard logistic draws from a Sobol sequence (deterministic, low discrepancy).
   *
   * @param draws how many
   * @param dims how many items at most
   * @return [draw][dim]
   */
  public static double[][] sobolLogistic(int draws, int dims) {
    SobolSequenceGenerator g = new SobolSequenceGenerator(dims);
    g.skipTo(1); // the first point is all zeros
    double[][] z = new double[draws][];
    for (int d = 0; d < draws; d++) {
      z[d] = toLogistic(g.nextVector());
    }
    return z;
  }

  /**
   * Standard logistic draws from a seeded pseudo-random generator.
   *
   * @param draws how many
   * @param dims how many items at most
   * @param seed the seed
   * @return [draw][dim]
   */
  public static double[][] randomLogistic(int draws, int dims, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] z = new double[draws][dims];
    for (int d = 0; d < draws; d++) {
      for (int i = 0; i < dims; i++) {
        z[d][i] = logit(r.nextDouble());
      }
    }
    return z;
  }

  private static double[] toLogistic(double[] u) {
    double[] z = new double[u.length];
    for (int i = 0; i < u.length; i++) {
      z[i] = logit(u[i]);
    }
    return z;
  }

  private static double logit(double u) {
    double c = Math.min(1 - 1e-12, Math.max(1e-12, u));
    return Math.log(c / (1 - c));
  }

  /** Relative prices at which an item's demand curve is read to fit its willingness to pay. */
  public static final double[] FIT_GRID = {0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4};

  /**
   * Fits a logistic willingness to pay to a demand curve: least squares of logit P(buy) on price
   * (commons-math3 {@link SimpleRegression}); exact when the demand is logistic in price, a local logistic
   * approximation otherwise.
   *
   * @param itemId the item, for messages
   * @param prices the prices read
   * @param probabilities P(buy) at each
   * @return {mu, s}
   * @throws IllegalArgumentException naming the item if the demand does not fall with price or is not a
   *     probability
   */
  public static double[] fit(String itemId, double[] prices, double[] probabilities) {
    SimpleRegression reg = new SimpleRegression();
    for (int i = 0; i < prices.length; i++) {
      double p = probabilities[i];
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("demand model returned " + p + " for item " + itemId + " at price "
            + prices[i] + ": not a probability");
      }
      if (p > 1e-9 && p < 1 - 1e-9) {
        reg.addData(prices[i], Math.log(p / (1 - p)));
      }
    }
    double slope = reg.getN() >= 2 ? reg.getSlope() : Double.NaN;
    if (!(slope < -1e-9)) {
      throw new IllegalArgumentException("demand for item " + itemId + " does not fall with price between "
          + prices[0] + " and " + prices[prices.length - 1] + " (logit slope " + slope
          + "): its willingness to pay cannot be read from the model");
    }
    double s = -1 / slope;
    return new double[] {reg.getIntercept() * s, s};
  }
}
