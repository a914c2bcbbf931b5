package dev.pricing.examples;

import dev.pricing.api.BehaviourSummary;
import dev.pricing.api.Channel;
import dev.pricing.api.Customer;
import dev.pricing.api.Market;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.api.spi.FeatureExtractor;
import dev.pricing.core.FeatureExtractors;
import dev.pricing.core.FeaturePipeline;
import dev.pricing.core.demand.DemandAlgorithm;
import dev.pricing.core.demand.DemandModelTrainer;
import dev.pricing.core.demand.EntityEffects;
import dev.pricing.core.demand.EntityIds;
import dev.pricing.core.demand.EntityKey;
import dev.pricing.core.demand.OfferPredictor;
import dev.pricing.core.demand.OfferRecord;
import dev.pricing.core.demand.TitleColdStart;
import dev.pricing.core.demand.TrainedDemandModel;
import dev.pricing.onnx.TextEncoder;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;

/**
 * Cold start from titles, measured on held-out products: a simulated catalogue of 10 product families x 5 products
 * (real-looking titles; products of a family share its demand level and elasticity up to small product noise). One
 * product per family is never in the training log. A {@code LOG_LOG_GLM} with per-product effects and per-product
 * elasticities (partial pooling) is trained on the other 40; each held-out product is then priced and predicted
 * (i) as an unseen level (the pooled level and elasticity: the global-mean prior) and (ii) with
 * {@link TitleColdStart}: the similarity-weighted level and elasticity of its 5 nearest trained products by
 * all-MiniLM-L6-v2 title embedding ({@link TextEncoder}). Reported: log-units RMSE on fresh offers of the held-out
 * products, and the share of the oracle's expected profit when each is priced on a grid of 0.70-1.30 x list.
 *
 * <p>Run: {@code mvn -q -pl examples -am compile exec:java -Dexec.skip -Dexec.mainClass=dev.pricing.examples.ColdStartTitles
 * -Ddemo.main=dev.pricing.examples.ColdStartTitles}
 */
public final class ColdStartTitles {
  private ColdStartTitles() {}

  static final String[][] FAMILIES = {
      {"Arabica Coffee Beans 1kg", "Cold-Brew Coffee Concentrate 1L", "Espresso Ground Coffee 250g",
          "Decaf Colombian Coffee Pods 30ct", "Dark Roast Whole Bean Coffee 500g"},
      {"Earl Grey Loose Leaf Tea 200g", "Organic Matcha Green Tea Powder 100g", "Green Tea Bags 100ct",
          "Chamomile Herbal Tea 40 Bags", "English Breakfast Tea Tin"},
      {"70% Cocoa Dark Chocolate 100g", "Dark Chocolate Sea Salt Bar 6-Pack", "Milk Chocolate Hazelnut Bar",
          "Belgian Chocolate Truffles Box", "White Chocolate Raspberry Bar"},
      {"Noise Cancelling Wireless Headphones", "Wireless Earbuds with Charging Case", "Sports Wireless Earphones",
          "Over-Ear Studio Headphones", "Bluetooth Neckband Earphones"},
      {"USB-C Fast Charger 30W", "Braided Lightning Cable 2m", "Wireless Charging Pad 15W", "USB-C to USB-C Cable 1m",
          "Dual-Port Wall Charger 20W"},
      {"Non-Stick Frying Pan 28cm", "Cast Iron Skillet 10in", "Stainless Steel Saucepan 2L", "Enamelled Dutch Oven 5L",
          "Carbon Steel Wok 14in"},
      {"Adjustable Dumbbells 2x10kg", "Yoga Mat Non-Slip 6mm", "Resistance Bands Set", "Foam Roller for Muscle Recovery",
          "Kettlebell 12kg"},
      {"Merino Wool Hiking Socks", "Cotton Ankle Socks 6-Pack", "Compression Running Socks", "Thermal Winter Socks",
          "Bamboo Crew Socks 3-Pack"},
      {"Vitamin C 1000mg Tablets", "Vitamin D3 Softgels 120ct", "Omega-3 Fish Oil Capsules", "Magnesium Glycinate 90ct",
          "Daily Multivitamin Gummies"},
      {"Lavender Scented Candle Jar", "Scented Soy Candle Cedarwood", "Vanilla Scented Candle Tin",
          "Beeswax Pillar Candles Set", "Eucalyptus Aromatherapy Candle"},
  };
  static final double[] LIST = {14, 9, 6, 60, 20, 40, 35, 15, 12, 18};
  static final double NOISE = 0.3;


