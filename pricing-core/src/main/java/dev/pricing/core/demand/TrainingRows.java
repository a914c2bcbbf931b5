package dev.pricing.core.demand;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/** Growable column store of the offers' inputs and outcomes. */
final class TrainingRows {
  final int n;
  double[] x;
  double[] price;
  double[] units;
  long[] time;
  long[] customerHash;
  double[] propensity;
  int size;

  TrainingRows(int n) {
    this.n = n;
    int cap = 1024;
    x = new double[cap * n];
    price = new double[cap];
    units = new double[cap];
    time = new long[cap];
    customerHash = new long[cap];
    propensity = new double[cap];
  }

  void add(double[] row, double p, double u, Instant t, String customer, double q) {
    if (size == price.length) {
      long wanted = Math.min((long) size * 2, Integer.MAX_VALUE - 8L);
      if (wanted * n > Integer.MAX_VALUE - 8L || wanted == size) {
        throw new IllegalArgumentException("the offer log has more than " + size + " offers of " + n + " features, "
            + "more than one in-memory training set can hold; train on a sample or on fewer features");
      }
      int cap = (int) wanted;
      x = Arrays.copyOf(x, cap * n);
      price = Arrays.copyOf(price, cap);
      units = Arrays.copyOf(units, cap);
      time = Arrays.copyOf(time, cap);
      customerHash = Arrays.copyOf(customerHash, cap);
      propensity = Arrays.copyOf(propensity, cap);
    }
    System.arraycopy(row, 0, x, size * n, n);
    price[size] = p;
    units[size] = u;
    time[size] = t.toEpochMilli();
    customerHash[size] = hash(customer);
    propensity[size] = q;
    size++;
  }

  private static long hash(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }

  double x(int i, int j) {
    return x[i * n + j];
  }

  void copy(int i, double[] out) {
    System.arraycopy(x, i * n, out, 0, n);
  }

  /**
   * Returns each input's mean over the training rows: the value a non-finite scoring input falls back to.
   *
   * @param validation which rows are held out
   * @param trainN the number of training rows
   * @return one mean per input
   */
  double[] trainingMeans(boolean[] validation, int trainN) {
    double[] mean = new double[n];
    for (int i = 0; i < size; i++) {
      if (!validation[i]) {
        for (int j = 0; j < n; j++) {
          mean[j] += x(i, j);
        }
      }
    }
    for (int j = 0; j < n; j++) {
      mean[j] /= trainN;
    }
    return mean;
  }
}
