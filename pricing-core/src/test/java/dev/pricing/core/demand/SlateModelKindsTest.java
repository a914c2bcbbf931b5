package dev.pricing.core.demand;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pricing.api.BehaviourSummary;
import dev.pricing.api.Customer;
import dev.pricing.api.FeatureSchema;
import dev.pricing.api.Guardrail;
import dev.pricing.api.Market;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.api.spi.FeatureExtractor;
import dev.pricing.core.CustomerSplitScorer;
import dev.pricing.core.FeatureExtractors;
import dev.pricing.core.FeaturePipeline;
import dev.pricing.core.LogisticDemandModel;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A slate's decisions equal single {@code price()} calls for every kind of model the library trains (and the
 * hand-set logistic model), and the customer split of the linear scorers, which only slates use, scores bit for
 * bit what the scorer does.
 */
class SlateModelKindsTest {

  /** {@link SyntheticOffers.Segment}, declared customer-only (it reads nothing but the customer). */
  static final class CustomerSegment implements FeatureExtractor {
    private final SyntheticOffers.Segment inner = new SyntheticOffers.Segment();

    @Override
    public List<String> featureNames() {
      return inner.featureNames();
    }

    @Override
    public void extract(PricingRequest request, double[] out, int offset) {
      inner.extract(request, out, offset);
    }

    @Override
    public boolean personal() {
      return true;
    }

    @Override
    public boolean customerOnly() {
      return true;
    }
  }

  /** Customer features first, so that a linear model's sum starts with its customer part. */
  private static List<FeatureExtractor> extractors() {
    return List.of(new CustomerSegment(), new SyntheticOffers.ListPrice());
  }

  private static TrainedDemandModel train(DemandAlgorithm algorithm) {
    DemandModelTrainer.Builder b = DemandModelTrainer.builder(algorithm).extractors(extractors())
        .version("slate-" + algorithm.id());
    boolean units = algorithm.kind() == dev.pricing.api.DemandKind.EXPECTED_UNITS;
    switch (algorithm) {
      case LOGISTIC_SGD, LOG_LOG_SGD -> b.epochs(3).priceFeatures(PriceFeatures.of(
          units ? PriceTerm.LOG_RELATIVE : PriceTerm.RELATIVE).withInteractions(List.of("customer.attr.regular")));
      case CART_TREE -> b.maxDepth(5).minLeafWeight(20);
      case LOGISTIC_GLM, LOG_LOG_GLM -> b.glm(GlmOptions.DEFAULTS.withSlopeInputs(List.of("customer.attr.vip")));
      case GBDT_CONVERSION, GBDT_UNITS -> b.gbdt(GbdtOptions.DEFAULTS.withTrees(20, 3).withEta(0.3));
      default -> { }
    }
    List<OfferRecord> rows = units
        ? SyntheticOffers.units(new SyntheticOffers.Units(1.5, 0.4, 1.8, 0.3), 4_000, 31)
        : SyntheticOffers.conversions(new SyntheticOffers.Conversion(3.0, 1.0, 4.0), 4_000, 32);
    return b.build().train(rows).model();
  }

  private static LogisticDemandModel handSet() {
    return LogisticDemandModel.builder().version("slate-logistic").intercept(2.0).priceCoefficient(3.0)
        .weight("customer.attr.vip", 0.8).weight("customer.views", 0.02).weight("product.list_price", -0.01)
        .priceInteraction("customer.attr.regular", 0.7).build();
  }

  private static PricingEngine.Builder engine(DemandModel model) {
    return PricingEngine.builder().demandModel(model)
        .extractors(List.of(new CustomerSegment(), new SyntheticOffers.ListPrice(), FeatureExtractors.market()))
        .guardrail(Guardrail.minimumMargin(0.05)).guardrail(Guardrail.maxChange(0.3)).personalisationCap(0.25);
  }

