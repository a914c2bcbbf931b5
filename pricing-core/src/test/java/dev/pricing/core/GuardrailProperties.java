package dev.pricing.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pricing.api.BehaviourSummary;
import dev.pricing.api.Channel;
import dev.pricing.api.Customer;
import dev.pricing.api.Guardrail;
import dev.pricing.api.Market;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.PriceLadder;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import dev.pricing.api.ReasonCode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * Guardrails are invariants: over random requests, guardrail sets, ladders and objectives, no decision
 * violates any guardrail, every price lies on the ladder, uniform mode ignores the customer, and decisions
 * are deterministic. Each guardrail is checked here independently of the engine, in exact decimals.
 */
class GuardrailProperties {

  record Scenario(List<Guardrail> engineRails, List<Guardrail> productRails, PriceLadder ladder, double fee,
      double profitWeight, PricingRequest request, Customer other) {}

  @Property(tries = 400)
  @StatisticsReport(onFailureOnly = true)
  void decision_respectsEveryGuardrail(@ForAll("scenarios") Scenario s) {
    // The generator must exercise every outcome, or the property proves little.
    Statistics.label("outcome").coverage(c -> {
      c.check("infeasible").percentage(p -> p > 2);
      c.check("guardrail binding").percentage(p -> p > 5);
      c.check("interior or search limit").percentage(p -> p > 10);
    });
    try (PricingEngine engine = engine(s, false)) {
      PriceDecision d = engine.price(s.request());
      Statistics.label("outcome").collect(d.reasons().contains(ReasonCode.INFEASIBLE_GUARDRAILS) ? "infeasible"
          : d.bindingGuardrail().isPresent() ? "guardrail binding" : "interior or search limit");
      assertThat(d.price().signum()).isGreaterThanOrEqualTo(0);
      if (d.reasons().contains(ReasonCode.INFEASIBLE_GUARDRAILS)) {
        assertThat(d.price()).isEqualByComparingTo(s.request().referencePrice());
        assertThat(feasibleExists(s)).as("engine said infeasible but a ladder price satisfies all").isFalse();
        return;
      }
      List<Guardrail> all = new ArrayList<>(s.engineRails());
      all.addAll(s.request().product().guardrails());
      for (Guardrail g : all) {
        assertThat(satisfies(g, d.price(), s)).as("%s violated by %s", g, d.price()).isTrue();
      }
      int digits = d.currency().getDefaultFractionDigits();
      assertThat(s.ladder().contains(d.price(), digits)).as("price %s on %s", d.price(), s.ladder()).isTrue();
      assertThat(s.ladder().contains(d.baselinePrice(), digits)).isTrue();
      for (Guardrail g : all) {
        assertThat(satisfies(g, d.baselinePrice(), s)).as("baseline violates %s", g).isTrue();
      }
    }
  }

