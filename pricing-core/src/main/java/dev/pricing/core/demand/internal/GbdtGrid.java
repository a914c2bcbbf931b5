package dev.pricing.core.demand.internal;

import java.util.Arrays;

/**
 * Scores a grid of candidates for one request on a {@link GbdtEnsemble}, where only a known set of "price
 * columns" changes from one candidate to the next.
 *
 * <p>Per request, every tree's context splits (on non-price columns) are walked once, eight trees in lockstep,
 * stopping at a leaf or at the tree's first reachable price split. Then:
 * <ul>
 *   <li>a <em>sorted</em> grid (every price column monotone along the candidates sorted by their values, no
 *       missing price; a grid sorted by price with probes appended anywhere qualifies) is scored straight from
 *       there: a price split sends a prefix of the sorted candidates one way and the rest the other, so each tree
 *       is followed over intervals of candidates and its leaves add steps to a difference array; the cost is the
 *       leaves each tree reaches over the grid;
 *   <li>any other grid reduces every tree from where its walk stopped (a price split keeps both branches) into a
 *       constant, a step function of one price column, added into a per-column table indexed by the column's
 *       <em>bin</em> (how many of the model's thresholds on the column are {@code <=} the value; {@code (float) v
 *       < t_j} holds exactly when the bin is {@code <= j}), or a small tree over two or more price columns, scored
 *       by intervals over the leading run of candidates whose bins are monotone and walked per candidate after it.
 * </ul>
 *
 * <p>The margin is accumulated in double, so it can differ from {@link GbdtEnsemble#margin} (XGBoost's float
 * accumulation in tree order) by at most that sum's float rounding, {@code sum over trees of 2^-24 |partial
 * sum|}: about 1e-7 on probability and 1e-6 relative on units for 60 trees. Steps are added as differences of
 * adjacent leaf values, so a tree non-increasing in price adds only non-positive steps and the grid stays
 * exactly non-increasing in price.
 *
 * <p>A missing (NaN) price value follows each split's default branch, as in {@link GbdtEnsemble#margin}.
 *
 * <p>Immutable and thread-safe; the mutable working memory lives in a {@link Scratch}, one per thread
 * ({@link #newScratch()}), or in the scorer's own {@link ThreadLocal} ({@link #predict(double[], double[],
 * int, double[])}), which keeps one scratch per thread that used it. A scratch takes about 20 bytes per node
 * of the ensemble (600 KB for 300 trees of depth 6). Scoring does not allocate.
 */
public final class GbdtGrid {
  /** The most price columns a grid supports (they are tracked in a 64-bit mask). */
  public static final int MAX_PRICE_COLUMNS = 64;

  /** Candidates are scored in chunks of this many (the scratch holds one chunk's bins and margins). */
  static final int CHUNK = 64;

  /** Trees walked in lockstep while resolving the context splits (their loads overlap). */
  static final int LOCKSTEP = 8;