  private static List<Product> products(Random r, int n) {
    List<Product> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long list = 499 + 100L * r.nextInt(60);
      out.add(Product.builder("p" + i, "USD").listPrice(BigDecimal.valueOf(list, 2))
          .unitCost(BigDecimal.valueOf((long) (list * (0.2 + 0.4 * r.nextDouble())), 2)).category("c" + r.nextInt(3))
          .title("t").build());
    }
    return out;
  }

  private static List<Market> markets(Random r, List<Product> ps) {
    List<Market> out = new ArrayList<>();
    for (Product p : ps) {
      long list = p.listPrice().movePointRight(2).longValue();
      out.add(new Market(List.of(BigDecimal.valueOf((long) (list * (0.85 + 0.3 * r.nextDouble())), 2)),
          r.nextInt(300), 1 + r.nextInt(20), SyntheticOffers.START.plusSeconds(r.nextInt(10_000_000)),
          dev.pricing.api.Channel.WEB, java.util.Optional.empty(), java.util.Optional.of(java.util.Currency.getInstance("USD"))));
    }
    return out;
  }

  private static Customer customer(Random r, int k) {
    Map<String, Double> attrs = r.nextBoolean() ? Map.of("vip", 1.0) : Map.of();
    return new Customer("c" + k, new BehaviourSummary(r.nextInt(30), 0, 0, 0, Double.POSITIVE_INFINITY, 0,
        Double.NaN), List.of(), attrs);
  }

  private static void assertSlatesEqualSingles(DemandModel model) {
    Random r = new Random(model.version().hashCode());
    try (PricingEngine slate = engine(model).build();
         PricingEngine single = engine(model).baselineCache(0, Duration.ofSeconds(1)).build()) {
      int personalised = 0;
      for (int k = 0; k < 12; k++) {
        Customer c = customer(r, k);
        List<Product> ps = products(r, 15);
        List<Market> ms = markets(r, ps);
        List<PriceDecision> ds = slate.priceAll(c, ps, ms);
        for (int i = 0; i < ps.size(); i++) {
          PriceDecision one = single.price(PricingRequest.of(c, ps.get(i), ms.get(i)));
          assertThat(ds.get(i)).as("%s, customer %d, product %d", model.version(), k, i)
              .usingRecursiveComparison().ignoringFields("decisionId").isEqualTo(one);
          personalised += one.personalised() ? 1 : 0;
        }
      }
      assertThat(slate.health().decisions()).isEqualTo(12 * 15);
      if (!model.version().contains("cart")) {
        assertThat(personalised).as("%s personalises some prices", model.version()).isPositive();
      }
    }
  }

  @Test
  void everyModelKind_slateEqualsSinglePrices() {
    assertSlatesEqualSingles(handSet());
    for (DemandAlgorithm a : DemandAlgorithm.values()) {
      assertSlatesEqualSingles(train(a));
    }
  }

  @Test
  void linearScorers_offerAnExactCustomerSplit() {
    FeaturePipeline pipeline = FeaturePipeline.of(List.of(new CustomerSegment(), new SyntheticOffers.ListPrice(),
        FeatureExtractors.market()));
    FeatureSchema schema = pipeline.schema();
    boolean[] customerOnly = new boolean[schema.size()];
    for (int i = 0; i < pipeline.extractorCount(); i++) {
      for (int j = pipeline.from(i); j < pipeline.to(i); j++) {
        customerOnly[j] = pipeline.customerOnly(i);
      }
    }
    List<DemandModel> models = List.of(handSet(), train(DemandAlgorithm.LOGISTIC_SGD), train(DemandAlgorithm.LOG_LOG_SGD));
    SplittableRandom rnd = new SplittableRandom(5);
    for (DemandModel model : models) {
      DemandModel.Scorer scorer = model.bind(schema);
      assertThat(scorer).as(model.version()).isInstanceOf(CustomerSplitScorer.class);
      CustomerSplitScorer.Split split = ((CustomerSplitScorer) scorer).split(customerOnly);
      assertThat(split).as("%s shares its customer part", model.version()).isNotNull();
      double[] part = new double[split.size()];
      double[] prices = new double[20];
      double[] plain = new double[20];
      double[] fast = new double[20];
      for (int trial = 0; trial < 200; trial++) {
        PricingRequest request = SyntheticOffers.request(rnd, trial, rnd.nextBoolean());
        double[] x = pipeline.toArray(request);
        split.prepare(x, part);
        // Another product for the same customer: only the product and market features change.
        double[] y = x.clone();
        for (int j = 0; j < y.length; j++) {
          if (!customerOnly[j]) {
            y[j] = j == schema.indexOf("product.list_price") ? 5 + 100 * rnd.nextDouble() : rnd.nextDouble();
          }
        }
        for (int i = 0; i < prices.length; i++) {
          prices[i] = 1 + 150 * rnd.nextDouble();
        }
        for (double[] v : List.of(x, y)) {
          scorer.score(v, prices, prices.length, plain);
          split.score(v, part, prices, prices.length, fast);
          for (int i = 0; i < prices.length; i++) {
            assertThat(Double.doubleToRawLongBits(fast[i])).as("%s price %s", model.version(), prices[i])
                .isEqualTo(Double.doubleToRawLongBits(plain[i]));
          }
        }
      }
    }
    // Nothing to share when no customer-only feature comes first in the scorer's sums.
    boolean[] none = new boolean[schema.size()];
    assertThat(((CustomerSplitScorer) handSet().bind(schema)).split(none)).isNull();
  }
}
