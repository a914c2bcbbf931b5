package dev.pricing.core.demand.internal;

import java.util.Arrays;

/**
 * Scores a grid of candidates for one request on a {@link GbdtEnsemble}, where only a known set of "price
 * columns" changes from one candidate to the next.
 *
 * <p>Per request, every tree is first reduced on the request's row: a split on a non-price column is
 * resolved once (the branch the row takes), a split on a price column keeps both branches. What is left of a
 * tree is then one of three kinds:
 * <ul>
 *   <li>no price split: a constant, added once to the request's margin;
 *   <li>splits on one price column only: a step function of that column, added into a per-column table
 *       indexed by the column's <em>bin</em> (how many of the model's thresholds on the column are
 *       {@code <=} the value; {@code (float) v < t_j} holds exactly when the bin is {@code <= j});
 *   <li>splits on two or more price columns: kept as a small reduced tree over bins, walked per candidate.
 * </ul>
 * Each candidate then costs one binary search per price column, one table read per column and the walks of
 * the few mixed trees. The margin is accumulated in double, so it can differ from
 * {@link GbdtEnsemble#margin} (XGBoost's float accumulation) by float rounding, about 1e-7 relative. Steps
 * are added as differences of adjacent leaf values, so a tree non-increasing in a column adds only
 * non-positive steps and the table stays exactly non-increasing in that column.
 *
 * <p>A missing (NaN) price value follows each split's default branch, as in {@link GbdtEnsemble#margin}.
 *
 * <p>Immutable and thread-safe; the mutable working memory lives in a {@link Scratch}, one per thread
 * ({@link #newScratch()}), or in the scorer's own {@link ThreadLocal} ({@link #predict(double[], double[],
 * int, double[])}). Scoring does not allocate.
 */
public final class GbdtGrid {
  /** The most price columns a grid supports (they are tracked in a 64-bit mask). */
  public static final int MAX_PRICE_COLUMNS = 64;

  private final GbdtEnsemble e;
  private final int[] priceColumns;
  private final int[] slot;
  private final int[] bin;
  private final float[][] thresholds;
  private final int[] tableOffset;
  private final int tableSize;
  private final ThreadLocal<Scratch> local;

  GbdtGrid(GbdtEnsemble ensemble, int[] priceColumns) {
    if (priceColumns == null || priceColumns.length == 0) {
      throw new IllegalArgumentException("priceColumns must name at least one column");
    }
    if (priceColumns.length > MAX_PRICE_COLUMNS) {
      throw new IllegalArgumentException("priceColumns.length must be <= " + MAX_PRICE_COLUMNS + ", got "
          + priceColumns.length);
    }
    int n = ensemble.featureCount();
    int[] slotOfFeature = new int[n];
    Arrays.fill(slotOfFeature, -1);
    for (int k = 0; k < priceColumns.length; k++) {
      int c = priceColumns[k];
      if (c < 0 || c >= n) {
        throw new IllegalArgumentException("priceColumns[" + k + "] = " + c + " is out of range [0, " + n + ")");
      }
      if (slotOfFeature[c] >= 0) {
        throw new IllegalArgumentException("priceColumns[" + k + "] = " + c + " is repeated");
      }
      slotOfFeature[c] = k;
    }
    this.e = ensemble;
    this.priceColumns = priceColumns.clone();
    int nodes = ensemble.nodeCount();
    this.slot = new int[nodes];
    this.bin = new int[nodes];
    int p = priceColumns.length;
    float[][] collected = new float[p][];
    int[] counts = new int[p];
    for (int k = 0; k < p; k++) {
      collected[k] = new float[16];
    }
    for (int i = 0; i < nodes; i++) {
      int f = ensemble.feature[i];
      slot[i] = f >= 0 ? slotOfFeature[f] : -1;
      if (slot[i] >= 0) {
        int k = slot[i];
        if (counts[k] == collected[k].length) {
          collected[k] = Arrays.copyOf(collected[k], 2 * counts[k]);
        }
        collected[k][counts[k]++] = positiveZero(ensemble.threshold[i]);
      }
    }
    this.thresholds = new float[p][];
    this.tableOffset = new int[p];
    int offset = 0;
    for (int k = 0; k < p; k++) {
      float[] sorted = Arrays.copyOf(collected[k], counts[k]);
      Arrays.sort(sorted);
      int u = 0;
      for (int i = 0; i < sorted.length; i++) {
        if (u == 0 || sorted[i] != sorted[u - 1]) {
          sorted[u++] = sorted[i];
        }
      }
      thresholds[k] = Arrays.copyOf(sorted, u);
      tableOffset[k] = offset;
      offset += u + 1;
    }
    this.tableSize = offset;
    for (int i = 0; i < nodes; i++) {
      if (slot[i] >= 0) {
        bin[i] = Arrays.binarySearch(thresholds[slot[i]], positiveZero(ensemble.threshold[i]));
      }
    }
    this.local = ThreadLocal.withInitial(this::newScratch);
  }

