package dev.pricing.core.explore;

import dev.pricing.api.Outcome;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.spi.PriceExplorer;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The shared machinery of the price-cell bandits ({@link ThompsonSamplingExplorer},
 * {@link EpsilonGreedyExplorer}): a Beta-Bernoulli posterior of the conversion probability per price cell
 * (product id, price in minor units), whose prior comes from the demand model, online updates from
 * outcomes, a bounded map of pending decisions, and an optional {@link PriceChangeCap}.
 *
 * <p><b>Posterior.</b> For candidate {@code i} of a request, with the model's demand {@code d_i} (clamped
 * to [0.001, 0.999]) and prior strength {@code s} (pseudo-observations), the conversion posterior is
 * {@code Beta(s d_i + conversions, s (1 - d_i) + (trials - conversions))}, where the counts are the cell's
 * recorded outcomes over all customers. The prior is per request (personal features move it); the counts
 * are per cell, so with enough outcomes the posterior concentrates on the cell's average conversion and the
 * bandit converges to the best fixed price per product, not to a personalised price. An outcome with any
 * units bought counts as one conversion. The value of a candidate is {@code margin_i * conversion}, where
 * {@code margin_i = value_i / demand_i} is the engine objective's value per unit of demand (for
 * {@code Objective.profit()}: price - cost - fee * price), or price - cost where the model's demand is 0.
 * Candidates whose value is not finite (invalid model output) are never chosen.
 *
 * <p><b>Outcomes.</b> {@link #choose} registers the decision id with the cell of the served price in a
 * pending map; {@link #record} removes it and increments the cell's counters (atomic; no lock, no update
 * lost). An outcome for an id that is not pending (never chosen by this explorer, evicted, or already
 * recorded) throws {@link IllegalArgumentException} naming the id and changes nothing. The pending map is
 * bounded: past {@code maxPending} the oldest pending decision is dropped (FIFO through a ring of ids) and
 * counted by {@link #evictedCount()}; its late outcome is then rejected as unknown. Concurrent inserts can
 * overshoot the bound by at most the number of pricing threads.
 *
 * <p><b>Determinism.</b> The draws of a decision come from a generator reseeded from the explorer's seed and a
 * draw-stream number; each pricing thread takes blocks of 1,024 stream numbers from a counter shared by the
 * explorer. A single-threaded run is therefore fully reproducible from the seed (the n-th decision uses
 * stream n). Decision ids are not used: the engine seeds them from the clock, so they differ between runs.
 *
 * <p><b>Thread-safety.</b> Thread-safe. {@code choose} reads the cells without locking (copy-on-write
 * tables published through a volatile field; a new price cell is added under a per-product lock, once);
 * it allocates the {@link PriceExplorer.Choice} and one pending-map entry. {@code record} is lock-free
 * apart from the pending map's bin lock.
 */
public abstract sealed class BanditExplorer implements PriceExplorer
    permits ThompsonSamplingExplorer, EpsilonGreedyExplorer {
  private static final double DEMAND_CLAMP = 1e-3;
  private static final double MIN_PSEUDO = 1e-3;

  private final long seed;
  private final double priorStrength;
  private final int maxPending;
  private final PriceChangeCap cap;
  private final long capSeconds;
  private final int maxSticky;
  private final int maxArms;
  private final ConcurrentHashMap<String, ProductCells> cells = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Long, Cell> pending = new ConcurrentHashMap<>();
  private final AtomicLongArray ring;
  private final AtomicLong ringSeq = new AtomicLong();
  private final AtomicLong streams = new AtomicLong();
  private static final int STREAM_BLOCK = 1024;
  private final ConcurrentHashMap<String, Sticky> sticky = new ConcurrentHashMap<>();
  private final LongAdder evicted = new LongAdder();
  private final LongAdder recorded = new LongAdder();
  private final LongAdder stickyServes = new LongAdder();
  private final LongAdder capBreaks = new LongAdder();
  private final LongAdder stickyEvicted = new LongAdder();
  private final ThreadLocal<Work> work;

  BanditExplorer(Settings<?> s) {
    this.seed = s.seed;
    this.priorStrength = s.priorStrength;
    this.maxPending = s.maxPending;
    this.cap = s.cap;
    this.capSeconds = s.cap == null ? 0 : s.cap.interval().getSeconds();
    this.maxSticky = s.maxSticky;
    this.maxArms = s.maxArms;
    this.ring = new AtomicLongArray(s.maxPending);
    this.work = ThreadLocal.withInitial(() -> new Work(64));
  }

  /** Per-thread scratch. Not thread-safe. */
  static final class Work {
    final Rng rng = new Rng(0);
    double[] a;
    double[] b;
    double[] margin;
    double[] mean;
    double[] sd;
    boolean[] valid;
    int[] idx;
    int chosen;
    double propensity;
    long nextStream;
    long streamLimit;

    /** Returns the next draw-stream number, taking blocks of 1024 from the explorer's shared counter. */
    long nextStream(AtomicLong streams) {
      if (nextStream == streamLimit) {
        nextStream = streams.getAndAdd(STREAM_BLOCK);
        streamLimit = nextStream + STREAM_BLOCK;
      }
      return nextStream++;
    }

    Work(int n) {
      grow(n);
    }

    void grow(int n) {
      a = new double[n];
      b = new double[n];
      margin = new double[n];
      mean = new double[n];
      sd = new double[n];
      valid = new boolean[n];
      idx = new int[n];
    }
  }

  /** Chooses among the valid candidates: sets {@code w.chosen} and {@code w.propensity}. */
  abstract void pick(Work w, int n, int validCount);

  @Override
  public final Choice choose(PricingRequest request, long decisionId, Candidates c) {
    int n = c.count();
    String productId = request.product().id();
    ProductCells pc = cells.get(productId);
    if (pc == null) {
      pc = cells.computeIfAbsent(productId, k -> new ProductCells());
    }
    long window = 0;
    String stickyKey = null;
    long brokenPrice = Long.MIN_VALUE;
    if (cap != null) {
      window = Math.floorDiv(request.market().time().getEpochSecond(), capSeconds);
      stickyKey = cap.scope() == PriceChangeCap.Scope.PRODUCT ? productId
          : request.customer().id() + '\u0000' + productId;
      Sticky st = sticky.get(stickyKey);
      if (st != null && st.window == window) {
        int i = indexOf(c, n, st.priceMinor);
        if (i >= 0) {
          register(decisionId, pc.cell(st.priceMinor));
          stickyServes.increment();
          return new Choice(i, st.propensity);
        }
        capBreaks.increment();
        brokenPrice = st.priceMinor;
      }
    }
    Work w = work.get();
    if (w.a.length < n) {
      w.grow(Math.max(n, 2 * w.a.length));
    }
    int valid = 0;
    int greedy = c.greedy();
    for (int i = 0; i < n; i++) {
      double v = c.value(i);
      double d = c.demand(i);
      w.valid[i] = Double.isFinite(v) && d >= 0 && Double.isFinite(d) && isArm(i, n, greedy);
      if (!w.valid[i]) {
        continue;
      }
      valid++;
      Cell cell = pc.cell(c.priceMinor(i));
      long conv = cell.conversions.get();
      long trials = cell.trials.get();
      double prior = Math.min(1 - DEMAND_CLAMP, Math.max(DEMAND_CLAMP, d));
      w.a[i] = Math.max(MIN_PSEUDO, priorStrength * prior) + conv;
      w.b[i] = Math.max(MIN_PSEUDO, priorStrength * (1 - prior)) + (trials - conv);
      w.margin[i] = d > 1e-9 ? v / d : c.price(i) - c.unitCost();
    }
    if (valid == 0) {
      throw new IllegalArgumentException("no candidate has a finite value for product " + productId
          + " (decision " + decisionId + ")");
    }
    w.rng.reseed(seed, w.nextStream(streams));
    pick(w, n, valid);
    int chosen = w.chosen;
    double propensity = w.propensity;
    long minor = c.priceMinor(chosen);
    if (cap != null) {
      Sticky mine = new Sticky(window, minor, propensity);
      final long win = window;
      final long broken = brokenPrice;
      // Keep a sticky price of this window unless it is the one found unavailable above.
      Sticky won = sticky.compute(stickyKey,
          (k, old) -> old != null && old.window == win && old.priceMinor != broken ? old : mine);
      if (won != mine) {
        // Another thread started this window first: serve its price (if it is a candidate here).
        int i = indexOf(c, n, won.priceMinor);
        if (i >= 0 && w.valid[i]) {
          chosen = i;
          propensity = won.propensity;
          minor = won.priceMinor;
          stickyServes.increment();
        }
      } else if (cap.scope() == PriceChangeCap.Scope.CUSTOMER && sticky.size() > maxSticky) {
        sweepSticky(window);
      }
    }
    register(decisionId, pc.cell(minor));
    return new Choice(chosen, propensity);
  }

  /**
   * Whether candidate i is one of the arms: all of them when there are at most maxArms, else an even spread
   * of maxArms over the candidate indices plus the model's greedy candidate.
   */
  private boolean isArm(int i, int n, int greedy) {
    return isArm(i, n, greedy, maxArms);
  }

  /** See {@link #isArm(int, int, int)}; shared with {@link ContextualThompsonExplorer}. */
  static boolean isArm(int i, int n, int greedy, int maxArms) {
    if (n <= maxArms || i == greedy) {
      return true;
    }
    // i is on the spread when some k in [0, maxArms) has round(k (n - 1) / (maxArms - 1)) == i.
    double step = (n - 1) / (double) (maxArms - 1);
    long k = Math.round(i / step);
    return Math.round(k * step) == i;
  }

  private void sweepSticky(long window) {
    int before = sticky.size();
    sticky.values().removeIf(s -> s.window < window);
    if (sticky.size() > maxSticky) {
      sticky.clear();
    }
    stickyEvicted.add(Math.max(0, before - sticky.size()));
  }

  private static int indexOf(Candidates c, int n, long minor) {
    int lo = 0;
    int hi = n - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      long m = c.priceMinor(mid);
      if (m < minor) {
        lo = mid + 1;
      } else if (m > minor) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  private void register(long decisionId, Cell cell) {
    long k = ringSeq.getAndIncrement();
    int slot = (int) (k % maxPending);
    long old = ring.getAndSet(slot, decisionId + 1);
    if (old != 0 && pending.remove(old - 1) != null) {
      evicted.increment();
    }
    pending.put(decisionId, cell);
  }

  /**
   * Updates the posterior of the cell the decision was served from.
   *
   * @param outcome the outcome
   * @throws NullPointerException if the outcome is null
   * @throws IllegalArgumentException naming the decision id if it is not pending here: never chosen by this
   *     explorer, evicted (see {@link #evictedCount()}), or already recorded
   */
  @Override
  public final void record(Outcome outcome) {
    long id = outcome.decisionId();
    Cell cell = pending.remove(id);
    if (cell == null) {
      throw new IllegalArgumentException("decisionId " + id + " is not pending in this explorer: it was never"
          + " chosen here, was evicted from the pending map, or its outcome was already recorded");
    }
    // trials before conversions: a reader that loads conversions first never sees conversions > trials.
    cell.trials.incrementAndGet();
    if (outcome.bought()) {
      cell.conversions.incrementAndGet();
    }
    recorded.increment();
  }

  /**
   * Returns what this explorer has learned about a price cell.
   *
   * @param productId the product
   * @param priceMinor the price in minor units
   * @return the counts, zeros for a cell never served
   */
  public final CellStats stats(String productId, long priceMinor) {
    ProductCells pc = cells.get(productId);
    Cell c = pc == null ? null : pc.find(priceMinor);
    if (c == null) {
      return new CellStats(productId, priceMinor, 0, 0);
    }
    long conv = c.conversions.get();
    return new CellStats(productId, priceMinor, c.trials.get(), conv);
  }

  /**
   * Returns the cells of a product that have been offered, ascending by price.
   *
   * @param productId the product
   * @return the cells' statistics, empty for an unknown product
   */
  public final java.util.List<CellStats> stats(String productId) {
    ProductCells pc = cells.get(productId);
    if (pc == null) {
      return java.util.List.of();
    }
    ProductCells.Table t = pc.table;
    java.util.List<CellStats> out = new java.util.ArrayList<>(t.keys.length);
    for (int i = 0; i < t.keys.length; i++) {
      long conv = t.cells[i].conversions.get();
      out.add(new CellStats(productId, t.keys[i], t.cells[i].trials.get(), conv));
    }
    return out;
  }

  /**
   * Returns every cell this explorer has counts for (its own outcomes and any {@link #absorb absorbed} ones).
   *
   * @return the cells' statistics, by product then price
   */
  public final java.util.List<CellStats> stats() {
    java.util.List<String> products = new java.util.ArrayList<>(cells.keySet());
    java.util.Collections.sort(products);
    java.util.List<CellStats> out = new java.util.ArrayList<>();
    for (String id : products) {
      out.addAll(stats(id));
    }
    return out;
  }

  /**
   * Adds outcomes observed elsewhere (another JVM of the fleet, see {@link FleetLearner}) to a cell's counts, as
   * if this explorer had recorded them: the sufficient statistics of a Beta-Bernoulli cell are sums, so merging
   * is exact. Lock-free like {@link #record}.
   *
   * @param delta the outcomes to add: trials and conversions, with 0 &lt;= conversions &lt;= trials
   * @throws IllegalArgumentException naming the values if the counts are negative or conversions exceed trials
   */
  public final void absorb(CellStats delta) {
    if (delta.trials() < 0 || delta.conversions() < 0 || delta.conversions() > delta.trials()) {
      throw new IllegalArgumentException("delta must have 0 <= conversions <= trials, found trials="
          + delta.trials() + ", conversions=" + delta.conversions() + " for " + delta.productId() + " at "
          + delta.priceMinor());
    }
    if (delta.trials() == 0) {
      return;
    }
    Cell c = cells.computeIfAbsent(delta.productId(), k -> new ProductCells()).cell(delta.priceMinor());
    c.trials.addAndGet(delta.trials()); // trials before conversions, as in record()
    c.conversions.addAndGet(delta.conversions());
  }

  /** @return decisions waiting for an outcome */
  public final int pendingCount() {
    return pending.size();
  }

  /** @return pending decisions dropped because the pending map was full */
  public final long evictedCount() {
    return evicted.sum();
  }

  /** @return outcomes recorded */
  public final long recordedCount() {
    return recorded.sum();
  }

  /** @return decisions served the sticky price of their window (with a {@link PriceChangeCap}) */
  public final long stickyCount() {
    return stickyServes.sum();
  }

  /** @return windows whose sticky price was no longer a candidate, so a new one was chosen */
  public final long capBreaks() {
    return capBreaks.sum();
  }

  /** @return the change cap, or null when there is none */
  public final PriceChangeCap changeCap() {
    return cap;
  }

  /** @return the prior strength in pseudo-observations */
  public final double priorStrength() {
    return priorStrength;
  }

  record Sticky(long window, long priceMinor, double propensity) {}

  /** A price cell's counters. Thread-safe. */
  static final class Cell {
    final AtomicLong trials = new AtomicLong();
    final AtomicLong conversions = new AtomicLong();
  }

  /** The cells of one product: a copy-on-write sorted table. Thread-safe; reads take no lock. */
  static final class ProductCells {
    record Table(long[] keys, Cell[] cells) {}

    volatile Table table = new Table(new long[0], new Cell[0]);

    Cell find(long minor) {
      Table t = table;
      int i = Arrays.binarySearch(t.keys, minor);
      return i >= 0 ? t.cells[i] : null;
    }

    Cell cell(long minor) {
      Cell c = find(minor);
      return c != null ? c : insert(minor);
    }

    private synchronized Cell insert(long minor) {
      Table t = table;
      int i = Arrays.binarySearch(t.keys, minor);
      if (i >= 0) {
        return t.cells[i];
      }
      int at = -i - 1;
      int n = t.keys.length;
      long[] keys = new long[n + 1];
      Cell[] cs = new Cell[n + 1];
      System.arraycopy(t.keys, 0, keys, 0, at);
      System.arraycopy(t.cells, 0, cs, 0, at);
      System.arraycopy(t.keys, at, keys, at + 1, n - at);
      System.arraycopy(t.cells, at, cs, at + 1, n - at);
      Cell c = new Cell();
      keys[at] = minor;
      cs[at] = c;
      table = new Table(keys, cs);
      return c;
    }
  }

  /**
   * Settings shared by the bandit builders. Not thread-safe.
   *
   * @param <B> the concrete builder
   */
  abstract static sealed class Settings<B extends Settings<B>>
      permits ThompsonSamplingExplorer.Builder, EpsilonGreedyExplorer.Builder {
    long seed = 1;
    double priorStrength = 2;
    int maxPending = 1 << 20;
    int maxSticky = 1 << 20;
    int maxArms = 8;
    PriceChangeCap cap;

    abstract B self();

    /**
     * Sets the seed of the decision draws (default 1).
     *
     * @param seed the seed
     * @return this builder
     */
    public B seed(long seed) {
      this.seed = seed;
      return self();
    }

    /**
     * Sets how many pseudo-observations the model's demand is worth as a prior (default 2).
     *
     * @param strength positive and finite
     * @return this builder
     * @throws IllegalArgumentException naming the value otherwise
     */
    public B priorStrength(double strength) {
      if (!(strength > 0 && strength < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException("priorStrength must be positive and finite, found " + strength);
      }
      this.priorStrength = strength;
      return self();
    }

    /**
     * Sets how many decisions may wait for an outcome before the oldest is dropped (default 1,048,576).
     *
     * @param max positive
     * @return this builder
     * @throws IllegalArgumentException naming the value otherwise
     */
    public B maxPending(int max) {
      if (max <= 0) {
        throw new IllegalArgumentException("maxPending must be positive, found " + max);
      }
      this.maxPending = max;
      return self();
    }

    /**
     * Sets how many (customer, product) sticky prices a {@link PriceChangeCap.Scope#CUSTOMER} cap keeps
     * (default 1,048,576); past it, entries of earlier windows are dropped, and all are dropped if that is
     * not enough.
     *
     * @param max positive
     * @return this builder
     * @throws IllegalArgumentException naming the value otherwise
     */
    public B maxSticky(int max) {
      if (max <= 0) {
        throw new IllegalArgumentException("maxSticky must be positive, found " + max);
      }
      this.maxSticky = max;
      return self();
    }

    /**
     * Sets the most price cells (arms) per decision (default 8): when the engine offers more candidates,
     * the explorer considers an even spread of {@code maxArms} of them plus the model's best candidate.
     * Fewer arms learn faster (each cell's posterior gets more outcomes) at the cost of a coarser price
     * grid.
     *
     * @param max at least 2
     * @return this builder
     * @throws IllegalArgumentException naming the value otherwise
     */
    public B maxArms(int max) {
      if (max < 2) {
        throw new IllegalArgumentException("maxArms must be at least 2, found " + max);
      }
      this.maxArms = max;
      return self();
    }

    /**
     * Caps how often the served price changes (default no cap).
     *
     * @param cap the cap
     * @return this builder
     */
    public B changeCap(PriceChangeCap cap) {
      this.cap = java.util.Objects.requireNonNull(cap, "changeCap");
      return self();
    }
  }
}
