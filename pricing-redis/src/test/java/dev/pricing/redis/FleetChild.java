package dev.pricing.redis;

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
import dev.pricing.core.budget.LeasePolicy;
import dev.pricing.core.promo.Promotion;
import dev.pricing.core.promo.PromotionBudget;
import dev.pricing.core.promo.PromotionDecision;
import dev.pricing.core.promo.PromotionOptimizer;
import java.io.FileOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * One engine JVM of the fleet tests, started as a child process with the test class path: it prices and decides
 * promotions from a shared Redis budget for a while, appends every reservation to its own log file as it happens
 * (one write per reservation, so a kill -9 loses none), checks every price against its guardrails, then closes
 * and prints one summary line. Arguments are {@code key=value}: port, budget, limit, maxChunk (micro-units),
 * ttlMs, syncMs, timeoutMs, durationMs, paceMicros, log, holder, go (a file whose appearance starts the run).
 *
 * <p>With {@code perCustomer=N} (N &gt; 0) the budget also caps coupons per customer and day across the fleet,
 * and the customers repeat: each request is, with equal odds, for one of {@code shared} customers that every
 * child asks for ({@code s-<i>}) or for one of {@code own} customers only this child asks for
 * ({@code <holder>-own-<i>}), except that {@code fresh} percent of the requests are for a customer never seen
 * before ({@code <holder>-new-<n>}, so that coupons are granted, and in flight, all the time); every coupon is
 * logged as {@code C <time ms> <customer>}.
 */
