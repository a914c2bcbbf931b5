package dev.pricing.onnx;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Batches concurrent encode requests in front of a {@link TextEncoder} and caches the results.
 *
 * <p>Requests go into a bounded queue; one worker thread takes up to {@code maxBatch} of them, waiting at
 * most {@code maxWait} after the first for more, encodes the distinct texts in one call and puts them in
 * the {@link EmbeddingCache}. A text already cached is answered at once; a text already queued is not
 * queued twice. When the queue is full a request is refused, never waited for: {@link #encodeAsync}
 * returns a future failed with {@link RejectedExecutionException} and {@link #schedule} returns false.
 *
 * <p>Closing this does not close the {@link TextEncoder} (the caller owns it; close this first). Thread-safe.
 * {@link #close()} stops accepting requests, lets the worker finish what is queued, and waits for it; later
 * calls throw {@link IllegalStateException}.
 */
public final class BatchingEncoder implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(BatchingEncoder.class.getName());

  private final TextEncoder encoder;
  private final EmbeddingCache cache;
  private final int maxBatch;
  private final long maxWaitNanos;
  private final BlockingQueue<String> queue;
  private final ConcurrentHashMap<String, CompletableFuture<float[]>> pending = new ConcurrentHashMap<>();
  private final Thread worker;
  private final LongAdder batches = new LongAdder();
  private final LongAdder encoded = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private volatile boolean closed;
  /** Held (shared) while a text is queued, and exclusively by close(): nothing is queued after close. */
  private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();

  private BatchingEncoder(Builder b) {
    this.encoder = b.encoder;
    this.cache = b.cache != null ? b.cache : EmbeddingCache.create(b.cacheCapacity != null ? b.cacheCapacity : 100_000);
    this.maxBatch = b.maxBatch != null ? b.maxBatch : 32;
    this.maxWaitNanos = (b.maxWait != null ? b.maxWait : Duration.ofMillis(5)).toNanos();
    this.queue = new ArrayBlockingQueue<>(b.queueCapacity != null ? b.queueCapacity : 4096);
    this.worker = new Thread(this::run, "pricing-onnx-batcher");
    worker.setDaemon(true);
    worker.start();
  }

  /**
   * Starts a builder.
   *
   * @param encoder the encoder to batch for; not closed by this
   * @return the builder
   * @throws NullPointerException if {@code encoder} is null
   */
  public static Builder builder(TextEncoder encoder) {
    return new Builder(Objects.requireNonNull(encoder, "encoder"));
  }

  /**
   * Returns the embedding of a text: at once from the cache, else when its batch has run.
   *
   * @param text the text, not blank
   * @return a future of a copy of its unit-length embedding; failed with {@link RejectedExecutionException}
   *     if the queue is full, or with the encoder's exception
   * @throws IllegalArgumentException naming {@code text} and its value if it is blank
   * @throws IllegalStateException after {@link #close()}
   */
  public CompletableFuture<float[]> encodeAsync(String text) {
    TextEncoder.checkText(text, "text");
    checkOpen();
    float[] hit = cache.peek(text);
    if (hit != null) {
      return CompletableFuture.completedFuture(hit.clone());
    }
    CompletableFuture<float[]> f = enqueue(text);
    return f == null ? CompletableFuture.failedFuture(refused()) : f.thenApply(float[]::clone);
  }

  /**
   * Queues a text for encoding unless it is cached or queued already. Never blocks; allocates only for a
   * text that is actually queued.
   *
   * @param text the text, not blank
   * @return false if the queue was full and the text was not queued, else true
   * @throws IllegalArgumentException naming {@code text} and its value if it is blank
   * @throws IllegalStateException after {@link #close()}
   */
  public boolean schedule(String text) {
    TextEncoder.checkText(text, "text");
    checkOpen();
    return cache.contains(text) || enqueue(text) != null;
  }

  /** Queues a text, or joins its pending request; null if the queue is full. */
  private CompletableFuture<float[]> enqueue(String text) {
    gate.readLock().lock();
    try {
      checkOpen();
      return enqueueOpen(text);
    } finally {
      gate.readLock().unlock();
    }
  }

  private CompletableFuture<float[]> enqueueOpen(String text) {
    CompletableFuture<float[]> existing = pending.get(text);
    if (existing != null) {
      return existing;
    }
    CompletableFuture<float[]> f = new CompletableFuture<>();
    existing = pending.putIfAbsent(text, f);
    if (existing != null) {
      return existing;
    }
    if (cache.contains(text)) { // finished between our cache check and now
      pending.remove(text, f);
      f.complete(cache.peek(text));
      return f;
    }
    if (!queue.offer(text)) {
      pending.remove(text, f);
      rejected.increment();
      return null;
    }
    return f;
  }

  private RejectedExecutionException refused() {
    return new RejectedExecutionException("encode queue is full (capacity "
        + (queue.size() + queue.remainingCapacity()) + ")");
  }

  private void run() {
    List<String> batch = new ArrayList<>(maxBatch);
    while (true) {
      String first;
      try {
        first = queue.poll(50, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        first = queue.poll();
        if (first == null) {
          break;
        }
      }
      if (first == null) {
        if (closed) {
          break;
        }
        continue;
      }
      batch.clear();
      batch.add(first);
      long deadline = System.nanoTime() + maxWaitNanos;
      while (batch.size() < maxBatch) {
        long left = deadline - System.nanoTime();
        String next;
        try {
          next = left <= 0 ? queue.poll() : queue.poll(left, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          next = queue.poll();
        }
        if (next == null) {
          break;
        }
        batch.add(next);
      }
      process(batch);
    }
  }

  private void process(List<String> batch) {
    List<String> texts = new ArrayList<>(new LinkedHashSet<>(batch));
    try {
      List<float[]> embeddings = encoder.encode(texts);
      batches.increment();
      encoded.add(texts.size());
      for (int i = 0; i < texts.size(); i++) {
        String t = texts.get(i);
        cache.putOwned(t, embeddings.get(i));
        CompletableFuture<float[]> f = pending.remove(t);
        if (f != null) {
          f.complete(embeddings.get(i));
        }
      }
    } catch (RuntimeException e) {
      failures.increment();
      LOG.log(Level.WARNING, "Encoding a batch of " + texts.size() + " texts failed", e);
      for (String t : texts) {
        CompletableFuture<float[]> f = pending.remove(t);
        if (f != null) {
          f.completeExceptionally(e);
        }
      }
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("BatchingEncoder is closed");
    }
  }

  /**
   * Returns the cache this encoder fills and reads.
   *
   * @return the cache
   */
  public EmbeddingCache cache() {
    return cache;
  }

  /**
   * Returns the encoder this batches for.
   *
   * @return the encoder
   */
  public TextEncoder encoder() {
    return encoder;
  }

  /**
   * Returns the number of batches encoded.
   *
   * @return the batches so far
   */
  public long batches() {
    return batches.sum();
  }

  /**
   * Returns the number of texts encoded (each distinct text of a batch once).
   *
   * @return the texts so far
   */
  public long encodedTexts() {
    return encoded.sum();
  }

  /**
   * Returns the number of requests refused because the queue was full.
   *
   * @return the refusals so far
   */
  public long rejected() {
    return rejected.sum();
  }

  /**
   * Returns the number of batches whose encoding failed.
   *
   * @return the failures so far
   */
  public long failedBatches() {
    return failures.sum();
  }

  /**
   * Returns the number of texts waiting in the queue.
   *
   * @return the queue length
   */
  public int queued() {
    return queue.size();
  }

  /**
   * Returns whether {@link #close()} was called.
   *
   * @return true once closed
   */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Stops accepting requests, lets the worker encode what is already queued, and waits for it. Idempotent.
   * Does not close the {@link TextEncoder}.
   */
  @Override
  public void close() {
    gate.writeLock().lock();
    try {
      closed = true; // no enqueue is in progress now, and none will start: the worker sees every queued text
    } finally {
      gate.writeLock().unlock();
    }
    boolean interrupted = false;
    while (worker.isAlive()) {
      try {
        worker.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    for (var e : pending.entrySet()) { // only if the worker died; normally empty
      if (pending.remove(e.getKey(), e.getValue())) {
        e.getValue().completeExceptionally(new IllegalStateException("BatchingEncoder is closed"));
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "BatchingEncoder[batches=" + batches() + ", texts=" + encodedTexts() + ", queued=" + queued()
        + ", rejected=" + rejected() + ", " + cache + "]";
  }

  /**
   * A builder of {@link BatchingEncoder}; validates each option when set ({@link IllegalArgumentException}
   * naming it and its value; {@link IllegalStateException} if set twice). Not thread-safe.
   */
  public static final class Builder {
    private final TextEncoder encoder;
    private Integer queueCapacity;
    private Integer maxBatch;
    private Duration maxWait;
    private Integer cacheCapacity;
    private EmbeddingCache cache;

    private Builder(TextEncoder encoder) {
      this.encoder = encoder;
    }

    private static void once(Object current, String name) {
      if (current != null) {
        throw new IllegalStateException(name + " is already set to " + current);
      }
    }

    /**
     * Sets the most texts that may wait to be encoded (default 4096).
     *
     * @param capacity at least 1
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     */
    public Builder queueCapacity(int capacity) {
      once(queueCapacity, "queueCapacity");
      if (capacity < 1) {
        throw new IllegalArgumentException("queueCapacity must be at least 1: " + capacity);
      }
      queueCapacity = capacity;
      return this;
    }

    /**
     * Sets the most texts per model call (default 32).
     *
     * @param texts between 1 and 1024
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxBatch(int texts) {
      once(maxBatch, "maxBatch");
      if (texts < 1 || texts > 1024) {
        throw new IllegalArgumentException("maxBatch must be in [1, 1024]: " + texts);
      }
      maxBatch = texts;
      return this;
    }

    /**
     * Sets how long the worker waits after the first queued text for more to fill a batch (default 5 ms).
     *
     * @param wait zero to one second
     * @return this builder
     * @throws IllegalArgumentException if negative or longer than a second
     */
    public Builder maxWait(Duration wait) {
      Objects.requireNonNull(wait, "maxWait");
      once(maxWait, "maxWait");
      if (wait.isNegative() || wait.compareTo(Duration.ofSeconds(1)) > 0) {
        throw new IllegalArgumentException("maxWait must be in [0, 1s]: " + wait);
      }
      maxWait = wait;
      return this;
    }

    /**
     * Sets the capacity of a new cache (default 100,000 texts, about 160 MB at 384 dimensions).
     *
     * @param entries at least 1
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     * @throws IllegalStateException if a cache was given with {@link #cache(EmbeddingCache)}
     */
    public Builder cacheCapacity(int entries) {
      once(cacheCapacity, "cacheCapacity");
      once(cache, "cache");
      if (entries < 1) {
        throw new IllegalArgumentException("cacheCapacity must be at least 1: " + entries);
      }
      cacheCapacity = entries;
      return this;
    }

    /**
     * Uses an existing cache, for example one pre-warmed from a catalogue.
     *
     * @param cache the cache
     * @return this builder
     * @throws IllegalStateException if a cache capacity was set
     */
    public Builder cache(EmbeddingCache cache) {
      Objects.requireNonNull(cache, "cache");
      once(this.cache, "cache");
      once(cacheCapacity, "cacheCapacity");
      this.cache = cache;
      return this;
    }

    /**
     * Builds and starts the batching encoder (one daemon worker thread).
     *
     * @return the batching encoder, which the caller must close
     * @throws IllegalStateException if the encoder is closed
     */
    public BatchingEncoder build() {
      if (encoder.isClosed()) {
        throw new IllegalStateException("TextEncoder is closed");
      }
      return new BatchingEncoder(this);
    }
  }
}