  /** Returns the price columns, in the order their values are given per candidate. */
  public int[] priceColumns() {
    return priceColumns.clone();
  }

  /** Returns the number of distinct thresholds the model uses on price column {@code k}. @param k the slot */
  int thresholdCount(int k) {
    return thresholds[k].length;
  }

  /**
   * Working memory for one thread: sized for the ensemble, independent of the number of candidates. Not
   * thread-safe.
   */
  public static final class Scratch {
    final double[] table;
    final double[] missing;
    final int[] bins;
    final int[] rSlot;
    final int[] rBin;
    final int[] rLeft;
    final int[] rRight;
    final boolean[] rDefaultLeft;
    final double[] rValue;
    final int[] mixed;
    int size;
    int mixedCount;
    long mask;
    boolean first;
    double previous;

    Scratch(int tableSize, int priceColumns, int nodes, int trees) {
      table = new double[tableSize];
      missing = new double[priceColumns];
      bins = new int[priceColumns];
      rSlot = new int[nodes];
      rBin = new int[nodes];
      rLeft = new int[nodes];
      rRight = new int[nodes];
      rDefaultLeft = new boolean[nodes];
      rValue = new double[nodes];
      mixed = new int[trees];
    }
  }

  /** Returns fresh working memory for one thread. */
  public Scratch newScratch() {
    return new Scratch(tableSize, priceColumns.length, e.nodeCount(), e.treeCount());
  }

  /**
   * Demand for each candidate, using this scorer's per-thread working memory.
   *
   * @param row the request's feature row, length {@code featureCount()}; its price columns are ignored
   * @param priceValues the price columns' values per candidate, candidate-major:
   *     {@code priceValues[c * priceColumns().length + k]}
   * @param count the number of candidates
   * @param out receives the demand of candidate {@code c} at {@code out[c]}
   * @throws IllegalArgumentException if an array is too short or {@code count < 0}
   */
  public void predict(double[] row, double[] priceValues, int count, double[] out) {
    score(row, priceValues, count, out, local.get(), true);
  }

  /**
   * Demand for each candidate, with caller-supplied working memory.
   *
   * @param row the request's feature row; its price columns are ignored
   * @param priceValues the price columns' values per candidate, candidate-major
   * @param count the number of candidates
   * @param out receives the demand per candidate
   * @param scratch working memory from {@link #newScratch()} of this scorer, used by one thread at a time
   * @throws IllegalArgumentException if an array is too short, {@code count < 0}, or the scratch belongs to
   *     another scorer
   */
  public void predict(double[] row, double[] priceValues, int count, double[] out, Scratch scratch) {
    score(row, priceValues, count, out, scratch, true);
  }

  /**
   * Margins for each candidate (before the link), with caller-supplied working memory.
   *
   * @param row the request's feature row; its price columns are ignored
   * @param priceValues the price columns' values per candidate, candidate-major
   * @param count the number of candidates
   * @param out receives the margin per candidate
   * @param scratch working memory from {@link #newScratch()} of this scorer
   * @throws IllegalArgumentException as {@link #predict(double[], double[], int, double[], Scratch)}
   */
  public void margins(double[] row, double[] priceValues, int count, double[] out, Scratch scratch) {
    score(row, priceValues, count, out, scratch, false);
  }