  private final GbdtEnsemble e;
  private final int[] priceColumns;
  /**
   * Three ints per node at {@code 3 * i}: meta, payload, {@code 3 * left} (right is left + 1). Meta is -1 for
   * a leaf (payload: the value's float bits); {@code (feature << 2) | defaultRight} for a context split
   * (payload: the threshold's float bits); {@code (slot << 2) | 2 | defaultRight} for a price split (payload:
   * the threshold's bin in its column).
   */
  private final int[] nodes;
  private final float[][] thresholds;
  /** The price-column slot of each feature, -1 for a context feature. */
  private final int[] slot;
  /**
   * The context walk's and the sorted path's layout, three ints per node at {@code 3 * i}, compared on integer keys
   * ({@link #key}; see {@link Scratch#keys}): a context split holds {@code 2 * feature + defaultLeft} (the key slot),
   * the threshold's key and {@code 3 * left}; a leaf holds {@link #leafCode}, its value's float bits and its own
   * offset; a price split {@code leafCode + 1}, its index in {@link #priceSplits} and its own offset. The key slots
   * of those two codes hold {@code Integer.MIN_VALUE}, so a walk at a leaf or a price split stays there.
   */
  private final int[] walk;
  /** The walk layout's code of a leaf ({@code 2 * featureCount}); {@code leafCode + 1} is a price split's. */
  private final int leafCode;
  /**
   * Per price split, three ints: {@code slot << 1 | defaultRight}, the index of its threshold's entry in the
   * per-request crossing table ({@code tableOffset[slot] + bin}), and {@code 3 * left}.
   */
  private final int[] priceSplits;
  /**
   * Node offset of each tree's root, and per group of {@link #LOCKSTEP} trees the most context splits on a path
   * from a root (the steps the lockstep walk needs).
   */
  private final int[] rootOffset;
  private final int[] groupDepth;
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
    this.slot = slotOfFeature;
    int count = ensemble.nodeCount();
    int p = priceColumns.length;
    float[][] collected = new float[p][];
    int[] counts = new int[p];
    for (int k = 0; k < p; k++) {
      collected[k] = new float[16];
    }
    for (int i = 0; i < count; i++) {
      int f = ensemble.feature[i];
      int k = f >= 0 ? slotOfFeature[f] : -1;
      if (k >= 0) {
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
    this.nodes = new int[3 * count];
    for (int i = 0; i < count; i++) {
      int f = ensemble.feature[i];
      int j = 3 * i;
      if (f < 0) {
        nodes[j] = -1;
        nodes[j + 1] = Float.floatToRawIntBits(ensemble.leaf[i]);
        continue;
      }
      int defaultRight = ensemble.defaultLeft[i] ? 0 : 1;
      int k = slotOfFeature[f];
      if (k >= 0) {
        nodes[j] = (k << 2) | 2 | defaultRight;
        nodes[j + 1] = Arrays.binarySearch(thresholds[k], positiveZero(ensemble.threshold[i]));
      } else {
        nodes[j] = (f << 2) | defaultRight;
        nodes[j + 1] = Float.floatToRawIntBits(ensemble.threshold[i]);
      }
      if (ensemble.right[i] != ensemble.left[i] + 1) {
        throw new IllegalStateException("ensemble layout must keep children adjacent");
      }
      nodes[j + 2] = 3 * ensemble.left[i];
    }
    int trees = ensemble.treeCount();
    this.rootOffset = new int[trees];
    this.groupDepth = new int[(trees + LOCKSTEP - 1) / LOCKSTEP];
    // The walk layout (see the field): context splits compare keys; a leaf or a price split (where the walk stops)
    // loops on itself whatever the row, its key slot holding Integer.MIN_VALUE, below every threshold key.
    this.leafCode = 2 * n;
    this.walk = new int[3 * count];
    int priceCount = 0;
    for (int i = 0; i < count; i++) {
      int f = ensemble.feature[i];
      if (f >= 0 && slotOfFeature[f] >= 0) {
        priceCount++;
      }
    }
    this.priceSplits = new int[3 * priceCount];
    int[] depth = new int[count];
    boolean[] reached = new boolean[count];
    int next = 0;
    for (int t = 0; t < trees; t++) {
      int root = ensemble.treeRoot(t);
      int end = t + 1 < trees ? ensemble.treeRoot(t + 1) : count;
      rootOffset[t] = 3 * root;
      reached[root] = true;
      int d = 0;
      for (int i = root; i < end; i++) {
        int f = ensemble.feature[i];
        boolean context = f >= 0 && slotOfFeature[f] < 0;
        if (context) {
          walk[3 * i] = 2 * f + (ensemble.defaultLeft[i] ? 1 : 0);
          walk[3 * i + 1] = key(ensemble.threshold[i]);
          walk[3 * i + 2] = 3 * ensemble.left[i];
        } else if (f < 0) {
          walk[3 * i] = leafCode;
          walk[3 * i + 1] = Float.floatToRawIntBits(ensemble.leaf[i] + 0.0f); // never MIN_VALUE (-0f)
          walk[3 * i + 2] = 3 * i;
        } else {
          int k = slotOfFeature[f];
          walk[3 * i] = leafCode + 1;
          walk[3 * i + 1] = next;
          walk[3 * i + 2] = 3 * i;
          priceSplits[3 * next] = (k << 1) | (ensemble.defaultLeft[i] ? 0 : 1);
          priceSplits[3 * next + 1] = tableOffset[k] + nodes[3 * i + 1];
          priceSplits[3 * next + 2] = 3 * ensemble.left[i];
          next++;
        }
        if (reached[i]) {
          d = Math.max(d, depth[i]);
          if (context) {
            reached[ensemble.left[i]] = true;
            reached[ensemble.right[i]] = true;
            depth[ensemble.left[i]] = depth[i] + 1;
            depth[ensemble.right[i]] = depth[i] + 1;
          }
        }
      }
      groupDepth[t / LOCKSTEP] = Math.max(groupDepth[t / LOCKSTEP], d);
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
    final double[] acc;
    /** The mixed trees' steps per candidate of a monotone run (a difference array). */
    final double[] diff;
    /** The chunk's candidates in sorted order. */
    final int[] order;
    /**
     * The row's integer keys ({@link #key}), two slots per feature: {@code 2 * f} with a missing value above every
     * threshold (it goes right), {@code 2 * f + 1} with it below every threshold (it goes left); then the two stop
     * codes' slots, {@code Integer.MIN_VALUE}.
     */
    final int[] keys;
    /**
     * Per price column and threshold (at {@code tableOffset[k] + bin}), where the sorted candidates cross it: the
     * first sorted candidate on the far side from the chunk's first (see {@link #order}).
     */
    final int[] cross;
    /** The trees the sorted path follows from a price split (their stop offsets). */
    final int[] pending;
    /** The price columns whose values fall along the sorted order (the rest rise or stay). */
    long down;
    /** Reduced trees, three ints per node: meta (-1 leaf, else slot << 1 | defaultRight), bin, 3 * left. */
    final int[] reduced;
    final double[] value;
    final int[] mixed;
    final int[] stop;
    int size;
    int mixedCount;
    /** Whether {@link #stop} holds the context walk of the row whose keys are in {@link #keys}. */
    boolean walked;
    /**
     * The last ordered first chunk ({@link #order}): its candidates' price values, their sorted order and count (-1
     * when {@link #cross} and {@link #down} do not hold its crossings).
     */
    final double[] orderedValues;
    final int[] orderedAs;
    int orderedCount = -1;
    long mask;
    boolean first;
    double previous;

    /** The grid whose walks and crossings this scratch remembers. */
    final GbdtGrid owner;

    Scratch(GbdtGrid owner, int tableSize, int priceColumns, int nodes, int trees, int features) {
      this.owner = owner;
      table = new double[tableSize];
      missing = new double[priceColumns];
      bins = new int[CHUNK * priceColumns];
      acc = new double[CHUNK];
      diff = new double[CHUNK];
      order = new int[CHUNK];
      keys = new int[2 * features + 2];
      keys[2 * features] = Integer.MIN_VALUE;
      keys[2 * features + 1] = Integer.MIN_VALUE;
      cross = new int[tableSize];
      pending = new int[trees];
      reduced = new int[3 * nodes];
      value = new double[nodes];
      mixed = new int[trees];
      stop = new int[trees];
      orderedValues = new double[CHUNK * priceColumns];
      orderedAs = new int[CHUNK];
    }
  }

  /** Returns fresh working memory for one thread. */
  public Scratch newScratch() {
    return new Scratch(this, tableSize, priceColumns.length, e.nodeCount(), e.treeCount(), e.featureCount());
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
    if (s == null || s.owner != this) {
      // its remembered context walk and crossings would be another grid's
      throw new IllegalArgumentException("scratch must come from this scorer's newScratch()");
    }
    walkContext(row, s);
    boolean prepared = false;
    double constant = 0.0;
    GbdtObjective objective = e.objective();
    int[] bins = s.bins;
    double[] acc = s.acc;
    // Candidates in chunks: first every candidate's bins and table part, then the mixed trees. On the chunk's
    // leading run of candidates along which every price column's bins are monotone (a sorted grid: all of it),
    // a price split parts the run into a prefix and a suffix, so a mixed tree's leaves cover consecutive
    // intervals of candidates, found by binary search and added as steps to a difference array: the cost is
    // the tree's reachable leaves, not candidates times depth. Candidates after the run (unsorted probes,
    // missing prices) walk each mixed tree.
    for (int from = 0; from < count; from += CHUNK) {
      int to = Math.min(count, from + CHUNK);
      if (order(priceValues, from, to - from, s)) {
        direct(from, to - from, out, s, link);
        continue;
      }
      if (!prepared) {
        constant = prepare(row, s);
        prepared = true;
      }
      int run = to - from;
      long up = 0L;
      long down = 0L;
      for (int c = from; c < to; c++) {
        double m = constant;
        int base = c * p;
        int slot = (c - from) * p;
        for (int k = 0; k < p; k++) {
          float v = (float) priceValues[base + k];
          if (v != v) {
            bins[slot + k] = -1;
            m += s.missing[k];
            if (run > c - from) {
              run = c - from;
            }
          } else {
            int previous = c == from ? -1 : bins[slot - p + k];
            int b = previous >= 0 ? search(thresholds[k], v, previous) : upperBound(thresholds[k], v);
            bins[slot + k] = b;
            m += s.table[tableOffset[k] + b];
            if (previous >= 0 && b != previous && run > c - from) {
              long bit = 1L << k;
              if (((b > previous ? down : up) & bit) != 0) {
                run = c - from; // the column turned: the run ends before this candidate
              } else if (b > previous) {
                up |= bit;
              } else {
                down |= bit;
              }
            }
          }
        }
        acc[c - from] = m;
      }
      if (s.mixedCount > 0) {
        int walked = 0;
        if (run >= 2) {
          double[] diff = s.diff;
          Arrays.fill(diff, 0, run, 0.0);
          for (int j = 0; j < s.mixedCount; j++) {
            s.first = true;
            intervals(s.mixed[j], 0, run, p, down, s);
          }
          double sum = 0.0;
          for (int c = 0; c < run; c++) {
            sum += diff[c];
            acc[c] += sum;
          }
          walked = run;
        }
        for (int j = 0; j < s.mixedCount; j++) {
          int root = s.mixed[j];
          for (int c = from + walked; c < to; c++) {
            acc[c - from] += walk(root, s, (c - from) * p);
          }
        }
      }
      for (int c = from; c < to; c++) {
        double m = acc[c - from];
        out[c] = link ? objective.link(m) : m;
      }
    }
  }

  /**
   * Sorts the chunk's candidates by their price columns (lexicographically, as floats) into {@code s.order}, and
   * tells whether along that order every price column is monotone (rising or falling) without a missing value: then
   * every price split sends a prefix of the sorted candidates one way and the rest the other. Price features of one
   * price are monotone in it, so a grid sorted by price, with probes appended anywhere, passes. If so, fills
   * {@code s.cross} and {@code s.down} for {@link #follow}.
   */
  private boolean order(double[] priceValues, int from, int n, Scratch s) {
    int p = priceColumns.length;
    int[] order = s.order;
    // The columns whose values are those the last ordering of a first chunk of n candidates saw: a population's
    // samples score the same prices one after another, and only the columns that read a personal input differ.
    long same = 0L;
    if (from == 0 && s.orderedCount == n) {
      double[] last = s.orderedValues;
      same = p == 64 ? -1L : (1L << p) - 1;
      for (int c = 0; c < n && same != 0L; c++) {
        for (int k = 0; k < p; k++) {
          if (Double.doubleToRawLongBits(priceValues[c * p + k]) != Double.doubleToRawLongBits(last[c * p + k])) {
            same &= ~(1L << k);
          }
        }
      }
    }
    s.orderedCount = -1;
    for (int c = 0; c < n; c++) {
      int base = (from + c) * p;
      // insertion sort: a sorted grid costs one comparison per candidate, an appended probe a few moves (a missing
      // value, which compares false either way, is refused below)
      int at = c;
      while (at > 0 && before(priceValues, base, (from + order[at - 1]) * p, p)) {
        order[at] = order[at - 1];
        at--;
      }
      order[at] = c;
    }
    if (same != 0L) {
      for (int c = 0; c < n; c++) {
        if (order[c] != s.orderedAs[c]) {
          same = 0L; // the candidates sort otherwise: every column's crossings move
          break;
        }
      }
    }
    long down = 0L;
    int[] b = s.bins;
    for (int k = 0; k < p; k++) {
      if ((same >>> k & 1L) != 0L) {
        down |= s.down & (1L << k); // its bins and crossings are those already in the scratch
        continue;
      }
      float[] th = thresholds[k];
      boolean rises = false;
      boolean falls = false;
      float prev = (float) priceValues[(from + order[0]) * p + k];
      if (prev != prev) {
        return false;
      }
      int bin = upperBound(th, prev);
      b[0] = bin;
      for (int i = 1; i < n; i++) {
        float x = (float) priceValues[(from + order[i]) * p + k];
        if (x != x) {
          return false;
        }
        rises |= x > prev;
        falls |= x < prev;
        // the bins move one way along a monotone column: a few steps from the previous candidate's, at most the
        // column's thresholds over the whole chunk (a column that turns is refused below)
        while (bin < th.length && th[bin] <= x) {
          bin++;
        }
        while (bin > 0 && th[bin - 1] > x) {
          bin--;
        }
        b[i] = bin;
        prev = x;
      }
      if (rises && falls) {
        return false;
      }
      if (falls) {
        down |= 1L << k;
      }
      cross(b, n, th.length, tableOffset[k], falls, s.cross);
    }
    s.down = down;
    if (from == 0) {
      System.arraycopy(priceValues, 0, s.orderedValues, 0, n * p);
      System.arraycopy(order, 0, s.orderedAs, 0, n);
      s.orderedCount = n;
    }
    return true;
  }

  /**
   * Fills one price column's crossing table from the sorted candidates' bins {@code b[0..n)} (monotone): for each
   * threshold {@code j}, the first candidate on the other side of it from candidate 0's side, or {@code n}. A
   * candidate goes left at threshold {@code j} exactly when its bin is {@code <= j}: with rising bins the table
   * holds the first candidate with a bin {@code > j} (the left part is a prefix), with falling bins the first with a
   * bin {@code <= j} (the right part is a prefix).
   */
  private static void cross(int[] b, int n, int thresholdCount, int o, boolean falls, int[] cross) {
    if (falls) {
      Arrays.fill(cross, o + b[0], o + thresholdCount, 0);
      for (int i = 1; i < n; i++) {
        for (int j = b[i]; j < b[i - 1]; j++) {
          cross[o + j] = i;
        }
      }
      Arrays.fill(cross, o, o + b[n - 1], n);
    } else {
      Arrays.fill(cross, o, o + b[0], 0);
      for (int i = 1; i < n; i++) {
        for (int j = b[i - 1]; j < b[i]; j++) {
          cross[o + j] = i;
        }
      }
      Arrays.fill(cross, o + b[n - 1], o + thresholdCount, n);
    }
  }

  /** Whether candidate {@code a} sorts strictly before candidate {@code b} (first differing column, as floats). */
  private static boolean before(double[] priceValues, int a, int b, int p) {
    for (int k = 0; k < p; k++) {
      float x = (float) priceValues[a + k];
      float y = (float) priceValues[b + k];
      if (x != y) {
        return x < y;
      }
    }
    return false;
  }

  /**
   * Scores an ordered chunk ({@link #order}) straight from the context walks: a tree stopped at a leaf adds a
   * constant; a tree stopped at a price split is followed from there over the sorted candidates as intervals
   * ({@link #follow}), each leaf adding its step from the previous leaf to a difference array at the first
   * candidate it covers. The cost is the leaves each tree reaches over the grid, not candidates times depth, and
   * no reduced trees or tables are built.
   */
  private void direct(int from, int n, double[] out, Scratch s, boolean link) {
    double[] diff = s.diff;
    Arrays.fill(diff, 0, n, 0.0);
    double constant = e.baseMargin();
    int[] stop = s.stop;
    int[] pending = s.pending;
    int[] w = walk;
    int lc = leafCode;
    int trees = e.treeCount();
    int m = 0;
    for (int t = 0; t < trees; t++) {
      // branch-free: which trees stopped at a leaf is the request's, not predictable
      int j = stop[t];
      boolean leaf = w[j] == lc;
      constant += leaf ? Float.intBitsToFloat(w[j + 1]) : 0.0;
      pending[m] = j;
      m += leaf ? 0 : 1;
    }
    for (int i = 0; i < m; i++) {
      s.first = true;
      follow(pending[i], 0, n, s);
    }
    GbdtObjective objective = e.objective();
    int[] order = s.order;
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
      sum += diff[i];
      double v = constant + sum;
      out[from + order[i]] = link ? objective.link(v) : v;
    }
  }

  /**
   * Follows a tree from node offset {@code j} (walk layout) for the sorted candidates {@code [lo, hi)}: a context
   * split takes the row's branch, a price split parts the interval where the candidates cross its threshold
   * ({@code s.cross}; both parts followed, the earlier first), a leaf adds its step (see {@link #direct}).
   */
  private void follow(int j, int lo, int hi, Scratch s) {
    int[] w = walk;
    int[] keys = s.keys;
    int lc = leafCode;
    for (;;) {
      int code = w[j];
      if (code < lc) {
        j = w[j + 2] + (keys[code] >= w[j + 1] ? 3 : 0);
        continue;
      }
      if (code == lc) {
        double value = Float.intBitsToFloat(w[j + 1]);
        if (s.first) {
          s.diff[lo] += value;
          s.first = false;
        } else {
          s.diff[lo] += value - s.previous;
        }
        s.previous = value;
        return;
      }
      int o = 3 * w[j + 1];
      int[] ps = priceSplits;
      int left = ps[o + 2];
      int a = s.cross[ps[o + 1]];
      // Rising: the candidates before the crossing go left; falling: right.
      boolean falls = ((s.down >>> (ps[o] >>> 1)) & 1L) != 0;
      int first = falls ? left + 3 : left;
      int second = falls ? left : left + 3;
      if (a <= lo) {
        j = second;
      } else if (a >= hi) {
        j = first;
      } else {
        follow(first, lo, a, s);
        j = second;
        lo = a;
      }
    }
  }

  /**
   * Walks every tree's context splits on the row; leaves where each stopped (a leaf or a price split) in
   * {@code s.stop}. Skipped when the row's keys are those of the scratch's last walk.
   */
  private void walkContext(double[] row, Scratch s) {
    int trees = e.treeCount();
    int[] stop = s.stop;
    int[] keys = s.keys;
    int changed = 0;
    for (int f = 0, n = e.featureCount(); f < n; f++) {
      float v = (float) row[f];
      int k = key(v);
      boolean missing = v != v;
      int right = missing ? Integer.MAX_VALUE : k;
      int left = missing ? Integer.MIN_VALUE : k;
      changed |= (keys[2 * f] ^ right) | (keys[2 * f + 1] ^ left);
      keys[2 * f] = right;
      keys[2 * f + 1] = left;
    }
    if (changed == 0 && s.walked) {
      return; // the same row as the last call's (a refinement, a probe): every tree stops where it stopped
    }
    s.walked = true;
    // Phase 1: walk the context splits of eight trees at a time in lockstep, so that their loads overlap; a walk
    // that reaches a leaf or a price split loops there, so every step is the same branch-free work.
    int[] w = walk;
    int t = 0;
    for (; t + LOCKSTEP <= trees; t += LOCKSTEP) {
      int j0 = rootOffset[t];
      int j1 = rootOffset[t + 1];
      int j2 = rootOffset[t + 2];
      int j3 = rootOffset[t + 3];
      int j4 = rootOffset[t + 4];
      int j5 = rootOffset[t + 5];
      int j6 = rootOffset[t + 6];
      int j7 = rootOffset[t + 7];
      for (int d = groupDepth[t / LOCKSTEP]; d > 0; d--) {
        j0 = step(w, keys, j0);
        j1 = step(w, keys, j1);
        j2 = step(w, keys, j2);
        j3 = step(w, keys, j3);
        j4 = step(w, keys, j4);
        j5 = step(w, keys, j5);
        j6 = step(w, keys, j6);
        j7 = step(w, keys, j7);
      }
      stop[t] = j0;
      stop[t + 1] = j1;
      stop[t + 2] = j2;
      stop[t + 3] = j3;
      stop[t + 4] = j4;
      stop[t + 5] = j5;
      stop[t + 6] = j6;
      stop[t + 7] = j7;
    }
    for (; t < trees; t++) {
      int j = rootOffset[t];
      for (int d = groupDepth[t / LOCKSTEP]; d > 0; d--) {
        j = step(w, keys, j);
      }
      stop[t] = j;
    }
  }

  /**
   * Reduces every tree on the row from where its context walk stopped; fills the tables and the mixed list;
   * returns the constant part.
   */
  private double prepare(double[] row, Scratch s) {
    Arrays.fill(s.table, 0.0);
    Arrays.fill(s.missing, 0.0);
    s.size = 0;
    s.mixedCount = 0;
    double constant = e.baseMargin();
    int trees = e.treeCount();
    int[] stop = s.stop;
    for (int t = 0; t < trees; t++) {
      int start = s.size;
      s.mask = 0L;
      s.size++;
      reduce(stop[t], start, row, s);
      long mask = s.mask;
      if (mask == 0L) {
        constant += s.value[start];
        s.size = start;
      } else if ((mask & (mask - 1)) == 0L) {
        int k = Long.numberOfTrailingZeros(mask);
        s.first = true;
        s.previous = 0.0;
        steps(start, 0, thresholds[k].length, tableOffset[k], s);
        s.missing[k] += missingValue(start, s);
        s.size = start;
      } else {
        s.mixed[s.mixedCount++] = start;
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

  /**
   * One step of a lockstep walk: to the child the row takes (a stop node is its own child). Right exactly when the
   * key is {@code >=} the threshold's: {@code (float) x < t} for a present value, the default branch for a missing
   * one (see {@link Scratch#keys}).
   */
  private static int step(int[] w, int[] keys, int j) {
    return w[j + 2] + (keys[w[j]] >= w[j + 1] ? 3 : 0);
  }

  /**
   * A float's order-preserving integer key: {@code key(a) < key(b)} exactly when {@code a < b}, for any floats
   * that are not NaN; -0 and 0 get the same key (as they compare equal).
   */
  static int key(float v) {
    int b = Float.floatToRawIntBits(v + 0.0f);
    return b ^ ((b >> 31) & 0x7fffffff);
  }

  /**
   * Writes into reduced slot {@code r} the part of the subtree at node offset {@code j} that the row can
   * reach: context splits are followed, price splits keep both children (in two adjacent new slots).
   */
  private void reduce(int j, int r, double[] row, Scratch s) {
    int[] n = nodes;
    int meta;
    while ((meta = n[j]) >= 0 && (meta & 2) == 0) {
      // Branches, not a select (see GbdtEnsemble.margin).
      float v = (float) row[meta >>> 2];
      int c = n[j + 2];
      if (v < Float.intBitsToFloat(n[j + 1])) {
        j = c;
      } else if (v != v) {
        j = c + 3 * (meta & 1);
      } else {
        j = c + 3;
      }
    }
    int[] red = s.reduced;
    int o = 3 * r;
    if (meta < 0) {
      red[o] = -1;
      s.value[r] = Float.intBitsToFloat(n[j + 1]);
      return;
    }
    int k = meta >>> 2;
    int c = s.size;
    s.size = c + 2;
    red[o] = (k << 1) | (meta & 1);
    red[o + 1] = n[j + 1];
    red[o + 2] = 3 * c;
    s.mask |= 1L << k;
    reduce(n[j + 2], c, row, s);
    reduce(n[j + 2] + 3, c + 1, row, s);
  }

  /**
   * Adds a one-column reduced tree, restricted to bins {@code [lo, hi]}, to the column's difference table:
   * leaves are met in order of increasing bins, and each adds its difference from the previous leaf.
   */
  private static void steps(int r, int lo, int hi, int offset, Scratch s) {
    if (lo > hi) {
      return;
    }
    int[] red = s.reduced;
    int o = 3 * r;
    if (red[o] < 0) {
      double v = s.value[r];
      if (s.first) {
        s.table[offset + lo] += v;
        s.first = false;
      } else {
        s.table[offset + lo] += v - s.previous;
      }
      s.previous = v;
      return;
    }
    int j = red[o + 1];
    int c = red[o + 2] / 3;
    steps(c, lo, Math.min(hi, j), offset, s);
    steps(c + 1, Math.max(lo, j + 1), hi, offset, s);
  }

  private static double missingValue(int r, Scratch s) {
    int[] red = s.reduced;
    int o = 3 * r;
    int meta;
    while ((meta = red[o]) >= 0) {
      o = red[o + 2] + 3 * (meta & 1);
    }
    return s.value[o / 3];
  }

  /**
   * Adds a mixed reduced tree over the chunk's candidates {@code [lo, hi)}, along which every price column's bins
   * are monotone (rising for the columns not in {@code down}, falling for those in it, no missing value): a split
   * sends a prefix of them one way and the rest the other, so the leaves are met in candidate order and each adds
   * its difference from the previous leaf at the first candidate it covers (as {@link #steps}, so a tree
   * non-increasing along the candidates adds only non-positive steps).
   */
  private static void intervals(int r, int lo, int hi, int p, long down, Scratch s) {
    int[] red = s.reduced;
    int o = 3 * r;
    int meta = red[o];
    if (meta < 0) {
      double v = s.value[r];
      if (s.first) {
        s.diff[lo] += v;
        s.first = false;
      } else {
        s.diff[lo] += v - s.previous;
      }
      s.previous = v;
      return;
    }
    int k = meta >>> 1;
    int j = red[o + 1];
    int c = red[o + 2] / 3;
    int[] bins = s.bins;
    boolean falling = ((down >>> k) & 1L) != 0;
    // The first candidate of [lo, hi) on the other side from the run's first candidate: rising bins go left
    // (bin <= j) first, falling bins go right (bin > j) first.
    int a = lo;
    int b = hi;
    while (a < b) {
      int mid = (a + b) >>> 1;
      if ((bins[mid * p + k] <= j) != falling) {
        a = mid + 1;
      } else {
        b = mid;
      }
    }
    int first = falling ? c + 1 : c;
    int second = falling ? c : c + 1;
    if (a > lo) {
      intervals(first, lo, a, p, down, s);
    }
    if (a < hi) {
      intervals(second, a, hi, p, down, s);
    }
  }

  private static double walk(int r, Scratch s, int binBase) {
    int[] red = s.reduced;
    int[] bins = s.bins;
    int o = 3 * r;
    int meta;
    while ((meta = red[o]) >= 0) {
      int b = bins[binBase + (meta >>> 1)];
      int c = red[o + 2];
      if (b < 0) {
        o = c + 3 * (meta & 1);
      } else if (b <= red[o + 1]) {
        o = c;
      } else {
        o = c + 3;
      }
    }
    return s.value[o / 3];
  }

  /** -0.0 and 0.0 split alike ({@code v < -0f} iff {@code v < 0f}); one of them keeps sorting and search simple. */
  private static float positiveZero(float t) {
    return t == 0f ? 0f : t;
  }

  /**
   * The number of thresholds {@code <= v}, searched from the previous candidate's bin: on a sorted grid the
   * answer is usually a few steps away; farther than four steps, a binary search finishes the job.
   */
  static int search(float[] a, float v, int from) {
    int b = from;
    int n = a.length;
    for (int steps = 0; steps < 4; steps++) {
      if (b < n && a[b] <= v) {
        b++;
      } else if (b > 0 && a[b - 1] > v) {
        b--;
      } else {
        return b;
      }
    }
    return upperBound(a, v);
  }

  /** The number of thresholds {@code <= v} (branch-free halving: the loop runs log2(length) times). */
  static int upperBound(float[] a, float v) {
    int n = a.length;
    if (n == 0) {
      return 0;
    }
    int base = 0;
    while (n > 1) {
      int half = n >>> 1;
      base = a[base + half - 1] <= v ? base + half : base;
      n -= half;
    }
    return base + (a[base] <= v ? 1 : 0);
  }
}
