package dev.pricing.eval;

import dev.pricing.api.BehaviourSummary;
import dev.pricing.api.Customer;
import dev.pricing.api.Guardrail;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.math3.special.Erf;

/**
 * The hard market's truth, which lies in no model family the library trains (see docs/evaluation.md):
 *
 * <pre>
 * ln W   = ln L + mu[s] + category[cat] + product[j] + sigma[s] z_c + cartSlope[s] (ln(1 + carts) - 1.5)
 *          + 0.3 competitor_min_gap + 0.06 cos(2 pi (dow - 5.5) / 7)
 * p_eff  = p + 1.0 max(0, p - ref) - 0.3 max(0, ref - p)
 * P(buy) = ceiling[s] Phi((W - p_eff) / (0.12 L)) x (0.2 if c compares and p &gt; 1.02 min competitor price)
 * </pre>
 *
 * <p>{@code W} is the customer's willingness to pay in money, lognormal per customer ({@code z_c ~ N(0,1)}),
 * shifted by segment, category and product; a visit's own noise makes the purchase curve probit-like with a
 * ceiling below 1. The segments answer the same cart adds with opposite signs. {@code ref} is the request's
 * reference price: the last price this customer saw for this product (the list price before the first
 * visit); above it demand falls twice as steeply (loss aversion). A share of customers compares with the
 * cheapest competitor. Willingness to pay peaks at the weekend (traffic too, see
 * {@link #trafficWeight(Instant)}).
 *
 * <p>Everything the truth uses is visible to the engine's standard extractors, at least in part: the
 * segment through behaviour (discount response, purchases, recency), {@code z_c} through the average
 * basket (monetary value per purchase), comparing through page views, cart adds, competitor prices, the
 * reference price, and the day of week. Immutable and thread-safe.
 */
final class HardTruth implements TrueDemand {
  static final List<Segment> SEGMENTS = List.of(
      new Segment("deal-seeker", "willing to pay well below list; cart adds mean hesitation (less likely to buy);"
          + " half compare with the cheapest competitor", 0.30),
      new Segment("loyal", "willing to pay about list; cart adds mean intent (more likely to buy); rarely compare",
          0.20),
      new Segment("premium", "willing to pay above list, but compare with competitors more than loyal customers",
          0.15),
      new Segment("newcomer", "little history, widely varying willingness to pay", 0.35));

  // Per segment, in SEGMENTS order.
  private static final double[] MU = {-0.25, 0.10, 0.30, -0.05};
  private static final double[] SIGMA = {0.20, 0.15, 0.25, 0.30};
  private static final double[] CART_SLOPE = {-0.15, 0.15, 0.05, 0.0};
  private static final double[] CEILING = {0.55, 0.80, 0.70, 0.50};
  private static final double[] COMPARER_SHARE = {0.50, 0.10, 0.30, 0.30};
  /** How often a segment's customers come back (times a lognormal per customer). */
  private static final double[] ACTIVITY = {2.0, 3.0, 1.0, 0.4};
  static final double ACTIVITY_SD = 0.8;
  private static final Map<String, Double> CATEGORY_SHIFT = Map.of(
      "grocery", -0.05, "home", 0.04, "electronics", -0.08, "sports", 0.08, "health", 0.0);

  static final double CART_CENTRE = 1.5;
  static final double COMPETITOR_WEIGHT = 0.3;
  static final double WEEKLY_AMPLITUDE = 0.06;
  static final double TRAFFIC_AMPLITUDE = 0.25;
  static final double SCALE = 0.12;
  static final double LOSS = 1.0;
  static final double GAIN = 0.3;
  static final double COMPARE_MARGIN = 0.02;
  static final double COMPARE_PENALTY = 0.2;
  static final double PRODUCT_SHIFT_SD = 0.08;
  /** The hard market's products carry a ceiling at this multiple of list (reference prices follow policies). */
  static final double CEILING_TO_LIST = 1.5;

  private final Map<String, Integer> customerIndex;
  private final int[] segment;
  private final double[] z;
  private final boolean[] comparer;
  private final Map<String, Double> productShift;

  /**
   * The simulator's customers, their hidden traits, and the cumulative share of requests each makes (frequent
   * visitors see the same product again, so reference prices matter).
   */
  record Population(List<Customer> customers, String[] segmentIds, int[] segment, double[] z, boolean[] comparer,
      double[] cumulativeActivity) {}

  private HardTruth(Population population, Map<String, Double> productShift) {
    this.segment = population.segment();
    this.z = population.z();
    this.comparer = population.comparer();
    this.customerIndex = new HashMap<>();
    for (int c = 0; c < population.customers().size(); c++) {
      customerIndex.put(population.customers().get(c).id(), c);
    }
    this.productShift = Map.copyOf(productShift);
  }

