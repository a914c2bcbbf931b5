package dev.pricing.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pricing.api.Customer;
import dev.pricing.api.FeatureSchema;
import dev.pricing.api.Guardrail;
import dev.pricing.api.Market;
import dev.pricing.api.Outcome;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import dev.pricing.api.SlateRanking;
import dev.pricing.api.spi.PriceExplorer;
import dev.pricing.core.explore.ContextualThompsonExplorer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SlateTest {

  private static PricingEngine.Builder builder() {
    return PricingEngine.builder().demandModel(Fixtures.model())
        .extractors(List.of(FeatureExtractors.behaviour(), FeatureExtractors.product(), FeatureExtractors.market(),
            FeatureExtractors.customerAttributes(Map.of("seg", 0.0))))
        .guardrail(Guardrail.minimumMargin(0.05)).guardrail(Guardrail.maxChange(0.3))
        .personalisationCap(0.2);
  }

  private static List<Product> products(Random r, int n) {
    List<Product> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int list = 499 + 100 * r.nextInt(150);
      out.add(Fixtures.product("p" + i, java.math.BigDecimal.valueOf(list, 2).toPlainString(),
          java.math.BigDecimal.valueOf((long) (list * (0.3 + 0.4 * r.nextDouble())), 2).toPlainString()));
    }
    return out;
  }

  private static Customer customer(Random r, int i) {
    Customer c = Fixtures.customer("c" + i, r.nextInt(40), r.nextInt(5), r.nextInt(10), r.nextDouble() * 300,
        r.nextDouble());
    return new Customer(c.id(), c.behaviour(), List.of(), Map.of("seg", r.nextDouble()));
  }

  /** Every field but the decision id. */
  private static void assertSameDecision(PriceDecision slate, PriceDecision single) {
    assertThat(slate).usingRecursiveComparison().ignoringFields("decisionId").isEqualTo(single);
  }

  @Test
  void priceAll_equalsPricePerItem_inOrder() {
    Random r = new Random(42);
    Market market = Fixtures.request(Customer.anonymous(), Fixtures.product("x", "9.99", "5.00")).market();
    // The slate engine caches baselines; the reference engine has no cache, so this also checks the cache.
    try (PricingEngine slate = builder().build();
         PricingEngine single = builder().baselineCache(0, Duration.ofSeconds(1)).build()) {
      int personalised = 0;
      for (int k = 0; k < 20; k++) {
        Customer c = customer(r, k);
        List<Product> ps = products(r, 25);
        List<PriceDecision> ds = slate.priceAll(c, ps, market);
        assertThat(ds).hasSize(ps.size());
        for (int i = 0; i < ps.size(); i++) {
          PriceDecision one = single.price(PricingRequest.of(c, ps.get(i), market));
          assertThat(ds.get(i).productId()).isEqualTo(ps.get(i).id());
          assertSameDecision(ds.get(i), one);
          personalised += one.personalised() ? 1 : 0;
        }
      }
      assertThat(personalised).as("the slates exercise the personal path").isGreaterThan(50);
      assertThat(slate.health().decisions()).isEqualTo(20 * 25);
    }
  }

  @Test
  void priceAll_rejectsANullProduct_namingItsIndex() {
    try (PricingEngine engine = builder().build()) {
      List<Product> ps = new ArrayList<>(products(new Random(1), 3));
      ps.set(1, null);
      Market market = Fixtures.request(Customer.anonymous(), ps.get(0)).market();
      assertThatThrownBy(() -> engine.priceAll(Customer.anonymous(), ps, market))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("products[1]");
      assertThat(engine.priceAll(Customer.anonymous(), List.of(), market)).isEmpty();
    }
  }

  @Test
  void ranking_byProfit_andByBlendWithRelevance() {
    Random r = new Random(7);
    try (PricingEngine engine = builder().build()) {
      List<Product> ps = products(r, 12);
      Market market = Fixtures.request(Customer.anonymous(), ps.get(0)).market();
      List<PriceDecision> ds = engine.priceAll(customer(r, 1), ps, market);
      List<PriceDecision> byProfit = SlateRanking.byExpectedProfit(ds);
      assertThat(byProfit).containsExactlyInAnyOrderElementsOf(ds);
      for (int i = 1; i < byProfit.size(); i++) {
        assertThat(byProfit.get(i - 1).expectedProfit()).isGreaterThanOrEqualTo(byProfit.get(i).expectedProfit());
      }
      double[] relevance = new double[ds.size()];
      for (int i = 0; i < relevance.length; i++) {
        relevance[i] = (relevance.length - i) / (double) relevance.length;
      }
      assertThat(SlateRanking.blend(ds, relevance, 1.0)).containsExactlyElementsOf(ds);
      assertThat(SlateRanking.blend(ds, relevance, 0.0)).containsExactlyElementsOf(byProfit);
      List<PriceDecision> half = SlateRanking.blend(ds, relevance, 0.5);
      double max = ds.stream().mapToDouble(d -> Math.abs(d.expectedProfit())).max().orElseThrow();
      for (int i = 1; i < half.size(); i++) {
        int a = ds.indexOf(half.get(i - 1));
        int b = ds.indexOf(half.get(i));
        assertThat(0.5 * ds.get(a).expectedProfit() / max + 0.5 * relevance[a])
            .isGreaterThanOrEqualTo(0.5 * ds.get(b).expectedProfit() / max + 0.5 * relevance[b]);
      }
      assertThatThrownBy(() -> SlateRanking.blend(ds, new double[3], 0.5))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("relevance");
      relevance[2] = 1.5;
      assertThatThrownBy(() -> SlateRanking.blend(ds, relevance, 0.5))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("relevance[2]").hasMessageContaining("1.5");
      assertThatThrownBy(() -> SlateRanking.blend(ds, new double[ds.size()], -0.1))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("relevanceWeight");
    }
  }

  /** Records what the engine shows an explorer. */
  static final class Spy implements PriceExplorer {
    final List<PricingRequest> requests = new ArrayList<>();
    final List<double[]> vectors = new ArrayList<>();
    FeatureSchema schema;

    @Override
    public Choice choose(PricingRequest request, long decisionId, Candidates candidates) {
      schema = candidates.featureSchema();
      double[] x = new double[schema.size()];
      for (int j = 0; j < x.length; j++) {
        x[j] = candidates.feature(j);
      }
      requests.add(request);
      vectors.add(x);
      return new Choice(candidates.greedy(), 1.0);
    }

    @Override
    public void record(Outcome outcome) {}
  }

  @Test
  void uniformMode_explorerSeesNoPersonalFeatures_byConstruction() {
    Random r = new Random(3);
    Spy spy = new Spy();
    FeaturePipeline pipeline = FeaturePipeline.of(List.of(FeatureExtractors.behaviour(), FeatureExtractors.product(),
        FeatureExtractors.market(), FeatureExtractors.customerAttributes(Map.of("seg", 0.0))));
    try (PricingEngine engine = builder().uniformPricing(true).explorer(spy).build()) {
      List<Product> ps = products(r, 5);
      for (int k = 0; k < 10; k++) {
        Customer c = customer(r, k);
        for (Product p : ps) {
          PricingRequest req = Fixtures.request(c, p);
          engine.price(req);
          double[] seen = spy.vectors.get(spy.vectors.size() - 1);
          double[] neutral = new double[pipeline.size()];
          pipeline.extract(req, neutral, true);
          assertThat(seen).containsExactly(neutral);
          assertThat(spy.requests.get(spy.requests.size() - 1).customer()).isEqualTo(Customer.anonymous());
        }
      }
      assertThat(spy.schema).isEqualTo(engine.schema());
    }
    // Outside uniform mode the same explorer sees the customer's own features.
    Spy personal = new Spy();
    try (PricingEngine engine = builder().explorer(personal).build()) {
      Customer c = customer(r, 99);
      PricingRequest req = Fixtures.request(c, products(r, 1).get(0));
      engine.price(req);
      assertThat(personal.vectors.get(0)).containsExactly(pipeline.toArray(req));
      assertThat(personal.requests.get(0).customer()).isEqualTo(c);
    }
  }

  @Test
  void uniformMode_contextualExplorerPricesEveryCustomerAlike() {
    // Two engines with identically seeded explorers over behaviour features: in uniform mode a customer's
    // behaviour cannot change what the explorer serves them. populationSample(0): each engine here sees only
    // one kind of customer, so with a population sample their arrivals (not the customer at hand) would set
    // different uniform prices; that the price is the same for every customer of one engine, and that the
    // explorer sees neutral features with a population, is tested in PopulationPricingTest.
    Random r = new Random(5);
    List<Product> ps = products(r, 8);
    try (PricingEngine a = builder().uniformPricing(true).populationSample(0).explorer(contextual()).build();
         PricingEngine b = builder().uniformPricing(true).populationSample(0).explorer(contextual()).build()) {
      for (int k = 0; k < 40; k++) {
        Product p = ps.get(k % ps.size());
        PriceDecision da = a.price(Fixtures.request(Fixtures.customer("heavy", 40, 4, 9, 2, 0.95), p));
        PriceDecision db = b.price(Fixtures.request(Fixtures.customer("new", 0, 0, 0, 300, 0.0), p));
        assertThat(da.price()).isEqualByComparingTo(db.price());
        assertThat(da.propensity()).isEqualTo(db.propensity());
        a.record(Outcome.conversion(da.decisionId(), k % 3 == 0, java.time.Instant.EPOCH));
        b.record(Outcome.conversion(db.decisionId(), k % 3 == 0, java.time.Instant.EPOCH));
      }
    }
  }

  private static ContextualThompsonExplorer contextual() {
    return ContextualThompsonExplorer.builder(List.of(FeatureExtractors.behaviour()))
        .features("behaviour.discount_response", "behaviour.carts_log1p").seed(11).build();
  }
}
