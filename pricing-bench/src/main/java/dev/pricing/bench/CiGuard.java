package dev.pricing.bench;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The CI guard: a short JMH run of the hot path that fails (exit 1) if the engine allocates more than
 * {@value #MAX_BYTES_PER_DECISION} bytes per decision or is less than {@value #MIN_SPEEDUP_OVER_NAIVE}x
 * faster than the naive Tribuo path measured in the same run (both with the same trained logistic model). Ratios and allocation only, never absolute
 * times: CI machines are noisy.
 *
 * <p>Run: {@code java -cp pricing-bench/target/benchmarks.jar dev.pricing.bench.CiGuard}
 */
public final class CiGuard {
  /** The allocation budget of one decision. */
  public static final double MAX_BYTES_PER_DECISION = 512;
  /** The least acceptable speed-up of the engine over per-candidate Tribuo predict. */
  public static final double MIN_SPEEDUP_OVER_NAIVE = 10;

  private CiGuard() {}

  /**
   * Runs the guard.
   *
   * @param args ignored
   * @throws RunnerException if JMH fails
   */
  public static void main(String[] args) throws RunnerException {
    Options options = new OptionsBuilder()
        .include(EngineBenchmark.class.getName() + ".price1$")
        .include(NaiveTribuoBenchmark.class.getName() + ".naiveDecision$")
        .include(BaselineBenchmark.class.getName() + ".handWritten$")
        .mode(org.openjdk.jmh.annotations.Mode.AverageTime)
        .forks(1)
        .warmupIterations(3)
        .warmupTime(TimeValue.seconds(1))
        .measurementIterations(4)
        .measurementTime(TimeValue.seconds(1))
        .param("model", "logistic")
        .addProfiler(GCProfiler.class)
        .build();
    Collection<RunResult> results = new Runner(options).run();
    Map<String, RunResult> byName = new TreeMap<>();
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      byName.put(name.substring(name.lastIndexOf('.') + 1), r);
    }
    double engine = byName.get("price1").getPrimaryResult().getScore();
    double naive = byName.get("naiveDecision").getPrimaryResult().getScore();
    double hand = byName.get("handWritten").getPrimaryResult().getScore();
    Result<?> alloc = byName.get("price1").getSecondaryResults().get("gc.alloc.rate.norm");
    double bytes = alloc.getScore();
    double speedup = naive / engine;
    System.out.printf("%nCI guard (one run, same JVM settings):%n");
    System.out.printf("  engine decision          %8.3f us/op, %6.1f B/op%n", engine, bytes);
    System.out.printf("  naive Tribuo decision    %8.3f us/op  -> engine is %.1fx faster (need >= %.0fx)%n",
        naive, speedup, MIN_SPEEDUP_OVER_NAIVE);
    System.out.printf("  hand-written baseline    %8.3f us/op  -> engine is %.2fx the floor%n", hand, engine / hand);
    boolean ok = true;
    if (bytes > MAX_BYTES_PER_DECISION) {
      System.out.printf("FAIL: engine allocates %.1f B per decision, budget %.0f B%n", bytes, MAX_BYTES_PER_DECISION);
      ok = false;
    }
    if (speedup < MIN_SPEEDUP_OVER_NAIVE) {
      System.out.printf("FAIL: engine only %.1fx faster than naive Tribuo, need %.0fx%n", speedup, MIN_SPEEDUP_OVER_NAIVE);
      ok = false;
    }
    System.out.println(ok ? "CI guard passed" : "CI guard FAILED");
    System.exit(ok ? 0 : 1);
  }
}
