package dev.pricing.onnx;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bounded cache of embeddings keyed by the exact text, with hit and miss counters.
 *
 * <p>When full, the oldest entry (by insertion) is evicted: first in, first out. A lookup neither blocks
 * nor allocates, so it is safe on the pricing hot path. Embeddings are copied in and out of the public
 * methods, so callers cannot change a cached value.
 *
 * <p>Rejects a capacity below 1 ({@link IllegalArgumentException}), null texts and embeddings
 * ({@link NullPointerException}). Thread-safe; counters are exact under concurrency, the size bound may
 * be exceeded by the number of concurrent writers for an instant.
 */
public final class EmbeddingCache {
  private final int capacity;
  private final ConcurrentHashMap<String, float[]> map;
  private final ConcurrentLinkedQueue<String> insertionOrder = new ConcurrentLinkedQueue<>();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder evictions = new LongAdder();

  private EmbeddingCache(int capacity) {
    this.capacity = capacity;
    this.map = new ConcurrentHashMap<>(Math.min(capacity, 1 << 16));
  }

  /**
   * Creates an empty cache.
   *
   * @param capacity the maximum number of entries, at least 1
   * @return the cache
   * @throws IllegalArgumentException if {@code capacity} is less than 1
   */
  public static EmbeddingCache create(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    }
    return new EmbeddingCache(capacity);
  }

  /**
   * Looks a text up, counting a hit or a miss.
   *
   * @param text the text
   * @return a copy of its embedding, or null if it is not cached
   */
  public float[] get(String text) {
    float[] e = peek(text);
    return e == null ? null : e.clone();
  }

  /** The cached array itself (never modify it), counting a hit or a miss; for the hot path. */
  float[] peek(String text) {
    float[] e = map.get(Objects.requireNonNull(text, "text"));
    (e == null ? misses : hits).increment();
    return e;
  }

  /**
   * Returns whether a text is cached, without counting a hit or miss.
   *
   * @param text the text
   * @return true if cached
   */
  public boolean contains(String text) {
    return map.containsKey(Objects.requireNonNull(text, "text"));
  }

  /**
   * Caches an embedding (a copy), unless the text is already cached; evicts the oldest entries beyond
   * the capacity. Use it to pre-warm the cache, for example from a catalogue encoded offline.
   *
   * @param text the text
   * @param embedding its embedding
   */
  public void put(String text, float[] embedding) {
    putOwned(text, Objects.requireNonNull(embedding, "embedding").clone());
  }

  void putOwned(String text, float[] embedding) {
    Objects.requireNonNull(text, "text");
    if (map.putIfAbsent(text, embedding) == null) {
      insertionOrder.add(text);
      while (map.size() > capacity) {
        String oldest = insertionOrder.poll();
        if (oldest == null) {
          break;
        }
        if (map.remove(oldest) != null) {
          evictions.increment();
        }
      }
    }
  }

  /**
   * Returns the number of lookups that found their text.
   *
   * @return the hits so far
   */
  public long hits() {
    return hits.sum();
  }

  /**
   * Returns the number of lookups that did not find their text.
   *
   * @return the misses so far
   */
  public long misses() {
    return misses.sum();
  }

  /**
   * Returns hits / (hits + misses), or 0 before the first lookup.
   *
   * @return the hit rate in [0, 1]
   */
  public double hitRate() {
    long h = hits.sum();
    long total = h + misses.sum();
    return total == 0 ? 0.0 : (double) h / total;
  }

  /**
   * Returns the number of entries evicted to respect the capacity.
   *
   * @return the evictions so far
   */
  public long evictions() {
    return evictions.sum();
  }

  /**
   * Returns the number of cached texts.
   *
   * @return the size, at most about {@link #capacity()}
   */
  public int size() {
    return map.size();
  }

  /**
   * Returns the maximum number of entries.
   *
   * @return the capacity
   */
  public int capacity() {
    return capacity;
  }

  @Override
  public String toString() {
    return "EmbeddingCache[size=" + size() + "/" + capacity + ", hits=" + hits() + ", misses=" + misses()
        + ", evictions=" + evictions() + "]";
  }
}