  /**
   * Fuzzing the fail-safe path: the same random scenarios, with a model that randomly throws, returns NaN
   * or negative demand, a personalisation cap, and an explorer that picks any candidate. price() never
   * throws, and every price, fallbacks included, respects every guardrail and lies on the ladder unless the
   * guardrails are infeasible (then it is the reference price, as documented).
   */
  @Property(tries = 300)
  void decision_respectsEveryGuardrail_underFaultsCapAndExploration(@ForAll("scenarios") Scenario s,
      @ForAll("faults") int fault) {
    dev.pricing.api.spi.DemandModel base = Fixtures.model();
    dev.pricing.api.spi.DemandModel faulty = new dev.pricing.api.spi.DemandModel() {
      @Override
      public String version() {
        return "faulty-" + fault;
      }

      @Override
      public dev.pricing.api.DemandKind kind() {
        return dev.pricing.api.DemandKind.CONVERSION_PROBABILITY;
      }

      @Override
      public Scorer bind(dev.pricing.api.FeatureSchema schema) {
        Scorer real = base.bind(schema);
        return (x, prices, count, out) -> {
          switch (fault) {
            case 1 -> throw new IllegalStateException("injected model failure");
            case 2 -> java.util.Arrays.fill(out, 0, count, Double.NaN);
            case 3 -> java.util.Arrays.fill(out, 0, count, -1.0);
            case 4 -> {
              real.score(x, prices, count, out);
              out[count - 1] = Double.POSITIVE_INFINITY;
            }
            default -> real.score(x, prices, count, out);
          }
        };
      }
    };
    dev.pricing.api.spi.PriceExplorer anyCandidate = new dev.pricing.api.spi.PriceExplorer() {
      @Override
      public Choice choose(PricingRequest request, long decisionId, Candidates c) {
        return new Choice((int) Math.floorMod(decisionId * 31 + fault, c.count()), 1.0 / c.count());
      }

      @Override
      public void record(dev.pricing.api.Outcome outcome) {}
    };
    PricingEngine.Builder b = PricingEngine.builder().demandModel(faulty)
        .extractors(FeatureExtractors.standard())
        .ladder(s.ladder()).paymentFeeRate(s.fee())
        .objective(dev.pricing.api.Objective.blend(s.profitWeight()))
        .personalisationCap(0.1).explorer(anyCandidate);
    s.engineRails().forEach(b::guardrail);
    try (PricingEngine engine = b.build()) {
      PriceDecision d = engine.price(s.request());
      if (d.reasons().contains(ReasonCode.INFEASIBLE_GUARDRAILS)) {
        assertThat(d.price()).isEqualByComparingTo(s.request().referencePrice());
        return;
      }
      if (fault != 0) {
        assertThat(d.fallback()).as("fault %d must give a fallback: %s", fault, d.reasons()).isTrue();
      }
      List<Guardrail> all = new ArrayList<>(s.engineRails());
      all.addAll(s.request().product().guardrails());
      for (Guardrail g : all) {
        assertThat(satisfies(g, d.price(), s)).as("%s violated by %s (%s)", g, d.price(), d.reasons()).isTrue();
      }
      int digits = d.currency().getDefaultFractionDigits();
      assertThat(s.ladder().contains(d.price(), digits)).as("price %s on %s", d.price(), s.ladder()).isTrue();
    }
  }

  @Provide
  Arbitrary<Integer> faults() {
    return Arbitraries.integers().between(0, 4);
  }

  @Property(tries = 200)
  void uniformMode_samePriceForEveryCustomer(@ForAll("scenarios") Scenario s) {
    try (PricingEngine engine = engine(s, true)) {
      PricingRequest r = s.request();
      PriceDecision a = engine.price(r);
      PriceDecision b = engine.price(PricingRequest.of(s.other(), r.product(), r.market()));
      assertThat(a.price()).isEqualTo(b.price());
      assertThat(a.personalised()).isFalse();
      assertThat(b.personalised()).isFalse();
    }
  }

  @Property(tries = 200)
  void decision_deterministic(@ForAll("scenarios") Scenario s) {
    try (PricingEngine first = engine(s, false); PricingEngine second = engine(s, false)) {
      PriceDecision a = first.price(s.request());
      PriceDecision b = second.price(s.request());
      PriceDecision again = first.price(s.request());
      assertThat(withoutId(a)).isEqualTo(withoutId(b)).isEqualTo(withoutId(again));
    }
  }

  static PriceDecision withoutId(PriceDecision d) {
    return new PriceDecision(0, d.productId(), d.currency(), d.price(), d.proposedPrice(), d.referencePrice(), d.expectedConversion(),
        d.expectedRevenue(), d.expectedProfit(), d.baselinePrice(), d.baselineExpectedProfit(), d.bindingGuardrail(),
        d.reasons(), d.modelVersion(), d.personalised(), d.propensity(), d.contributions());
  }

  private static PricingEngine engine(Scenario s, boolean uniform) {
    PricingEngine.Builder b = PricingEngine.builder().demandModel(Fixtures.model())
        .extractors(FeatureExtractors.standard())
        .ladder(s.ladder()).paymentFeeRate(s.fee())
        .objective(dev.pricing.api.Objective.blend(s.profitWeight())).uniformPricing(uniform);
    s.engineRails().forEach(b::guardrail);
    return b.build();
  }

  /** Whether some ladder price in the engine's search range satisfies every guardrail (brute force). */
  private static boolean feasibleExists(Scenario s) {
    int digits = s.request().product().currency().getDefaultFractionDigits();
    double ref = s.request().referencePrice().doubleValue();
    // The engine searches the default range 0.5x to 2x the reference, rounded inwards to minor units.
    long hi = (long) Math.floor(ref * 2 * Math.pow(10, digits) + 1e-6);
    long lo = (long) Math.ceil(ref * 0.5 * Math.pow(10, digits) - 1e-6);
    List<Guardrail> all = new ArrayList<>(s.engineRails());
    all.addAll(s.request().product().guardrails());
    for (long p = s.ladder().ceil(lo, digits); p <= hi; p = s.ladder().ceil(p + 1, digits)) {
      BigDecimal price = BigDecimal.valueOf(p, digits);
      if (all.stream().allMatch(g -> satisfies(g, price, s))) {
        return true;
      }
    }
    return false;
  }