  /** Builds the truth for a drawn population, drawing each product's shift from {@code r}. */
  static HardTruth of(Population population, List<Product> products, SplittableRandom r) {
    Map<String, Double> shift = new HashMap<>();
    for (Product p : products) {
      shift.put(p.id(), PRODUCT_SHIFT_SD * MarketSimulator.gaussian(r));
    }
    return new HardTruth(population, shift);
  }

  /** Returns the catalogue's products with the hard market's ceiling guardrail ({@value #CEILING_TO_LIST} x list). */
  static List<Product> withCeilings(List<Product> products) {
    List<Product> out = new ArrayList<>(products.size());
    for (Product p : products) {
      BigDecimal ceiling = p.listPrice().multiply(BigDecimal.valueOf(CEILING_TO_LIST))
          .setScale(p.currency().getDefaultFractionDigits(), RoundingMode.FLOOR);
      List<Guardrail> g = new ArrayList<>(p.guardrails());
      g.add(Guardrail.ceiling(ceiling.toPlainString()));
      out.add(new Product(p.id(), p.currency(), p.listPrice(), p.unitCost(), p.category(), p.title(),
          p.attributes(), g));
    }
    return out;
  }

  /** Draws {@code count} customers: segment, hidden traits, and a behaviour history that partly reveals them. */
  static Population drawPopulation(int count, SplittableRandom r) {
    List<Customer> customers = new ArrayList<>(count);
    String[] ids = new String[count];
    int[] seg = new int[count];
    double[] z = new double[count];
    boolean[] comparer = new boolean[count];
    double[] activity = new double[count];
    double total = 0;
    for (int c = 0; c < count; c++) {
      int s = drawSegment(r);
      seg[c] = s;
      ids[c] = SEGMENTS.get(s).id();
      z[c] = MarketSimulator.gaussian(r);
      comparer[c] = r.nextDouble() < COMPARER_SHARE[s];
      customers.add(new Customer(String.format("c%06d", c), behaviour(s, z[c], comparer[c], r), List.of(), Map.of()));
      total += ACTIVITY[s] * Math.exp(ACTIVITY_SD * MarketSimulator.gaussian(r));
      activity[c] = total;
    }
    for (int c = 0; c < count; c++) {
      activity[c] /= total;
    }
    return new Population(customers, ids, seg, z, comparer, activity);
  }

  private static int drawSegment(SplittableRandom r) {
    double u = r.nextDouble();
    double cum = 0;
    for (int s = 0; s < SEGMENTS.size(); s++) {
      cum += SEGMENTS.get(s).share();
      if (u < cum) {
        return s;
      }
    }
    return SEGMENTS.size() - 1;
  }

  /**
   * A behaviour history for a segment: the average basket reveals the willingness-to-pay draw {@code z}
   * (with noise), comparing shows as more page views, and cart adds vary widely within a segment.
   */
  private static BehaviourSummary behaviour(int s, double z, boolean comparer, SplittableRandom r) {
    double browse = comparer ? 1.6 : 1.0;
    double basketNoise = Math.exp(0.5 * z + 0.35 * MarketSimulator.gaussian(r));
    switch (s) {
      case 0: { // deal-seeker
        int carts = r.nextInt(13);
        int views = (int) Math.round((15 + r.nextInt(30)) * browse) + carts;
        int purchases = 1 + r.nextInt(4);
        return new BehaviourSummary(views, views / 3, carts, purchases, 5 + 85 * r.nextDouble(),
            round2(purchases * 18 * basketNoise), 0.60 + 0.35 * r.nextDouble());
      }
      case 1: { // loyal
        int carts = r.nextInt(13);
        int views = (int) Math.round((15 + r.nextInt(26)) * browse) + carts;
        int purchases = 8 + r.nextInt(13);
        return new BehaviourSummary(views, views / 2, carts, purchases, 1 + 13 * r.nextDouble(),
            round2(purchases * 30 * basketNoise), 0.05 + 0.25 * r.nextDouble());
      }
      case 2: { // premium
        int carts = r.nextInt(5);
        int views = (int) Math.round((4 + r.nextInt(12)) * browse) + carts;
        int purchases = 3 + r.nextInt(6);
        double response = r.nextDouble() < 0.6 ? Double.NaN : 0.15 * r.nextDouble();
        return new BehaviourSummary(views, views / 2, carts, purchases, 10 + 50 * r.nextDouble(),
            round2(purchases * 80 * basketNoise), response);
      }
      default: { // newcomer
        int carts = r.nextInt(3);
        int views = (int) Math.round(r.nextInt(9) * browse) + carts;
        return new BehaviourSummary(views, views / 3, carts, 0, Double.POSITIVE_INFINITY, 0, Double.NaN);
      }
    }
  }

