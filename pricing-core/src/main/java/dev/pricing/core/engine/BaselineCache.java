package dev.pricing.core.engine;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The non-personal baseline price of recent product and market states. The baseline depends on what the
 * model sees without personal data (the neutral feature vector: product, market, time), the guardrail
 * bounds, the unit cost and the currency, never on the customer, so many customers of one product share it.
 * The key is exactly those inputs, compared in full (no false hit), together with the model that computed
 * the price: a model swap invalidates every entry. Entries also expire after a time-to-live. A price averaged
 * over the arriving customers ({@link PopulationReservoir}) also depends on the category's ring and its
 * epoch, so both are part of the key (no ring for an engine without a reservoir); an entry of an epoch its
 * ring has left is treated as free when a new state needs its slot. Such an entry
 * also carries the population's demand at the price and the guardrail that bound it, which a uniform-mode
 * decision serves without scoring.
 *
 * <p>Bounded: a table of {@code capacity} slots (a power of two); each state may live in one of two slots,
 * and a new state takes a free or expired one, else replaces the older of the two. A miss allocates one entry (a copy of the key); a hit allocates nothing.
 *
 * <p>Thread-safe and lock-free: entries are immutable and published through an atomic array.
 */
final class BaselineCache {
  private final AtomicReferenceArray<Entry> slots;
  private final int mask;
  private final long ttlNanos;

  /**
   * One cached state: the key, what computed it, and the result (price in minor units; the population's
   * demand there and the guardrail kind ordinal that bound it, -1 for none, -2 for the search range).
   */
  record Entry(double[] key, long lo, long hi, long costBits, int digits, PopulationReservoir.Group group,
      long epoch, int hash, ActiveModel model, long expires, long baselineMinor, double demand, int binding) {}

  /**
   * @param capacity at least 1; rounded up to a power of two
   * @param ttlNanos how long an entry serves, positive
   */
  BaselineCache(int capacity, long ttlNanos) {
    int n = Integer.highestOneBit(Math.max(capacity - 1, 1)) << 1;
    if (capacity == 1) {
      n = 1;
    }
    this.slots = new AtomicReferenceArray<>(n);
    this.mask = n - 1;
    this.ttlNanos = ttlNanos;
  }

  int capacity() {
    return mask + 1;
  }

  static int hash(double[] key, long lo, long hi, double cost, int digits, int group, long epoch) {
    long h = 0x9E3779B97F4A7C15L ^ lo * 31 ^ hi * 0xC2B2AE3D27D4EB4FL ^ Double.doubleToLongBits(cost) * 17 ^ digits
        ^ (long) group * 0x27D4EB2F165667C5L ^ epoch * 0x165667B19E3779F9L;
    // Four independent lanes, so the multiplications of consecutive features overlap instead of forming one
    // dependency chain as long as the vector (a quarter of the latency at 60 features).
    long h1 = 0x85EBCA77C2B2AE63L;
    long h2 = 0x27D4EB2F165667C5L;
    long h3 = 0x165667B19E3779F9L;
    int n = key.length;
    int j = 0;
    for (; j + 3 < n; j += 4) {
      h = (h ^ Double.doubleToLongBits(key[j])) * 0x100000001B3L;
      h1 = (h1 ^ Double.doubleToLongBits(key[j + 1])) * 0x100000001B3L;
      h2 = (h2 ^ Double.doubleToLongBits(key[j + 2])) * 0x100000001B3L;
      h3 = (h3 ^ Double.doubleToLongBits(key[j + 3])) * 0x100000001B3L;
      h ^= h >>> 29;
      h1 ^= h1 >>> 29;
      h2 ^= h2 >>> 29;
      h3 ^= h3 >>> 29;
    }
    for (; j < n; j++) {
      h = (h ^ Double.doubleToLongBits(key[j])) * 0x100000001B3L;
      h ^= h >>> 29;
    }
    h = ((h * 31 + h1) * 31 + h2) * 31 + h3;
    h *= 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  /** The second slot a state may live in (two-way: a new state does not evict a live neighbour). */
  private int second(int hash) {
    return (hash ^ (hash >>> 16) * 0x45D9F3B ^ 1) & mask;
  }

  /** Returns the cached entry for this state, or null. */
  Entry get(double[] key, long lo, long hi, double cost, int digits, PopulationReservoir.Group group, long epoch,
      int hash, ActiveModel model, long now) {
    Entry e = slots.get(hash & mask);
    if (!matches(e, key, lo, hi, cost, digits, group, epoch, hash, model, now)) {
      e = slots.get(second(hash));
      if (!matches(e, key, lo, hi, cost, digits, group, epoch, hash, model, now)) {
        return null;
      }
    }
    return e;
  }

  private static boolean matches(Entry e, double[] key, long lo, long hi, double cost, int digits,
      PopulationReservoir.Group group, long epoch, int hash, ActiveModel model, long now) {
    return e != null && e.hash == hash && e.model == model && e.lo == lo && e.hi == hi && e.digits == digits
        && e.group == group && e.epoch == epoch && e.costBits == Double.doubleToLongBits(cost)
        && now - e.expires < 0 && same(e.key, key);
  }

  /** Stores a state in its first slot if that is free, expired or stale, else its second, else the older. */
  void put(double[] key, long lo, long hi, double cost, int digits, PopulationReservoir.Group group, long epoch,
      int hash, ActiveModel model, long now, long baselineMinor, double demand, int binding) {
    Entry e = new Entry(key.clone(), lo, hi, Double.doubleToLongBits(cost), digits, group, epoch, hash, model,
        now + ttlNanos, baselineMinor, demand, binding);
    int a = hash & mask;
    int b = second(hash);
    Entry ea = slots.get(a);
    Entry eb = slots.get(b);
    int slot;
    if (free(ea, model, now)) {
      slot = a;
    } else if (free(eb, model, now)) {
      slot = b;
    } else {
      slot = ea.expires - eb.expires <= 0 ? a : b;
    }
    slots.set(slot, e);
  }

  /**
   * Whether a slot may be taken without evicting a live entry: empty, another model's, expired, or computed
   * for an earlier epoch of its category's population (a ring that has moved on never serves it again).
   */
  private static boolean free(Entry e, ActiveModel model, long now) {
    return e == null || e.model != model || now - e.expires >= 0 || (e.group != null && e.group.epoch() != e.epoch);
  }

  /** Drops every entry (a model swap). */
  void clear() {
    for (int i = 0; i < slots.length(); i++) {
      slots.set(i, null);
    }
  }

  private static boolean same(double[] a, double[] b) {
    for (int j = 0; j < a.length; j++) {
      if (Double.doubleToLongBits(a[j]) != Double.doubleToLongBits(b[j])) {
        return false;
      }
    }
    return true;
  }
}