  /** The guardrail's definition, evaluated in exact decimals (with a 1e-9 allowance for division). */
  static boolean satisfies(Guardrail g, BigDecimal price, Scenario s) {
    PricingRequest r = s.request();
    BigDecimal ref = r.referencePrice();
    BigDecimal tol = new BigDecimal("1e-9");
    if (g instanceof Guardrail.Floor f) {
      return price.compareTo(f.price()) >= 0;
    } else if (g instanceof Guardrail.Ceiling c) {
      return price.compareTo(c.price()) <= 0;
    } else if (g instanceof Guardrail.MinimumAdvertisedPrice m) {
      return price.compareTo(m.price()) >= 0;
    } else if (g instanceof Guardrail.MinimumMargin m) {
      if (price.signum() == 0) {
        return false;
      }
      BigDecimal kept = price.subtract(r.product().unitCost()).subtract(price.multiply(BigDecimal.valueOf(s.fee())));
      return kept.divide(price, MathContext.DECIMAL64).compareTo(BigDecimal.valueOf(m.fraction()).subtract(tol)) >= 0;
    } else if (g instanceof Guardrail.MaxChange mc) {
      BigDecimal change = price.subtract(ref).abs();
      return change.compareTo(ref.multiply(BigDecimal.valueOf(mc.fraction())).add(tol)) <= 0;
    } else if (g instanceof Guardrail.CompetitorBand cb) {
      List<BigDecimal> comp = new ArrayList<>(r.market().competitorPrices());
      if (comp.isEmpty()) {
        return true;
      }
      comp.sort(null);
      BigDecimal c = cb.reference() == Guardrail.CompetitorReference.MIN ? comp.get(0)
          : comp.size() % 2 == 1 ? comp.get(comp.size() / 2)
          : comp.get(comp.size() / 2 - 1).add(comp.get(comp.size() / 2)).divide(BigDecimal.valueOf(2));
      return price.compareTo(c.multiply(BigDecimal.valueOf(cb.minRatio())).subtract(tol)) >= 0
          && price.compareTo(c.multiply(BigDecimal.valueOf(cb.maxRatio())).add(tol)) <= 0;
    }
    throw new AssertionError(g);
  }

  @Provide
  Arbitrary<Scenario> scenarios() {
    Arbitrary<String> currency = Arbitraries.of("USD", "EUR", "JPY", "GBP");
    Arbitrary<Integer> listMinor = Arbitraries.integers().between(50, 50_000);
    Arbitrary<Double> costShare = Arbitraries.doubles().between(0.0, 1.2);
    Arbitrary<PriceLadder> ladder = Arbitraries.of(PriceLadder.NINETY_NINE, PriceLadder.NINETY_FIVE, PriceLadder.WHOLE,
        PriceLadder.MINOR_UNIT, PriceLadder.step(5), PriceLadder.FORTY_NINE_NINETY_NINE,
        PriceLadder.points(List.of(new BigDecimal("4"), new BigDecimal("9"), new BigDecimal("19"), new BigDecimal("49"),
            new BigDecimal("99"), new BigDecimal("199"))));
    Arbitrary<List<Guardrail>> rails = guardrail().list().ofMaxSize(4);
    Arbitrary<Double> fee = Arbitraries.of(0.0, 0.029, 0.1);
    Arbitrary<Double> weight = Arbitraries.of(0.0, 0.5, 1.0);
    Arbitrary<Customer> customer = customer();
    Arbitrary<List<Double>> competitors = Arbitraries.doubles().between(0.5, 1.6).list().ofMaxSize(4);
    Arbitrary<Double> refShare = Arbitraries.doubles().between(0.7, 1.3).injectNull(0.4);
    return Combinators.combine(currency, listMinor, costShare, ladder, rails, rails, fee, weight)
        .flatAs((cur, list, cost, lad, engineRails, productRails, f, w) ->
            Combinators.combine(customer, customer, competitors, refShare).as((c1, c2, comp, ref) ->
                scenario(cur, list, cost, lad, engineRails, productRails, f, w, c1, c2, comp, ref)))
        .filter(s -> s != null);
  }

