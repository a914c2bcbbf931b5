package dev.pricing.core.engine;

import dev.pricing.core.FeaturePipeline;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The customers who actually arrive: for each product category, a ring of the personal feature values of
 * its most recent {@code size} requests, over which the engine averages expected profit to find the
 * non-personal price (the uniform-mode price and the personal path's baseline).
 *
 * <p>Bounded: about {@code maxGroups} categories get a ring of their own (threads creating rings at the same
 * moment may each add one more; every later category shares one overflow ring), each of {@code size} slots of {@code d} doubles, {@code d} the number of personal features; nothing
 * grows after a category's ring is created.
 *
 * <p>Never blocks the pricing thread. A writer claims the next slot with one atomic increment and takes the
 * slot's version (a sequence lock: odd while written) from even to odd with one compare-and-set: if another
 * writer holds it (the ring wrapped while it was writing), the sample is dropped. It releases the slot with
 * an ordered store, not a third atomic instruction. Readers copy a slot between two reads of its version and
 * drop it if a write overlapped. Recording allocates nothing; samples recorded are counted as claims minus
 * drops, not by a counter of their own.
 *
 * <p>Epochs ({@link Group#epoch}): epoch 0 (fewer than {@link #MIN_SAMPLES} samples) has no population, and
 * the engine prices for the neutral customer then, as without the reservoir. The population price is cached
 * per epoch, so it changes when the sample count doubles while the ring fills, then when its cache entry
 * expires (recomputed over the ring's samples at that moment), never from one customer to the next.
 *
 * <p>Thread-safe.
 */
final class PopulationReservoir {
  /** The fewest samples a population price averages over (before, the neutral customer is priced). */
  static final int MIN_SAMPLES = 8;
  private final int[] personal;
  private final int size;
  private final int maxGroups;
  private final ConcurrentHashMap<String, Group> groups = new ConcurrentHashMap<>();
  private final Group overflow;
  private final LongAdder dropped = new LongAdder();
  private final LongAdder failedSamples = new LongAdder();

  /** Slot versions: even when the slot is stable, odd while a writer fills it. */
  private static final VarHandle VERSION = MethodHandles.arrayElementVarHandle(long[].class);

  /** One category's ring. */
  static final class Group {
    final int id;
    final double[][] values;
    final long[] versions;
    final AtomicLong written = new AtomicLong();

    Group(int id, int size, int d) {
      this.id = id;
      this.values = new double[size][d];
      this.versions = new long[size];
    }

    /**
     * The ring's epoch: 0 while it holds fewer than {@link #MIN_SAMPLES} samples; then the largest power of
     * two not above the sample count while the ring fills (8, 16, 32, ...); then the ring's size, for good.
     * A full ring keeps renewing its samples, but its epoch no longer changes: a cached population price then
     * lives out its time-to-live like any baseline, so a catalogue with many product and market states per
     * category still computes each state's price once per time-to-live, not once per ring of arrivals.
     */
    long epoch() {
      long n = written.get();
      int size = values.length;
      if (n < Math.min(MIN_SAMPLES, size)) {
        return 0;
      }
      return n < size ? Long.highestOneBit(n) : size;
    }

    /** @return how many slots hold a sample */
    int filled() {
      return (int) Math.min(written.get(), values.length);
    }
  }

  /**
   * @param pipeline the engine's pipeline (which features are personal)
   * @param size samples per category, at least 1
   * @param maxGroups categories with a ring of their own, at least 1
   */
  PopulationReservoir(FeaturePipeline pipeline, int size, int maxGroups) {
    int n = 0;
    int[] idx = new int[pipeline.size()];
    for (int j = 0; j < pipeline.size(); j++) {
      if (pipeline.personalFeature(j)) {
        idx[n++] = j;
      }
    }
    this.personal = java.util.Arrays.copyOf(idx, n);
    this.size = size;
    this.maxGroups = maxGroups;
    this.overflow = new Group(-1, size, n);
  }

  /** @return the number of personal features each sample holds */
  int dimension() {
    return personal.length;
  }

  /** @return the feature indices of the personal features, in order */
  int[] personalIndices() {
    return personal;
  }

  int size() {
    return size;
  }

  /** The ring of a category (created on first use while fewer than maxGroups exist, else the shared one). */
  Group group(String category) {
    Group g = groups.get(category);
    if (g != null) {
      return g;
    }
    if (groups.size() >= maxGroups) {
      return overflow;
    }
    return groups.computeIfAbsent(category, k -> new Group(groups.size(), size, personal.length));
  }

  /** Records the personal features of one request ({@code x} over the engine's schema); never blocks. */
  void record(Group g, double[] x) {
    long n = g.written.getAndIncrement();
    int slot = (int) (n % size);
    long[] versions = g.versions;
    long version = (long) VERSION.getOpaque(versions, slot);
    if ((version & 1) != 0 || !VERSION.compareAndSet(versions, slot, version, version + 1)) {
      dropped.increment();
      return;
    }
    // The compare-and-set is a full fence: no store below moves above it.
    double[] v = g.values[slot];
    int[] idx = personal;
    for (int k = 0; k < idx.length; k++) {
      v[k] = x[idx[k]];
    }
    VERSION.setRelease(versions, slot, version + 2);
  }

  /**
   * Copies the ring's samples into {@code out} (at least {@code size} rows of {@link #dimension()}), skipping
   * any slot being written. Returns how many were copied.
   */
  int copy(Group g, double[][] out) {
    int m = 0;
    int d = personal.length;
    int filled = g.filled();
    long[] versions = g.versions;
    for (int slot = 0; slot < filled; slot++) {
      long before = (long) VERSION.getAcquire(versions, slot);
      if ((before & 1) != 0) {
        continue;
      }
      System.arraycopy(g.values[slot], 0, out[m], 0, d);
      VarHandle.loadLoadFence();
      if ((long) VERSION.getOpaque(versions, slot) == before) {
        m++;
      }
    }
    return m;
  }

  /** A sample that could not be extracted (uniform mode reads personal features for the reservoir only). */
  void failedSample() {
    failedSamples.increment();
  }

  /** @return samples recorded (slots claimed, less the samples dropped; a write in flight counts) */
  long recorded() {
    long claimed = overflow.written.get();
    for (Group g : groups.values()) {
      claimed += g.written.get();
    }
    return claimed - dropped.sum();
  }

  /** @return samples dropped because their slot was being written */
  long dropped() {
    return dropped.sum();
  }

  /** @return samples whose personal extraction failed */
  long failedSamples() {
    return failedSamples.sum();
  }

  /** @return how many categories have a ring of their own */
  int groups() {
    return groups.size();
  }
}
