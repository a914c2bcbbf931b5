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
 * The CI guard: a short JMH run of the hot path that fails (exit 1) if an engine decision allocates more than
 * {@value #MAX_BYTES_PER_DECISION} bytes, costs more than {@value #MAX_RATIO_TO_FACTORED_FLOOR}x the factored
 * floor ({@link FloorBenchmark#factored}, same model and requests, same run), or is less than
 * {@value #MIN_SPEEDUP_OVER_NAIVE}x faster than the naive Tribuo path. Ratios and allocation only, never
 * absolute times: CI machines are noisy. The limit sits above what the engine measures today (4.5-6.4x the
 * pure floor in five runs on the shared 2-core machine at load averages of 3 to 7 after issue 15's cuts, against a
 * 4x target) to absorb noise, while a real regression still fails it (8 extra grid scorings: see
 * docs/benchmarks.md); the targets themselves are checked in docs/benchmarks.md from a full run.
 *
 * <p>Run: {@code java -cp pricing-bench/target/benchmarks.jar dev.pricing.bench.CiGuard}
 */
public final class CiGuard {
  /** The allocation budget of one decision. */
  public static final double MAX_BYTES_PER_DECISION = 256;
  /** The least acceptable speed-up of the engine over per-candidate Tribuo predict. */
  public static final double MIN_SPEEDUP_OVER_NAIVE = 10;
  /** The most an engine decision may cost relative to the factored floor measured in the same run. */
  public static final double MAX_RATIO_TO_FACTORED_FLOOR = 8.0;

  private CiGuard() {}

  private static double fastest(RunResult r) {
    return r.getPrimaryResult().getStatistics().getMin();
  }

  /**
   * Runs the guard.
   *
   * @param args ignored
   * @throws RunnerException if JMH fails
   */
  public static void main(String[] args) throws RunnerException {
    Options options = new OptionsBuilder()
        .include(FloorBenchmark.class.getName() + ".(engine1|factored|factoredWithExtraction)$")
        .include(NaiveTribuoBenchmark.class.getName() + ".naiveDecision$")
        .mode(org.openjdk.jmh.annotations.Mode.AverageTime)
        .forks(1)
        .warmupIterations(6)
        .warmupTime(TimeValue.seconds(1))
        .measurementIterations(12)
        .measurementTime(TimeValue.milliseconds(500))
        .param("model", "logistic")
        .jvmArgsAppend("-Xms1g", "-Xmx1g")
        .addProfiler(GCProfiler.class)
        .build();
    Collection<RunResult> results = new Runner(options).run();
    Map<String, RunResult> byName = new TreeMap<>();
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      byName.put(name.substring(name.lastIndexOf('.') + 1), r);
    }
    // The fastest measurement iteration of each: on a shared machine load only ever slows an iteration down,
    // so the minimum is the steadiest estimate of what the code costs (the mean is printed alongside). Twelve
    // half-second iterations rather than six of a second: the engine and the floor are measured tens of
    // seconds apart, and more, shorter windows give each a better chance of a quiet one.
    double engine = fastest(byName.get("engine1"));
    double naive = fastest(byName.get("naiveDecision"));
    double floor = fastest(byName.get("factored"));
    double floorX = fastest(byName.get("factoredWithExtraction"));
    System.out.printf("%nMeans: engine %.3f, factored %.3f, with extraction %.3f, naive %.3f us/op%n",
        byName.get("engine1").getPrimaryResult().getScore(), byName.get("factored").getPrimaryResult().getScore(),
        byName.get("factoredWithExtraction").getPrimaryResult().getScore(),
        byName.get("naiveDecision").getPrimaryResult().getScore());
    Result<?> alloc = byName.get("engine1").getSecondaryResults().get("gc.alloc.rate.norm");
    double bytes = alloc.getScore();
    double speedup = naive / engine;
    System.out.printf("%nCI guard (one run, same JVM settings; fastest iteration of each):%n");
    System.out.printf("  engine decision          %8.3f us/op, %6.1f B/op%n", engine, bytes);
    System.out.printf("  naive Tribuo decision    %8.3f us/op  -> engine is %.1fx faster (need >= %.0fx)%n",
        naive, speedup, MIN_SPEEDUP_OVER_NAIVE);
    System.out.printf("  factored floor           %8.3f us/op  -> engine is %.2fx the floor (need <= %.1fx)%n", floor,
        engine / floor, MAX_RATIO_TO_FACTORED_FLOOR);
    System.out.printf("  floor with extraction    %8.3f us/op  -> engine is %.2fx the floor with extraction%n", floorX,
        engine / floorX);
    boolean ok = true;
    if (bytes > MAX_BYTES_PER_DECISION) {
      System.out.printf("FAIL: engine allocates %.1f B per decision, budget %.0f B%n", bytes, MAX_BYTES_PER_DECISION);
      ok = false;
    }
    if (speedup < MIN_SPEEDUP_OVER_NAIVE) {
      System.out.printf("FAIL: engine only %.1fx faster than naive Tribuo, need %.0fx%n", speedup, MIN_SPEEDUP_OVER_NAIVE);
      ok = false;
    }
    if (engine / floor > MAX_RATIO_TO_FACTORED_FLOOR) {
      System.out.printf("FAIL: engine is %.2fx the factored floor, limit %.1fx%n", engine / floor,
          MAX_RATIO_TO_FACTORED_FLOOR);
      ok = false;
    }
    System.out.println(ok ? "CI guard passed" : "CI guard FAILED");
    System.exit(ok ? 0 : 1);
  }
}