  private static Scenario scenario(String cur, int listMinor, double costShare, PriceLadder ladder,
      List<Guardrail> engineRails, List<Guardrail> productRails, double fee, double w, Customer c1, Customer c2,
      List<Double> comp, Double refShare) {
    int digits = java.util.Currency.getInstance(cur).getDefaultFractionDigits();
    BigDecimal list = BigDecimal.valueOf(listMinor, digits == 0 ? 0 : 2).setScale(digits);
    List<Guardrail> scaledEngine = scale(engineRails, list, digits);
    List<Guardrail> scaledProduct = scale(productRails, list, digits);
    Product product;
    try {
      Product.Builder pb = Product.builder("p", cur).listPrice(list)
          .unitCost(list.multiply(BigDecimal.valueOf(costShare)).setScale(3, java.math.RoundingMode.HALF_UP))
          .category("c");
      scaledProduct.forEach(pb::guardrail);
      product = pb.build();
      // The engine list must be consistent on its own too (the builder refuses floor > ceiling).
      dev.pricing.api.PricingEngine.Builder probe = PricingEngine.builder().demandModel(Fixtures.model());
      scaledEngine.forEach(probe::guardrail);
      probe.build().close();
    } catch (IllegalArgumentException e) {
      return null;
    }
    List<BigDecimal> competitorPrices = comp.stream()
        .map(x -> list.multiply(BigDecimal.valueOf(x)).setScale(digits, java.math.RoundingMode.HALF_UP)).toList();
    Optional<BigDecimal> ref = refShare == null ? Optional.empty()
        : Optional.of(list.multiply(BigDecimal.valueOf(refShare)).setScale(digits, java.math.RoundingMode.HALF_UP));
    Market market = new Market(competitorPrices, 40, 5, Instant.parse("2026-06-01T12:00:00Z"), Channel.WEB, ref);
    return new Scenario(scaledEngine, scaledProduct, ladder, fee, w, PricingRequest.of(c1, product, market), c2);
  }

  /** Turns relative placeholder floors/ceilings/MAPs (fractions of list) into prices in the currency. */
  private static List<Guardrail> scale(List<Guardrail> rails, BigDecimal list, int digits) {
    List<Guardrail> out = new ArrayList<>();
    for (Guardrail g : rails) {
      if (g instanceof Guardrail.Floor f) {
        out.add(new Guardrail.Floor(list.multiply(f.price()).setScale(digits, java.math.RoundingMode.HALF_UP)));
      } else if (g instanceof Guardrail.Ceiling c) {
        out.add(new Guardrail.Ceiling(list.multiply(c.price()).setScale(digits, java.math.RoundingMode.HALF_UP)));
      } else if (g instanceof Guardrail.MinimumAdvertisedPrice m) {
        out.add(new Guardrail.MinimumAdvertisedPrice(list.multiply(m.price()).setScale(digits, java.math.RoundingMode.HALF_UP)));
      } else {
        out.add(g);
      }
    }
    return out;
  }

  private static Arbitrary<Guardrail> guardrail() {
    Arbitrary<BigDecimal> share = Arbitraries.bigDecimals().between(new BigDecimal("0.3"), new BigDecimal("1.8")).ofScale(2);
    return Arbitraries.oneOf(
        share.map(Guardrail.Floor::new),
        share.map(Guardrail.Ceiling::new),
        share.map(Guardrail.MinimumAdvertisedPrice::new),
        Arbitraries.doubles().between(0, 0.6).map(Guardrail.MinimumMargin::new),
        Arbitraries.doubles().between(0, 0.5).map(Guardrail.MaxChange::new),
        Arbitraries.doubles().between(0, 0.3).map(Guardrail::beatCompetitors),
        Arbitraries.just(Guardrail.matchCompetitors()),
        Combinators.combine(Arbitraries.doubles().between(0, 0.5), Arbitraries.doubles().between(0, 0.5))
            .as(Guardrail::withinCompetitorBand));
  }

  private static Arbitrary<Customer> customer() {
    return Combinators.combine(
        Arbitraries.integers().between(0, 200), Arbitraries.integers().between(0, 20),
        Arbitraries.integers().between(0, 50), Arbitraries.doubles().between(0, 1000),
        Arbitraries.doubles().between(0, 1).injectNull(0.3), Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8))
        .as((views, carts, purchases, days, response, id) -> new Customer(id,
            new BehaviourSummary(views, views / 3, carts, purchases, days, purchases * 15.0,
                response == null ? Double.NaN : response), List.of(), Map.of()));
  }
}
