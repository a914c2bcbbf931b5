package dev.pricing.core.demand;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pricing.api.BehaviourSummary;
import dev.pricing.api.Channel;
import dev.pricing.api.Customer;
import dev.pricing.api.FeatureSchema;
import dev.pricing.api.Market;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.api.spi.FeatureExtractor;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Entity effects and per-entity slopes with partial pooling on simulated panels whose per-segment truth is known:
 * a log-log units panel and a logistic conversion panel, 60 segments each with 4 to 150 offers.
 */
class EntityEffectsTest {
  static final int SEGMENTS = 60;

  /** A simulated panel: offers plus each segment's true level and slope. */
  record Panel(List<OfferRecord> offers, double[] level, double[] slope, int[] size) {}

  static Panel panel(boolean conversion, long seed) {
    return panel(conversion, seed, conversion ? -3 : -2, conversion ? -0.5 : -0.2);
  }

  /** A panel whose segment slopes are drawn around {@code meanSlope}, capped at {@code maxSlope}. */
  static Panel panel(boolean conversion, long seed, double meanSlope, double maxSlope) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] level = new double[SEGMENTS];
    double[] slope = new double[SEGMENTS];
    int[] size = new int[SEGMENTS];
    List<OfferRecord> out = new ArrayList<>();
    Product product = Product.builder("p", "USD").listPrice(new BigDecimal("10.00")).unitCost(BigDecimal.ZERO)
        .category("c").build();
    int t = 0;
    for (int s = 0; s < SEGMENTS; s++) {
      level[s] = conversion ? 0.5 + 0.5 * r.nextGaussian() : 3 + 0.5 * r.nextGaussian();
      slope[s] = Math.min(maxSlope, meanSlope + (conversion ? 0.8 : 0.6) * r.nextGaussian());
      size[s] = conversion ? 40 + r.nextInt(400) : 4 + r.nextInt(147);
      Customer c = new Customer("seg-" + s, BehaviourSummary.empty(), List.of(), Map.of());
      for (int i = 0; i < size[s]; i++) {
        double ratio = Math.exp(r.nextDouble(-0.3, 0.3));
        BigDecimal price = new BigDecimal("10.00").multiply(BigDecimal.valueOf(ratio)).setScale(2, RoundingMode.HALF_UP);
        double x = conversion ? price.doubleValue() / 10 : Math.log(price.doubleValue() / 10);
        double units;
        if (conversion) {
          double eta = level[s] + slope[s] * (x - 1);
          units = r.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
        } else {
          units = Math.exp(level[s] + slope[s] * x + 0.3 * r.nextGaussian());
        }
        Market m = new Market(List.of(), 0, 0, SyntheticOffers.START.plusSeconds(60L * t++), Channel.WEB,
            Optional.empty());
        out.add(new OfferRecord(new PricingRequest(c, product, m), price, OptionalDouble.empty(), units));
      }
    }
    return new Panel(out, level, slope, size);
  }

  static List<FeatureExtractor> extractors(EntityIds ids) {
    return List.of(new SyntheticOffers.ListPrice(), ids);
  }

  static TrainingResult train(Panel p, boolean conversion, EntityEffects.SlopePooling pooling, EntityIds ids) {
    return DemandModelTrainer.builder(conversion ? DemandAlgorithm.LOGISTIC_GLM : DemandAlgorithm.LOG_LOG_GLM)
        .extractors(extractors(ids)).split(ValidationSplit.byCustomer(0.05, 7))
        .entities(EntityEffects.of(ids.featureName()).withSlopes(ids.featureName(), pooling)).build()
        .train(p.offers());
  }

  @Test
  void unitsPanelShrunkSlopesCoverTheTruthAndBeatTheRawOnes() {
    Panel p = panel(false, 11);
    EntityIds ids = EntityIds.learn(EntityKey.parse("customer.id"), p.offers());
    assertEquals(SEGMENTS, ids.levels().size());
    assertEquals(0, ids.lumpedLevels());
    EntityReport partial = train(p, false, EntityEffects.SlopePooling.PARTIAL, ids).entities().orElseThrow();
    assertCoverageAndShrinkage(p, ids, partial);
  }

  @Test
  void conversionPanelShrunkSlopesCoverTheTruth() {
    Panel p = panel(true, 12);
    EntityIds ids = EntityIds.learn(EntityKey.parse("customer.id"), p.offers());
    EntityReport partial = train(p, true, EntityEffects.SlopePooling.PARTIAL, ids).entities().orElseThrow();
    assertCoverageAndShrinkage(p, ids, partial);
  }

  private static void assertCoverageAndShrinkage(Panel p, EntityIds ids, EntityReport report) {
    int covered = 0;
    double rawErr = 0;
    double shrunkErr = 0;
    int rawN = 0;
    for (EntityElasticity e : report.levels()) {
      int s = Integer.parseInt(e.level().substring("seg-".length()));
      double truth = p.slope()[s];
      assertTrue(e.shrunk() <= 0 && e.upper() <= 0, e.toString());
      assertTrue(e.lower() <= e.shrunk() && e.shrunk() <= e.upper(), e.toString());
      if (e.lower() <= truth && truth <= e.upper()) {
        covered++;
      }
      if (Double.isFinite(e.raw())) {
        rawErr += (e.raw() - truth) * (e.raw() - truth);
        shrunkErr += (e.shrunk() - truth) * (e.shrunk() - truth);
        rawN++;
      }
    }
    System.out.printf("coverage %d/%d, raw RMSE %.4f, shrunk RMSE %.4f, tau %.3f%n", covered, report.levels().size(),
        Math.sqrt(rawErr / rawN), Math.sqrt(shrunkErr / rawN), Math.sqrt(report.betweenVariance()));
    assertTrue(covered >= 0.9 * report.levels().size(), "coverage " + covered + " of " + report.levels().size());
    assertTrue(shrunkErr < rawErr, "shrunk " + shrunkErr + " raw " + rawErr);
  }

  @Test
  void artifactKeepsTheVocabularyAndUnseenLevelsGetThePooledEffect() throws Exception {
    Panel p = panel(false, 13);
    EntityIds ids = EntityIds.learn(EntityKey.parse("customer.id"), p.offers());
    TrainingResult result = train(p, false, EntityEffects.SlopePooling.PARTIAL, ids);
    TrainedDemandModel model = result.model();
    TrainedDemandModel back = TrainedDemandModel.fromBytes(model.toBytes());
    assertEquals(model.checksum(), back.checksum());
    EntityIds serving = EntityIds.fromModel(back, ids.featureName());
    assertEquals(ids.levels(), serving.levels());
    FeatureSchema schema = DemandModelTrainer.schemaOf(extractors(serving));
    DemandModel.Scorer a = model.bind(schema);
    DemandModel.Scorer b = back.bind(schema);
    double[] prices = {8, 10, 12};
    double[] oa = new double[3];
    double[] ob = new double[3];
    for (int code = 0; code <= SEGMENTS + 2; code++) {
      double[] x = {10, code};
      a.score(x, prices, 3, oa);
      b.score(x, prices, 3, ob);
      for (int k = 0; k < 3; k++) {
        assertEquals(oa[k], ob[k], 0.0);
      }
      assertTrue(oa[0] >= oa[1] && oa[1] >= oa[2]);
    }
    // an unseen level (code 0, and any code outside 1..K) is scored as the pooled level: no level effect
    double[] pooled = new double[3];
    a.score(new double[] {10, 0}, prices, 3, pooled);
    double[] outside = new double[3];
    a.score(new double[] {10, SEGMENTS + 1}, prices, 3, outside);
    assertEquals(pooled[1], outside[1], 0.0);
    Customer unseen = new Customer("never-seen", BehaviourSummary.empty(), List.of(), Map.of());
    double[] buf = new double[1];
    serving.extract(new PricingRequest(unseen, p.offers().get(0).context().product(),
        p.offers().get(0).context().market()), buf, 0);
    assertEquals(0.0, buf[0]);
    assertEquals(1, serving.unseenLevels());
  }

  @Test
  void anExplicitCapIsReportedAndLumpedLevelsShareThePooledCode() {
    Panel p = panel(false, 14);
    EntityIds capped = EntityIds.learn(EntityKey.parse("customer.id"), p.offers(), 10);
    assertEquals(10, capped.levels().size());
    assertEquals(SEGMENTS - 10, capped.lumpedLevels());
    assertTrue(capped.lumpedOffers() > 0);
    assertTrue(capped.report().contains((SEGMENTS - 10) + " lumped"), capped.report());
    TrainingResult r = train(p, false, EntityEffects.SlopePooling.PARTIAL, capped);
    assertEquals(10, r.entities().orElseThrow().levels().size());
  }

  @Test
  void badOptionsAreRefusedNamingTheField() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EntityKey.parse("store.id"));
    assertTrue(e.getMessage().contains("store.id"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> EntityEffects.of("customer.id"));
    assertTrue(e.getMessage().contains("entity."), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> EntityEffects.of("entity.customer.id").withLevelRidge(-1));
    assertTrue(e.getMessage().contains("levelRidge"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> DemandModelTrainer.builder(DemandAlgorithm.GBDT_UNITS)
        .entities(EntityEffects.of("entity.customer.id")));
    assertTrue(e.getMessage().contains("entity effects"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> EntityIds.learn(EntityKey.parse("product.id"), List.of(), 0));
    assertTrue(e.getMessage().contains("maxLevels"), e.getMessage());
  }

  @Test
  void theEnginePricesEachSegmentByItsOwnSlopeAndSaysSoInTheDisclosure() {
    Panel p = panel(true, 16);
    EntityIds ids = EntityIds.learn(EntityKey.parse("customer.id"), p.offers());
    TrainingResult r = train(p, true, EntityEffects.SlopePooling.PARTIAL, ids);
    EntityIds serving = EntityIds.fromModel(r.model(), ids.featureName());
    int steep = 0;
    int flat = 0;
    for (int s = 0; s < SEGMENTS; s++) {
      steep = p.slope()[s] < p.slope()[steep] ? s : steep;
      flat = p.slope()[s] > p.slope()[flat] ? s : flat;
    }
    try (dev.pricing.api.PricingEngine engine = dev.pricing.api.PricingEngine.builder()
        .extractors(List.of(new SyntheticOffers.ListPrice(), serving)).demandModel(r.model())
        .ladder(dev.pricing.api.PriceLadder.MINOR_UNIT).searchRange(0.5, 2.0).build()) {
      PricingRequest template = p.offers().get(0).context();
      dev.pricing.api.PriceDecision steepDecision = engine.price(new PricingRequest(
          new Customer("seg-" + steep, BehaviourSummary.empty(), List.of(), Map.of()), template.product(),
          template.market()));
      dev.pricing.api.PriceDecision flatDecision = engine.price(new PricingRequest(
          new Customer("seg-" + flat, BehaviourSummary.empty(), List.of(), Map.of()), template.product(),
          template.market()));
      assertTrue(!steepDecision.fallback() && !flatDecision.fallback(), steepDecision + " / " + flatDecision);
      assertTrue(flatDecision.price().compareTo(steepDecision.price()) > 0,
          "least sensitive segment " + flatDecision.price() + " vs most sensitive " + steepDecision.price());
      // the customer's own entity is personal data: the baseline is the pooled level's price
      assertTrue(steepDecision.personalised() || flatDecision.personalised());
      assertEquals(steepDecision.baselinePrice(), flatDecision.baselinePrice());
    }
  }

  @Test
  void crossKeysJoinTheirParts() {
    Panel p = panel(false, 15);
    EntityKey k = EntityKey.parse("customer.id * product.category");
    assertEquals("customer.id*product.category", k.spec());
    assertEquals("seg-0|c", k.of(p.offers().get(0).context()));
    // an entity that reads the customer is personal data; its neutral value is the pooled code 0
    assertTrue(EntityIds.of(k, List.of("seg-0|c")).personal());
    assertTrue(!EntityIds.of(k, List.of("seg-0|c")).customerOnly());
    assertTrue(EntityIds.of(EntityKey.parse("customer.id"), List.of("seg-0")).customerOnly());
    assertTrue(!EntityIds.of(EntityKey.parse("product.id*market.channel"), List.of("p|web")).personal());
    double[] out = {7};
    EntityIds.of(k, List.of("seg-0|c")).extractNeutral(p.offers().get(0).context(), out, 0);
    assertEquals(0.0, out[0]);
  }
}
