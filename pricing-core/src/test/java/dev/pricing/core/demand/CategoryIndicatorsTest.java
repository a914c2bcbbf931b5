package dev.pricing.core.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pricing.api.FeatureSchema;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.api.spi.FeatureExtractor;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CategoryIndicatorsTest {

  static PricingRequest withCategory(PricingRequest q, String category) {
    Product p = q.product();
    Product changed = Product.builder(p.id(), p.currency().getCurrencyCode()).listPrice(p.listPrice())
        .unitCost(p.unitCost()).category(category).title(p.title()).build();
    return new PricingRequest(q.customer(), changed, q.market());
  }

  @Test
  void learn_keepsMostFrequentAndFoldsTheRest() {
    List<OfferRecord> log = new ArrayList<>();
    OfferRecord base = OfferLogCsvTest.richOffer();
    String[] cats = {"juice", "juice", "juice", "tea", "tea", "soda"};
    for (String c : cats) {
      log.add(new OfferRecord(withCategory(base.context(), c), base.offeredPrice(), OptionalDouble.empty(), 1));
    }
    CategoryIndicators ind = CategoryIndicators.learn(log, 2);
    assertThat(ind.categories()).containsExactly("juice", "tea");
    // the cap's lumping is reported, not silent
    assertThat(ind.lumpedCategories()).isEqualTo(1);
    assertThat(ind.lumpedOffers()).isEqualTo(1);
    assertThat(ind.report()).contains("1 lumped");
    assertThat(CategoryIndicators.learnAll(log).categories()).containsExactly("juice", "soda", "tea");
    assertThat(CategoryIndicators.learnAll(log).lumpedCategories()).isZero();
    assertThat(ind.featureNames()).containsExactly("product.category=juice", "product.category=tea",
        CategoryIndicators.OTHER);
    double[] out = {9, 9, 9, 9};
    ind.extract(withCategory(base.context(), "soda"), out, 1);
    assertThat(out).containsExactly(9, 0, 0, 1);
    assertThat(ind.unknownCategories()).isEqualTo(1);
    assertThatThrownBy(() -> CategoryIndicators.of(List.of("a", "a"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CategoryIndicators.learn(log, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void score_unknownCategoryAtScoringTime_usesOtherBucketAndIsCounted() {
    // Juice sells better than tea; "water" is rare and folded into (other).
    SplittableRandom rnd = new SplittableRandom(3);
    List<OfferRecord> log = new ArrayList<>();
    for (int i = 0; i < 12_000; i++) {
      double u = rnd.nextDouble();
      String category = u < 0.5 ? "juice" : u < 0.95 ? "tea" : "water";
      PricingRequest q = withCategory(SyntheticOffers.request(rnd, i, false), category);
      BigDecimal p = SyntheticOffers.offeredPrice(rnd, q, 0.6, 1.4);
      double ratio = p.doubleValue() / q.product().listPrice().doubleValue();
      double logit = (category.equals("juice") ? 3.5 : 2.0) - 4 * ratio;
      log.add(new OfferRecord(q, p, OptionalDouble.empty(), rnd.nextDouble() < SyntheticOffers.sigmoid(logit) ? 1 : 0));
    }
    CategoryIndicators categories = CategoryIndicators.learn(log, 2);
    List<FeatureExtractor> extractors = List.of(new SyntheticOffers.ListPrice(), categories);
    TrainedDemandModel model = DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_SGD).extractors(extractors)
        .epochs(4).build().train(log).model();
    FeatureSchema schema = DemandModelTrainer.schemaOf(extractors);
    DemandModel.Scorer scorer = model.bind(schema);
    PricingRequest q = SyntheticOffers.request(new SplittableRandom(1), 0, false);
    double juice = scoreAt(scorer, extractors, schema, withCategory(q, "juice"));
    double tea = scoreAt(scorer, extractors, schema, withCategory(q, "tea"));
    long before = categories.unknownCategories();
    double kombucha = scoreAt(scorer, extractors, schema, withCategory(q, "kombucha"));
    double water = scoreAt(scorer, extractors, schema, withCategory(q, "water"));
    assertThat(categories.unknownCategories()).isEqualTo(before + 2);
    assertThat(juice).isGreaterThan(tea);
    assertThat(kombucha).isEqualTo(water);
    assertThat(kombucha).isBetween(0.0, 1.0);
  }

  private static double scoreAt(DemandModel.Scorer scorer, List<FeatureExtractor> extractors, FeatureSchema schema,
      PricingRequest q) {
    double[] x = new double[schema.size()];
    int off = 0;
    for (FeatureExtractor e : extractors) {
      e.extract(q, x, off);
      off += e.featureNames().size();
    }
    double[] out = new double[1];
    scorer.score(x, new double[] {q.product().listPrice().doubleValue()}, 1, out);
    return out[0];
  }
}