public final class FleetChild {
  private FleetChild() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = new HashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      o.put(a.substring(0, eq), a.substring(eq + 1));
    }
    int port = Integer.parseInt(o.get("port"));
    long maxChunk = Long.parseLong(o.get("maxChunk"));
    long durationMs = Long.parseLong(o.get("durationMs"));
    long paceNanos = Long.parseLong(o.get("paceMicros")) * 1000;
    LeasePolicy policy = new LeasePolicy(Math.max(1, maxChunk / 10), maxChunk, Duration.ofMillis(500),
        Duration.ofMillis(Long.parseLong(o.get("ttlMs"))), Duration.ofMillis(Long.parseLong(o.get("syncMs"))));
    LogisticDemandModel model = LogisticDemandModel.builder().version("fleet").intercept(1.0).priceCoefficient(4.0)
        .priceInteraction("behaviour.discount_response", 3.0).build();
    Product product = Product.builder("sku-1", "USD").listPrice("40.00").unitCost("12.00").category("home").build();
    BigDecimal reference = new BigDecimal("40.00");
    BigDecimal low = new BigDecimal("32.00"); // maxChange 20% of the reference
    BigDecimal high = new BigDecimal("48.00");
    BigDecimal marginFloor = new BigDecimal("13.34"); // 12.00 / (1 - 0.02 fee) / (1 - 0.10) rounded up
    long perCustomer = Long.parseLong(o.getOrDefault("perCustomer", "0"));
    int sharedCustomers = Integer.parseInt(o.getOrDefault("shared", "10"));
    int ownCustomers = Integer.parseInt(o.getOrDefault("own", "10"));
    int freshPercent = Integer.parseInt(o.getOrDefault("fresh", "0"));
    java.util.SplittableRandom pick = new java.util.SplittableRandom(o.get("holder").hashCode());

    long decisions = 0;
    long promoted = 0;
    long micros = 0;
    long violations = 0;
    long refused = 0;
    StringBuilder firstViolation = new StringBuilder();
    try (RedisBudgetStore store = RedisBudgetStore.builder().port(port)
            .timeout(Duration.ofMillis(Long.parseLong(o.getOrDefault("timeoutMs", "300")))).build();
        BudgetLeases leases = BudgetLeases.open(store, o.get("holder"));
        PricingEngine engine = PricingEngine.builder().demandModel(model).guardrail(Guardrail.minimumMargin(0.10))
            .guardrail(Guardrail.maxChange(0.20)).build();
        FileOutputStream log = new FileOutputStream(o.get("log"), true)) {
      PromotionBudget budget = PromotionBudget.shared(leases, o.get("budget"), new BigDecimal(o.get("limit")), policy);
      if (perCustomer > 0) {
        long ttl = Long.parseLong(o.get("ttlMs"));
        budget = budget.withMaxCouponsPerCustomer(perCustomer, Duration.ofDays(1),
            dev.pricing.core.budget.CustomerCapPolicy.defaults().withTiming(Duration.ofMillis(ttl),
                Duration.ofMillis(Long.parseLong(o.get("syncMs")))));
      }
      PromotionOptimizer opt = PromotionOptimizer.builder().demandModel(model).feeRate(0.02)
          .guardrail(Guardrail.minimumMargin(0.10)).promotion(Promotion.percentOff("pct15", 15))
          .promotion(Promotion.amountOff("amt4", "4.00")).budget(budget).build();
      leases.awaitFirstSync(60_000); // a loaded machine can take long to start Netty and connect
      System.out.println("READY " + o.get("holder"));
      System.out.flush();
      java.nio.file.Path go = java.nio.file.Path.of(o.get("go")); // all children start together
      long giveUp = System.nanoTime() + 90_000_000_000L;
      while (!java.nio.file.Files.exists(go) && System.nanoTime() < giveUp) {
        Thread.sleep(5);
      }
      long end = System.nanoTime() + durationMs * 1_000_000;
      while (System.nanoTime() < end) {
        BehaviourSummary b = new BehaviourSummary(10, 3, 1, 1, 20, 30, 0.9);
        String customer = perCustomer <= 0 ? o.get("holder") + "-" + decisions
            : pick.nextInt(100) < freshPercent ? o.get("holder") + "-new-" + decisions
            : pick.nextBoolean() ? "s-" + pick.nextInt(sharedCustomers)
            : o.get("holder") + "-own-" + pick.nextInt(ownCustomers);
        PricingRequest req = PricingRequest.of(Customer.of(customer, b), product,
            Market.of(100, Instant.parse("2026-03-02T10:00:00Z")));
        decisions++;
        PromotionDecision d = opt.decide(req);
        if (d.promoted()) {
          long m = (long) Math.ceil(d.expectedCost() * 1e6);
          log.write(("R " + System.currentTimeMillis() + " " + m + "\n").getBytes(StandardCharsets.US_ASCII));
          if (perCustomer > 0) {
            log.write(("C " + System.currentTimeMillis() + " " + customer + "\n").getBytes(StandardCharsets.US_ASCII));
          }
          promoted++;
          micros += m;
          if (d.effectivePrice().compareTo(marginFloor) < 0 || d.effectivePrice().compareTo(reference) >= 0) {
            violations++;
            firstViolation.append("promoted price ").append(d.effectivePrice()).append("; ");
          }
        } else {
          refused++;
          if (d.effectivePrice().compareTo(reference) != 0) {
            violations++;
            firstViolation.append("unpromoted price ").append(d.effectivePrice()).append("; ");
          }
        }
        PriceDecision pd = engine.price(req);
        if (pd.price().compareTo(low) < 0 || pd.price().compareTo(high) > 0) {
          violations++;
          firstViolation.append("engine price ").append(pd.price()).append("; ");
        }
        if (paceNanos > 0) {
          LockSupport.parkNanos(paceNanos);
        }
      }
      System.out.println("STATE " + budget.spendQuota().state() + " chunk=" + budget.spendQuota().chunk()
          + " syncs=" + budget.spendQuota().syncs() + " failures=" + budget.spendQuota().failures()
          + (budget.couponCap() == null ? "" : " cap=" + budget.couponCap()));
    }
    System.out.println("DONE decisions=" + decisions + " promoted=" + promoted + " micros=" + micros + " refused="
        + refused + " violations=" + violations + " " + firstViolation.substring(0,
        Math.min(200, firstViolation.length())));
    System.out.flush();
  }
}
