package dev.pricing.core.demand;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pricing.api.BehaviourSummary;
import dev.pricing.api.Channel;
import dev.pricing.api.Customer;
import dev.pricing.api.Market;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import dev.pricing.api.spi.FeatureExtractor;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Cold start by embedding neighbours on a panel of 8 families x 6 members whose members share their family's level
 * and slope; one member per family is never trained on. Embeddings are the family's direction plus noise (standing in
 * for title embeddings, which pricing-onnx computes; examples/ColdStartTitles uses the real encoder).
 */
class TitleColdStartTest {
  static final int FAMILIES = 8;
  static final int MEMBERS = 6;

  @Test
  void newLevelsBorrowFromTheirNeighboursAndBeatThePooledPrior() throws Exception {
    SplittableRandom r = new SplittableRandom(41);
    double[] famLevel = new double[FAMILIES];
    double[] famSlope = new double[FAMILIES];
    double[][] famDir = new double[FAMILIES][16];
    for (int f = 0; f < FAMILIES; f++) {
      famLevel[f] = 3 + 0.8 * r.nextGaussian();
      famSlope[f] = Math.min(-0.3, -2 + 0.8 * r.nextGaussian());
      for (int d = 0; d < 16; d++) {
        famDir[f][d] = r.nextGaussian();
      }
    }
    Product product = Product.builder("p", "USD").listPrice(new BigDecimal("10.00")).unitCost(BigDecimal.ZERO)
        .category("c").build();
    List<OfferRecord> train = new ArrayList<>();
    List<OfferRecord> fresh = new ArrayList<>();
    Map<String, float[]> trainedEmb = new HashMap<>();
    Map<String, float[]> freshEmb = new HashMap<>();
    int t = 0;
    for (int f = 0; f < FAMILIES; f++) {
      for (int m = 0; m < MEMBERS; m++) {
        String id = "f" + f + "-m" + m;
        float[] emb = new float[16];
        for (int d = 0; d < 16; d++) {
          emb[d] = (float) (famDir[f][d] + 0.4 * r.nextGaussian());
        }
        boolean held = m == 0;
        (held ? freshEmb : trainedEmb).put(id, emb);
        Customer c = new Customer(id, BehaviourSummary.empty(), List.of(), Map.of());
        double level = famLevel[f] + 0.1 * r.nextGaussian();
        double slope = famSlope[f] + 0.1 * r.nextGaussian();
        for (int i = 0; i < 80; i++) {
          double ratio = Math.exp(r.nextDouble(-0.3, 0.3));
          BigDecimal price = new BigDecimal("10.00").multiply(BigDecimal.valueOf(ratio)).setScale(2,
              RoundingMode.HALF_UP);
          double units = Math.exp(level + slope * Math.log(price.doubleValue() / 10) + 0.3 * r.nextGaussian());
          Market mk = new Market(List.of(), 0, 0, SyntheticOffers.START.plusSeconds(60L * t++), Channel.WEB,
              Optional.empty());
          (held ? fresh : train).add(new OfferRecord(new PricingRequest(c, product, mk), price, OptionalDouble.empty(),
              units));
        }
      }
    }
    EntityIds ids = EntityIds.learn(EntityKey.parse("customer.id"), train);
    List<FeatureExtractor> ex = List.of(new SyntheticOffers.ListPrice(), ids);
    TrainedDemandModel model = DemandModelTrainer.builder(DemandAlgorithm.LOG_LOG_GLM).extractors(ex)
        .entities(EntityEffects.of(ids.featureName()).withSlopes(ids.featureName())).build().train(train).model();
    TitleColdStart.Extension ext = TitleColdStart.extend(model, ids.featureName(), trainedEmb, freshEmb, 3);
    assertEquals(FAMILIES, ext.imputed().size());
    for (TitleColdStart.Imputed im : ext.imputed()) {
      String family = im.level().substring(0, im.level().indexOf('-'));
      assertTrue(im.neighbours().stream().allMatch(n -> n.startsWith(family + "-")), im.toString());
    }
    double pooledErr = rmse(OfferPredictor.of(model, ex), fresh);
    EntityIds serving = EntityIds.fromModel(ext.model(), ids.featureName());
    List<FeatureExtractor> servingEx = List.of(new SyntheticOffers.ListPrice(), serving);
    double coldErr = rmse(OfferPredictor.of(ext.model(), servingEx), fresh);
    System.out.printf("held-out members: log-units RMSE %.4f with the embedding prior, %.4f with the pooled prior%n",
        coldErr, pooledErr);
    assertTrue(coldErr < 0.7 * pooledErr, coldErr + " vs " + pooledErr);
    TrainedDemandModel back = TrainedDemandModel.fromBytes(ext.model().toBytes());
    assertEquals(ext.model().checksum(), back.checksum());
    assertEquals(serving.levels(), EntityIds.fromModel(back, ids.featureName()).levels());
    assertTrue(back.provenance().notes().stream().anyMatch(n -> n.contains("cold start")));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TitleColdStart.extend(model, ids.featureName(), trainedEmb, Map.of("f1-m1", trainedEmb.get("f1-m1")), 3));
    assertTrue(e.getMessage().contains("f1-m1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> TitleColdStart.extend(model, "entity.product.id", trainedEmb, freshEmb, 3));
    assertTrue(e.getMessage().contains("entity.product.id"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> TitleColdStart.extend(model, ids.featureName(), trainedEmb, Map.of("new", new float[3]), 3));
    assertTrue(e.getMessage().contains("new"), e.getMessage());
  }

  private static double rmse(OfferPredictor p, List<OfferRecord> offers) {
    double s = 0;
    for (OfferRecord o : offers) {
      double e = Math.log(o.units()) - p.logDemand(o);
      s += e * e;
    }
    return Math.sqrt(s / offers.size());
  }
}
