package dev.pricing.core.log;

import dev.pricing.api.FeatureContribution;
import dev.pricing.api.FeatureSchema;
import dev.pricing.api.FeatureVector;
import dev.pricing.api.Outcome;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.ReasonCode;
import dev.pricing.api.spi.DecisionListener;
import dev.pricing.core.privacy.Pseudonymiser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * An append-only, crash-safe log of every decision and outcome of one engine, for audits ({@link
 * DecisionLogReader#why}), off-policy evaluation and retraining ({@link dev.pricing.core.demand.Retrainer}). Register it as the
 * engine's listener; when shutting down, stop traffic, then close the log (it drains its queue), then the
 * engine:
 *
 * <pre>{@code
 * DecisionLog log = DecisionLog.builder(dir).pseudonymiser(Pseudonymiser.fromEnvironment("k1", "PRICING_KEY"))
 *     .storeFeatures(true).build();
 * PricingEngine engine = builder.listener(log).build();
 * ...
 * engine.record(Outcome.conversion(decision.decisionId(), true, Instant.now()));
 * ...
 * log.close(); engine.close();
 * }</pre>
 *
 * <p><b>Hot path.</b> {@link #onDecision} and {@link #onOutcome} never block on the writer and never touch
 * the disk. Each calling thread pseudonymises the customer and encodes its own records into a buffer of its
 * own (so the encoding work grows with the number of pricing threads instead of piling up on one writer), and
 * hands the writer a whole chunk of records at a time (about 64 KiB, or fewer records when the queue or
 * {@link Builder#flushEvery} is small) through a lock-free queue. When the records waiting in the queue would
 * exceed {@link Builder#queueCapacity}, the chunk is dropped and its records counted ({@link #dropped()}, also
 * in {@link dev.pricing.api.EngineHealth#listenerDrops()}); the caller is never slowed by a slow disk. A
 * single writer thread splits chunks into segments and writes large batches. The buffer of a thread that
 * stops calling is collected by the writer after {@link Builder#flushInterval}, and by {@link #flush()}.
 *
 * <p><b>Volume.</b> {@link Builder#sample(double)} keeps a fixed share of decisions, chosen by a hash of the
 * decision id (so a decision's outcomes follow it, and the choice is independent of the decision: estimates
 * from the sample stay unbiased); the others are counted in {@link #sampledOut()}, not as drops.
 *
 * <p><b>Durability.</b> The writer hands a batch to the operating system (a {@code write} call) every
 * {@link Builder#flushEvery} records or {@link Builder#flushInterval}, whichever comes first, and
 * {@link #flush()} forces one; {@link #flushed()} counts the records so handed over. A record counted as flushed survives the death of this process (a
 * {@code kill -9} included), because the bytes are in the kernel's page cache; with
 * {@link FsyncPolicy#ON_FLUSH} it also survives a power failure. A killed process loses at most the records
 * not yet flushed; every record is framed with a CRC32C, so the reader detects and skips a torn tail and never
 * returns a damaged record. Each run starts a new segment: earlier segments are never written again.
 *
 * <p><b>Runs.</b> Decision ids are unique only within one engine instance. Each {@code DecisionLog} instance
 * is a run with a random {@link #runId()} written in every segment header; readers identify a decision by
 * {@code (runId, decisionId)} and join outcomes within a run. Use one log (one run) per engine instance.
 *
 * <p><b>Privacy.</b> The customer id is replaced by its keyed pseudonym ({@link Pseudonymiser}); the
 * customer's attributes map, behaviour summary and behaviour events are never written. With
 * {@link Builder#storeFeatures} the engine's feature vector is written: it contains the personal features the
 * engine was configured with (derived behaviour features and any {@code customer.attr.*} features).
 *
 * <p>Thread-safe: any number of threads may call the listener methods and the counters concurrently.
 * {@link #close()} is idempotent; it drains the queue, flushes and closes the segment.
 */
public final class DecisionLog implements DecisionListener, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(DecisionLog.class.getName());
  private static final long IDLE_PARK_NANOS = 1_000_000L;

  /**
   * When the writer asks the operating system to put written bytes on stable storage ({@code fsync}).
   * Immutable and thread-safe.
   */
  public enum FsyncPolicy {
    /** Never: the OS writes back when it chooses. Survives process death, not power loss. */
    NEVER,
    /** When a segment is completed (rotation and close): completed segments survive power loss. */
    ON_ROTATE,
    /** After every flush: every flushed record survives power loss (slowest). */
    ON_FLUSH
  }

  private final Path directory;
  private final long segmentBytes;
  private final int queueCapacity;
  private final long flushIntervalNanos;
  private final int flushEvery;
  private final FsyncPolicy fsync;
  private final Duration maxAge;
  private final long maxTotalBytes;
  private final Pseudonymiser pseudonymiser;
  private final boolean storeFeatures;
  private final Clock clock;
  private final Runnable beforeWrite;
  private final UUID runId = UUID.randomUUID();

  /** The size at which a thread's buffer is handed to the writer. */
  static final int CHUNK_BYTES = 64 << 10;
  /** Chunk buffers the writer has copied out, for the pricing threads to fill again (bounded). */
  private static final int POOL_SIZE = 64;

  private final java.util.concurrent.ConcurrentLinkedQueue<byte[]> pool =
      new java.util.concurrent.ConcurrentLinkedQueue<>();

  private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder sampledOut = new LongAdder();
  /** Keep a decision when the top 53 bits of its mixed id fall below this; 2^53 keeps all. */
  private final long sampleThreshold;
  private final double sampleRate;
  /** Records a thread buffers before handing them over. */
  private final int chunkRecords;
  private final ThreadLocal<Buffer> buffers = ThreadLocal.withInitial(this::newBuffer);
  private final java.util.concurrent.CopyOnWriteArrayList<Buffer> allBuffers =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  /** The schema of the first feature vector seen; vectors over another schema are written without features. */
  private final java.util.concurrent.atomic.AtomicReference<FeatureSchema> logSchema =
      new java.util.concurrent.atomic.AtomicReference<>();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong flushed = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong featureFailures = new AtomicLong();
  private final AtomicLong segmentsCreated = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean stopping;
  private volatile Path activeSegment;
  private final Object retentionLock = new Object();
  private final FileChannel lockChannel;
  private final FileLock dirLock;
  private final Thread writer;

  // Writer-thread state.
  private final SegmentFormat.Sink batch = new SegmentFormat.Sink(1 << 17);
  private FileChannel channel;
  private long nextSequence;
  private long segmentSize;
  private FeatureSchema segmentSchema;
  private int pendingRecords;
  private long lastFlushNanos;
  private long lastCollectNanos;

  /**
   * One calling thread's records, encoded and framed, not yet handed to the writer. Guarded by its own
   * monitor: the owner takes it for every record (uncontended), the writer and {@link #flush()} only to
   * collect a partial buffer.
   */
  private static final class Buffer {
    SegmentFormat.Sink sink = new SegmentFormat.Sink(CHUNK_BYTES + (CHUNK_BYTES >> 2));
    int[] ends = new int[256];
    boolean[] features = new boolean[256];
    int records;
    long firstNanos;

    void add(int end, boolean hasFeatures) {
      if (records == ends.length) {
        ends = java.util.Arrays.copyOf(ends, records * 2);
        features = java.util.Arrays.copyOf(features, records * 2);
      }
      if (records == 0) {
        firstNanos = System.nanoTime();
      }
      ends[records] = end;
      features[records] = hasFeatures;
      records++;
    }

    /** Hands over the buffered records and starts a fresh buffer (a recycled one when there is one). */
    Chunk take(java.util.Queue<byte[]> pool) {
      Chunk c = new Chunk(sink.buf, ends, features, records);
      byte[] reuse = pool.poll();
      sink = reuse != null ? new SegmentFormat.Sink(reuse) : new SegmentFormat.Sink(CHUNK_BYTES + (CHUNK_BYTES >> 2));
      ends = new int[Math.max(16, records)];
      features = new boolean[ends.length];
      records = 0;
      return c;
    }
  }

  /** Encoded records handed to the writer: record {@code i} ends at {@code ends[i]}. */
  private record Chunk(byte[] bytes, int[] ends, boolean[] features, int records) {}

  /** A {@link #flush()} waiting for the writer to reach it. */
  private static final class FlushRequest {
    final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
    volatile IOException failure;
  }

  private DecisionLog(Builder b) {
    this.directory = b.directory;
    this.segmentBytes = b.segmentBytes;
    this.queueCapacity = b.queueCapacity;
    this.flushIntervalNanos = b.flushInterval.toNanos();
    this.flushEvery = b.flushEvery;
    this.fsync = b.fsync;
    this.maxAge = b.maxAge;
    this.maxTotalBytes = b.maxTotalBytes;
    this.pseudonymiser = b.pseudonymiser;
    this.storeFeatures = b.storeFeatures;
    this.clock = b.clock;
    this.beforeWrite = b.beforeWrite;
    this.sampleRate = b.sampleRate;
    this.sampleThreshold = b.sampleRate >= 1 ? 1L << 53 : (long) Math.ceil(b.sampleRate * (1L << 53));
    this.chunkRecords = Math.max(1, Math.min(b.flushEvery, b.queueCapacity / 8));
    try {
      Files.createDirectories(directory);
      lockChannel = FileChannel.open(directory.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = lockChannel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        lockChannel.close();
        throw new IllegalStateException("directory " + directory + " is in use by another open DecisionLog");
      }
      dirLock = lock;
      long max = -1;
      for (Path p : listSegments(directory)) {
        max = Math.max(max, SegmentFormat.sequenceOf(p.getFileName().toString()));
      }
      nextSequence = max + 1;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open decision log directory " + directory, e);
    }
    enforceRetention();
    lastFlushNanos = System.nanoTime();
    writer = new Thread(this::runWriter, "pricing-decision-log-" + runId.toString().substring(0, 8));
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Starts a builder.
   *
   * @param directory the directory holding the segments (created if missing); one open log per directory
   * @return the builder
   * @throws NullPointerException if the directory is null
   */
  public static Builder builder(Path directory) {
    return new Builder(Objects.requireNonNull(directory, "directory must not be null"));
  }

  /**
   * Returns whether the engine should hand this log the feature vector of each decision: true when
   * {@link Builder#storeFeatures} is on. The vector is the one the model saw on the pricing thread.
   *
   * @return whether features are stored
   */
  @Override
  public boolean wantsFeatures() {
    return storeFeatures;
  }

  /**
   * Returns this run's id, written in every segment header it creates.
   *
   * @return the run id
   */
  public UUID runId() {
    return runId;
  }

  /**
   * Returns the log directory.
   *
   * @return the directory
   */
  public Path directory() {
    return directory;
  }

  @Override
  public void onDecision(PricingRequest request, PriceDecision decision) {
    onDecision(request, decision, null);
  }

  @Override
  public void onDecision(PricingRequest request, PriceDecision decision, FeatureVector features) {
    if (stopping) {
      dropped.increment();
      return;
    }
    if (!sampled(decision.decisionId())) {
      sampledOut.increment();
      return;
    }
    long wallMillis = clock.millis();
    double[] x = null;
    if (storeFeatures) {
      if (features != null && (logSchema.get() != null || logSchema.compareAndSet(null, features.schema()))
          && features.schema().equals(logSchema.get())) {
        x = features.toArray();
      } else {
        // A fallback decided before its features were complete, or a second engine with another schema.
        featureFailures.incrementAndGet();
      }
    }
    Buffer b = buffers.get();
    synchronized (b) {
      try {
        encodeDecision(b.sink, request, decision, x, wallMillis);
      } catch (RuntimeException ex) {
        b.sink.abandonRecord();
        failed.incrementAndGet();
        LOG.log(System.Logger.Level.WARNING, "decision log cannot encode a decision; skipped", ex);
        return;
      }
      b.add(b.sink.size, x != null);
      if (b.sink.size >= CHUNK_BYTES || b.records >= chunkRecords) {
        // Queued under the buffer's lock, so one thread's chunks reach the writer in the order it wrote them.
        hand(b.take(pool));
      }
    }
  }

  @Override
  public void onOutcome(Outcome outcome) {
    if (stopping) {
      dropped.increment();
      return;
    }
    if (!sampled(outcome.decisionId())) {
      sampledOut.increment();
      return;
    }
    long wallMillis = clock.millis();
    Buffer b = buffers.get();
    synchronized (b) {
      encodeOutcome(b.sink, outcome, wallMillis);
      b.add(b.sink.size, false);
      if (b.sink.size >= CHUNK_BYTES || b.records >= chunkRecords) {
        hand(b.take(pool));
      }
    }
  }

  /** Whether a decision (and so its outcomes) is in the sample: a fixed hash of the id, the same everywhere. */
  private boolean sampled(long decisionId) {
    if (sampleThreshold >= 1L << 53) {
      return true;
    }
    long z = decisionId + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z ^= z >>> 31;
    return (z >>> 11) < sampleThreshold;
  }

  private Buffer newBuffer() {
    Buffer b = new Buffer();
    allBuffers.add(b);
    return b;
  }

  /** Offers a chunk to the writer, or drops and counts it when the queue is full. */
  private void hand(Chunk c) {
    if (queued.addAndGet(c.records()) > queueCapacity) {
      queued.addAndGet(-c.records());
      dropped.add(c.records());
      return;
    }
    queue.offer(c);
  }

  /** Takes every thread's partial buffer (older than {@code minAgeNanos}) and queues it, never dropping it. */
  private void collect(long minAgeNanos) {
    long now = System.nanoTime();
    for (Buffer b : allBuffers) {
      synchronized (b) {
        if (b.records > 0 && now - b.firstNanos >= minAgeNanos) {
          Chunk c = b.take(pool);
          queued.addAndGet(c.records());
          queue.offer(c);
        }
      }
    }
  }

  /**
   * Writes every record offered before this call and returns once the operating system has it (and, under
   * {@link FsyncPolicy#ON_FLUSH}, once it is on stable storage); {@link #flushed()} then counts it. Records
   * offered concurrently by other threads may or may not be included. Blocks the caller, so call it from a
   * shutdown or checkpoint path, never on a pricing thread. After {@link #close()} it returns at once.
   *
   * @throws UncheckedIOException if the write or the fsync failed (the records are counted in {@link #failed()})
   * @throws IllegalStateException if the writer thread has stopped after an unexpected error
   */
  public void flush() {
    if (closed.get() || stopping) {
      return;
    }
    FlushRequest f = new FlushRequest();
    collect(0);
    queue.offer(f);
    LockSupport.unpark(writer);
    boolean interrupted = false;
    try {
      while (true) {
        try {
          if (f.done.await(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            break;
          }
        } catch (InterruptedException e) {
          interrupted = true;
        }
        if (!writer.isAlive()) {
          if (f.done.getCount() == 0) {
            break;
          }
          throw new IllegalStateException("decision log writer in " + directory + " has stopped; flush impossible");
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    if (f.failure != null) {
      throw new UncheckedIOException("decision log flush failed in " + directory, f.failure);
    }
  }

  /**
   * Returns the number of decisions and outcomes left out by {@link Builder#sample(double)} (not drops).
   *
   * @return the count
   */
  public long sampledOut() {
    return sampledOut.sum();
  }

  /**
   * Returns the share of decisions kept ({@link Builder#sample(double)}).
   *
   * @return the sample rate, in (0, 1]
   */
  public double sampleRate() {
    return sampleRate;
  }

  /**
   * Returns the number of records (decisions and outcomes) dropped because the queue was full or the log
   * was closed. The engine reports it in {@link dev.pricing.api.EngineHealth#listenerDrops()}.
   *
   * @return the count
   */
  @Override
  public long dropped() {
    return dropped.sum();
  }

  /**
   * Returns the number of records the writer has encoded (flushed or waiting for the next flush).
   *
   * @return the count
   */
  public long written() {
    return written.get();
  }

  /**
   * Returns the number of records handed to the operating system: these survive the death of the process.
   *
   * @return the count
   */
  public long flushed() {
    return flushed.get();
  }

  /**
   * Returns the number of bytes handed to the operating system, segment headers included.
   *
   * @return the byte count
   */
  public long bytes() {
    return bytes.get();
  }

  /**
   * Returns the number of records lost to an I/O error or that could not be encoded (for example a string
   * field over 65535 bytes); each such failure is also logged through {@link System.Logger}.
   *
   * @return the count
   */
  public long failed() {
    return failed.get();
  }

  /**
   * Returns the number of decisions written without their feature vector: fallbacks decided before every
   * feature was extracted, or decisions from an engine whose schema differs from the segment's.
   *
   * @return the count
   */
  public long featureFailures() {
    return featureFailures.get();
  }

  /**
   * Returns the number of records waiting in the queue.
   *
   * @return the count
   */
  public int queued() {
    return Math.max(0, Math.min(queued.get(), queueCapacity));
  }

  /**
   * Returns the number of segments this run has created.
   *
   * @return the count
   */
  public long segments() {
    return segmentsCreated.get();
  }

  /**
   * Deletes whole segments, oldest first, that retention no longer allows: those last modified more than
   * {@link Builder#retainFor} ago, then as many more as needed to bring the directory's segments within
   * {@link Builder#retainBytes}. The segment being written is never deleted, and no segment is ever
   * truncated. Runs when the log opens and after every rotation; callers may run it at any time.
   *
   * @return the number of segments deleted
   */
  public int enforceRetention() {
    if (maxAge == null && maxTotalBytes == Long.MAX_VALUE) {
      return 0;
    }
    synchronized (retentionLock) {
      int deleted = 0;
      try {
        List<Path> segs = listSegments(directory);
        Path active = activeSegment;
        Instant cutoff = maxAge == null ? null : clock.instant().minus(maxAge);
        long total = 0;
        List<long[]> sizes = new ArrayList<>();
        for (Path p : segs) {
          long size = Files.size(p);
          total += size;
          sizes.add(new long[] {size});
        }
        for (int i = 0; i < segs.size(); i++) {
          Path p = segs.get(i);
          if (p.equals(active)) {
            continue;
          }
          boolean old = cutoff != null && Files.getLastModifiedTime(p).toInstant().isBefore(cutoff);
          if (old || total > maxTotalBytes) {
            if (Files.deleteIfExists(p)) {
              deleted++;
              total -= sizes.get(i)[0];
            }
          }
        }
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "decision log retention failed in " + directory, e);
      }
      return deleted;
    }
  }

  static List<Path> listSegments(Path directory) throws IOException {
    try (Stream<Path> s = Files.list(directory)) {
      return s.filter(p -> SegmentFormat.sequenceOf(p.getFileName().toString()) >= 0).sorted().toList();
    }
  }

  /**
   * Stops accepting records, drains the queue, flushes, forces the segment to disk (unless the policy is
   * {@link FsyncPolicy#NEVER}) and closes it. Idempotent; waits for the writer thread.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    stopping = true;
    LockSupport.unpark(writer);
    boolean interrupted = false;
    while (writer.isAlive()) {
      try {
        writer.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    // A record offered concurrently with close, after the writer's last look at the queue, is dropped.
    Object left;
    while ((left = queue.poll()) != null) {
      if (left instanceof Chunk c) {
        queued.addAndGet(-c.records());
        dropped.add(c.records());
      } else if (left instanceof FlushRequest f) {
        f.done.countDown();
      }
    }
    for (Buffer b : allBuffers) {
      synchronized (b) {
        if (b.records > 0) {
          dropped.add(b.records);
          b.take(pool);
        }
      }
    }
    try {
      dirLock.release();
      lockChannel.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot release the decision log lock in " + directory, e);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "DecisionLog[" + directory + ", run " + runId + ", written " + written() + ", flushed " + flushed()
        + ", dropped " + dropped() + "]";
  }

  // ---------------------------------------------------------------------------------------------- writer

  private void runWriter() {
    try {
      while (true) {
        Object e = queue.poll();
        if (e == null) {
          long now = System.nanoTime();
          if (now - lastCollectNanos >= flushIntervalNanos / 2) {
            lastCollectNanos = now;
            collect(flushIntervalNanos / 2);
            if (!queue.isEmpty()) {
              continue;
            }
          }
          if (pendingRecords > 0 && now - lastFlushNanos >= flushIntervalNanos) {
            writeBatch();
          }
          if (stopping && queue.isEmpty()) {
            collect(0);
            if (queue.isEmpty()) {
              break;
            }
            continue;
          }
          LockSupport.parkNanos(IDLE_PARK_NANOS);
          continue;
        }
        if (e instanceof FlushRequest f) {
          f.failure = writeBatch();
          if (f.failure == null && fsync == FsyncPolicy.ON_FLUSH && channel != null) {
            try {
              channel.force(false);
            } catch (IOException ex) {
              f.failure = ex;
            }
          }
          f.done.countDown();
          continue;
        }
        Chunk c = (Chunk) e;
        queued.addAndGet(-c.records());
        append(c);
        recycle(c.bytes());
        if (pendingRecords >= flushEvery || System.nanoTime() - lastFlushNanos >= flushIntervalNanos) {
          writeBatch();
        }
      }
      writeBatch();
      closeSegment();
    } catch (RuntimeException | Error t) {
      LOG.log(System.Logger.Level.ERROR, "decision log writer stopped in " + directory, t);
      stopping = true;
      throw t;
    }
  }

  /** Offers a copied-out chunk buffer for reuse, keeping the pool bounded. */
  private void recycle(byte[] bytes) {
    if (bytes.length == CHUNK_BYTES + (CHUNK_BYTES >> 2) && pool.size() < POOL_SIZE) {
      pool.offer(bytes);
    }
  }

  /** Copies a chunk's records into the batch, rotating segments at record boundaries. */
  private void append(Chunk c) {
    int start = 0;
    for (int i = 0; i < c.records(); i++) {
      int end = c.ends()[i];
      int needed = end - start;
      if (channel != null && segmentSize + needed > segmentBytes && segmentSize > SegmentFormat.HEADER_BYTES) {
        writeBatch();
        closeSegment();
        enforceRetention();
      }
      if (channel == null && !openSegment()) {
        failed.incrementAndGet();
        start = end;
        continue;
      }
      if (c.features()[i] && segmentSchema == null) {
        int before = batch.size;
        segmentSchema = logSchema.get();
        SegmentFormat.encodeSchema(batch, segmentSchema);
        segmentSize += batch.size - before;
      }
      if (batch.buf.length < batch.size + needed) {
        batch.buf = java.util.Arrays.copyOf(batch.buf, Math.max(batch.buf.length * 2, batch.size + needed));
      }
      System.arraycopy(c.bytes(), start, batch.buf, batch.size, needed);
      batch.size += needed;
      segmentSize += needed;
      pendingRecords++;
      written.incrementAndGet();
      start = end;
    }
  }

  private void encodeDecision(SegmentFormat.Sink s, PricingRequest r, PriceDecision d, double[] x,
      long wallMillis) {
    s.beginRecord(SegmentFormat.TYPE_DECISION);
    s.i64(d.decisionId());
    s.i64(wallMillis);
    s.instant(r.market().time());
    s.string(d.productId());
    s.string(pseudonymiser.pseudonymise(r.customer().id()));
    s.string(d.currency().getCurrencyCode());
    s.decimal(d.price());
    s.decimal(d.proposedPrice());
    s.decimal(d.referencePrice());
    s.decimal(d.baselinePrice());
    s.f64(d.expectedConversion());
    s.f64(d.expectedRevenue());
    s.f64(d.expectedProfit());
    s.f64(d.baselineExpectedProfit());
    s.f64(d.propensity());
    s.string(d.modelVersion());
    int nReasons = Math.min(255, d.reasons().size());
    s.u8(nReasons);
    for (int i = 0; i < nReasons; i++) {
      ReasonCode rc = d.reasons().get(i);
      s.string(rc.id());
    }
    s.string(d.bindingGuardrail().map(g -> g.id()).orElse(""));
    s.u8((d.personalised() ? SegmentFormat.FLAG_PERSONALISED : 0) | (d.fallback() ? SegmentFormat.FLAG_FALLBACK : 0));
    int nContrib = Math.min(0xFFFF, d.contributions().size());
    s.u16(nContrib);
    for (int i = 0; i < nContrib; i++) {
      FeatureContribution c = d.contributions().get(i);
      s.string(c.feature());
      s.f64(c.value());
      s.f64(c.referenceValue());
      s.f64(c.scoreContribution());
      s.u8(c.priceEffect().isPresent() ? 1 : 0);
      s.f64(c.priceEffect().orElse(0));
    }
    if (x == null) {
      s.i32(0);
    } else {
      s.i32(x.length);
      for (double v : x) {
        s.f64(v);
      }
    }
    s.endRecord();
  }

  private static void encodeOutcome(SegmentFormat.Sink s, Outcome o, long wallMillis) {
    s.beginRecord(SegmentFormat.TYPE_OUTCOME);
    s.i64(o.decisionId());
    s.i64(wallMillis);
    s.f64(o.units());
    s.instant(o.time());
    s.endRecord();
  }

  private boolean openSegment() {
    Path path = directory.resolve(SegmentFormat.fileName(nextSequence));
    try {
      channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (IOException ex) {
      LOG.log(System.Logger.Level.WARNING, "decision log cannot create segment " + path, ex);
      nextSequence++;
      return false;
    }
    byte[] header = SegmentFormat.header(runId, nextSequence, clock.millis());
    nextSequence++;
    activeSegment = path;
    segmentsCreated.incrementAndGet();
    batch.bytes(header);
    segmentSize = header.length;
    segmentSchema = null;
    FeatureSchema known = logSchema.get();
    if (storeFeatures && known != null) {
      int before = batch.size;
      segmentSchema = known;
      SegmentFormat.encodeSchema(batch, known);
      segmentSize += batch.size - before;
    }
    if (fsync != FsyncPolicy.NEVER) {
      forceDirectory();
    }
    return true;
  }

  private void forceDirectory() {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException | UnsupportedOperationException ex) {
      // Not every platform can open a directory; the segment itself is still forced.
    }
  }

  /** Writes the batch; returns the I/O failure, if any (its records are counted as failed). */
  private IOException writeBatch() {
    lastFlushNanos = System.nanoTime();
    if (batch.size == 0 || channel == null) {
      return null;
    }
    if (beforeWrite != null) {
      beforeWrite.run();
    }
    int n = batch.size;
    IOException failure = null;
    try {
      ByteBuffer buf = ByteBuffer.wrap(batch.buf, 0, n);
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
      if (fsync == FsyncPolicy.ON_FLUSH) {
        channel.force(false);
      }
      flushed.addAndGet(pendingRecords);
      bytes.addAndGet(n);
    } catch (IOException ex) {
      failed.addAndGet(pendingRecords);
      LOG.log(System.Logger.Level.ERROR, "decision log lost " + pendingRecords + " records writing " + activeSegment
          + "; the next record starts a new segment", ex);
      abandonSegment();
      failure = ex;
    }
    batch.clear();
    pendingRecords = 0;
    return failure;
  }

  private void closeSegment() {
    if (channel == null) {
      return;
    }
    try {
      if (fsync != FsyncPolicy.NEVER) {
        channel.force(false);
      }
      channel.close();
    } catch (IOException ex) {
      LOG.log(System.Logger.Level.WARNING, "decision log cannot close segment " + activeSegment, ex);
    }
    channel = null;
    activeSegment = null;
  }

  private void abandonSegment() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // already failing; the segment is left as it is and its tail will read as torn
    }
    channel = null;
    activeSegment = null;
  }

  /**
   * Configures a {@link DecisionLog}. Not thread-safe; use from one thread.
   */
  public static final class Builder {
    private final dev.pricing.core.internal.BuilderOptions options =
        new dev.pricing.core.internal.BuilderOptions("decisionLog");
    private final Path directory;
    private long segmentBytes = 64L << 20;
    private int queueCapacity = 1 << 16;
    private Duration flushInterval = Duration.ofMillis(200);
    private int flushEvery = 1024;
    private FsyncPolicy fsync = FsyncPolicy.ON_ROTATE;
    private Duration maxAge;
    private long maxTotalBytes = Long.MAX_VALUE;
    private Pseudonymiser pseudonymiser;
    private boolean storeFeatures;
    private Clock clock = Clock.systemUTC();
    private Runnable beforeWrite;
    private double sampleRate = 1.0;

    private Builder(Path directory) {
      this.directory = directory;
    }

    /**
     * Sets the size at which a segment is closed and a new one started (default 64 MiB). A segment holds at
     * least one record, so a record larger than this gets a segment of its own.
     *
     * @param bytes the size, at least 1024
     * @return this builder
     * @throws IllegalArgumentException naming the value if it is below 1024
     */
    public Builder segmentBytes(long bytes) {
      options.once("segmentBytes", bytes);
      if (bytes < 1024) {
        throw new IllegalArgumentException("segmentBytes must be at least 1024, found " + bytes);
      }
      this.segmentBytes = bytes;
      return this;
    }

    /**
     * Sets how many records may wait for the writer (default 65536); beyond it records are dropped and
     * counted.
     *
     * @param capacity the capacity, positive
     * @return this builder
     * @throws IllegalArgumentException naming the value if it is not positive
     */
    public Builder queueCapacity(int capacity) {
      options.once("queueCapacity", capacity);
      if (capacity <= 0) {
        throw new IllegalArgumentException("queueCapacity must be positive, found " + capacity);
      }
      this.queueCapacity = capacity;
      return this;
    }

    /**
     * Sets the longest time a written record waits before it is flushed to the OS (default 200 ms).
     *
     * @param interval the interval, positive
     * @return this builder
     * @throws IllegalArgumentException naming the value if it is not positive
     */
    public Builder flushInterval(Duration interval) {
      options.once("flushInterval", interval);
      Objects.requireNonNull(interval, "flushInterval must not be null");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("flushInterval must be positive, found " + interval);
      }
      this.flushInterval = interval;
      return this;
    }

    /**
     * Sets how many records trigger a flush before the interval ends (default 1024).
     *
     * @param records the count, positive
     * @return this builder
     * @throws IllegalArgumentException naming the value if it is not positive
     */
    public Builder flushEvery(int records) {
      options.once("flushEvery", records);
      if (records <= 0) {
        throw new IllegalArgumentException("flushEvery must be positive, found " + records);
      }
      this.flushEvery = records;
      return this;
    }

    /**
     * Sets the fsync policy (default {@link FsyncPolicy#ON_ROTATE}).
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder fsync(FsyncPolicy policy) {
      options.once("fsync", policy);
      this.fsync = Objects.requireNonNull(policy, "fsync must not be null");
      return this;
    }

    /**
     * Deletes whole segments last modified longer ago than this (default: kept forever).
     *
     * @param age the age, positive
     * @return this builder
     * @throws IllegalArgumentException naming the value if it is not positive
     */
    public Builder retainFor(Duration age) {
      options.once("retainFor", age);
      Objects.requireNonNull(age, "retainFor must not be null");
      if (age.isNegative() || age.isZero()) {
        throw new IllegalArgumentException("retainFor must be positive, found " + age);
      }
      this.maxAge = age;
      return this;
    }

    /**
     * Deletes the oldest whole segments while the directory's segments exceed this many bytes (default: no
     * limit). The active segment is never deleted, so the directory may exceed the limit by up to one segment.
     *
     * @param maxBytes the limit, positive
     * @return this builder
     * @throws IllegalArgumentException naming the value if it is not positive
     */
    public Builder retainBytes(long maxBytes) {
      options.once("retainBytes", maxBytes);
      if (maxBytes <= 0) {
        throw new IllegalArgumentException("retainBytes must be positive, found " + maxBytes);
      }
      this.maxTotalBytes = maxBytes;
      return this;
    }

    /**
     * Sets the pseudonymiser applied to every customer id before it is written (required).
     *
     * @param p the pseudonymiser
     * @return this builder
     */
    public Builder pseudonymiser(Pseudonymiser p) {
      options.once("pseudonymiser", p);
      this.pseudonymiser = Objects.requireNonNull(p, "pseudonymiser must not be null");
      return this;
    }

    /**
     * Sets whether each decision's feature vector is written (default false); needed to retrain from the
     * log. The engine hands the log the vector its model saw on the pricing thread
     * ({@link dev.pricing.api.spi.DecisionListener#wantsFeatures}); the schema's names are written once per
     * segment.
     *
     * @param store whether to store feature vectors
     * @return this builder
     */
    public Builder storeFeatures(boolean store) {
      options.once("storeFeatures", store);
      this.storeFeatures = store;
      return this;
    }

    /**
     * Sets the clock for wall-clock times and retention ages (default the UTC system clock).
     *
     * @param c the clock
     * @return this builder
     */
    public Builder clock(Clock c) {
      options.once("clock", c);
      this.clock = Objects.requireNonNull(c, "clock must not be null");
      return this;
    }

    /**
     * Keeps only a share of decisions, for volume control (default 1: every decision). The choice is a fixed
     * hash of the decision id, so a decision's outcomes are kept with it and the sample does not depend on
     * the customer, the price or the outcome; records left out are counted in {@link DecisionLog#sampledOut()}.
     *
     * @param rate the share kept, in (0, 1]
     * @return this builder
     * @throws IllegalArgumentException naming the value if it is outside (0, 1]
     */
    public Builder sample(double rate) {
      options.once("sample", rate);
      if (!(rate > 0 && rate <= 1)) {
        throw new IllegalArgumentException("sample rate must be in (0, 1], found " + rate);
      }
      this.sampleRate = rate;
      return this;
    }

    /** Test hook: runs on the writer thread before each batch is written (simulates a slow disk). */
    Builder beforeWrite(Runnable hook) {
      this.beforeWrite = hook;
      return this;
    }

    /**
     * Opens the directory, applies retention and starts the writer thread.
     *
     * @return the log
     * @throws IllegalArgumentException if no pseudonymiser was set
     * @throws IllegalStateException if another open log holds the directory
     * @throws UncheckedIOException if the directory cannot be created or locked
     */
    public DecisionLog build() {
      if (pseudonymiser == null) {
        throw new IllegalArgumentException("pseudonymiser must be set: raw customer ids never reach the log");
      }
      return new DecisionLog(this);
    }
  }
}