  private static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }

  /** Day of week of an instant in UTC, 0 = Monday (as the engine's market features count it). */
  static int dayOfWeek(Instant t) {
    long epochDay = Math.floorDiv(t.getEpochSecond(), 86_400L);
    return (int) Math.floorMod(epochDay + 3, 7L);
  }

  /** The weekly cycle, 1 on Saturday night and -1 midweek: {@code cos(2 pi (dow - 5.5) / 7)}. */
  static double weekly(Instant t) {
    return Math.cos(2 * Math.PI * (dayOfWeek(t) - 5.5) / 7.0);
  }

  /** Relative traffic on a day: weekends are busier. */
  static double trafficWeight(Instant t) {
    return 1 + TRAFFIC_AMPLITUDE * weekly(t);
  }

  /** The ceiling of a segment's purchase probability. */
  static double ceiling(String segmentId) {
    return CEILING[segmentIndex(segmentId)];
  }

  private static int segmentIndex(String id) {
    for (int s = 0; s < SEGMENTS.size(); s++) {
      if (SEGMENTS.get(s).id().equals(id)) {
        return s;
      }
    }
    throw new IllegalArgumentException("segmentId must be one of the hard market's segments, found '" + id + "'");
  }

  @Override
  public boolean sequential() {
    return true;
  }

  /** Index of the request's customer among the simulator's own. */
  private int customer(PricingRequest r) {
    Integer c = customerIndex.get(r.customer().id());
    if (c == null) {
      throw new IllegalArgumentException("customer.id '" + r.customer().id()
          + "' is not a customer of this market (the hard market's truth depends on its own customers)");
    }
    return c;
  }

  private double productShift(PricingRequest r) {
    Double shift = productShift.get(r.product().id());
    if (shift == null) {
      throw new IllegalArgumentException("product.id '" + r.product().id() + "' is not in this market's catalogue");
    }
    return shift;
  }

  /** Returns the customer's willingness to pay for the product in this market, in money. */
  double willingnessToPay(PricingRequest r) {
    return willingnessToPay(r, customer(r));
  }

  private double willingnessToPay(PricingRequest r, int c) {
    int s = segment[c];
    double list = r.product().listPrice().doubleValue();
    double logW = Math.log(list) + MU[s] + CATEGORY_SHIFT.getOrDefault(r.product().category(), 0.0)
        + productShift(r) + SIGMA[s] * z[c]
        + CART_SLOPE[s] * (Math.log1p(r.customer().behaviour().carts()) - CART_CENTRE)
        + COMPETITOR_WEIGHT * minGap(r, list) + WEEKLY_AMPLITUDE * weekly(r.market().time());
    return Math.exp(logW);
  }

  private static double minCompetitor(PricingRequest r) {
    double min = Double.POSITIVE_INFINITY;
    for (BigDecimal p : r.market().competitorPrices()) {
      min = Math.min(min, p.doubleValue());
    }
    return min;
  }

  private static double minGap(PricingRequest r, double list) {
    double min = minCompetitor(r);
    return min == Double.POSITIVE_INFINITY || list <= 0 ? 0 : (min - list) / list;
  }

  /** The price as the customer perceives it against the reference: losses weigh more than gains. */
  static double perceived(double p, double ref) {
    return p + LOSS * Math.max(0, p - ref) - GAIN * Math.max(0, ref - p);
  }

  @Override
  public void probabilities(PricingRequest r, double[] prices, int n, double[] out) {
    int c = customer(r);
    double w = willingnessToPay(r, c);
    double ceiling = CEILING[segment[c]];
    double scale = SCALE * r.product().listPrice().doubleValue();
    double ref = r.referencePrice().doubleValue();
    double threshold = comparer[c] ? minCompetitor(r) * (1 + COMPARE_MARGIN) : Double.POSITIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      double p = prices[i];
      double prob = ceiling * phi((w - perceived(p, ref)) / scale);
      out[i] = p > threshold ? COMPARE_PENALTY * prob : prob;
    }
  }

  /**
   * One visit drawn from the generative story behind {@link #probabilities}: the visit's own noise on the
   * willingness to pay, the ceiling, and the comparison with the cheapest competitor. Its frequency of
   * {@code true} is the closed-form probability (a test checks this by brute force).
   */
  boolean visit(PricingRequest r, double price, SplittableRandom rng) {
    int c = customer(r);
    double scale = SCALE * r.product().listPrice().doubleValue();
    double wVisit = willingnessToPay(r, c) + scale * MarketSimulator.gaussian(rng);
    boolean interested = rng.nextDouble() < CEILING[segment[c]];
    boolean competitorOk = !comparer[c] || price <= minCompetitor(r) * (1 + COMPARE_MARGIN)
        || rng.nextDouble() < COMPARE_PENALTY;
    return interested && wVisit >= perceived(price, r.referencePrice().doubleValue()) && competitorOk;
  }

  /** Whether the simulator's customer with this id compares with the cheapest competitor. */
  boolean comparer(String customerId) {
    Integer c = customerIndex.get(customerId);
    return c != null && comparer[c];
  }

  /** Standard normal CDF. */
  static double phi(double x) {
    return 0.5 * Erf.erfc(-x / Math.sqrt(2));
  }
}
