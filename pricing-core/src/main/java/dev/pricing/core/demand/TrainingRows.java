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
  long[] group;
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
    group = new long[cap];
    propensity = new double[cap];
  }

  /** Returns these rows twice over (the second copy is what a no-hold-out split evaluates in-sample). */
  TrainingRows twice() {
    TrainingRows t = new TrainingRows(n);
    for (int copy = 0; copy < 2; copy++) {
      for (int i = 0; i < size; i++) {
        t.append(x, i * n, price[i], units[i], time[i], customerHash[i], group[i], propensity[i]);
      }
    }
    return t;
  }

  void add(double[] row, double p, double u, Instant t, String customer, double q) {
    long c = hash(customer);
    append(row, 0, p, u, t.toEpochMilli(), c, c, q);
  }

  /** Adds a row whose group (for a group split) is {@code groupKey}. */
  void add(double[] row, double p, double u, Instant t, String customer, String groupKey, double q) {
    append(row, 0, p, u, t.toEpochMilli(), hash(customer), hash(groupKey), q);
  }

  private void append(double[] row, int from, double p, double u, long t, long customer, long g, double q) {
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
      group = Arrays.copyOf(group, cap);
      propensity = Arrays.copyOf(propensity, cap);
    }
    System.arraycopy(row, from, x, size * n, n);
    price[size] = p;
    units[size] = u;
    time[size] = t;
    customerHash[size] = customer;
    group[size] = g;
    propensity[size] = q;
    size++;
  }

  static long hash(String s) {
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
