package dev.pricing.core.demand;

import dev.pricing.api.BehaviourSummary;
import dev.pricing.api.Customer;
import dev.pricing.api.Market;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import dev.pricing.api.spi.FeatureExtractor;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SplittableRandom;

/**
 * Generates offer logs with a known demand curve, and the small real feature extractors the tests train
 * and serve with.
 */
final class SyntheticOffers {
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  static final String[] LIST_PRICES = {"9.99", "19.99", "39.99"};

  private SyntheticOffers() {}

  /** Reads the product's list price: {@code product.list_price}. */
  static final class ListPrice implements FeatureExtractor {
    @Override
    public List<String> featureNames() {
      return List.of("product.list_price");
    }

    @Override
    public void extract(PricingRequest request, double[] out, int offset) {
      out[offset] = request.product().listPrice().doubleValue();
    }
  }

  /**
   * Reads the customer's segment attribute {@code vip} (0 when absent), its complement {@code regular} and the
   * view count.
   */
  static final class Segment implements FeatureExtractor {
    @Override
    public List<String> featureNames() {
      return List.of("customer.attr.vip", "customer.attr.regular", "customer.views");
    }

    @Override
    public void extract(PricingRequest request, double[] out, int offset) {
      double vip = request.customer().attributes().getOrDefault("vip", 0.0);
      out[offset] = vip;
      out[offset + 1] = 1 - vip;
      out[offset + 2] = request.customer().behaviour().views();
    }

    @Override
    public boolean personal() {
      return true;
    }
  }

  static List<FeatureExtractor> extractors() {
    return List.of(new ListPrice(), new Segment());
  }

  static double sigmoid(double s) {
    return 1 / (1 + Math.exp(-s));
  }

  /** The true conversion curve: sigmoid(a + b * vip - beta * p / list). */
  record Conversion(double a, double b, double beta) {
    double probability(double vip, double ratio) {
      return sigmoid(a + b * vip - beta * ratio);
    }
  }

  /** The true units curve: ln E[units] = c + g * vip - e * ln(p / list) + N(0, sigma). */
  record Units(double c, double g, double e, double sigma) {}

  static PricingRequest request(SplittableRandom rnd, int i, boolean vip) {
    String list = LIST_PRICES[rnd.nextInt(LIST_PRICES.length)];
    Product product = Product.builder("sku-" + list, "USD").listPrice(list).unitCost("5").category("juice")
        .title("Juice, \"fresh\"").build();
    BehaviourSummary behaviour = new BehaviourSummary(rnd.nextInt(20), 0, 0, 0, Double.POSITIVE_INFINITY, 0,
        Double.NaN);
    Customer customer = new Customer("c" + rnd.nextInt(5000), behaviour, List.of(),
        vip ? Map.of("vip", 1.0) : Map.of());
    Market market = Market.of(100, START.plusSeconds(60L * i));
    return new PricingRequest(customer, product, market);
  }

  static BigDecimal offeredPrice(SplittableRandom rnd, PricingRequest r, double lo, double hi) {
    double ratio = lo + (hi - lo) * rnd.nextDouble();
    return r.product().listPrice().multiply(BigDecimal.valueOf(ratio)).setScale(2, RoundingMode.HALF_UP);
  }

  static List<OfferRecord> conversions(Conversion truth, int rows, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<OfferRecord> out = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      boolean vip = rnd.nextDouble() < 0.3;
      PricingRequest r = request(rnd, i, vip);
      BigDecimal price = offeredPrice(rnd, r, 0.6, 1.4);
      double ratio = price.doubleValue() / r.product().listPrice().doubleValue();
      boolean bought = rnd.nextDouble() < truth.probability(vip ? 1 : 0, ratio);
      out.add(new OfferRecord(r, price, OptionalDouble.of(1.0 / 3), bought ? 1 : 0));
    }
    return out;
  }

  static List<OfferRecord> units(Units truth, int rows, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<OfferRecord> out = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      boolean vip = rnd.nextDouble() < 0.3;
      PricingRequest r = request(rnd, i, vip);
      BigDecimal price = offeredPrice(rnd, r, 0.6, 1.4);
      double ratio = price.doubleValue() / r.product().listPrice().doubleValue();
      double noise = truth.sigma() * gaussian(rnd);
      double units = Math.exp(truth.c() + truth.g() * (vip ? 1 : 0) - truth.e() * Math.log(ratio) + noise);
      out.add(new OfferRecord(r, price, OptionalDouble.empty(), units));
    }
    return out;
  }

  static double gaussian(SplittableRandom rnd) {
    double u = rnd.nextDouble();
    double v = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
  }
}
