package dev.pricing.core.promo;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Many threads drawing on one budget never exceed it and never lose accounting. */
class PromotionBudgetTest {

  /** Runs reservations on threads; returns the sum (in micro-units) and count of successful ones. */
  static long[] hammer(PromotionBudget budget, int threads, List<Double> costs, int customers) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<long[]>> fs = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int offset = t;
      fs.add(pool.submit(() -> {
        start.await();
        long sum = 0;
        long n = 0;
        for (int i = offset; i < costs.size(); i += threads) {
          double c = costs.get(i);
          if (budget.tryReserve("c" + (i % customers), c) == PromotionBudget.Outcome.RESERVED) {
            sum += (long) Math.ceil(c * 1e6);
            n++;
          }
        }
        return new long[] {sum, n};
      }));
    }
    start.countDown();
    long sum = 0;
    long n = 0;
    for (Future<long[]> f : fs) {
      long[] r = f.get();
      sum += r[0];
      n += r[1];
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    return new long[] {sum, n};
  }

  @Test
  void sixteenThreadsNeverOverspendAndAccountExactly() throws Exception {
    PromotionBudget budget = PromotionBudget.of("2500.00").withMaxDiscountedShare(0.4, 1000);
    List<Double> costs = new ArrayList<>();
    java.util.SplittableRandom r = new java.util.SplittableRandom(3);
    for (int i = 0; i < 200_000; i++) {
      costs.add(r.nextDouble() * 0.2);
    }
    long[] got = hammer(budget, 16, costs, 1000);
    assertThat(budget.spent()).isLessThanOrEqualTo(new BigDecimal("2500.00"));
    assertThat(budget.spent()).isEqualByComparingTo(BigDecimal.valueOf(got[0], 6));
    assertThat(budget.reservations()).isEqualTo(got[1]);
    assertThat(budget.discountedCustomers()).isLessThanOrEqualTo(400);
    // demand far exceeds the budget, so it ends (almost) exactly spent: the last refusal was for lack of room
    assertThat(budget.remaining()).isLessThan(new BigDecimal("0.2"));
    assertThat(budget.exhausted() || budget.remaining().signum() > 0).isTrue();
  }

  @Test
  void decideFromManyThreadsSpendsExactlyWhatTheDecisionsSay() throws Exception {
    PromotionBudget budget = PromotionBudget.of("25.00");
    PromotionOptimizer opt = PromotionOptimizerTest.base().promotion(Promotion.percentOff("pct15", 15))
        .promotion(Promotion.amountOff("amt3", "3.00")).budget(budget).build();
    dev.pricing.api.Product p = PromotionOptimizerTest.product("sku-1", "40.00", "12.00");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<double[]>> fs = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int offset = t;
      fs.add(pool.submit(() -> {
        double micros = 0;
        double promoted = 0;
        for (int i = 0; i < 500; i++) {
          PromotionDecision d = opt.decide(PromotionOptimizerTest.request("c" + offset + "-" + i, 0.9, p));
          if (d.promoted()) {
            micros += Math.ceil(d.expectedCost() * 1e6);
            promoted++;
          } else {
            assertThat(d.reasons()).containsExactly(PromotionReason.BUDGET_EXHAUSTED);
            assertThat(d.effectivePrice()).isEqualByComparingTo("40.00");
          }
        }
        return new double[] {micros, promoted};
      }));
    }
    double micros = 0;
    double promoted = 0;
    for (Future<double[]> f : fs) {
      micros += f.get()[0];
      promoted += f.get()[1];
    }
    pool.shutdown();
    assertThat(budget.spent()).isLessThanOrEqualTo(new BigDecimal("25.00"));
    assertThat(budget.spent()).isEqualByComparingTo(BigDecimal.valueOf((long) micros, 6));
    assertThat((double) budget.reservations()).isEqualTo(promoted);
    assertThat(promoted).isBetween(1.0, 3999.0);
  }

  @Property(tries = 40)
  void neverExceedsLimitAndSumsMatch(@ForAll @DoubleRange(min = 0, max = 50) double limit,
      @ForAll @Size(min = 1, max = 400) List<@DoubleRange(min = 0, max = 3) Double> costs,
      @ForAll @IntRange(min = 1, max = 8) int threads) throws Exception {
    PromotionBudget budget = PromotionBudget.of(BigDecimal.valueOf(limit));
    long[] got = hammer(budget, threads, costs, 1_000_000);
    assertThat(budget.spent()).isLessThanOrEqualTo(budget.limit());
    assertThat(budget.spent()).isEqualByComparingTo(BigDecimal.valueOf(got[0], 6));
    assertThat(budget.spent().add(budget.remaining())).isEqualByComparingTo(budget.limit());
  }
}
