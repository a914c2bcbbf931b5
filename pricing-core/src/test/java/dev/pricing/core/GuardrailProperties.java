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
 * Guardrails are invariants: over random requests the builders accept (list prices from one minor unit to
 * 10^7, reference and competitor prices across the whole accepted range, costs above list where allowed),
 * random guardrail sets, ladders and objectives, in both fail-safe and strict mode, price() throws nothing,
 * no decision violates any guardrail or the implicit cost floor, every price lies on the ladder, uniform mode
 * ignores the customer, and decisions are deterministic. Each guardrail is checked here independently of
 * the engine, in exact decimals.
 */
class GuardrailProperties {

  record Scenario(List<Guardrail> engineRails, List<Guardrail> productRails, PriceLadder ladder, double fee,
      double profitWeight, PricingRequest request, Customer other) {}

  @Property(tries = 400)
  @StatisticsReport(onFailureOnly = true)
  void decision_respectsEveryGuardrail(@ForAll("scenarios") Scenario s, @ForAll boolean strict) {
    // The generator must exercise every outcome, or the property proves little.
    Statistics.label("outcome").coverage(c -> {
      c.check("infeasible").percentage(p -> p > 2);
      c.check("guardrail binding").percentage(p -> p > 5);
      // The generator spans the whole accepted range (tiny and huge prices, far references), so fewer
      // scenarios are interior than with list prices near the reference alone.
      c.check("interior or search limit").percentage(p -> p > 5);
    });
    try (PricingEngine engine = engine(s, false, strict)) {
      PriceDecision d = engine.price(s.request());
      Statistics.label("outcome").collect(d.reasons().contains(ReasonCode.INFEASIBLE_GUARDRAILS) ? "infeasible"
          : d.bindingGuardrail().isPresent() ? "guardrail binding" : "interior or search limit");
      assertThat(d.price().signum()).isGreaterThanOrEqualTo(0);
      assertThat(d.fallback()).as("a valid request on a working engine is no fallback: %s", d.reasons()).isFalse();
      assertThat(aboveCostFloor(d.price(), s)).as("price %s below cost %s", d.price(),
          s.request().product().unitCost()).isTrue();
      if (d.reasons().contains(ReasonCode.INFEASIBLE_GUARDRAILS)) {
        assertThat(d.price()).isEqualByComparingTo(infeasiblePrice(s));
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
  @Property(tries = 200)
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
      assertThat(aboveCostFloor(d.price(), s)).as("price %s below cost %s (%s)", d.price(),
          s.request().product().unitCost(), d.reasons()).isTrue();
      if (d.reasons().contains(ReasonCode.INFEASIBLE_GUARDRAILS)) {
        assertThat(d.price()).isEqualByComparingTo(infeasiblePrice(s));
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

  @Property(tries = 100)
  void uniformMode_samePriceForEveryCustomer(@ForAll("scenarios") Scenario s) {
    try (PricingEngine engine = engine(s, true, false)) {
      PricingRequest r = s.request();
      PriceDecision a = engine.price(r);
      PriceDecision b = engine.price(PricingRequest.of(s.other(), r.product(), r.market()));
      assertThat(a.price()).isEqualTo(b.price());
      assertThat(a.personalised()).isFalse();
      assertThat(b.personalised()).isFalse();
    }
  }

  /**
   * Once the product's category has a population (the reservoir of arriving customers' personal features is
   * full), the uniform price and the personal path's baseline are its price: still inside every guardrail
   * and on the ladder, the uniform price still the same for every customer, and the personal engine's
   * baseline the uniform engine's price.
   */
  @Property(tries = 50)
  void population_uniformAndBaselineRespectEveryGuardrail_andUniformIsTheSameForEveryCustomer(
      @ForAll("scenarios") Scenario s) {
    try (PricingEngine uniform = engine(s, true, false); PricingEngine personal = engine(s, false, false)) {
      PricingRequest r = s.request();
      for (int i = 0; i < dev.pricing.api.spi.EngineConfig.DEFAULT_POPULATION_SAMPLE; i++) {
        Customer c = i % 2 == 0 ? r.customer() : s.other();
        uniform.price(PricingRequest.of(c, r.product(), r.market()));
        personal.price(PricingRequest.of(c, r.product(), r.market()));
      }
      PriceDecision a = uniform.price(r);
      PriceDecision b = uniform.price(PricingRequest.of(s.other(), r.product(), r.market()));
      PriceDecision p = personal.price(r);
      assertThat(a.price()).isEqualTo(b.price());
      assertThat(a.personalised()).isFalse();
      if (a.reasons().contains(ReasonCode.INFEASIBLE_GUARDRAILS)) {
        return;
      }
      assertThat(p.baselinePrice()).isEqualByComparingTo(a.price());
      List<Guardrail> all = new ArrayList<>(s.engineRails());
      all.addAll(r.product().guardrails());
      int digits = a.currency().getDefaultFractionDigits();
      for (BigDecimal price : List.of(a.price(), p.price(), p.baselinePrice())) {
        assertThat(aboveCostFloor(price, s)).as("price %s below cost", price).isTrue();
        assertThat(s.ladder().contains(price, digits)).as("price %s on %s", price, s.ladder()).isTrue();
        for (Guardrail g : all) {
          assertThat(satisfies(g, price, s)).as("%s violated by %s", g, price).isTrue();
        }
      }
    }
  }

  @Property(tries = 100)
  void decision_deterministic(@ForAll("scenarios") Scenario s) {
    try (PricingEngine first = engine(s, false, false); PricingEngine second = engine(s, false, true)) {
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

  private static PricingEngine engine(Scenario s, boolean uniform, boolean strict) {
    PricingEngine.Builder b = PricingEngine.builder().demandModel(Fixtures.model())
        .extractors(FeatureExtractors.standard()).failSafe(!strict)
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
    // Every ladder price in the range, up to 20,000 of them; beyond that, start at the lowest price that the
    // absolute lower bounds allow (each guardrail's lower edge, computed here in decimals) and walk from there.
    long steps = 0;
    for (long p = s.ladder().ceil(lo, digits); p <= hi; p = s.ladder().ceil(p + 1, digits)) {
      BigDecimal price = BigDecimal.valueOf(p, digits);
      if (aboveCostFloor(price, s) && all.stream().allMatch(g -> satisfies(g, price, s))) {
        return true;
      }
      if (++steps == 20_000) {
        long from = Math.max(p, lowestAllowedMinor(s, all, digits));
        for (long q = s.ladder().ceil(from, digits), k = 0; q <= hi && k < 20_000; q = s.ladder().ceil(q + 1, digits), k++) {
          BigDecimal price2 = BigDecimal.valueOf(q, digits);
          if (aboveCostFloor(price2, s) && all.stream().allMatch(g -> satisfies(g, price2, s))) {
            return true;
          }
        }
        return false;
      }
    }
    return false;
  }

  /** The highest of the lower edges of the guardrails and the cost floor, in minor units (rounded down). */
  private static long lowestAllowedMinor(Scenario s, List<Guardrail> all, int digits) {
    PricingRequest r = s.request();
    double cost = r.product().unitCost().doubleValue();
    double ref = r.referencePrice().doubleValue();
    double lo = belowCostAllowed(s) ? 0 : cost / (1 - s.fee());
    for (Guardrail g : all) {
      lo = Math.max(lo, GuardrailBounds.lower(g, r, ref, cost, s.fee()));
    }
    return (long) Math.floor(lo * Math.pow(10, digits)) - 1;
  }

  /** Whether a guardrail allows prices below cost: a negative minimum margin on the engine or product. */
  static boolean belowCostAllowed(Scenario s) {
    List<Guardrail> all = new ArrayList<>(s.engineRails());
    all.addAll(s.request().product().guardrails());
    return all.stream().anyMatch(g -> g instanceof Guardrail.MinimumMargin m && m.fraction() < 0);
  }

  /** The implicit cost floor: price - cost - fee * price >= 0, unless a guardrail allows less. */
  static boolean aboveCostFloor(BigDecimal price, Scenario s) {
    if (belowCostAllowed(s)) {
      return true;
    }
    BigDecimal kept = price.subtract(s.request().product().unitCost())
        .subtract(price.multiply(BigDecimal.valueOf(s.fee())));
    return kept.compareTo(new BigDecimal("-1e-9")) >= 0;
  }

  /** What an infeasible decision serves: the reference price, raised to the ladder's cost floor if below it. */
  static BigDecimal infeasiblePrice(Scenario s) {
    BigDecimal ref = s.request().referencePrice();
    if (aboveCostFloor(ref, s)) {
      return ref;
    }
    int digits = s.request().product().currency().getDefaultFractionDigits();
    double floor = s.request().product().unitCost().doubleValue() / (1 - s.fee());
    long minor = (long) Math.ceil(floor * Math.pow(10, digits) - 1e-6);
    long onLadder = s.ladder().ceil(minor, digits);
    // No ladder price at or above the cost floor: the floor itself (the documented infeasible exception).
    return BigDecimal.valueOf(onLadder == Long.MAX_VALUE ? minor : onLadder, digits);
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
    // List prices from one minor unit to 10^9 minor units, most of them in the usual range.
    Arbitrary<Integer> listMinor = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(50, 50_000)),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 50)),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(50_000, 1_000_000_000)));
    Arbitrary<Double> costShare = Arbitraries.doubles().between(0.0, 1.2);
    // null stands for the point ladder, built in the scenario's own currency.
    Arbitrary<PriceLadder> ladder = Arbitraries.of(PriceLadder.NINETY_NINE, PriceLadder.NINETY_FIVE, PriceLadder.WHOLE,
        PriceLadder.MINOR_UNIT, PriceLadder.step(5), PriceLadder.FORTY_NINE_NINETY_NINE).injectNull(0.14);
    Arbitrary<List<Guardrail>> rails = guardrail().list().ofMaxSize(4);
    Arbitrary<Double> fee = Arbitraries.of(0.0, 0.029, 0.1);
    Arbitrary<Double> weight = Arbitraries.of(0.0, 0.5, 1.0);
    Arbitrary<Customer> customer = customer();
    Arbitrary<List<Double>> competitors = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, Arbitraries.doubles().between(0.5, 1.6)),
        net.jqwik.api.Tuple.of(1, Arbitraries.doubles().between(0.0001, 100).ofScale(4))).list().ofMaxSize(6);
    Arbitrary<Double> refShare = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, Arbitraries.doubles().between(0.7, 1.3)),
        net.jqwik.api.Tuple.of(1, Arbitraries.doubles().between(0.01, 10))).injectNull(0.4);
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
    if (ladder == null) {
      ladder = PriceLadder.points(cur, List.of(new BigDecimal("4"), new BigDecimal("9"), new BigDecimal("19"),
          new BigDecimal("49"), new BigDecimal("99"), new BigDecimal("199")));
    }
    java.util.Currency currency = java.util.Currency.getInstance(cur);
    List<Guardrail> scaledEngine = scale(engineRails, list, digits, Optional.of(currency));
    List<Guardrail> scaledProduct = scale(productRails, list, digits, Optional.empty());
    Product product;
    try {
      Product.Builder pb = Product.builder("p", cur).listPrice(list)
          .unitCost(list.multiply(BigDecimal.valueOf(costShare)).setScale(3, java.math.RoundingMode.HALF_UP))
          .category("c");
      if (costShare > 1) {
        pb.allowCostAboveList();
      }
      scaledProduct.forEach(pb::guardrail);
      product = pb.build();
      // The engine list must be consistent on its own too (the builder refuses floor > ceiling).
      dev.pricing.api.PricingEngine.Builder probe = PricingEngine.builder().demandModel(Fixtures.model());
      scaledEngine.forEach(probe::guardrail);
      probe.build().close();
    } catch (IllegalArgumentException e) {
      return null;
    }
    BigDecimal minorUnit = BigDecimal.ONE.movePointLeft(digits);
    List<BigDecimal> competitorPrices = comp.stream()
        .map(x -> list.multiply(BigDecimal.valueOf(x)).setScale(digits, java.math.RoundingMode.HALF_UP).max(minorUnit))
        .toList();
    Optional<BigDecimal> ref = refShare == null ? Optional.empty()
        : Optional.of(list.multiply(BigDecimal.valueOf(refShare)).setScale(digits, java.math.RoundingMode.HALF_UP));
    try {
      Market market = new Market(competitorPrices, 40, 5, Instant.parse("2026-06-01T12:00:00Z"), Channel.WEB, ref,
          Optional.of(currency));
      // Only requests the builders accept: a reference price rounded outside the accepted range is refused.
      PricingRequest request = PricingRequest.of(c1, product, market);
      return new Scenario(scaledEngine, scaledProduct, ladder, fee, w, request, c2);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Turns relative placeholder floors/ceilings/MAPs (fractions of list) into prices in the currency. */
  private static List<Guardrail> scale(List<Guardrail> rails, BigDecimal list, int digits,
      Optional<java.util.Currency> currency) {
    List<Guardrail> out = new ArrayList<>();
    BigDecimal minorUnit = BigDecimal.ONE.movePointLeft(digits);
    for (Guardrail g : rails) {
      if (g instanceof Guardrail.Floor f) {
        out.add(new Guardrail.Floor(currency, money(list, f.price(), digits, minorUnit)));
      } else if (g instanceof Guardrail.Ceiling c) {
        out.add(new Guardrail.Ceiling(currency, money(list, c.price(), digits, minorUnit)));
      } else if (g instanceof Guardrail.MinimumAdvertisedPrice m) {
        out.add(new Guardrail.MinimumAdvertisedPrice(currency, money(list, m.price(), digits, minorUnit)));
      } else {
        out.add(g);
      }
    }
    return out;
  }

  private static BigDecimal money(BigDecimal list, BigDecimal share, int digits, BigDecimal minorUnit) {
    return list.multiply(share).setScale(digits, java.math.RoundingMode.HALF_UP).max(minorUnit);
  }

  private static Arbitrary<Guardrail> guardrail() {
    Arbitrary<BigDecimal> share = Arbitraries.bigDecimals().between(new BigDecimal("0.3"), new BigDecimal("1.8")).ofScale(2);
    return Arbitraries.oneOf(
        share.map(Guardrail.Floor::new),
        share.map(Guardrail.Ceiling::new),
        share.map(Guardrail.MinimumAdvertisedPrice::new),
        Arbitraries.doubles().between(-0.3, 0.6).map(Guardrail.MinimumMargin::new),
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