  private void score(double[] row, double[] priceValues, int count, double[] out, Scratch s, boolean link) {
    int p = priceColumns.length;
    if (row == null || row.length != e.featureCount()) {
      throw new IllegalArgumentException("row.length must be " + e.featureCount() + ", got "
          + (row == null ? "null" : String.valueOf(row.length)));
    }
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, got " + count);
    }
    if (priceValues == null || priceValues.length < (long) count * p) {
      throw new IllegalArgumentException("priceValues.length must be >= count * " + p + " = " + (long) count * p
          + ", got " + (priceValues == null ? "null" : String.valueOf(priceValues.length)));
    }
    if (out == null || out.length < count) {
      throw new IllegalArgumentException("out.length must be >= count " + count + ", got "
          + (out == null ? "null" : String.valueOf(out.length)));
    }
    if (s == null || s.table.length != tableSize || s.rSlot.length != e.nodeCount()
        || s.missing.length != p || s.mixed.length != e.treeCount()) {
      throw new IllegalArgumentException("scratch must come from this scorer's newScratch()");
    }
    double constant = prepare(row, s);
    GbdtObjective objective = e.objective();
    for (int c = 0; c < count; c++) {
      double m = constant;
      int base = c * p;
      for (int k = 0; k < p; k++) {
        float v = (float) priceValues[base + k];
        if (v != v) {
          s.bins[k] = -1;
          m += s.missing[k];
        } else {
          int b = upperBound(thresholds[k], v);
          s.bins[k] = b;
          m += s.table[tableOffset[k] + b];
        }
      }
      for (int j = 0; j < s.mixedCount; j++) {
        m += walk(s.mixed[j], s);
      }
      out[c] = link ? objective.link(m) : m;
    }
  }

  /** Reduces every tree on the row; fills the tables and the mixed list; returns the constant part. */
  private double prepare(double[] row, Scratch s) {
    Arrays.fill(s.table, 0.0);
    Arrays.fill(s.missing, 0.0);
    s.size = 0;
    s.mixedCount = 0;
    double constant = e.baseMargin();
    int trees = e.treeCount();
    for (int t = 0; t < trees; t++) {
      int start = s.size;
      s.mask = 0L;
      int r = reduce(e.treeRoot(t), row, s);
      long mask = s.mask;
      if (mask == 0L) {
        constant += s.rValue[r];
        s.size = start;
      } else if ((mask & (mask - 1)) == 0L) {
        int k = Long.numberOfTrailingZeros(mask);
        s.first = true;
        s.previous = 0.0;
        steps(r, 0, thresholds[k].length, tableOffset[k], s);
        s.missing[k] += missingValue(r, s);
        s.size = start;
      } else {
        s.mixed[s.mixedCount++] = r;
      }
    }
    for (int k = 0; k < thresholds.length; k++) {
      int o = tableOffset[k];
      int end = o + thresholds[k].length;
      for (int i = o + 1; i <= end; i++) {
        s.table[i] += s.table[i - 1];
      }
    }
    return constant;
  }

  /** Copies the part of the subtree at {@code node} that the row can reach into the scratch; returns its index. */
  private int reduce(int node, double[] row, Scratch s) {
    int[] feature = e.feature;
    int i = node;
    while (feature[i] >= 0 && slot[i] < 0) {
      float v = (float) row[feature[i]];
      if (v != v) {
        i = e.defaultLeft[i] ? e.left[i] : e.right[i];
      } else {
        i = v < e.threshold[i] ? e.left[i] : e.right[i];
      }
    }
    int r = s.size++;
    if (feature[i] < 0) {
      s.rSlot[r] = -1;
      s.rValue[r] = e.leaf[i];
      return r;
    }
    int k = slot[i];
    s.rSlot[r] = k;
    s.rBin[r] = bin[i];
    s.rDefaultLeft[r] = e.defaultLeft[i];
    s.mask |= 1L << k;
    int l = reduce(e.left[i], row, s);
    int rr = reduce(e.right[i], row, s);
    s.rLeft[r] = l;
    s.rRight[r] = rr;
    return r;
  }

  /**
   * Adds a one-column reduced tree, restricted to bins {@code [lo, hi]}, to the column's difference table:
   * leaves are met in order of increasing bins, and each adds its difference from the previous leaf.
   */
  private void steps(int r, int lo, int hi, int offset, Scratch s) {
    if (lo > hi) {
      return;
    }
    if (s.rSlot[r] < 0) {
      double v = s.rValue[r];
      if (s.first) {
        s.table[offset + lo] += v;
        s.first = false;
      } else {
        s.table[offset + lo] += v - s.previous;
      }
      s.previous = v;
      return;
    }
    int j = s.rBin[r];
    steps(s.rLeft[r], lo, Math.min(hi, j), offset, s);
    steps(s.rRight[r], Math.max(lo, j + 1), hi, offset, s);
  }

  private static double missingValue(int r, Scratch s) {
    int i = r;
    while (s.rSlot[i] >= 0) {
      i = s.rDefaultLeft[i] ? s.rLeft[i] : s.rRight[i];
    }
    return s.rValue[i];
  }

  private static double walk(int r, Scratch s) {
    int i = r;
    while (s.rSlot[i] >= 0) {
      int b = s.bins[s.rSlot[i]];
      if (b < 0) {
        i = s.rDefaultLeft[i] ? s.rLeft[i] : s.rRight[i];
      } else {
        i = b <= s.rBin[i] ? s.rLeft[i] : s.rRight[i];
      }
    }
    return s.rValue[i];
  }

  /** -0.0 and 0.0 split alike ({@code v < -0f} iff {@code v < 0f}); one of them keeps sorting and search simple. */
  private static float positiveZero(float t) {
    return t == 0f ? 0f : t;
  }

  /** The number of thresholds {@code <= v}. */
  private static int upperBound(float[] a, float v) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] <= v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
