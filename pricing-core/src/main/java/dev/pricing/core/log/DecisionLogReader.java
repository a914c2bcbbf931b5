package dev.pricing.core.log;

import dev.pricing.api.FeatureSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Reads a {@link DecisionLog} directory: decisions joined with their outcomes, and {@link #why} reports.
 *
 * <p>{@link #open} reads every segment once, verifying every record's CRC32C, and indexes the outcomes by
 * {@code (runId, decisionId)}; {@link #stats()} reports what it skipped. {@link #decisions()} then streams the
 * decisions segment by segment (one segment in memory at a time), in log order, each joined with its outcome
 * (several outcomes for one decision are summed; the latest time is kept). Damaged bytes are never returned:
 * an invalid record is skipped by scanning forward for the next valid record frame (see {@link LogReadStats}).
 *
 * <p>The reader sees the segments present when it was opened. It may read a directory a live log is writing:
 * the live segment's unflushed end then reads as a torn tail. A segment deleted by retention after
 * {@code open} is skipped by later iterations.
 *
 * <p>Immutable after {@link #open} and thread-safe: each iteration reads the files afresh.
 */
public final class DecisionLogReader {
  private final Path directory;
  private final List<Path> segments;
  private final Map<Key, LoggedOutcome> outcomes;
  private final List<LoggedOutcome> outcomeList;
  private final LogReadStats stats;

  private record Key(UUID runId, long decisionId) {}

  private DecisionLogReader(Path directory, List<Path> segments, Map<Key, LoggedOutcome> outcomes,
      List<LoggedOutcome> outcomeList, LogReadStats stats) {
    this.directory = directory;
    this.segments = segments;
    this.outcomes = outcomes;
    this.outcomeList = outcomeList;
    this.stats = stats;
  }

  /**
   * Opens a log directory and checks every segment.
   *
   * @param directory the directory a {@link DecisionLog} wrote
   * @return the reader
   * @throws IllegalArgumentException naming the path if it is not a directory
   * @throws UncheckedIOException if it cannot be read
   */
  public static DecisionLogReader open(Path directory) {
    Objects.requireNonNull(directory, "directory must not be null");
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException("directory must be an existing directory, found " + directory);
    }
    List<Path> segs;
    try {
      segs = DecisionLog.listSegments(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list decision log " + directory, e);
    }
    Counters c = new Counters();
    Map<Key, LoggedOutcome> joined = new HashMap<>();
    List<LoggedOutcome> all = new ArrayList<>();
    Set<Key> decisionKeys = new HashSet<>();
    for (Path p : segs) {
      scan(p, c, (type, src, run, schema) -> {
        if (type == SegmentFormat.TYPE_OUTCOME) {
          LoggedOutcome o = SegmentFormat.decodeOutcome(src, run);
          all.add(o);
          c.outcomes++;
          joined.merge(new Key(run, o.decisionId()), o, (a, b) -> new LoggedOutcome(run, a.decisionId(),
              a.units() + b.units(), b.time().isAfter(a.time()) ? b.time() : a.time(), b.loggedAt()));
        } else if (type == SegmentFormat.TYPE_DECISION) {
          // Validate the record fully, but keep only its key.
          LoggedDecision d = SegmentFormat.decodeDecision(src, run, schema);
          decisionKeys.add(new Key(run, d.decisionId()));
          c.decisions++;
        }
      });
    }
    long orphans = 0;
    for (LoggedOutcome o : all) {
      if (!decisionKeys.contains(new Key(o.runId(), o.decisionId()))) {
        orphans++;
      }
    }
    LogReadStats stats = new LogReadStats(segs.size(), c.unreadable, c.decisions, c.outcomes, orphans,
        c.corruptRegions, c.corruptBytes, c.tornTails, c.tornBytes, c.undecodable);
    return new DecisionLogReader(directory, segs, joined, List.copyOf(all), stats);
  }

  /**
   * Returns the directory.
   *
   * @return the directory
   */
  public Path directory() {
    return directory;
  }

  /**
   * Returns the segment files, oldest first.
   *
   * @return the paths
   */
  public List<Path> segments() {
    return segments;
  }

  /**
   * Returns what {@link #open} found: record counts and everything it skipped.
   *
   * @return the statistics
   */
  public LogReadStats stats() {
    return stats;
  }

  /**
   * Returns every valid outcome record, in log order (not summed).
   *
   * @return the outcomes
   */
  public List<LoggedOutcome> outcomes() {
    return outcomeList;
  }

  /**
   * Returns every decision in log order, joined with its outcome.
   *
   * @return an iterable that reads the segments afresh on each iteration
   */
  public Iterable<LoggedDecision> decisions() {
    return decisions(Instant.MIN, Instant.MAX);
  }

  /**
   * Returns the decisions whose market time is in {@code [from, to)}, in log order, joined with outcomes.
   *
   * @param from the first market time included
   * @param to the first market time excluded
   * @return an iterable that reads the segments afresh on each iteration
   * @throws IllegalArgumentException naming both if {@code to} is before {@code from}
   */
  public Iterable<LoggedDecision> decisions(Instant from, Instant to) {
    Objects.requireNonNull(from, "from must not be null");
    Objects.requireNonNull(to, "to must not be null");
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("to must not be before from, found from " + from + " and to " + to);
    }
    return () -> new DecisionIterator(from, to);
  }

  /**
   * Explains a decision of the most recent run that logged this id (decision ids restart with each engine;
   * use {@link #why(UUID, long)} to name the run). Scans the log.
   *
   * @param decisionId the decision id
   * @return the report, or empty if no run logged the id
   */
  public Optional<DecisionReport> why(long decisionId) {
    return find(null, decisionId).map(DecisionReport::new);
  }

  /**
   * Explains a decision of one run. Scans the log.
   *
   * @param runId the run ({@link DecisionLog#runId()})
   * @param decisionId the decision id
   * @return the report, or empty if the run did not log the id
   */
  public Optional<DecisionReport> why(UUID runId, long decisionId) {
    return find(Objects.requireNonNull(runId, "runId must not be null"), decisionId).map(DecisionReport::new);
  }

  private Optional<LoggedDecision> find(UUID runId, long decisionId) {
    LoggedDecision[] found = new LoggedDecision[1];
    for (Path p : segments) {
      scan(p, new Counters(), (type, src, run, schema) -> {
        if (type == SegmentFormat.TYPE_DECISION && (runId == null || runId.equals(run))) {
          LoggedDecision d = SegmentFormat.decodeDecision(src, run, schema);
          if (d.decisionId() == decisionId) {
            found[0] = join(d);
          }
        }
      });
    }
    return Optional.ofNullable(found[0]);
  }

  private LoggedDecision join(LoggedDecision d) {
    LoggedOutcome o = outcomes.get(new Key(d.runId(), d.decisionId()));
    return o == null ? d : d.withOutcome(o);
  }

  private final class DecisionIterator implements Iterator<LoggedDecision> {
    private final Instant from;
    private final Instant to;
    private int nextSegment;
    private Iterator<LoggedDecision> current = Collections.emptyIterator();

    DecisionIterator(Instant from, Instant to) {
      this.from = from;
      this.to = to;
    }

    @Override
    public boolean hasNext() {
      while (!current.hasNext() && nextSegment < segments.size()) {
        List<LoggedDecision> batch = new ArrayList<>();
        scan(segments.get(nextSegment++), new Counters(), (type, src, run, schema) -> {
          if (type == SegmentFormat.TYPE_DECISION) {
            LoggedDecision d = SegmentFormat.decodeDecision(src, run, schema);
            if (!d.marketTime().isBefore(from) && d.marketTime().isBefore(to)) {
              batch.add(join(d));
            }
          }
        });
        current = batch.iterator();
      }
      return current.hasNext();
    }

    @Override
    public LoggedDecision next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return current.next();
    }
  }

  // ------------------------------------------------------------------------------------------- scanning

  @FunctionalInterface
  private interface RecordHandler {
    void on(byte type, SegmentFormat.Source payload, UUID runId, FeatureSchema schema);
  }

  private static final class Counters {
    int unreadable;
    long decisions;
    long outcomes;
    long corruptRegions;
    long corruptBytes;
    long tornTails;
    long tornBytes;
    long undecodable;
  }

  /** Reads one segment, calling the handler for every valid record; counts what it skips. */
  private static void scan(Path path, Counters c, RecordHandler handler) {
    byte[] b;
    try {
      b = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      return; // deleted by retention since open
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read segment " + path, e);
    }
    if (b.length < SegmentFormat.HEADER_BYTES) {
      if (b.length > 0) {
        c.tornTails++;
        c.tornBytes += b.length;
      }
      return;
    }
    Optional<SegmentFormat.Header> header = SegmentFormat.readHeader(b);
    if (header.isEmpty()) {
      c.unreadable++;
      return;
    }
    UUID run = header.get().runId();
    FeatureSchema schema = null;
    int pos = SegmentFormat.HEADER_BYTES;
    while (pos < b.length) {
      if (!SegmentFormat.validRecordAt(b, pos, b.length)) {
        int next = pos + 1;
        while (next < b.length && !SegmentFormat.validRecordAt(b, next, b.length)) {
          next++;
        }
        if (next >= b.length) {
          c.tornTails++;
          c.tornBytes += b.length - pos;
          return;
        }
        c.corruptRegions++;
        c.corruptBytes += next - pos;
        pos = next;
      }
      int len = SegmentFormat.getInt(b, pos + 4);
      int start = pos + SegmentFormat.RECORD_OVERHEAD;
      pos = start + len;
      SegmentFormat.Source src = new SegmentFormat.Source(b, start + 1, start + len);
      byte type = b[start];
      try {
        if (type == SegmentFormat.TYPE_SCHEMA) {
          schema = SegmentFormat.decodeSchema(src);
        } else if (type == SegmentFormat.TYPE_DECISION || type == SegmentFormat.TYPE_OUTCOME) {
          handler.on(type, src, run, schema);
        } else {
          c.undecodable++;
        }
      } catch (RuntimeException e) {
        c.undecodable++;
      }
    }
  }

  @Override
  public String toString() {
    return "DecisionLogReader[" + directory + ", " + stats + "]";
  }
}
