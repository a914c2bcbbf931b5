package dev.pricing.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pricing.api.BehaviourSummary;
import dev.pricing.api.Customer;
import dev.pricing.api.FeatureContribution;
import dev.pricing.api.GuardrailKind;
import dev.pricing.api.Outcome;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import dev.pricing.api.ReasonCode;
import dev.pricing.api.spi.DecisionListener;
import dev.pricing.api.spi.PriceExplorer;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The trust promises: protected attributes never influence a price, personalised prices stay within the
 * configured spread, the personalised flag and disclosure are exact, decisions explain themselves, and the
 * explorer hook keeps every choice inside the guardrails with its propensity.
 */
class TrustProperties {
  static final Product OJ = Fixtures.product("oj", "19.99", "11.40");
  static final Map<String, Double> ALLOWED = Map.of("loyalty_tier", 0.0);
  static final LogisticDemandModel MODEL = LogisticDemandModel.builder()
      .version("trust-1").intercept(3.0).priceCoefficient(4.0)
      .weight("behaviour.carts_log1p", 0.6).weight("behaviour.recency", 0.5)
      .weight("customer.attr.loyalty_tier", 0.4)
      .weight("market.competitor_min_gap", 1.5)
      .priceInteraction("behaviour.discount_response", 3.0)
      .build();

  static PricingEngine.Builder engine() {
    List<dev.pricing.api.spi.FeatureExtractor> xs = new ArrayList<>(FeatureExtractors.standard());
    xs.add(FeatureExtractors.customerAttributes(ALLOWED));
    return PricingEngine.builder().demandModel(MODEL).extractors(xs)
        .denyFeature("customer.attr.gender").denyFeature("customer.attr.ethnicity").denyFeature("customer.attr.age");
  }

  @Provide
  Arbitrary<Customer> customers() {
    return Combinators.combine(
        Arbitraries.integers().between(0, 60), Arbitraries.integers().between(0, 6),
        Arbitraries.integers().between(0, 12), Arbitraries.doubles().between(0, 400),
        Arbitraries.doubles().between(0, 1), Arbitraries.of(0.0, 1.0, 2.0, 3.0),
        Arbitraries.of(0.0, 1.0), Arbitraries.of(18.0, 35.0, 70.0))
        .as((views, carts, purchases, days, response, tier, gender, age) -> new Customer("c" + views + carts,
            new BehaviourSummary(views, views / 2, carts, purchases, days, purchases * 20.0, response), List.of(),
            Map.of("loyalty_tier", tier, "gender", gender, "age", age, "ethnicity", gender)));
  }

  /** Flipping every protected attribute never changes anything but the decision id. */
  @Property(tries = 300)
  void protectedAttributes_flipped_samePrice(@ForAll("customers") Customer c) {
    Map<String, Double> flipped = new HashMap<>(c.attributes());
    flipped.put("gender", 1 - c.attributes().get("gender"));
    flipped.put("ethnicity", 1 - c.attributes().get("ethnicity"));
    flipped.put("age", 100 - c.attributes().get("age"));
    Customer other = new Customer(c.id(), c.behaviour(), c.recentEvents(), flipped);
    try (PricingEngine engine = engine().build()) {
      PriceDecision a = engine.price(Fixtures.request(c, OJ));
      PriceDecision b = engine.price(Fixtures.request(other, OJ));
      assertThat(GuardrailProperties.withoutId(a)).isEqualTo(GuardrailProperties.withoutId(b));
    }
  }

