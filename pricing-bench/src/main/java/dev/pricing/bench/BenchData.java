package dev.pricing.bench;

import dev.pricing.api.BehaviourSummary;
import dev.pricing.api.Channel;
import dev.pricing.api.Customer;
import dev.pricing.api.FeatureSchema;
import dev.pricing.api.Guardrail;
import dev.pricing.api.Market;
import dev.pricing.api.PriceLadder;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.api.spi.FeatureExtractor;
import dev.pricing.core.FeatureExtractors;
import dev.pricing.core.LogisticDemandModel;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Pre-generated, varied benchmark inputs: a realistic request mix, the engine configuration every
 * benchmark shares, and a logistic model over all ~60 features. Deterministic for a seed.
 */
public final class BenchData {
  /** Customer attributes that stand for segment and loyalty signals. */
  static final int CUSTOMER_ATTRIBUTES = 16;
  /** Candidate prices per decision. */
  public static final int CANDIDATES = 48;

  private BenchData() {}

  /**
   * Returns the extractors (60 features): the standard set (28), 16 customer attributes, and 16 components of
   * the product title's transformer embedding read from a warm cache.
   *
   * @return the extractors
   */
  public static List<FeatureExtractor> extractors() {
    Map<String, Double> customerAttrs = new HashMap<>();
    for (int i = 0; i < CUSTOMER_ATTRIBUTES; i++) {
      customerAttrs.put("seg" + i, 0.0);
    }
    List<FeatureExtractor> xs = new ArrayList<>(FeatureExtractors.standard());
    xs.add(FeatureExtractors.customerAttributes(customerAttrs));
    xs.add(BenchText.get().title);
    return xs;
  }

  /**
   * Returns the schema the extractors produce.
   *
   * @return the schema
   */
  public static FeatureSchema schema() {
    List<String> names = new ArrayList<>();
    extractors().forEach(x -> names.addAll(x.featureNames()));
    return FeatureSchema.of(names);
  }

  /**
   * Returns a logistic demand model with a small weight on every feature.
   *
   * @param seed the random seed
   * @return the model
   */
  public static LogisticDemandModel logisticModel(long seed) {
    Random r = new Random(seed);
    LogisticDemandModel.Builder b = LogisticDemandModel.builder().version("bench-logistic").intercept(3.0)
        .priceCoefficient(4.0);
    for (String name : schema().names()) {
      if (!name.equals("product.list_price") && !name.equals("product.unit_cost")) {
        b.weight(name, r.nextGaussian() * 0.05);
      }
    }
    b.priceInteraction("behaviour.discount_response", 1.5);
    return b.build();
  }

  /**
   * Returns the engine every hot-path benchmark uses: ~60 features, 48 candidates, guardrails on.
   *
   * @param model the demand model
   * @return the engine
   */
  public static PricingEngine engine(DemandModel model) {
    return engineBuilder(model).build();
  }

  /**
   * Returns the builder of {@link #engine}, for benchmarks that add to it (a listener).
   *
   * @param model the demand model
   * @return the configured builder
   */
  public static PricingEngine.Builder engineBuilder(DemandModel model) {
    return PricingEngine.builder()
        .extractors(extractors())
        .demandModel(model)
        .guardrail(Guardrail.minimumMargin(0.05))
        .guardrail(Guardrail.maxChange(0.30))
        .guardrail(Guardrail.withinCompetitorBand(0.4, 0.4))
        // .99 endings over the +-30% band give 24 to 72 ladder points: wide bands score a grid of 48 and
        // refine over the best bracket, narrow ones score the whole ladder.
        .ladder(PriceLadder.NINETY_NINE)
        .maxCandidates(CANDIDATES);
  }

  /**
   * Returns varied requests (prices, customers, competitors, times all differ).
   *
   * @param seed the random seed
   * @param n how many
   * @return the requests
   */
  public static PricingRequest[] requests(long seed, int n) {
    Random r = new Random(seed);
    PricingRequest[] out = new PricingRequest[n];
    List<String> titles = BenchText.get().titles;
    for (int i = 0; i < n; i++) {
      // List prices of 40 to 120 give 48 or more .99 points inside the +-30% change band.
      long listCents = 4000 + r.nextInt(8000);
      listCents = listCents / 100 * 100 + 99;
      BigDecimal list = BigDecimal.valueOf(listCents, 2);
      Product.Builder pb = Product.builder("sku-" + r.nextInt(5000), "USD").listPrice(list)
          .unitCost(BigDecimal.valueOf((long) (listCents * (0.4 + 0.3 * r.nextDouble())), 2))
          .category("c" + r.nextInt(20)).title(titles.get(r.nextInt(titles.size())));
      Map<String, Double> attrs = new HashMap<>();
      for (int k = 0; k < CUSTOMER_ATTRIBUTES; k++) {
        attrs.put("seg" + k, r.nextDouble());
      }
      Customer c = new Customer("cust-" + r.nextInt(100_000),
          new BehaviourSummary(r.nextInt(50), r.nextInt(20), r.nextInt(6), r.nextInt(12), r.nextDouble() * 200,
              r.nextDouble() * 900, r.nextDouble()), List.of(), attrs);
      List<BigDecimal> comp = List.of(
          BigDecimal.valueOf((long) (listCents * (0.9 + 0.2 * r.nextDouble())), 2),
          BigDecimal.valueOf((long) (listCents * (0.9 + 0.2 * r.nextDouble())), 2),
          BigDecimal.valueOf((long) (listCents * (0.9 + 0.2 * r.nextDouble())), 2));
      Market m = new Market(comp, r.nextInt(400), 1 + r.nextInt(30),
          Instant.ofEpochSecond(1_760_000_000L + r.nextInt(30_000_000)), Channel.WEB, Optional.empty(),
          Optional.of(java.util.Currency.getInstance("USD")));
      out[i] = PricingRequest.of(c, pb.build(), m);
    }
    return out;
  }

  private static final String[] BRANDS = {"Tropicana", "Minute Maid", "Florida's Natural", "Simply", "Dole",
      "Ocean Spray", "Sony", "Bose", "Anker", "Philips", "Levi's", "Nike", "Lodge", "OXO", "Pyrex", "Bialetti"};
  private static final String[] PRODUCTS = {"orange juice, no pulp", "orange juice with calcium",
      "apple juice", "cranberry cocktail", "wireless noise-cancelling headphones", "bluetooth speaker",
      "USB-C charger 65W", "electric toothbrush", "slim fit jeans", "running shoes", "cast iron skillet",
      "salad spinner", "glass storage containers", "stovetop espresso maker", "coffee grinder", "water bottle"};
  private static final String[] SIZES = {"64 oz", "96 oz", "1 L", "2-pack", "large", "black", "10 inch",
      "set of 5", "6 cup", "stainless steel"};

  /**
   * Returns distinct, realistic product titles.
   *
   * @param n how many
   * @return the titles
   */
  public static List<String> titles(int n) {
    List<String> out = new ArrayList<>(n);
    Random r = new Random(23);
    java.util.Set<String> seen = new java.util.HashSet<>();
    while (out.size() < n) {
      String t = BRANDS[r.nextInt(BRANDS.length)] + " " + PRODUCTS[r.nextInt(PRODUCTS.length)] + ", "
          + SIZES[r.nextInt(SIZES.length)];
      if (seen.add(t)) {
        out.add(t);
      }
    }
    return out;
  }
}
