package dev.pricing.core.log;

import dev.pricing.api.BehaviourEvent;
import dev.pricing.api.BehaviourSummary;
import dev.pricing.api.Customer;
import dev.pricing.api.FeatureContribution;
import dev.pricing.api.GuardrailKind;
import dev.pricing.api.Market;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import dev.pricing.api.ReasonCode;
import dev.pricing.core.privacy.Pseudonymiser;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Deterministic synthetic decisions: decision {@code i} always has the same fields, so a test (or the
 * crash-test child JVM) can check a logged record against {@link #decision(long)} exactly.
 */
final class LogFixtures {
  static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  static final Pseudonymiser PSEUDONYMISER = Pseudonymiser.of("test1",
      "0123456789abcdef0123456789ABCDEF-test-key".getBytes(StandardCharsets.US_ASCII));

  private LogFixtures() {}

  static String customerId(long i) {
    return "customer-" + (i % 101) + "@example.com";
  }

  static PricingRequest request(long i) {
    Customer c = new Customer(customerId(i), new BehaviourSummary(3, 2, 1, 0, 4.0, 0, Double.NaN),
        List.of(new BehaviourEvent(BehaviourEvent.Type.VIEW, "p1", "private title", T0)),
        Map.of("loyalty", 0.5));
    Product p = Product.builder("p" + (i % 97), "USD").listPrice("49.99").unitCost("20.00").category("juice").title("t").build();
    return PricingRequest.of(c, p, Market.of(100, T0.plusSeconds(i)));
  }

  static PriceDecision decision(long i) {
    BigDecimal price = BigDecimal.valueOf(1000 + i % 5000, 2);
    List<FeatureContribution> contributions = i % 3 == 0 ? List.of()
        : List.of(new FeatureContribution("market.inventory_cover_days", i % 17, 14, 0.25 * (i % 5),
            OptionalDouble.of(0.01 * (i % 7))),
            new FeatureContribution("behaviour.recency", 0.5, 0, -0.125, OptionalDouble.empty()));
    return new PriceDecision(i, "p" + (i % 97), Currency.getInstance("USD"), price, price,
        new BigDecimal("49.99"), 0.1 + (i % 10) / 100.0, 1.5 + i % 3, 0.75 + (i % 11) / 8.0,
        BigDecimal.valueOf(2000 + i % 3000, 2), 0.5, i % 4 == 0 ? Optional.of(GuardrailKind.MAX_CHANGE)
            : Optional.empty(), i % 4 == 0 ? List.of(ReasonCode.GUARDRAIL_BINDING, ReasonCode.OPTIMISED)
            : List.of(ReasonCode.OPTIMISED), "model-v" + (i / 1000), i % 2 == 0, i % 5 == 0 ? 0.25 : 1.0,
        contributions);
  }

  /** Returns null when the logged decision matches decision(i) field by field, else what differs. */
  static String mismatch(LoggedDecision d) {
    long i = d.decisionId();
    PriceDecision e = decision(i);
    PricingRequest r = request(i);
    StringBuilder sb = new StringBuilder();
    check(sb, "productId", e.productId(), d.productId());
    check(sb, "customer", PSEUDONYMISER.pseudonymise(r.customer().id()), d.customerPseudonym());
    check(sb, "marketTime", r.market().time(), d.marketTime());
    check(sb, "currency", e.currency(), d.currency());
    check(sb, "price", e.price(), d.price());
    check(sb, "proposed", e.proposedPrice(), d.proposedPrice());
    check(sb, "reference", e.referencePrice(), d.referencePrice());
    check(sb, "baseline", e.baselinePrice(), d.baselinePrice());
    check(sb, "conversion", e.expectedConversion(), d.expectedConversion());
    check(sb, "revenue", e.expectedRevenue(), d.expectedRevenue());
    check(sb, "profit", e.expectedProfit(), d.expectedProfit());
    check(sb, "baselineProfit", e.baselineExpectedProfit(), d.baselineExpectedProfit());
    check(sb, "propensity", e.propensity(), d.propensity());
    check(sb, "model", e.modelVersion(), d.modelVersion());
    check(sb, "reasons", e.reasons().stream().map(ReasonCode::id).toList(), d.reasons());
    check(sb, "guardrail", e.bindingGuardrail().map(GuardrailKind::id), d.bindingGuardrail());
    check(sb, "personalised", e.personalised(), d.personalised());
    check(sb, "contributions", e.contributions(), d.contributions());
    return sb.length() == 0 ? null : "decision " + i + ":" + sb;
  }

  private static void check(StringBuilder sb, String field, Object expected, Object actual) {
    if (!expected.equals(actual)) {
      sb.append(' ').append(field).append(" expected ").append(expected).append(" found ").append(actual);
    }
  }
}
