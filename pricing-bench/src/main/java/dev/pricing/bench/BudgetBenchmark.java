package dev.pricing.bench;

import dev.pricing.core.budget.BudgetLeases;
import dev.pricing.core.budget.InMemoryBudgetStore;
import dev.pricing.core.promo.PromotionBudget;
import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a fleet-shared promotion budget costs the pricing thread: {@link PromotionBudget#tryReserve} on a local
 * budget against one shared through a store (the in-memory store, leased in chunks by the real background
 * thread; with Redis the pricing thread runs the same local code, only the lease thread talks to the store).
 * The limit is large enough never to run out during the run. The {@code -capped} kinds add a coupons-per-customer
 * cap ({@link PromotionBudget#withMaxCouponsPerCustomer}) too high to bind: locally an exact count, shared a
 * local grant confirmed by the lease thread (so a returning customer whose last coupon is still being confirmed
 * is refused without waiting: the row measures that mix of grants and refusals, as a checkout would see it).
 *
 * <p>Run: {@code java -jar pricing-bench/target/benchmarks.jar BudgetBenchmark -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class BudgetBenchmark {

  /** The budget under test. */
  @State(Scope.Benchmark)
  public static class Budget {
    /** local: an in-JVM budget; shared: leased from a store; -capped: with a coupons-per-customer cap. */
    @Param({"local", "shared", "local-capped", "shared-capped"})
    public String kind;

    PromotionBudget budget;
    BudgetLeases leases;
    String[] customers;

    /** Builds the budget and waits for the first lease. */
    @Setup(Level.Trial)
    public void setUp() throws InterruptedException {
      customers = new String[1024];
      for (int i = 0; i < customers.length; i++) {
        customers[i] = "customer-" + i;
      }
      BigDecimal limit = new BigDecimal("9000000000000"); // 9e12: never exhausted in a run
      if (kind.startsWith("local")) {
        budget = PromotionBudget.of(limit);
      } else {
        leases = BudgetLeases.open(new InMemoryBudgetStore(), "bench");
        budget = PromotionBudget.shared(leases, "bench", limit);
      }
      if (kind.endsWith("-capped")) {
        budget = budget.withMaxCouponsPerCustomer(1_000_000_000_000L, java.time.Duration.ofDays(1));
      }
      if (leases != null && !leases.awaitFirstSync(10_000)) {
        throw new IllegalStateException("the first lease did not arrive");
      }
    }

    /** Returns the lease. */
    @TearDown(Level.Trial)
    public void tearDown() {
      if (leases != null) {
        System.out.printf("%n[budget] chunk %d micro-units, %d syncs, %d refusals%n",
            budget.spendQuota().chunk(), budget.spendQuota().syncs(), budget.spendQuota().refusals());
        if (budget.couponCap() != null) {
          System.out.printf("[budget] coupon cap: %s, %d refusals%n", budget.couponCap(),
              budget.couponCap().refusals());
        }
        leases.close();
      }
    }
  }

  /** Per-thread cursor over the customers. */
  @State(Scope.Thread)
  public static class Cursor {
    int i;
  }

  /**
   * One reservation of 0.05 for one of 1,024 returning customers.
   *
   * @param b the budget
   * @param c the cursor
   * @return the outcome
   */
  @Benchmark
  public PromotionBudget.Outcome tryReserve(Budget b, Cursor c) {
    return b.budget.tryReserve(b.customers[c.i++ & 1023], 0.05);
  }
}