  record Truth(Product product, double level, double elasticity) {}

  /**
   * Runs the study.
   *
   * @param args unused
   * @throws Exception if the encoder cannot start
   */
  public static void main(String[] args) throws Exception {
    SplittableRandom r = new SplittableRandom(2026);
    List<Truth> trained = new ArrayList<>();
    List<Truth> held = new ArrayList<>();
    for (int f = 0; f < FAMILIES.length; f++) {
      double level = 3 + 0.7 * r.nextGaussian();
      double elasticity = Math.min(-1.3, -2.5 + 0.7 * r.nextGaussian());
      for (int m = 0; m < FAMILIES[f].length; m++) {
        BigDecimal list = BigDecimal.valueOf(LIST[f]).setScale(2, RoundingMode.HALF_UP);
        Product p = Product.builder(String.format(Locale.ROOT, "sku-%d-%d", f, m), "USD").listPrice(list)
            .unitCost(list.multiply(BigDecimal.valueOf(0.5)).setScale(2, RoundingMode.HALF_UP)).category("c" + f)
            .title(FAMILIES[f][m]).build();
        Truth t = new Truth(p, level + 0.15 * r.nextGaussian(), Math.min(-1.1, elasticity + 0.15 * r.nextGaussian()));
        // the held-out product of each family rotates, so it is not always the first title
        (m == f % FAMILIES[f].length ? held : trained).add(t);
      }
    }
    List<OfferRecord> log = offers(trained, 120, r, 0);
    List<OfferRecord> fresh = offers(held, 60, r, log.size());
    EntityIds ids = EntityIds.learn(EntityKey.parse("product.id"), log);
    List<FeatureExtractor> extractors = List.of(FeatureExtractors.product(), ids);
    TrainedDemandModel model = DemandModelTrainer.builder(DemandAlgorithm.LOG_LOG_GLM).extractors(extractors)
        .entities(EntityEffects.of(ids.featureName()).withSlopes(ids.featureName())).build().train(log).model();

    Map<String, float[]> trainedEmb = new HashMap<>();
    Map<String, float[]> heldEmb = new HashMap<>();
    try (TextEncoder encoder = TextEncoder.builder().nativeDirectory(Path.of("target", "cold-start", "native"))
        .build()) {
      for (Truth t : trained) {
        trainedEmb.put(t.product().id(), encoder.encode(t.product().title()));
      }
      for (Truth t : held) {
        heldEmb.put(t.product().id(), encoder.encode(t.product().title()));
      }
    }
    TitleColdStart.Extension ext = TitleColdStart.extend(model, ids.featureName(), trainedEmb, heldEmb, 5);
    EntityIds serving = EntityIds.fromModel(ext.model(), ids.featureName());
    List<FeatureExtractor> coldExtractors = List.of(FeatureExtractors.product(), serving);

    Map<String, String> titleOf = new HashMap<>();
    for (Truth t : trained) {
      titleOf.put(t.product().id(), t.product().title());
    }
    System.out.println("held-out product -> its nearest trained titles (cosine)");
    for (TitleColdStart.Imputed im : ext.imputed()) {
      Truth t = held.stream().filter(h -> h.product().id().equals(im.level())).findFirst().orElseThrow();
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < 3; i++) {
        b.append(String.format(Locale.ROOT, "%s%s (%.2f)", i > 0 ? "; " : "", titleOf.get(im.neighbours().get(i)),
            im.similarity().get(i)));
      }
      System.out.printf(Locale.ROOT, "  %-38s -> %s%n", t.product().title(), b);
    }
    double[] pooled = evaluate("global-mean prior (unseen level)", model, extractors, held, fresh);
    double[] cold = evaluate("title-embedding prior (5 nearest)", ext.model(), coldExtractors, held, fresh);
    System.out.printf(Locale.ROOT, "%n%-40s %16s %22s%n", "held-out products (10)", "log-units RMSE",
        "share of oracle profit");
    System.out.printf(Locale.ROOT, "%-40s %16.4f %21.2f%%%n", "global-mean prior (unseen level)", pooled[0],
        100 * pooled[1]);
    System.out.printf(Locale.ROOT, "%-40s %16.4f %21.2f%%%n", "title-embedding prior (5 nearest)", cold[0],
        100 * cold[1]);
    System.out.printf(Locale.ROOT, "(noise floor of the log-units RMSE: %.2f)%n", NOISE);
  }

  static List<OfferRecord> offers(List<Truth> truths, int perProduct, SplittableRandom r, int t0) {
    Customer c = new Customer("shopper", BehaviourSummary.empty(), List.of(), Map.of());
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    List<OfferRecord> out = new ArrayList<>();
    int t = t0;
    for (Truth tr : truths) {
      double list = tr.product().listPrice().doubleValue();
      for (int i = 0; i < perProduct; i++) {
        double ratio = Math.exp(r.nextDouble(-0.35, 0.35));
        BigDecimal price = BigDecimal.valueOf(list * ratio).setScale(2, RoundingMode.HALF_UP);
        double units = Math.exp(tr.level() + tr.elasticity() * Math.log(price.doubleValue() / list)
            + NOISE * r.nextGaussian());
        Market m = new Market(List.of(), 0, 0, start.plusSeconds(60L * t++), Channel.WEB, Optional.empty());
        out.add(new OfferRecord(new PricingRequest(c, tr.product(), m), price, OptionalDouble.empty(), units));
      }
    }
    return out;
  }

  /** Returns {log-units RMSE on the fresh offers, share of the oracle's expected profit}. */
  static double[] evaluate(String name, TrainedDemandModel model, List<FeatureExtractor> extractors,
      List<Truth> held, List<OfferRecord> fresh) {
    OfferPredictor predictor = OfferPredictor.of(model, extractors);
    double se = 0;
    for (OfferRecord o : fresh) {
      double e = Math.log(o.units()) - predictor.logDemand(o);
      se += e * e;
    }
    FeaturePipeline pipeline = FeaturePipeline.of(extractors);
    DemandModel.Scorer scorer = model.bind(pipeline.schema());
    double[] x = new double[pipeline.schema().size()];
    double got = 0;
    double best = 0;
    for (Truth t : held) {
      double list = t.product().listPrice().doubleValue();
      double cost = t.product().unitCost().doubleValue();
      double[] grid = new double[61];
      for (int i = 0; i < grid.length; i++) {
        grid[i] = list * (0.70 + 0.01 * i);
      }
      double[] demand = new double[grid.length];
      pipeline.extract(fresh.stream().filter(o -> o.context().product().id().equals(t.product().id())).findFirst()
          .orElseThrow().context(), x);
      scorer.score(x, grid, grid.length, demand);
      int chosen = 0;
      int oracle = 0;
      for (int i = 0; i < grid.length; i++) {
        if ((grid[i] - cost) * demand[i] > (grid[chosen] - cost) * demand[chosen]) {
          chosen = i;
        }
        if (trueProfit(t, grid[i]) > trueProfit(t, grid[oracle])) {
          oracle = i;
        }
      }
      got += trueProfit(t, grid[chosen]);
      best += trueProfit(t, grid[oracle]);
    }
    return new double[] {Math.sqrt(se / fresh.size()), got / best};
  }

  static double trueProfit(Truth t, double p) {
    double list = t.product().listPrice().doubleValue();
    double units = Math.exp(t.level() + t.elasticity() * Math.log(p / list) + NOISE * NOISE / 2);
    return (p - t.product().unitCost().doubleValue()) * units;
  }
}
