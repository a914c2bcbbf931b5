package dev.pricing.core.markdown;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.Consumer;

/**
 * Plans a whole catalogue in parallel with bounded memory: problems are pulled from an iterator (so the
 * catalogue need never be in memory at once), at most {@code maxInFlight} are planned or waiting at a time,
 * each worker thread reuses its own work arrays, and each finished plan goes to a sink and is then dropped.
 * Memory is therefore {@code O(threads x one problem's work arrays + maxInFlight x one plan)}, whatever the
 * catalogue's size. Set {@link MarkdownProblem.Builder#keepPolicy(boolean)} off for catalogue runs: the
 * sink usually needs the prices and expectations, not the decision table.
 *
 * <p>A problem that fails (rules that admit no path, invalid demand, a sink that throws) is counted with its
 * message and the run goes on.
 *
 * <p>Immutable and thread-safe; {@link #planAll} may run concurrently (each call has its own pool).
 */
public final class CataloguePlanner {
  private static final int MAX_FAILURE_MESSAGES = 100;
  private final int threads;
  private final int maxInFlight;
  private final MarkdownPlanner planner = new MarkdownPlanner();

  /**
   * Reports progress. Called from worker threads, at most once per thousandth of the total and once at the
   * end; implementations must be thread-safe.
   */
  @FunctionalInterface
  public interface ProgressListener {
    /**
     * @param done problems finished (planned or failed)
     * @param total the total announced to {@link #planAll}, or -1 when unknown
     */
    void progress(long done, long total);
  }

  /**
   * The totals of a catalogue run. Immutable and thread-safe.
   *
   * @param planned problems planned
   * @param failed problems that failed
   * @param failures the first failures' messages (at most 100)
   * @param expectedProfit the sum of the plans' expected profits
   * @param expectedUnitsSold the sum of their expected units sold
   * @param expectedLeftover the sum of their expected leftover
   * @param stock the sum of their starting stock
   * @param nanos wall-clock time of the run
   */
  public record Summary(long planned, long failed, List<String> failures, double expectedProfit,
      double expectedUnitsSold, double expectedLeftover, long stock, long nanos) {
    /** Copies the failures. */
    public Summary {
      failures = List.copyOf(failures);
    }

    /** @return expected units sold over the starting stock */
    public double sellThrough() {
      return stock > 0 ? expectedUnitsSold / stock : 0;
    }

    /** @return problems planned per second */
    public double plansPerSecond() {
      return nanos > 0 ? planned * 1e9 / nanos : 0;
    }
  }

  private CataloguePlanner(int threads, int maxInFlight) {
    this.threads = threads;
    this.maxInFlight = maxInFlight;
  }

  /**
   * Returns a catalogue planner.
   *
   * @param threads worker threads, in [1, 1024]
   * @param maxInFlight the most problems planned or queued at a time, at least {@code threads}
   * @return the planner
   * @throws IllegalArgumentException if a value is out of range
   */
  public static CataloguePlanner of(int threads, int maxInFlight) {
    if (threads < 1 || threads > 1024) {
      throw new IllegalArgumentException("threads must be in [1, 1024], found " + threads);
    }
    if (maxInFlight < threads) {
      throw new IllegalArgumentException("maxInFlight must be at least threads (" + threads + "), found " + maxInFlight);
    }
    return new CataloguePlanner(threads, maxInFlight);
  }

  /** @return the number of worker threads */
  public int threads() {
    return threads;
  }

  /**
   * Plans every problem the iterator yields and hands each plan to the sink (from worker threads; the sink
   * must be thread-safe). Blocks until all are done.
   *
   * @param problems the problems, pulled one at a time on the calling thread
   * @param total how many there will be, for progress (-1 when unknown)
   * @param sink receives each plan
   * @param progress receives progress, or null
   * @return the totals
   * @throws IllegalStateException if interrupted
   */
  public Summary planAll(Iterator<MarkdownProblem> problems, long total, Consumer<MarkdownPlan> sink,
      ProgressListener progress) {
    Objects.requireNonNull(problems, "problems");
    Objects.requireNonNull(sink, "sink");
    long start = System.nanoTime();
    AtomicLong done = new AtomicLong();
    AtomicLong planned = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicLong stock = new AtomicLong();
    DoubleAdder profit = new DoubleAdder();
    DoubleAdder units = new DoubleAdder();
    DoubleAdder leftover = new DoubleAdder();
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    ThreadLocal<MarkdownPlanner.Work> work = ThreadLocal.withInitial(MarkdownPlanner.Work::new);
    Semaphore permits = new Semaphore(maxInFlight);
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "markdown-planner");
      t.setDaemon(true);
      return t;
    });
    long step = total > 0 ? Math.max(1, total / 1000) : 1000;
    try {
      while (problems.hasNext()) {
        MarkdownProblem p = Objects.requireNonNull(problems.next(), "problem");
        permits.acquire();
        pool.execute(() -> {
          try {
            MarkdownPlan plan = planner.plan(p, work.get());
            sink.accept(plan);
            planned.incrementAndGet();
            profit.add(plan.expectedProfit());
            units.add(plan.outcome().expectedUnitsSold());
            leftover.add(plan.outcome().expectedLeftover());
            stock.addAndGet(p.stock());
          } catch (RuntimeException e) {
            failed.incrementAndGet();
            if (failures.size() < MAX_FAILURE_MESSAGES) {
              failures.add(p.products().get(0).id() + ": " + e.getMessage());
            }
          } finally {
            permits.release();
            long d = done.incrementAndGet();
            if (progress != null && (d % step == 0 || d == total)) {
              progress.progress(d, total);
            }
          }
        });
      }
      permits.acquire(maxInFlight);
      permits.release(maxInFlight);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while planning the catalogue", e);
    } finally {
      pool.shutdown();
      try {
        pool.awaitTermination(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (progress != null && done.get() % step != 0 && done.get() != total) {
      progress.progress(done.get(), total);
    }
    return new Summary(planned.get(), failed.get(), failures, profit.sum(), units.sum(), leftover.sum(), stock.get(),
        System.nanoTime() - start);
  }
}
