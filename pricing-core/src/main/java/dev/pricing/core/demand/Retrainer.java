package dev.pricing.core.demand;

import dev.pricing.api.PricingEngine;
import dev.pricing.core.log.DecisionLogReader;
import dev.pricing.core.log.LoggedDecision;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Periodically retrains an engine's demand model from its {@link dev.pricing.core.log.DecisionLog} and swaps the new model in only
 * when it passes a {@link QualityGate}.
 *
 * <p>A round ({@link #retrainNow()}, or every period after {@link #start}) reads the log directory, keeps the
 * decisions whose market time lies in the window (the last {@link Builder#window} before the newest logged
 * decision; default everything), turns each decision that has a feature vector over the trainer's schema and
 * an outcome into a {@link LoggedExample} (the price served, the logged propensity, the summed units), and
 * trains with {@link DemandModelTrainer#trainLogged}: the same training code as for offer logs, evaluated on
 * the trainer's own held-out split (configure it on the trainer; {@code ValidationSplit.latestFraction} suits a
 * log). If there are enough examples and the held-out evaluation passes the gate, {@link
 * PricingEngine#swapModel} replaces the model atomically; otherwise the engine keeps its model and the round's
 * {@link RetrainResult} says why. Leave the trainer's version unset so that each retrained model gets a fresh
 * version, visible in the decisions it scores.
 *
 * <p>Thread-safe: rounds never overlap ({@link #retrainNow()} is synchronized); the scheduled rounds run on
 * one daemon thread. {@link #close()} stops the schedule (idempotent) and does not close the engine.
 */
public final class Retrainer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Retrainer.class.getName());

  private final Path directory;
  private final DemandModelTrainer trainer;
  private final PricingEngine engine;
  private final Duration window;
  private final boolean unobservedAsNoSale;
  private final QualityGate gate;
  private final Clock clock;
  private final Consumer<RetrainResult> onResult;
  private volatile RetrainResult last;
  private ScheduledExecutorService scheduler;

  private Retrainer(Builder b) {
    this.directory = b.directory;
    this.trainer = b.trainer;
    this.engine = b.engine;
    this.window = b.window;
    this.unobservedAsNoSale = b.unobservedAsNoSale;
    this.gate = b.gate;
    this.clock = b.clock;
    this.onResult = b.onResult;
  }

  /**
   * Starts a builder.
   *
   * @param logDirectory the decision log's directory (written with {@code storeFeatures(true)})
   * @param trainer the trainer, built with the engine's extractors so the schemas match
   * @param engine the engine to swap models into
   * @return the builder
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException naming both schemas if the trainer's schema differs from the engine's
   */
  public static Builder builder(Path logDirectory, DemandModelTrainer trainer, PricingEngine engine) {
    Objects.requireNonNull(logDirectory, "logDirectory must not be null");
    Objects.requireNonNull(trainer, "trainer must not be null");
    Objects.requireNonNull(engine, "engine must not be null");
    if (!trainer.schema().equals(engine.schema())) {
      throw new IllegalArgumentException("trainer schema " + trainer.schema().names() + " differs from the engine's "
          + engine.schema().names() + "; build the trainer with the engine's extractors");
    }
    return new Builder(logDirectory, trainer, engine);
  }

  /**
   * Runs one round now: read, train, evaluate, gate, and swap if the gate passes.
   *
   * @return what the round did
   * @throws java.io.UncheckedIOException if the log cannot be read
   */
  public synchronized RetrainResult retrainNow() {
    String before = engine.modelVersion();
    DecisionLogReader reader = DecisionLogReader.open(directory);
    // Streaming passes over the log (the newest market time when there is a window; the count of usable
    // examples; the training itself), so memory holds the trainer's rows and one segment, never the log.
    Instant from = Instant.MIN;
    if (window != null) {
      Instant newest = Instant.MIN;
      for (LoggedDecision d : reader.decisions()) {
        if (d.marketTime().isAfter(newest)) {
          newest = d.marketTime();
        }
      }
      from = newest.equals(Instant.MIN) ? Instant.MIN : newest.minus(window);
    }
    Instant windowStart = from;
    long[] counts = new long[3]; // usable, without features, without outcome
    Iterable<LoggedExample> examples = () -> new ExampleIterator(reader.decisions(windowStart, Instant.MAX).iterator(),
        counts);
    for (java.util.Iterator<LoggedExample> it = examples.iterator(); it.hasNext(); ) {
      it.next();
    }
    long usable = counts[0];
    long noFeatures = counts[1];
    long noOutcome = counts[2];
    List<String> failures = new ArrayList<>();
    Optional<TrainingResult> training = Optional.empty();
    boolean swapped = false;
    if (usable < gate.minExamples()) {
      failures.add(usable + " usable logged offers, fewer than the " + gate.minExamples() + " required");
    } else {
      try {
        counts[0] = 0;
        TrainingResult result = trainer.trainLogged(examples);
        usable = counts[0];
        training = Optional.of(result);
        failures.addAll(gate.failures(result));
        if (failures.isEmpty()) {
          engine.swapModel(result.model());
          swapped = true;
        }
      } catch (IllegalArgumentException e) {
        failures.add("training refused: " + e.getMessage());
      }
    }
    RetrainResult r = new RetrainResult(clock.instant(), usable, noFeatures, noOutcome, training, failures,
        swapped, before, engine.modelVersion());
    LOG.log(swapped ? System.Logger.Level.INFO : System.Logger.Level.WARNING, () -> "retraining from " + directory
        + (r.swapped() ? ": swapped " + before + " -> " + r.currentVersion() : ": kept " + before + " because "
        + String.join("; ", r.failures())) + " (" + r.examples() + " examples)");
    last = r;
    if (onResult != null) {
      onResult.accept(r);
    }
    return r;
  }

  /** Turns logged decisions into examples, skipping (and counting) those without features or outcome. */
  private final class ExampleIterator implements java.util.Iterator<LoggedExample> {
    private final java.util.Iterator<LoggedDecision> decisions;
    private final long[] counts;
    private LoggedExample next;

    ExampleIterator(java.util.Iterator<LoggedDecision> decisions, long[] counts) {
      this.decisions = decisions;
      this.counts = counts;
    }

    @Override
    public boolean hasNext() {
      while (next == null && decisions.hasNext()) {
        LoggedDecision d = decisions.next();
        if (d.features().isEmpty() || !d.features().get().schema().equals(trainer.schema())) {
          counts[1]++;
          continue;
        }
        double units;
        if (d.outcome().isPresent()) {
          units = d.outcome().get().units();
        } else if (unobservedAsNoSale) {
          units = 0;
        } else {
          counts[2]++;
          continue;
        }
        counts[0]++;
        next = new LoggedExample(d.features().get(), d.price(), OptionalDouble.of(d.propensity()), units,
            d.marketTime(), d.customerPseudonym());
      }
      return next != null;
    }

    @Override
    public LoggedExample next() {
      if (!hasNext()) {
        throw new java.util.NoSuchElementException();
      }
      LoggedExample e = next;
      next = null;
      return e;
    }
  }

  /**
   * Runs a round every {@code period}, the first after one period, on a daemon thread. A round that throws
   * is logged and the schedule continues.
   *
   * @param period the delay between the end of one round and the start of the next, positive
   * @throws IllegalArgumentException naming the value if the period is not positive
   * @throws IllegalStateException if already started or closed
   */
  public synchronized void start(Duration period) {
    Objects.requireNonNull(period, "period must not be null");
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("period must be positive, found " + period);
    }
    if (scheduler != null) {
      throw new IllegalStateException("the retrainer was already started");
    }
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "pricing-retrainer");
      t.setDaemon(true);
      return t;
    });
    long nanos = period.toNanos();
    scheduler.scheduleWithFixedDelay(() -> {
      try {
        retrainNow();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "retraining from " + directory + " failed", e);
      }
    }, nanos, nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Returns the last round's result.
   *
   * @return the result, empty before the first round
   */
  public Optional<RetrainResult> lastResult() {
    return Optional.ofNullable(last);
  }

  /** Stops the schedule, waiting for a running round to finish. Idempotent. */
  @Override
  public void close() {
    ScheduledExecutorService s;
    synchronized (this) {
      s = scheduler;
      scheduler = null;
    }
    if (s == null) {
      return;
    }
    s.shutdown();
    try {
      s.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The retrainer's settings, readably: the log directory, the trainer, the window, the gate and the clock.
   */
  @Override
  public String toString() {
    return "Retrainer{directory=" + directory + ", trainer=" + trainer + ", window="
        + (window == null ? "whole log" : window) + ", unobservedAsNoSale=" + unobservedAsNoSale + ", gate=" + gate
        + ", clock=" + clock + (onResult == null ? "" : ", onResult set") + "}";
  }

  /**
   * Configures a {@link Retrainer}. Not thread-safe; use from one thread.
   *
   * <p>Follows the library's builder convention: each setter checks its own argument at once (an
   * {@link IllegalArgumentException} naming the option and the value, a {@link NullPointerException} naming it
   * for a null), and setting an option twice is an {@link IllegalStateException} showing both values.
   */
  public static final class Builder {
    private final dev.pricing.core.internal.BuilderOptions options =
        new dev.pricing.core.internal.BuilderOptions("retrainer");
    private final Path directory;
    private final DemandModelTrainer trainer;
    private final PricingEngine engine;
    private Duration window;
    private boolean unobservedAsNoSale;
    private QualityGate gate = QualityGate.defaults();
    private Clock clock = Clock.systemUTC();
    private Consumer<RetrainResult> onResult;

    private Builder(Path directory, DemandModelTrainer trainer, PricingEngine engine) {
      this.directory = directory;
      this.trainer = trainer;
      this.engine = engine;
    }

    /**
     * Trains only on decisions whose market time is within this long before the newest logged decision
     * (default: the whole log).
     *
     * @param w the window, positive
     * @return this builder
     * @throws IllegalArgumentException naming the value if it is not positive
     * @throws IllegalStateException if already set
     */
    public Builder window(Duration w) {
      Objects.requireNonNull(w, "window must not be null");
      if (w.isNegative() || w.isZero()) {
        throw new IllegalArgumentException("window must be positive, found " + w);
      }
      options.once("window", w);
      this.window = w;
      return this;
    }

    /**
     * Sets whether a decision without a logged outcome counts as an offer that sold nothing (default false:
     * it is skipped). Turn it on only when the caller records purchases but not non-purchases.
     *
     * @param noSale whether unobserved outcomes are zero units
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder unobservedAsNoSale(boolean noSale) {
      options.once("unobservedAsNoSale", noSale);
      this.unobservedAsNoSale = noSale;
      return this;
    }

    /**
     * Sets the quality gate (default {@link QualityGate#defaults()}).
     *
     * @param g the gate
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder gate(QualityGate g) {
      Objects.requireNonNull(g, "gate must not be null");
      options.once("gate", g);
      this.gate = g;
      return this;
    }

    /**
     * Sets the clock that stamps results (default the UTC system clock).
     *
     * @param c the clock
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder clock(Clock c) {
      Objects.requireNonNull(c, "clock must not be null");
      options.once("clock", c);
      this.clock = c;
      return this;
    }

    /**
     * Sets a callback run with every round's result, on the thread that ran the round (for metrics and
     * alerts); it must not throw.
     *
     * @param callback the callback
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder onResult(Consumer<RetrainResult> callback) {
      Objects.requireNonNull(callback, "onResult must not be null");
      options.once("onResult", callback);
      this.onResult = callback;
      return this;
    }

    /**
     * Builds the retrainer (nothing runs until {@link Retrainer#retrainNow()} or {@link Retrainer#start}).
     *
     * @return the retrainer
     */
    public Retrainer build() {
      return new Retrainer(this);
    }
  }
}
