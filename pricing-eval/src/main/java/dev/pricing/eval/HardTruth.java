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
 * basket (monetary value per purchase), comparing through page views and click-throughs, cart adds,
 * competitor prices, the reference price, and the day of week; {@link #observableProbabilities} is the best
 * prediction from those alone. Immutable and thread-safe.
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
  // How behaviour is drawn, per segment: page views before cart adds (uniform from VIEWS_LOW, VIEWS_SPAN
  // values), cart adds (uniform below CARTS_SPAN), average basket at z = 0.
  private static final int[] VIEWS_LOW = {15, 15, 4, 0};
  private static final int[] VIEWS_SPAN = {30, 26, 12, 9};
  private static final int[] CARTS_SPAN = {13, 13, 5, 3};
  private static final double[] BASKET = {18, 30, 80, 0};
  static final double BASKET_Z = 0.5;
  static final double BASKET_NOISE = 0.15;
  static final double COMPARER_BROWSE = 1.3;
  static final double CLICK_RATE = 0.30;
  static final double COMPARER_CLICK_RATE = 0.55;
  static final double CLICK_JITTER = 0.2;
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
   * (with noise), comparers browse more and click through far more often, and cart adds vary widely within a
   * segment.
   */
  private static BehaviourSummary behaviour(int s, double z, boolean comparer, SplittableRandom r) {
    double basket = Math.exp(BASKET_Z * z + BASKET_NOISE * MarketSimulator.gaussian(r));
    int carts = r.nextInt(CARTS_SPAN[s]);
    int views = (int) Math.round((VIEWS_LOW[s] + r.nextInt(VIEWS_SPAN[s])) * (comparer ? COMPARER_BROWSE : 1.0))
        + carts;
    double jitter = 1 - CLICK_JITTER + 2 * CLICK_JITTER * r.nextDouble();
    int clicks = (int) Math.round(views * (comparer ? COMPARER_CLICK_RATE : CLICK_RATE) * jitter);
    switch (s) {
      case 0: { // deal-seeker
        int purchases = 1 + r.nextInt(4);
        return new BehaviourSummary(views, clicks, carts, purchases, 5 + 85 * r.nextDouble(),
            round2(purchases * BASKET[s] * basket), 0.60 + 0.35 * r.nextDouble());
      }
      case 1: { // loyal
        int purchases = 8 + r.nextInt(13);
        return new BehaviourSummary(views, clicks, carts, purchases, 1 + 13 * r.nextDouble(),
            round2(purchases * BASKET[s] * basket), 0.05 + 0.25 * r.nextDouble());
      }
      case 2: { // premium
        int purchases = 3 + r.nextInt(6);
        double response = r.nextDouble() < 0.6 ? Double.NaN : 0.15 * r.nextDouble();
        return new BehaviourSummary(views, clicks, carts, purchases, 10 + 50 * r.nextDouble(),
            round2(purchases * BASKET[s] * basket), response);
      }
      default: // newcomer
        return new BehaviourSummary(views, clicks, carts, 0, Double.POSITIVE_INFINITY, 0, Double.NaN);
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
    return Math.exp(logWillingness(r, segment[c]) + SIGMA[segment[c]] * z[c]);
  }

  /** ln W for a customer of segment {@code s} with {@code z = 0}. */
  private double logWillingness(PricingRequest r, int s) {
    double list = r.product().listPrice().doubleValue();
    return Math.log(list) + MU[s] + CATEGORY_SHIFT.getOrDefault(r.product().category(), 0.0)
        + productShift(r) + CART_SLOPE[s] * (Math.log1p(r.customer().behaviour().carts()) - CART_CENTRE)
        + COMPETITOR_WEIGHT * minGap(r, list) + WEEKLY_AMPLITUDE * weekly(r.market().time());
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
   * The purchase probability given only what the request shows: the true curve averaged over the customer's
   * hidden traits given their behaviour. The segment follows from the behaviour history (exactly, but for a
   * sliver of loyal and premium customers with 8 purchases, see {@link #segmentOf}); {@code z} has a normal
   * posterior given the average basket (the prior for customers without purchases); whether the customer
   * compares has a posterior given page views and click-throughs.
   */
  @Override
  public void observableProbabilities(PricingRequest r, double[] prices, int n, double[] out) {
    BehaviourSummary b = r.customer().behaviour();
    int s = segmentOf(b);
    double mean = 0;
    double sd = 1;
    if (b.purchases() > 0 && b.monetaryValue() > 0 && BASKET[s] > 0) {
      double m = Math.log(b.monetaryValue() / (b.purchases() * BASKET[s]));
      double v = BASKET_Z * BASKET_Z + BASKET_NOISE * BASKET_NOISE;
      mean = BASKET_Z * m / v;
      sd = BASKET_NOISE / Math.sqrt(v);
    }
    double pComparer = comparerPosterior(s, b);
    double logW = logWillingness(r, s);
    double scale = SCALE * r.product().listPrice().doubleValue();
    double ref = r.referencePrice().doubleValue();
    double threshold = minCompetitor(r) * (1 + COMPARE_MARGIN);
    for (int i = 0; i < n; i++) {
      double pe = perceived(prices[i], ref);
      double prob = 0;
      for (int k = 0; k < NODES.length; k++) {
        double w = Math.exp(logW + SIGMA[s] * (mean + sd * NODES[k]));
        prob += NODE_WEIGHTS[k] * phi((w - pe) / scale);
      }
      prob *= CEILING[s];
      out[i] = prices[i] > threshold ? prob * (1 - pComparer + pComparer * COMPARE_PENALTY) : prob;
    }
  }

  /** Quadrature of a standard normal: 61 equally spaced nodes on [-5, 5] with normalised density weights. */
  private static final double[] NODES = new double[61];
  private static final double[] NODE_WEIGHTS = new double[61];

  static {
    double sum = 0;
    for (int k = 0; k < NODES.length; k++) {
      NODES[k] = -5 + 10.0 * k / (NODES.length - 1);
      NODE_WEIGHTS[k] = Math.exp(-NODES[k] * NODES[k] / 2);
      sum += NODE_WEIGHTS[k];
    }
    for (int k = 0; k < NODES.length; k++) {
      NODE_WEIGHTS[k] /= sum;
    }
  }

  /**
   * The segment a behaviour history comes from. Exact for every history the market draws except loyal and
   * premium customers with exactly 8 purchases, a known response in [0.05, 0.15) and a last purchase 10 to 14
   * days ago (taken as loyal).
   */
  static int segmentOf(BehaviourSummary b) {
    if (b.purchases() == 0) {
      return 3;
    }
    double response = b.discountResponseRate();
    if (Double.isNaN(response)) {
      return 2;
    }
    if (response >= 0.6) {
      return 0;
    }
    if (b.purchases() != 8) {
      return b.purchases() < 8 ? 2 : 1;
    }
    return response >= 0.05 && b.daysSinceLastPurchase() <= 14 ? 1 : 2;
  }

  /** P(compares | segment, page views and click-throughs), from how the market draws them. */
  static double comparerPosterior(int s, BehaviourSummary b) {
    double prior = COMPARER_SHARE[s];
    double yes = prior * viewsLikelihood(s, b, COMPARER_BROWSE) * clicksLikelihood(b, COMPARER_CLICK_RATE);
    double no = (1 - prior) * viewsLikelihood(s, b, 1.0) * clicksLikelihood(b, CLICK_RATE);
    return yes + no > 0 ? yes / (yes + no) : prior;
  }

  private static double viewsLikelihood(int s, BehaviourSummary b, double browse) {
    int target = b.views() - b.carts();
    int hits = 0;
    for (int base = VIEWS_LOW[s]; base < VIEWS_LOW[s] + VIEWS_SPAN[s]; base++) {
      if (Math.round(base * browse) == target) {
        hits++;
      }
    }
    return hits / (double) VIEWS_SPAN[s];
  }

  private static double clicksLikelihood(BehaviourSummary b, double rate) {
    if (b.views() == 0) {
      return b.clicks() == 0 ? 1 : 0;
    }
    double scale = b.views() * rate;
    double lo = Math.max(1 - CLICK_JITTER, (b.clicks() - 0.5) / scale);
    double hi = Math.min(1 + CLICK_JITTER, (b.clicks() + 0.5) / scale);
    return Math.max(0, hi - lo) / (2 * CLICK_JITTER);
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
