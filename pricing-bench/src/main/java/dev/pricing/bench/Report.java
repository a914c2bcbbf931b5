package dev.pricing.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the benchmark suite with the GC profiler and writes {@code results.json} (JMH's format) and
 * {@code results.md} (a table of every row plus the target ratios, all from this one run).
 *
 * <p>Run: {@code mvn -q -Pbench -DskipTests package -pl pricing-bench -am} (writes to
 * {@code pricing-bench/target/bench/}), or {@code java -cp benchmarks.jar dev.pricing.bench.Report DIR [REGEX]}.
 */
public final class Report {
  private Report() {}

  /**
   * Runs the suite.
   *
   * @param args the output directory, then optionally a benchmark regex (default: all)
   * @throws RunnerException if JMH fails
   * @throws IOException if the report cannot be written
   */
  public static void main(String[] args) throws RunnerException, IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/bench");
    Files.createDirectories(dir);
    ChainedOptionsBuilder options = new OptionsBuilder()
        .include(args.length > 1 ? args[1] : "dev.pricing.bench.*Benchmark.*")
        .addProfiler(GCProfiler.class)
        .resultFormat(ResultFormatType.JSON)
        .result(dir.resolve("results.json").toString());
    Collection<RunResult> results = new Runner(options.build()).run();
    Files.writeString(dir.resolve("results.md"), markdown(results));
    System.out.println("Wrote " + dir.resolve("results.json") + " and " + dir.resolve("results.md"));
  }

  static String markdown(Collection<RunResult> results) {
    Map<String, Double> avg = new TreeMap<>();
    StringBuilder sb = new StringBuilder();
    sb.append("| benchmark | mode | threads | score | error | unit | alloc B/op |\n");
    sb.append("|---|---|---|---|---|---|---|\n");
    List<RunResult> sorted = new ArrayList<>(results);
    sorted.sort((a, b) -> a.getParams().getBenchmark().compareTo(b.getParams().getBenchmark()));
    for (RunResult r : sorted) {
      String name = r.getParams().getBenchmark();
      String shortName = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
      String params = r.getParams().getParamsKeys().isEmpty() ? ""
          : r.getParams().getParamsKeys().stream().map(k -> k + "=" + r.getParams().getParam(k))
              .reduce((a, b) -> a + "," + b).map(p -> "[" + p + "]").orElse("");
      Result<?> primary = r.getPrimaryResult();
      Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
      String mode = r.getParams().getMode().shortLabel();
      sb.append(String.format(Locale.ROOT, "| %s%s | %s | %d | %.3f | %.3f | %s | %s |%n", shortName, params, mode,
          r.getParams().getThreads(), primary.getScore(), primary.getScoreError(), primary.getScoreUnit(),
          alloc == null ? "" : String.format(Locale.ROOT, "%.1f", alloc.getScore())));
      if (mode.equals("avgt")) {
        avg.put(shortName + params, primary.getScore());
      }
      if (mode.equals("sample")) {
        var stats = primary.getStatistics();
        sb.append(String.format(Locale.ROOT, "| %s%s p50 / p99 / p99.9 | sample | %d | %.3f / %.3f / %.3f | | %s | |%n",
            shortName, params, r.getParams().getThreads(), stats.getPercentile(50), stats.getPercentile(99),
            stats.getPercentile(99.9), primary.getScoreUnit()));
      }
    }
    sb.append("\n| target | measured | goal |\n|---|---|---|\n");
    for (String model : new String[] {"logistic", "cart"}) {
      String p = "[model=" + model + "]";
      ratio(sb, avg, "engine vs naive Tribuo path, " + model + " (speed-up)", "NaiveTribuoBenchmark.naiveDecision" + p,
          "EngineBenchmark.price1" + p, ">= 25x");
      ratio(sb, avg, "compiled scorer vs Tribuo predict, " + model + " (speed-up)", "ScorerBenchmark.tribuoPredict" + p,
          "ScorerBenchmark.compiled" + p, "");
      Double one = avg.get("EngineBenchmark.price1" + p);
      Double two = avg.get("EngineBenchmark.price2" + p);
      if (one != null && two != null) {
        sb.append(String.format(Locale.ROOT, "| 2 threads vs 1, %s (throughput) | %.2fx | >= 1.7x |%n", model,
            (2 / two) / (1 / one)));
      }
    }
    ratio(sb, avg, "engine vs factored floor with extraction (slow-down)", "FloorBenchmark.engine1",
        "FloorBenchmark.factoredWithExtraction", "<= 2x");
    ratio(sb, avg, "engine vs factored floor (slow-down)", "FloorBenchmark.engine1", "FloorBenchmark.factored", "<= 4x");
    ratio(sb, avg, "engine without baseline cache vs factored floor (slow-down)", "FloorBenchmark.engineNoCache",
        "FloorBenchmark.factored", "");
    ratio(sb, avg, "slate of 100 vs 100 price() calls (time)", "FloorBenchmark.slate100", "FloorBenchmark.single100",
        "<= 0.5x");
    Double one = avg.get("FloorBenchmark.engine1");
    Double two = avg.get("FloorBenchmark.engine2");
    if (one != null && two != null) {
      sb.append(String.format(Locale.ROOT, "| 2 threads vs 1, parametric logistic (throughput) | %.2fx | >= 1.8x |%n",
          (2 / two) / (1 / one)));
    }
    for (Map.Entry<String, Double> e : avg.entrySet()) {
      if (e.getKey().startsWith("EncoderBenchmark.wrapper")) {
        String bare = e.getKey().replace("wrapper", "bare");
        if (avg.containsKey(bare)) {
          sb.append(String.format(Locale.ROOT, "| encoder wrapper vs bare ONNX Runtime (%s) | %.3fx | <= 1.15x |%n",
              e.getKey().substring("EncoderBenchmark.".length()), e.getValue() / avg.get(bare)));
        }
      }
    }
    ratio(sb, avg, "embedding cache hit vs one inference", "EncoderBenchmark.cacheHit",
        "EncoderBenchmark.wrapperSingle", "<= 0.001");
    for (String op : new String[] {"price", "priceAndRecord"}) {
      for (String explorer : new String[] {"thompson", "thompson-k8", "epsilon", "contextual"}) {
        ratio(sb, avg, "engine with " + explorer + " explorer vs without, " + op + " (slow-down)",
            "ExplorerBenchmark." + op + "[explorer=" + explorer + "]", "ExplorerBenchmark." + op + "[explorer=none]",
            "");
      }
    }
    ratio(sb, avg, "engine with TrendFeatures vs without (slow-down)", "TrendBenchmark.price[trend=with]",
        "TrendBenchmark.price[trend=without]", "");
    ratio(sb, avg, "fleet-shared (leased) promotion budget vs local, tryReserve (slow-down)",
        "BudgetBenchmark.tryReserve[kind=shared]", "BudgetBenchmark.tryReserve[kind=local]", "");
    ratio(sb, avg, "local budget with a coupons-per-customer cap vs without, tryReserve (slow-down)",
        "BudgetBenchmark.tryReserve[kind=local-capped]", "BudgetBenchmark.tryReserve[kind=local]", "");
    ratio(sb, avg, "shared budget with a fleet-wide coupons-per-customer cap vs without, tryReserve (slow-down)",
        "BudgetBenchmark.tryReserve[kind=shared-capped]", "BudgetBenchmark.tryReserve[kind=shared]", "");
    return sb.toString();
  }

  private static void ratio(StringBuilder sb, Map<String, Double> avg, String label, String numerator,
      String denominator, String goal) {
    Double n = avg.get(numerator);
    Double d = avg.get(denominator);
    if (n != null && d != null) {
      sb.append(String.format(Locale.ROOT, "| %s | %.4gx | %s |%n", label, n / d, goal));
    }
  }
}