  @Test
  void deniedFeature_declaredByAnExtractor_failsTheBuild() {
    assertThatThrownBy(() -> engine().extractor(FeatureExtractors.customerAttributes(Map.of("gender", 0.0))).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("customer.attr.gender")
        .hasMessageContaining("denied");
  }

  /**
   * Any two customers' prices for the same product and market under the same non-personal baseline differ by
   * at most the cap. The baseline is the population's price (see Baseline), which moves when the category's
   * sample of arriving customers is renewed (it doubles from 8 to the sample size, then once per full
   * sample), as it moves with a model swap: the promise is per baseline, checked here per baseline.
   */
  @Property(tries = 60)
  void personalisationCap_boundsTheSpreadBetweenCustomers(@ForAll @Size(min = 2, max = 12) List<@net.jqwik.api.From("customers") Customer> cs) {
    try (PricingEngine capped = engine().personalisationCap(0.10).build()) {
      Map<java.math.BigDecimal, double[]> byBaseline = new java.util.HashMap<>();
      for (Customer c : cs) {
        PriceDecision d = capped.price(Fixtures.request(c, OJ));
        double[] range = byBaseline.computeIfAbsent(d.baselinePrice(), b -> new double[] {Double.MAX_VALUE, 0});
        range[0] = Math.min(range[0], d.price().doubleValue());
        range[1] = Math.max(range[1], d.price().doubleValue());
        // The flag is exact: personalised exactly when the price differs from the non-personal baseline.
        assertThat(d.personalised()).isEqualTo(d.price().compareTo(d.baselinePrice()) != 0);
        assertThat(d.disclosure().isPresent()).isEqualTo(d.personalised());
        if (d.bindingGuardrail().orElse(null) == GuardrailKind.PERSONALISATION_CAP) {
          assertThat(d.reasons()).contains(ReasonCode.PERSONALISATION_CAP);
        }
      }
      for (double[] range : byBaseline.values()) {
        assertThat(range[1] / range[0]).isLessThanOrEqualTo(1.10 + 1e-12);
      }
    }
  }

  @Test
  void personalisationCap_bindsForAnExtremeCustomer() {
    Customer bargainHunter = new Customer("b", new BehaviourSummary(2, 1, 0, 0, 300, 0, 1.0), List.of(),
        Map.of("loyalty_tier", 0.0));
    try (PricingEngine free = engine().build(); PricingEngine capped = engine().personalisationCap(0.15).build()) {
      PriceDecision d0 = free.price(Fixtures.request(bargainHunter, OJ));
      PriceDecision d = capped.price(Fixtures.request(bargainHunter, OJ));
      assertThat(d0.price().doubleValue() / d0.baselinePrice().doubleValue()).as("%s vs %s", d0.price(), d0.baselinePrice())
          .isLessThan(1 / Math.sqrt(1.15));
      assertThat(d.bindingGuardrail()).contains(GuardrailKind.PERSONALISATION_CAP);
      assertThat(d.price().doubleValue() / d.baselinePrice().doubleValue())
          .isGreaterThanOrEqualTo(1 / Math.sqrt(1.15) - 1e-12);
      assertThat(d.personalised()).isTrue();
    }
  }

  @Test
  void decisions_explainThemselves() {
    Customer loyal = new Customer("l", new BehaviourSummary(40, 20, 5, 9, 2, 180, 0.05), List.of(),
        Map.of("loyalty_tier", 3.0));
    try (PricingEngine engine = engine().explanations(3, true)
        .explanationReference(Map.of("market.competitor_min_gap", 0.0)).build()) {
      PriceDecision d = engine.price(Fixtures.request(loyal, OJ));
      List<FeatureContribution> cs = d.contributions();
      assertThat(cs).hasSize(3);
      for (int i = 1; i < cs.size(); i++) {
        assertThat(Math.abs(cs.get(i - 1).scoreContribution())).isGreaterThanOrEqualTo(Math.abs(cs.get(i).scoreContribution()));
      }
      assertThat(cs).extracting(FeatureContribution::feature).contains("customer.attr.loyalty_tier");
      FeatureContribution tier = cs.stream().filter(c -> c.feature().equals("customer.attr.loyalty_tier")).findFirst()
          .orElseThrow();
      assertThat(tier.value()).isEqualTo(3.0);
      assertThat(tier.referenceValue()).isEqualTo(0.0);
      assertThat(tier.scoreContribution()).isCloseTo(0.4 * 3.0, org.assertj.core.data.Offset.offset(1e-12));
      // A loyal customer converts more, so the engine may charge more: the price effect is not negative.
      assertThat(tier.priceEffect()).isPresent();
      assertThat(tier.priceEffect().getAsDouble()).isGreaterThanOrEqualTo(0);
      assertThat(d.explanation()).anyMatch(l -> l.startsWith("customer.attr.loyalty_tier 3.00 (ref 0.00): +"));
    }
    // Explanations off: no contributions (and no cost).
    try (PricingEngine engine = engine().explanations(0, false).build()) {
      assertThat(engine.price(Fixtures.request(loyal, OJ)).contributions()).isEmpty();
    }
  }

  @Test
  void explorer_choosesInsideTheGuardrails_withItsPropensity_andLearnsFromOutcomes() {
    List<Outcome> seenByExplorer = new CopyOnWriteArrayList<>();
    List<Outcome> seenByListener = new CopyOnWriteArrayList<>();
    List<long[]> candidateRanges = new CopyOnWriteArrayList<>();
    PriceExplorer lowest = new PriceExplorer() {
      @Override
      public Choice choose(PricingRequest request, long decisionId, Candidates c) {
        candidateRanges.add(new long[] {c.priceMinor(0), c.priceMinor(c.count() - 1), c.priceMinor(c.greedy())});
        return new Choice(0, 0.25);
      }

      @Override
      public void record(Outcome outcome) {
        seenByExplorer.add(outcome);
      }
    };
    DecisionListener listener = new DecisionListener() {
      @Override
      public void onDecision(PricingRequest request, PriceDecision decision) {}

      @Override
      public void onOutcome(Outcome outcome) {
        seenByListener.add(outcome);
      }
    };
    try (PricingEngine engine = engine().explorer(lowest).listener(listener)
        .guardrail(dev.pricing.api.Guardrail.floor("USD", "17.00")).build()) {
      PriceDecision d = engine.price(Fixtures.request(Customer.anonymous(), OJ));
      assertThat(d.price()).isEqualByComparingTo("17.99");
      assertThat(d.propensity()).isEqualTo(0.25);
      assertThat(d.reasons()).contains(ReasonCode.EXPLORED);
      assertThat(candidateRanges.get(0)[0]).isEqualTo(1799);
      Outcome o = Outcome.conversion(d.decisionId(), true, Instant.parse("2026-11-24T10:05:00Z"));
      engine.record(o);
      assertThat(seenByExplorer).containsExactly(o);
      assertThat(seenByListener).containsExactly(o);
    }
  }
}
