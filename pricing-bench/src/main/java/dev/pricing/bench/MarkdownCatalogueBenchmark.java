package dev.pricing.bench;

import dev.pricing.api.Guardrail;
import dev.pricing.api.PriceLadder;
import dev.pricing.api.Product;
import dev.pricing.core.markdown.CataloguePlanner;
import dev.pricing.core.markdown.MarkdownDemand;
import dev.pricing.core.markdown.MarkdownProblem;
import dev.pricing.core.markdown.MarkdownRules;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Timed batch: markdown plans for a synthetic catalogue of 100,000 products x 12 periods x 200 stock levels
 * (every product starts with 199 units) under realistic rules (markdown only, at most 3 changes, at least 2
 * periods between changes, at most 50% off, a 5% minimum margin, the .99 ladder searched in at most 16 markdown steps, a 2% fee), with demand that
 * differs per product (level, decay over the season, elasticity), Poisson around it. Problems are generated
 * lazily, so memory stays bounded whatever the count.
 *
 * <p>It reports, from one run: the whole batch on {@code threads} threads (wall time, plans per second, heap
 * in use afterwards), and a sample of the same catalogue on one thread, so the scaling is a ratio measured in
 * the same run. Not a JMH benchmark: one plan is milliseconds of work and the batch is the figure of interest.
 *
 * <p>Run: {@code java -cp pricing-bench/target/benchmarks.jar dev.pricing.bench.MarkdownCatalogueBenchmark
 * [products=100000] [threads=2]}. A program: stateless apart from its run, not meant to be shared between
 * threads.
 */
public final class MarkdownCatalogueBenchmark {
  private static final MarkdownRules RULES = MarkdownRules.builder().maxChanges(3).minPeriodsBetweenChanges(2)
      .maxTotalDiscount(0.5).guardrail(Guardrail.minimumMargin(0.05)).ladder(PriceLadder.NINETY_NINE).feeRate(0.02)
      .maxLevels(16).build();
  static final int PERIODS = 12;
  static final int STOCK = 199;

  private MarkdownCatalogueBenchmark() {}

  /**
   * Runs the batch.
   *
   * @param args optional product count and thread count
   */
  public static void main(String[] args) {
    int products = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    System.out.printf(Locale.ROOT, "markdown catalogue: %,d products x %d periods x %d stock levels, %d threads, %d cores%n",
        products, PERIODS, STOCK + 1, threads, Runtime.getRuntime().availableProcessors());
    CataloguePlanner one = CataloguePlanner.of(1, 4);
    one.planAll(problems(0, Math.min(2_000, products)), -1, p -> { }, null);
    int sample = Math.max(1, products / 25);
    CataloguePlanner.Summary single = one.planAll(problems(1_000_000, sample), sample, p -> { }, null);
    System.out.printf(Locale.ROOT, "1 thread, %,d-product sample: %.1f plans/s (%.2f ms per plan)%n", sample,
        single.plansPerSecond(), 1e3 / single.plansPerSecond());
    AtomicLong lastPercent = new AtomicLong(-1);
    CataloguePlanner.Summary all = CataloguePlanner.of(threads, 4 * threads).planAll(problems(0, products), products,
        p -> { }, (done, total) -> {
          long pct = done * 100 / total;
          if (pct % 10 == 0 && lastPercent.getAndSet(pct) != pct) {
            System.out.printf(Locale.ROOT, "  %3d%% (%,d plans)%n", pct, done);
          }
        });
    CataloguePlanner.Summary after = one.planAll(problems(1_000_000, sample), sample, p -> { }, null);
    System.out.printf(Locale.ROOT, "1 thread, same sample again after the batch: %.1f plans/s%n", after.plansPerSecond());
    Runtime rt = Runtime.getRuntime();
    long heapMb = (rt.totalMemory() - rt.freeMemory()) >> 20;
    System.out.printf(Locale.ROOT, "%d threads, %,d products: %.1f s, %.1f plans/s, %d failed, heap in use %d MB%n",
        threads, all.planned(), all.nanos() / 1e9, all.plansPerSecond(), all.failed(), heapMb);
    System.out.printf(Locale.ROOT, "speed-up of %d threads over 1 thread (same run, mean of the samples before and"
        + " after): %.2fx%n", threads, 2 * all.plansPerSecond() / (single.plansPerSecond() + after.plansPerSecond()));
    System.out.printf(Locale.ROOT, "catalogue: expected profit %.0f, sell-through %.1f%%, leftover %.0f units%n",
        all.expectedProfit(), 100 * all.sellThrough(), all.expectedLeftover());
    if (!all.failures().isEmpty()) {
      System.out.println("first failure: " + all.failures().get(0));
    }
  }

  /** Problems {@code first .. first + count - 1}, each a deterministic function of its index. */
  static Iterator<MarkdownProblem> problems(long first, int count) {
    return new Iterator<>() {
      private long i = first;

      @Override
      public boolean hasNext() {
        return i < first + count;
      }

      @Override
      public MarkdownProblem next() {
        return problem(i++);
      }
    };
  }

  static MarkdownProblem problem(long index) {
    SplittableRandom r = new SplittableRandom(index * 0x9E3779B97F4A7C15L + 17);
    int listCents = (10 + r.nextInt(90)) * 100 - 1;
    BigDecimal list = BigDecimal.valueOf(listCents, 2);
    double costShare = 0.3 + 0.3 * r.nextDouble();
    Product p = Product.builder("sku-" + index, "USD").listPrice(list)
        .unitCost(BigDecimal.valueOf(Math.round(listCents * costShare), 2)).category("fashion").build();
    double level = 4 + 16 * r.nextDouble();
    double decay = 0.8 + 0.2 * r.nextDouble();
    double elasticity = 1.5 + 2.5 * r.nextDouble();
    double listPrice = listCents / 100.0;
    MarkdownDemand demand = (i, t, prices, n, out) -> {
      double season = level * Math.pow(decay, t);
      for (int k = 0; k < n; k++) {
        out[k] = season * Math.exp(-elasticity * (prices[k] / listPrice - 1));
      }
    };
    return MarkdownProblem.builder(p).periods(PERIODS).stock(STOCK).salvage(costShare * listPrice * (0.2 + 0.3 * r.nextDouble()))
        .demand(demand).rules(RULES).keepPolicy(false).build();
  }
}
