package dev.pricing.core;

import java.math.BigDecimal;
import java.util.List;

/** Allocation-free order statistics over the short price lists of a request. */
final class Stats {
  private Stats() {}

  /** {@code Math.log1p(n)} for the small counts features take it of (views, clicks, inventory units). */
  private static final double[] LOG1P = new double[1024];

  static {
    for (int n = 0; n < LOG1P.length; n++) {
      LOG1P[n] = Math.log1p(n);
    }
  }

  /**
   * Returns {@code Math.log1p(n)}: from a table for counts below 1,024 (the same values, since
   * {@code Math.log1p} is the deterministic {@code StrictMath.log1p}), computed otherwise.
   */
  static double log1p(int n) {
    return n >= 0 && n < LOG1P.length ? LOG1P[n] : Math.log1p(n);
  }

  static double min(List<BigDecimal> xs) {
    double m = Double.POSITIVE_INFINITY;
    for (int i = 0, n = xs.size(); i < n; i++) {
      m = Math.min(m, xs.get(i).doubleValue());
    }
    return m;
  }

  /**
   * The median (mean of the two middle values for an even count). Quadratic selection: competitor lists
   * are short, and this keeps the hot path free of allocation.
   */
  static double median(List<BigDecimal> xs) {
    int n = xs.size();
    if (n == 1) {
      return xs.get(0).doubleValue();
    }
    double lower = kth(xs, (n - 1) / 2);
    return n % 2 == 1 ? lower : (lower + kth(xs, n / 2)) / 2;
  }

  /** The k-th smallest value (0-based). */
  private static double kth(List<BigDecimal> xs, int k) {
    int n = xs.size();
    for (int i = 0; i < n; i++) {
      double v = xs.get(i).doubleValue();
      int less = 0;
      int equal = 0;
      for (int j = 0; j < n; j++) {
        double w = xs.get(j).doubleValue();
        if (w < v) {
          less++;
        } else if (w == v) {
          equal++;
        }
      }
      if (less <= k && k < less + equal) {
        return v;
      }
    }
    throw new AssertionError("no k-th element");
  }
}
