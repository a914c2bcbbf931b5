package dev.pricing.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pricing.api.BehaviourSummary;
import dev.pricing.api.Customer;
import dev.pricing.api.Guardrail;
import dev.pricing.api.Market;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import dev.pricing.core.LogisticDemandModel;
import dev.pricing.core.budget.BudgetLeases;
import dev.pricing.core.budget.CustomerCap;
import dev.pricing.core.budget.CustomerCapPolicy;
import dev.pricing.core.budget.LeasePolicy;
import dev.pricing.core.budget.LeasedQuota;
import dev.pricing.core.promo.Promotion;
import dev.pricing.core.promo.PromotionBudget;
import dev.pricing.core.promo.PromotionDecision;
import dev.pricing.core.promo.PromotionOptimizer;
import dev.pricing.core.promo.PromotionReason;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis goes away under a running engine: promotions stop once the lease runs out while prices stay inside their
 * guardrails; a Redis that comes back without its data does not hand out a fresh budget; promotions resume once
 * the budget is defined again.
 */
class RedisOutageTest {
  @TempDir
  Path dir;

  static void await(String what, BooleanSupplier cond) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!cond.getAsBoolean()) {
      assertThat(System.nanoTime() - end).as("waiting for " + what).isNegative();
      Thread.sleep(10);
    }
  }

  static final LogisticDemandModel MODEL = LogisticDemandModel.builder().version("outage").intercept(1.0)
      .priceCoefficient(4.0).priceInteraction("behaviour.discount_response", 3.0).build();
  static final Product PRODUCT = Product.builder("sku-1", "USD").listPrice("40.00").unitCost("12.00")
      .category("home").build();

  /** The engine whose prices must stay inside a 10% margin and a 20% change from 40.00. */
  static PricingEngine engine() {
    return PricingEngine.builder().demandModel(MODEL).guardrail(Guardrail.minimumMargin(0.10))
        .guardrail(Guardrail.maxChange(0.20)).build();
  }

  static PromotionOptimizer optimizer(PromotionBudget budget) {
    return PromotionOptimizer.builder().demandModel(MODEL).feeRate(0.02).guardrail(Guardrail.minimumMargin(0.10))
        .promotion(Promotion.percentOff("pct15", 15)).budget(budget).build();
  }

  static PricingRequest request(String id, Product p) {
    return PricingRequest.of(Customer.of(id, new BehaviourSummary(10, 3, 1, 1, 20, 30, 0.9)), p,
        Market.of(100, Instant.parse("2026-03-02T10:00:00Z")));
  }

  @Test
  void promotionsStopWhileRedisIsDownAndALostBudgetIsNotRecreated() throws Exception {
    Product p = PRODUCT;
    LeasePolicy policy = new LeasePolicy(100_000, 1_000_000, Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(100));
    try (RedisProcess redis = RedisProcess.start(dir, false);
        RedisBudgetStore store = RedisBudgetStore.builder().port(redis.port()).timeout(Duration.ofMillis(250))
            .build();
        BudgetLeases leases = BudgetLeases.open(store, "outage-jvm");
        PricingEngine engine = engine()) {
      PromotionBudget budget = PromotionBudget.shared(leases, "outage", new BigDecimal("100.00"), policy);
      PromotionOptimizer opt = optimizer(budget);
      assertThat(leases.awaitFirstSync(30_000)).isTrue();
      assertThat(opt.decide(request("before", p)).promoted()).isTrue();

      redis.kill();
      await("the lease to go stale", () -> budget.spendQuota().state() == LeasedQuota.State.STALE);
      for (int i = 0; i < 20; i++) {
        PromotionDecision d = opt.decide(request("down-" + i, p));
        assertThat(d.promoted()).isFalse();
        assertThat(d.reasons()).containsExactly(PromotionReason.BUDGET_EXHAUSTED);
        assertThat(d.effectivePrice()).isEqualByComparingTo("40.00");
        PriceDecision pd = engine.price(request("down-" + i, p));
        assertThat(pd.price()).isBetween(new BigDecimal("32.00"), new BigDecimal("48.00"));
      }
      assertThat(budget.spendQuota().lastError()).isNotEmpty();

      redis.launch(); // same port, no persistence: the budget is gone
      await("the loss to be seen", () -> budget.spendQuota().state() == LeasedQuota.State.UNKNOWN);
      assertThat(opt.decide(request("empty", p)).promoted()).isFalse();
      Thread.sleep(300);
      assertThat(store.snapshot("outage:spend").known()).as("never re-created by a running JVM").isFalse();

      store.define("outage:spend", 5_000_000); // an operator restores the budget (what was left: 5.00)
      await("the lease to return", () -> budget.spendQuota().state() == LeasedQuota.State.ACTIVE);
      await("a promotion", () -> opt.decide(request("back", p)).promoted());
      assertThat(store.snapshot("outage:spend").limit()).isEqualTo(5_000_000);
    }
  }

  /**
   * A per-customer coupon cap on Redis (persistent): coupons stop once the cap has not heard from Redis for its
   * {@code staleAfter}, prices stay inside their guardrails, and after the restart the counts are still there (a
   * customer who had the cap's coupons gets none) and coupons resume for the others.
   */
  @Test
  void couponsStopWhileRedisIsDownAndTheCountsSurviveARestart() throws Exception {
    Product p = PRODUCT;
    LeasePolicy policy = new LeasePolicy(100_000, 1_000_000, Duration.ofMillis(500), Duration.ofSeconds(5),
        Duration.ofMillis(100));
    CustomerCapPolicy capPolicy = CustomerCapPolicy.defaults().withTiming(Duration.ofMillis(800),
        Duration.ofMillis(100));
    try (RedisProcess redis = RedisProcess.start(dir, true);
        RedisBudgetStore store = RedisBudgetStore.builder().port(redis.port()).timeout(Duration.ofMillis(250))
            .build();
        BudgetLeases leases = BudgetLeases.open(store, "cap-jvm");
        PricingEngine engine = engine()) {
      PromotionBudget budget = PromotionBudget.shared(leases, "capout", new BigDecimal("100.00"), policy)
          .withMaxCouponsPerCustomer(2, Duration.ofDays(1), capPolicy);
      PromotionOptimizer opt = optimizer(budget);
      assertThat(leases.awaitFirstSync(30_000)).isTrue();
      CustomerCap cap = budget.couponCap();
      for (int i = 0; i < 2; i++) {
        assertThat(opt.decide(request("alice", p)).promoted()).isTrue();
        await("alice's coupon confirmed", () -> cap.unconfirmed() == 0);
      }
      PromotionDecision third = opt.decide(request("alice", p));
      assertThat(third.reasons()).containsExactly(PromotionReason.CUSTOMER_LIMIT_REACHED);

      redis.kill();
      await("the cap to go stale", () -> cap.state() == CustomerCap.State.STALE);
      assertThat(budget.spendQuota().state()).as("the spend lease still runs").isEqualTo(LeasedQuota.State.ACTIVE);
      for (int i = 0; i < 20; i++) {
        PromotionDecision d = opt.decide(request("down-" + i, p));
        assertThat(d.promoted()).isFalse();
        assertThat(d.reasons()).containsExactly(PromotionReason.BUDGET_EXHAUSTED);
        assertThat(d.effectivePrice()).isEqualByComparingTo("40.00");
        PriceDecision pd = engine.price(request("down-" + i, p));
        assertThat(pd.price()).isBetween(new BigDecimal("32.00"), new BigDecimal("48.00"));
      }
      assertThat(cap.lastError()).isNotEmpty();

      redis.launch(); // from its append-only file: the counts are still there
      await("the cap to return", () -> cap.state() == CustomerCap.State.ACTIVE);
      await("a coupon for a new customer", () -> opt.decide(request("bob", p)).promoted());
      assertThat(opt.decide(request("alice", p)).reasons()).containsExactly(PromotionReason.CUSTOMER_LIMIT_REACHED);
      long day = Math.floorDiv(System.currentTimeMillis(), Duration.ofDays(1).toMillis());
      assertThat(store.addToCounters("capout:per-customer", day, java.util.List.of("alice"), new long[1], 1)
          .totals()).containsExactly(2L);
    }
  }
}
