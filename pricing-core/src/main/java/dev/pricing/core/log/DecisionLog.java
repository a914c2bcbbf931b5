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
 * DecisionLogReader#why}), off-policy evaluation and retraining ({@link Retrainer}). Register it as the
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
 * <p><b>Hot path.</b> {@link #onDecision} and {@link #onOutcome} never block and never touch the disk: they
 * read the wall clock, allocate one small entry and offer it to a lock-free bounded queue. When the queue
 * holds {@link Builder#queueCapacity} entries the record is dropped and counted ({@link #dropped()}); the
 * caller is never slowed by a slow disk. A single writer thread pseudonymises the customer, stores the
 * feature vector the engine's model saw when asked to ({@link Builder#storeFeatures}; the log never runs
 * extractors itself), encodes the record, and writes batches.
 *
 * <p><b>Durability.</b> The writer hands a batch to the operating system (a {@code write} call) every
 * {@link Builder#flushEvery} records or {@link Builder#flushInterval}, whichever comes first; {@link #flushed()}
 * counts the records so handed over. A record counted as flushed survives the death of this process (a
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

  private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final LongAdder dropped = new LongAdder();
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
  private final SegmentFormat.Sink batch = new SegmentFormat.Sink(1 << 16);
  private final SegmentFormat.Sink record = new SegmentFormat.Sink(1024);
  private FileChannel channel;
  private long nextSequence;
  private long segmentSize;
  private FeatureSchema segmentSchema;
  private int pendingRecords;
  private long lastFlushNanos;

  private record DecisionEntry(PricingRequest request, PriceDecision decision, FeatureVector features,
      long wallMillis) {}

  private record OutcomeEntry(Outcome outcome, long wallMillis) {}

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
    offer(new DecisionEntry(request, decision, null, clock.millis()));
  }

  @Override
  public void onDecision(PricingRequest request, PriceDecision decision, FeatureVector features) {
    offer(new DecisionEntry(request, decision, storeFeatures ? features : null, clock.millis()));
  }

  @Override
  public void onOutcome(Outcome outcome) {
    offer(new OutcomeEntry(outcome, clock.millis()));
  }

  private void offer(Object entry) {
    if (stopping) {
      dropped.increment();
      return;
    }
    if (queued.incrementAndGet() > queueCapacity) {
      queued.decrementAndGet();
      dropped.increment();
      return;
    }
    queue.offer(entry);
  }

  /**
   * Returns the number of records (decisions and outcomes) dropped because the queue was full or the log
   * was closed.
   *
   * @return the count
   */
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
    while (queue.poll() != null) {
      queued.decrementAndGet();
      dropped.increment();
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
          if (pendingRecords > 0 && System.nanoTime() - lastFlushNanos >= flushIntervalNanos) {
            flush();
          }
          if (stopping && queue.isEmpty()) {
            break;
          }
          LockSupport.parkNanos(IDLE_PARK_NANOS);
          continue;
        }
        queued.decrementAndGet();
        append(e);
        if (pendingRecords >= flushEvery || System.nanoTime() - lastFlushNanos >= flushIntervalNanos) {
          flush();
        }
      }
      flush();
      closeSegment();
    } catch (RuntimeException | Error t) {
      LOG.log(System.Logger.Level.ERROR, "decision log writer stopped in " + directory, t);
      stopping = true;
      throw t;
    }
  }

  private void append(Object e) {
    record.clear();
    try {
      if (e instanceof DecisionEntry d) {
        encodeDecision(d);
      } else {
        encodeOutcome((OutcomeEntry) e);
      }
    } catch (RuntimeException ex) {
      record.abandonRecord();
      failed.incrementAndGet();
      LOG.log(System.Logger.Level.WARNING, "decision log cannot encode a record; skipped", ex);
      return;
    }
    if (channel != null && segmentSize + record.size > segmentBytes && segmentSize > SegmentFormat.HEADER_BYTES) {
      flush();
      closeSegment();
      enforceRetention();
    }
    if (channel == null && !openSegment()) {
      failed.incrementAndGet();
      return;
    }
    if (storeFeatures && segmentSchema == null && schemaNeeded(e)) {
      int before = batch.size;
      segmentSchema = ((DecisionEntry) e).features().schema();
      SegmentFormat.encodeSchema(batch, segmentSchema);
      segmentSize += batch.size - before;
    }
    int needed = record.size;
    if (batch.buf.length < batch.size + needed) {
      batch.buf = java.util.Arrays.copyOf(batch.buf, Math.max(batch.buf.length * 2, batch.size + needed));
    }
    System.arraycopy(record.buf, 0, batch.buf, batch.size, needed);
    batch.size += needed;
    segmentSize += needed;
    pendingRecords++;
    written.incrementAndGet();
  }

  private boolean schemaNeeded(Object e) {
    return e instanceof DecisionEntry d && d.features() != null;
  }

  private void encodeDecision(DecisionEntry e) {
    PriceDecision d = e.decision();
    PricingRequest r = e.request();
    double[] x = null;
    if (storeFeatures) {
      FeatureVector v = e.features();
      if (v == null || (segmentSchema != null && !v.schema().equals(segmentSchema))) {
        // A fallback decided before its features were complete, or a second engine with another schema.
        featureFailures.incrementAndGet();
      } else {
        x = v.toArray();
      }
    }
    SegmentFormat.Sink s = record;
    s.beginRecord(SegmentFormat.TYPE_DECISION);
    s.i64(d.decisionId());
    s.i64(e.wallMillis());
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

  private void encodeOutcome(OutcomeEntry e) {
    Outcome o = e.outcome();
    SegmentFormat.Sink s = record;
    s.beginRecord(SegmentFormat.TYPE_OUTCOME);
    s.i64(o.decisionId());
    s.i64(e.wallMillis());
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

  private void flush() {
    lastFlushNanos = System.nanoTime();
    if (batch.size == 0 || channel == null) {
      return;
    }
    if (beforeWrite != null) {
      beforeWrite.run();
    }
    int n = batch.size;
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
    }
    batch.clear();
    pendingRecords = 0;
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
      this.clock = Objects.requireNonNull(c, "clock must not be null");
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
