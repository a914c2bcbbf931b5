package dev.pricing.eval;

import dev.pricing.core.FeaturePipeline;
import dev.pricing.api.BehaviourSummary;
import dev.pricing.api.Channel;
import dev.pricing.api.Customer;
import dev.pricing.api.Guardrail;
import dev.pricing.api.Market;
import dev.pricing.api.PriceLadder;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.core.FeatureExtractors;
import dev.pricing.core.LogisticDemandModel;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A simulated e-commerce market with known ground truth, for evaluating pricing policies.
 *
 * <p>It holds a catalogue of products, a population of customers drawn from {@link #segments() segments}
 * with different willingness to pay and price sensitivity (visible in their behaviour histories),
 * competitors whose prices follow a mean-reverting random walk with an upward trend (so demand for our
 * products trends up over the horizon), yearly seasonality, and inventory that sells down and is restocked.
 *
 * <p>In the default market the true purchase probability is {@link #trueDemandModel()}: a logistic model in
 * {@code p / list} over the engine's standard features (behaviour, product, market), with a price sensitivity
 * that rises with the customer's discount response and falls with their purchase count. So a model over the
 * standard features can be correctly specified. Each request asks for at most one unit.
 *
 * <p>It generates requests and offer logs under any policy, and answers counterfactuals: the true expected
 * profit, revenue and conversion of any {@link PricingPolicy}, and the {@link #oracle() oracle}'s (the best
 * ladder price inside the same guardrails for each request, knowing the true demand).
 *
 * <p>{@link #hardMarket(long)} (or {@link Builder#scenario(Scenario) scenario(HARD)}) builds a second market
 * whose truth lies in no model family the library trains: willingness to pay in money, lognormal per customer;
 * a probit-like purchase curve with a ceiling below 1; segments that answer the same cart adds with opposite
 * signs; loss aversion above the last price the customer saw for the product; customers who compare with the
 * cheapest competitor; and weekly seasonality in willingness to pay and traffic. That market has memory: while
 * logging offers and evaluating a policy, the simulator tracks the last price the policy showed each customer
 * for each product and puts it into that pair's later requests as {@link Market#referencePrice()} (requests
 * are taken in time order), so every policy, the oracle included, is evaluated on its own history.
 *
 * <p>Every output is a deterministic function of the simulator's seed and the seed passed to the method.
 * Immutable and thread-safe. The builder rejects out-of-range settings eagerly with an
 * {@link IllegalArgumentException} naming the field and value.
 */
public final class MarketSimulator {
  /**
   * The built-in markets. Immutable and thread-safe (an enum).
   */
  public enum Scenario {
    /** The default market: a logistic truth over the standard features, without memory. */
    DEFAULT,
    /**
     * The hard market: willingness to pay in money with a purchase ceiling, opposite-sign segment effects,
     * reference prices set by the policy's own earlier prices, competitor comparison, weekly seasonality.
     */
    HARD
  }

  private static final List<Segment> SEGMENTS = List.of(
      new Segment("deal-seeker", "browses a lot, buys on discount, highly price-sensitive", 0.30),
      new Segment("loyal", "buys often and recently, rarely waits for discounts", 0.20),
      new Segment("premium", "few but large baskets, little price sensitivity", 0.15),
      new Segment("newcomer", "little or no history", 0.35));
  private static final double COMPETITOR_TREND_PER_DAY = 0.0005;

  private final long seed;
  private final Scenario scenario;
  private final List<Segment> segments;
  private final int horizonDays;
  private final Instant start;
  private final List<Product> products;
  private final double[] productCumulativeWeight;
  private final List<Customer> customers;
  private final String[] customerSegment;
  /** Hard market: cumulative share of requests per customer; null in the default market (uniform). */
  private final double[] customerCumulativeActivity;
  private final double[][][] competitorPrices;
  private final int[][] inventory;
  private final double[] salesRate;
  private final List<Guardrail> guardrails;
  private final PriceLadder ladder;
  private final double feeRate;
  private final double searchMin;
  private final double searchMax;
  /** The default market's true model; null in the hard market. */
  private final LogisticDemandModel trueModel;
  private final TrueDemand truth;
  private final FeasiblePrices feasible;

  private MarketSimulator(Builder b) {
    this.seed = b.seed;
    this.scenario = b.scenario;
    this.horizonDays = b.horizonDays;
    this.start = b.start;
    this.guardrails = b.guardrails.isEmpty() ? List.of(Guardrail.minimumMargin(0.05)) : List.copyOf(b.guardrails);
    this.ladder = b.ladder;
    this.feeRate = b.feeRate;
    this.searchMin = 0.5;
    this.searchMax = 2.0;
    SplittableRandom r = new SplittableRandom(seed);
    this.products = scenario == Scenario.HARD ? HardTruth.withCeilings(Catalogue.products(b.products))
        : Catalogue.products(b.products);
    int np = products.size();
    this.productCumulativeWeight = new double[np];
    double total = 0;
    for (int i = 0; i < np; i++) {
      total += 0.5 + 1.5 * r.nextDouble();
      productCumulativeWeight[i] = total;
    }
    for (int i = 0; i < np; i++) {
      productCumulativeWeight[i] /= total;
    }
    HardTruth.Population population = null;
    if (scenario == Scenario.HARD) {
      population = HardTruth.drawPopulation(b.customers, r);
      this.segments = HardTruth.SEGMENTS;
      this.customers = new ArrayList<>(population.customers());
      this.customerSegment = population.segmentIds();
      this.customerCumulativeActivity = population.cumulativeActivity();
    } else {
      this.segments = SEGMENTS;
      this.customerCumulativeActivity = null;
      this.customers = new ArrayList<>(b.customers);
      this.customerSegment = new String[b.customers];
      for (int c = 0; c < b.customers; c++) {
        Segment s = drawSegment(r);
        customerSegment[c] = s.id();
        customers.add(new Customer(String.format("c%06d", c), behaviour(s.id(), r), List.of(), Map.of()));
      }
    }
    this.competitorPrices = new double[np][][];
    this.inventory = new int[np][horizonDays];
    this.salesRate = new double[np];
    for (int i = 0; i < np; i++) {
      double list = products.get(i).listPrice().doubleValue();
      int k = 1 + i % 3;
      competitorPrices[i] = new double[k][horizonDays];
      for (int j = 0; j < k; j++) {
        double base = 0.88 + 0.24 * r.nextDouble();
        double walk = 0;
        for (int d = 0; d < horizonDays; d++) {
          walk = 0.9 * walk + 0.02 * gaussian(r);
          double p = list * base * Math.exp(walk) * (1 + COMPETITOR_TREND_PER_DAY * d);
          competitorPrices[i][j][d] = Math.max(0.01, Math.round(p * 100) / 100.0);
        }
      }
      salesRate[i] = 3 + 12 * r.nextDouble();
      int full = 80 + r.nextInt(320);
      double inv = full;
      for (int d = 0; d < horizonDays; d++) {
        inventory[i][d] = (int) Math.round(inv);
        inv -= salesRate[i] * (0.7 + 0.6 * r.nextDouble());
        if (inv < 2 * salesRate[i]) {
          inv = full;
        }
      }
    }
    if (scenario == Scenario.HARD) {
      this.trueModel = null;
      this.truth = HardTruth.of(population, products, r);
    } else {
      this.trueModel = trueLogisticModel();
      this.truth = new LogisticTruth(trueModel, FeaturePipeline.of(FeatureExtractors.standard()));
    }
    this.feasible = new FeasiblePrices(guardrails, ladder, feeRate, searchMin, searchMax);
  }

  private static LogisticDemandModel trueLogisticModel() {
    return LogisticDemandModel.builder()
        .version("simulator-truth")
        .intercept(1.0)
        .priceCoefficient(4.0)
        .weight("behaviour.carts_log1p", 0.35)
        .weight("behaviour.recency", 0.8)
        .weight("market.competitor_min_gap", 1.5)
        .weight("market.season_sin", 0.3)
        .priceInteraction("behaviour.discount_response", 3.0)
        .priceInteraction("behaviour.purchases_log1p", -0.5)
        .build();
  }

  /**
   * Returns the default market: 24 products, 2,000 customers, 120 days from 2026-01-05, a 5% minimum
   * margin guardrail, the .99 ladder and a 2% payment fee.
   *
   * @param seed the seed
   * @return the simulator
   */
  public static MarketSimulator defaultMarket(long seed) {
    return builder().seed(seed).build();
  }

  /**
   * Returns the hard market: the default market's catalogue (each product with a ceiling at 1.5x list),
   * customers, competitors, horizon, guardrails, ladder and fee, with a truth that lies in no model family
   * the library trains and reference prices driven by each policy's own earlier prices (see the class
   * comment and docs/evaluation.md). {@link #trueDemandModel()} is not available there.
   *
   * @param seed the seed
   * @return the simulator
   */
  public static MarketSimulator hardMarket(long seed) {
    return builder().scenario(Scenario.HARD).seed(seed).build();
  }

  /** @return a new builder with the default settings */
  public static Builder builder() {
    return new Builder();
  }

  /** @return which built-in market this is */
  public Scenario scenario() {
    return scenario;
  }

  /** @return the customer segments, with their shares */
  public List<Segment> segments() {
    return segments;
  }

  /** @return the catalogue */
  public List<Product> catalogue() {
    return products;
  }

  /** @return the simulated customers */
  public List<Customer> customers() {
    return List.copyOf(customers);
  }

  /** @return the guardrails every policy in this market must respect (the oracle respects them) */
  public List<Guardrail> guardrails() {
    return guardrails;
  }

  /** @return the price ladder */
  public PriceLadder ladder() {
    return ladder;
  }

  /** @return the payment fee as a share of the price */
  public double feeRate() {
    return feeRate;
  }

  /**
   * Returns the true demand as a {@link DemandModel} over the standard features
   * ({@link FeatureExtractors#standard()}): the reference a perfectly trained model would reach.
   *
   * @return the true model
   * @throws IllegalStateException in the hard market, whose truth is no model over the standard features
   *     (use {@link #trueProbability} and {@link #oracle()} there)
   */
  public LogisticDemandModel trueDemandModel() {
    if (trueModel == null) {
      throw new IllegalStateException("the " + scenario + " market's truth is not a model over the standard"
          + " features; use trueProbability(request, price) and oracle()");
    }
    return trueModel;
  }

  /** The truth behind {@link #trueProbability} (for tests in this package). */
  TrueDemand truth() {
    return truth;
  }

  /**
   * Returns an engine builder configured like this market: standard extractors, the market's guardrails,
   * ladder and fee. The caller sets the demand model (and uniform mode, if wanted) and builds.
   *
   * @return the builder
   */
  public PricingEngine.Builder engineBuilder() {
    PricingEngine.Builder b = PricingEngine.builder()
        .extractors(FeatureExtractors.standard())
        .ladder(ladder)
        .paymentFeeRate(feeRate)
        .searchRange(searchMin, searchMax);
    guardrails.forEach(b::guardrail);
    return b;
  }

  /**
   * Draws requests: a uniformly drawn customer, a product drawn by popularity, a day of the horizon, and
   * the market that day (competitor prices, inventory, sales rate, time, channel). In the hard market days
   * are drawn with weekly traffic (busier at the weekend), customers by how often they come back (loyal
   * customers and deal-seekers most), and the requests come in time order; none carries a reference price
   * (the simulator adds the last-seen price while evaluating and logging).
   *
   * @param count how many, positive
   * @param requestSeed the seed for this draw
   * @return the requests
   */
  public List<SimulatedRequest> requests(int count, long requestSeed) {
    if (count <= 0) {
      throw new IllegalArgumentException("count must be positive, found " + count);
    }
    SplittableRandom r = new SplittableRandom(requestSeed ^ (seed * 0x9E3779B97F4A7C15L));
    List<SimulatedRequest> out = new ArrayList<>(count);
    double maxTraffic = 1 + HardTruth.TRAFFIC_AMPLITUDE;
    for (int n = 0; n < count; n++) {
      int day = r.nextInt(horizonDays);
      if (scenario == Scenario.HARD) {
        while (r.nextDouble() * maxTraffic > HardTruth.trafficWeight(start.plus(Duration.ofDays(day)))) {
          day = r.nextInt(horizonDays);
        }
      }
      int c = customerCumulativeActivity == null ? r.nextInt(customers.size())
          : drawIndex(customerCumulativeActivity, r.nextDouble());
      double u = r.nextDouble();
      int p = 0;
      while (p < products.size() - 1 && productCumulativeWeight[p] < u) {
        p++;
      }
      List<BigDecimal> comp = new ArrayList<>();
      for (double[] series : competitorPrices[p]) {
        comp.add(BigDecimal.valueOf(Math.round(series[day] * 100), 2));
      }
      Instant time = start.plus(Duration.ofDays(day)).plusSeconds(8 * 3600 + r.nextInt(14 * 3600));
      Channel channel = r.nextDouble() < 0.3 ? Channel.APP : Channel.WEB;
      Market market = new Market(comp, inventory[p][day], salesRate[p], time, channel, Optional.empty(),
          Optional.of(products.get(p).currency()));
      out.add(new SimulatedRequest(PricingRequest.of(customers.get(c), products.get(p), market),
          customerSegment[c], day));
    }
    if (scenario == Scenario.HARD) {
      out.sort(java.util.Comparator.comparing(s -> s.request().market().time()));
    }
    return out;
  }

  /**
   * Returns the true probability that the customer buys at a price. In the hard market the request's
   * reference price is taken as the last price the customer saw for the product (the list price when it has
   * none), and the customer must be one of this market's.
   *
   * @param request the request
   * @param price the price, finite and non-negative
   * @return the probability
   */
  public double trueProbability(PricingRequest request, double price) {
    if (!Double.isFinite(price) || price < 0) {
      throw new IllegalArgumentException("price must be finite and non-negative, found " + price);
    }
    double[] out = new double[1];
    truth.probabilities(request, new double[] {price}, 1, out);
    return out[0];
  }

  /**
   * Returns the true expected profit of a price: P(buy) times (price - cost - fee * price).
   *
   * @param request the request
   * @param price the price
   * @return the expected profit
   */
  public double trueExpectedProfit(PricingRequest request, double price) {
    return trueProbability(request, price) * margin(request, price);
  }

  /**
   * Returns the logging policy that offers a uniformly random ladder price between {@code lowRatio} and
   * {@code highRatio} times the reference price, inside the market's guardrails (the reference price when
   * no ladder price qualifies). Its propensities are 1 / (number of such prices).
   *
   * @param lowRatio lowest price as a multiple of the reference, in (0, 1]
   * @param highRatio highest price as a multiple of the reference, in [1, 2]
   * @return the policy
   */
  public PricingPolicy randomisedPolicy(double lowRatio, double highRatio) {
    if (!(lowRatio > 0 && lowRatio <= 1)) {
      throw new IllegalArgumentException("lowRatio must be in (0, 1], found " + lowRatio);
    }
    if (!(highRatio >= 1 && highRatio <= 2)) {
      throw new IllegalArgumentException("highRatio must be in [1, 2], found " + highRatio);
    }
    return new Policies.Named("randomised " + lowRatio + "-" + highRatio + "x", r -> {
      double[] prices = feasible.prices(r, lowRatio, highRatio);
      return prices.length == 0 ? PriceDistribution.point(feasible.fallback(r))
          : PriceDistribution.uniform(prices);
    });
  }

  /**
   * Returns the oracle: for each request, the ladder price inside the market's guardrails, search range and the
   * engine's implicit cost floor (never below cost unless a guardrail allows it) that maximises the true
   * expected profit; when no ladder price qualifies, the engine's fallback (the reference price, raised to the
   * cost floor when below it).
   *
   * @return the oracle policy
   */
  public PricingPolicy oracle() {
    return bestPerRequest("oracle", false);
  }

  /**
   * Returns the oracle restricted to what each request shows: for each request, the ladder price inside the
   * same guardrails and search range that maximises the true expected profit averaged over what the truth
   * depends on but the request does not show, given what it shows. It is the best any model over the request
   * can do, up to the information the engine's extractors drop. In the default market, whose truth is a
   * function of the request, it is the {@link #oracle()}; in the hard market it does not know each customer's
   * own willingness-to-pay draw (only its posterior given their average basket) nor whether they compare with
   * competitors (only its posterior given their page views and click-throughs).
   *
   * @return the policy
   */
  public PricingPolicy observableOracle() {
    return bestPerRequest("observable oracle", true);
  }

  private PricingPolicy bestPerRequest(String name, boolean observable) {
    return new Policies.Named(name, r -> {
      double[] prices = feasible.prices(r, 0, Double.POSITIVE_INFINITY);
      if (prices.length == 0) {
        return PriceDistribution.point(feasible.fallback(r));
      }
      double[] profit = observable ? observableExpectedProfits(r, prices) : expectedProfits(r, prices);
      int best = 0;
      for (int i = 1; i < prices.length; i++) {
        if (profit[i] > profit[best]) {
          best = i;
        }
      }
      return PriceDistribution.point(prices[best]);
    });
  }

  /**
   * Returns the best uniform price policy for a set of requests: for each product, the one ladder price
   * that maximises the true expected profit summed over that product's requests (each request's price is
   * kept inside its own guardrails; a product not among the requests gets its list price). In the hard market
   * each candidate is scored under the same sequential rules as {@link #evaluate}: the customer's reference is
   * the price this policy showed them last.
   *
   * @param requests the requests to optimise over, not empty
   * @return the policy
   */
  public PricingPolicy bestUniform(List<SimulatedRequest> requests) {
    requireRequests(requests);
    if (truth.sequential()) {
      return sequentialBestUniform(requests);
    }
    Map<String, List<PricingRequest>> byProduct = new LinkedHashMap<>();
    for (SimulatedRequest s : requests) {
      byProduct.computeIfAbsent(s.request().product().id(), k -> new ArrayList<>()).add(s.request());
    }
    Map<String, Double> best = new HashMap<>();
    for (Map.Entry<String, List<PricingRequest>> e : byProduct.entrySet()) {
      List<PricingRequest> rs = e.getValue();
      double[][] prices = new double[rs.size()][];
      double[][] profits = new double[rs.size()][];
      java.util.TreeSet<Double> candidates = new java.util.TreeSet<>();
      for (int i = 0; i < rs.size(); i++) {
        prices[i] = feasible.prices(rs.get(i), 0, Double.POSITIVE_INFINITY);
        profits[i] = expectedProfits(rs.get(i), prices[i]);
        for (double p : prices[i]) {
          candidates.add(p);
        }
      }
      double bestPrice = rs.get(0).product().listPrice().doubleValue();
      double bestValue = Double.NEGATIVE_INFINITY;
      for (double c : candidates) {
        double v = 0;
        for (int i = 0; i < rs.size(); i++) {
          v += prices[i].length == 0 ? trueExpectedProfit(rs.get(i), feasible.fallback(rs.get(i)))
              : profits[i][nearest(prices[i], c)];
        }
        if (v > bestValue) {
          bestValue = v;
          bestPrice = c;
        }
      }
      best.put(e.getKey(), bestPrice);
    }
    return new Policies.Named("best uniform", r -> {
      Double p = best.get(r.product().id());
      if (p == null) {
        return PriceDistribution.point(r.product().listPrice().doubleValue());
      }
      double[] prices = feasible.prices(r, 0, Double.POSITIVE_INFINITY);
      return PriceDistribution.point(prices.length == 0 ? feasible.fallback(r) : prices[nearest(prices, p)]);
    });
  }

  private PricingPolicy sequentialBestUniform(List<SimulatedRequest> requests) {
    Map<String, List<PricingRequest>> byProduct = new LinkedHashMap<>();
    for (int i : chronological(requests, SimulatedRequest::request)) {
      PricingRequest r = requests.get(i).request();
      byProduct.computeIfAbsent(r.product().id(), k -> new ArrayList<>()).add(r);
    }
    Map<String, Double> best = new HashMap<>();
    for (Map.Entry<String, List<PricingRequest>> e : byProduct.entrySet()) {
      List<PricingRequest> rs = e.getValue();
      java.util.TreeSet<Double> candidates = new java.util.TreeSet<>();
      double[][] ownPrices = new double[rs.size()][];
      for (int i = 0; i < rs.size(); i++) {
        ownPrices[i] = feasible.prices(rs.get(i), 0, Double.POSITIVE_INFINITY);
        for (double p : ownPrices[i]) {
          candidates.add(p);
        }
      }
      double bestPrice = rs.get(0).product().listPrice().doubleValue();
      double bestValue = Double.NEGATIVE_INFINITY;
      for (double c : candidates) {
        // The product's requests in time order, each customer's reference the price shown them last.
        SeenPrices seen = new SeenPrices();
        double v = 0;
        for (int i = 0; i < rs.size(); i++) {
          PricingRequest r = seen.withReference(rs.get(i));
          double[] prices = r == rs.get(i) ? ownPrices[i] : feasible.prices(r, 0, Double.POSITIVE_INFINITY);
          double p = prices.length == 0 ? feasible.fallback(r) : prices[nearest(prices, c)];
          v += trueExpectedProfit(r, p);
          seen.show(r, p);
        }
        if (v > bestValue) {
          bestValue = v;
          bestPrice = c;
        }
      }
      best.put(e.getKey(), bestPrice);
    }
    return new Policies.Named("best uniform", r -> {
      Double p = best.get(r.product().id());
      return PriceDistribution.point(p == null ? r.product().listPrice().doubleValue() : uniformPrice(r, p));
    });
  }

  /** The feasible ladder price nearest a target (the reference price when none is feasible). */
  private double uniformPrice(PricingRequest r, double target) {
    double[] prices = feasible.prices(r, 0, Double.POSITIVE_INFINITY);
    return prices.length == 0 ? feasible.fallback(r) : prices[nearest(prices, target)];
  }

  /** Indices of the items in time order of their requests (ties keep the list order). */
  private static <T> int[] chronological(List<T> items, java.util.function.Function<T, PricingRequest> request) {
    Integer[] idx = new Integer[items.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, java.util.Comparator.comparing(i -> request.apply(items.get(i)).market().time()));
    int[] out = new int[idx.length];
    for (int i = 0; i < idx.length; i++) {
      out[i] = idx[i];
    }
    return out;
  }

  /**
   * Logs offers under a policy: draws each offered price from the policy's distribution and the purchase
   * from the true probability. In the hard market the requests are taken in time order and each offer's
   * request carries, as its reference price, the price this policy last offered the same customer for the
   * same product (none before the first offer); offers come back in the order of {@code requests}.
   *
   * @param requests the requests, not empty
   * @param policy the logging policy
   * @param logSeed the seed for the draws
   * @return one offer per request, in order
   */
  public List<SimulatedOffer> logOffers(List<SimulatedRequest> requests, PricingPolicy policy, long logSeed) {
    requireRequests(requests);
    java.util.Objects.requireNonNull(policy, "policy");
    SplittableRandom r = new SplittableRandom(logSeed);
    if (truth.sequential()) {
      SimulatedOffer[] offers = new SimulatedOffer[requests.size()];
      SeenPrices seen = new SeenPrices();
      for (int k : chronological(requests, SimulatedRequest::request)) {
        SimulatedRequest s = requests.get(k);
        PricingRequest req = seen.withReference(s.request());
        PriceDistribution d = policy.distribution(req);
        int i = d.sample(r);
        double price = d.price(i);
        double prob = trueProbability(req, price);
        boolean bought = r.nextDouble() < prob;
        seen.show(req, price);
        offers[k] = new SimulatedOffer(req, s.segmentId(), price, d.probability(i), bought, bought ? 1 : 0, prob);
      }
      return new ArrayList<>(Arrays.asList(offers));
    }
    List<SimulatedOffer> out = new ArrayList<>(requests.size());
    for (SimulatedRequest s : requests) {
      PriceDistribution d = policy.distribution(s.request());
      int i = d.sample(r);
      double price = d.price(i);
      double prob = trueProbability(s.request(), price);
      boolean bought = r.nextDouble() < prob;
      out.add(new SimulatedOffer(s.request(), s.segmentId(), price, d.probability(i), bought, bought ? 1 : 0, prob));
    }
    return out;
  }

  /**
   * Returns the logged offers as off-policy evaluation input, with realised profit (after the market's fee)
   * as the reward.
   *
   * @param offers the offers
   * @return the logged offers, in order
   */
  public List<LoggedOffer> toLoggedOffers(List<SimulatedOffer> offers) {
    return offers.stream().map(o -> o.toLoggedOffer(feeRate)).toList();
  }

  /**
   * Returns the true expected profit per request of a policy over requests, averaging over the policy's
   * price distribution and the true purchase probability (no sampling noise). In the hard market the
   * requests are taken in time order with the policy's own last-seen prices as references (see
   * {@link #evaluate}).
   *
   * @param policy the policy
   * @param requests the requests, not empty
   * @return the expected profit per request
   */
  public double trueValue(PricingPolicy policy, List<PricingRequest> requests) {
    if (requests == null || requests.isEmpty()) {
      throw new IllegalArgumentException("requests must not be empty");
    }
    if (truth.sequential()) {
      double total = 0;
      SeenPrices seen = new SeenPrices();
      SplittableRandom path = pathRandom();
      for (int k : chronological(requests, r -> r)) {
        PricingRequest r = seen.withReference(requests.get(k));
        PriceDistribution d = policy.distribution(r);
        for (int i = 0; i < d.size(); i++) {
          total += d.probability(i) * trueExpectedProfit(r, d.price(i));
        }
        seen.show(r, d.price(d.deterministic() ? 0 : d.sample(path)));
      }
      return total / requests.size();
    }
    double total = 0;
    for (PricingRequest r : requests) {
      PriceDistribution d = policy.distribution(r);
      for (int i = 0; i < d.size(); i++) {
        total += d.probability(i) * trueExpectedProfit(r, d.price(i));
      }
    }
    return total / requests.size();
  }

  /**
   * The draws that decide which price a randomised policy showed, for the next reference price, while its
   * expected value is computed exactly: the same for every evaluation of this market.
   */
  private SplittableRandom pathRandom() {
    return new SplittableRandom(seed ^ 0x6A09E667F3BCC909L);
  }

  /**
   * Evaluates a policy against the truth and the oracle on the same requests. In the hard market the
   * requests are taken in time order and each carries, as its reference price, the price this policy last
   * showed the customer for the product; the oracle is evaluated the same way on its own history. (For a
   * randomised policy the shown price is one seeded draw from its distribution; each request's expectation
   * is exact given that history.)
   *
   * @param policy the policy
   * @param requests the requests, not empty
   * @return the result, with its share of the oracle's profit
   */
  public PolicyResult evaluate(PricingPolicy policy, List<SimulatedRequest> requests) {
    requireRequests(requests);
    double oracleProfit = totals(oracle(), requests).profit;
    return totals(policy, requests).result(policy.name(), requests.size(), oracleProfit);
  }

  Totals totals(PricingPolicy policy, List<SimulatedRequest> requests) {
    Totals t = new Totals();
    SeenPrices seen = truth.sequential() ? new SeenPrices() : null;
    SplittableRandom path = pathRandom();
    int[] order = seen == null ? null : chronological(requests, SimulatedRequest::request);
    for (int k = 0; k < requests.size(); k++) {
      SimulatedRequest s = requests.get(order == null ? k : order[k]);
      PricingRequest r = seen == null ? s.request() : seen.withReference(s.request());
      PriceDistribution d = policy.distribution(r);
      double list = r.product().listPrice().doubleValue();
      double[] prices = new double[d.size()];
      for (int i = 0; i < prices.length; i++) {
        prices[i] = d.price(i);
      }
      double[] prob = new double[prices.length];
      truth.probabilities(r, prices, prices.length, prob);
      if (seen != null) {
        seen.show(r, prices[d.deterministic() ? 0 : d.sample(path)]);
      }
      for (int i = 0; i < prices.length; i++) {
        double w = d.probability(i);
        double buy = w * prob[i];
        t.profit += buy * margin(r, prices[i]);
        t.revenue += buy * prices[i];
        t.purchases += buy;
        t.paid.merge(s.segmentId(), buy * prices[i], Double::sum);
        t.bought.merge(s.segmentId(), buy, Double::sum);
        if (prices[i] < list - 0.005) {
          t.belowList += buy;
        }
      }
    }
    return t;
  }

  /** Sums of expected outcomes over requests. */
  static final class Totals {
    double profit;
    double revenue;
    double purchases;
    double belowList;
    final Map<String, Double> paid = new HashMap<>();
    final Map<String, Double> bought = new HashMap<>();

    PolicyResult result(String name, int n, double oracleProfit) {
      Map<String, Double> bySegment = new HashMap<>();
      for (String seg : bought.keySet()) {
        double b = bought.get(seg);
        if (b > 0) {
          bySegment.put(seg, paid.get(seg) / b);
        }
      }
      return new PolicyResult(name, n, profit / n, revenue / n, purchases / n,
          purchases > 0 ? revenue / purchases : 0, bySegment, purchases > 0 ? belowList / purchases : 0,
          oracleProfit > 0 ? profit / oracleProfit : 0);
    }
  }

  /** The simulated horizon in days (for the season simulator). */
  int horizonDays() {
    return horizonDays;
  }

  /**
   * The market of a product on a day as {@link #requests} builds it, with the given stock on hand and the
   * list price as reference (for the season simulator, whose inventory is real).
   */
  Market market(int product, int day, int inventoryUnits) {
    List<BigDecimal> comp = new ArrayList<>();
    for (double[] series : competitorPrices[product]) {
      comp.add(BigDecimal.valueOf(Math.round(series[day] * 100), 2));
    }
    Instant time = start.plus(Duration.ofDays(day)).plusSeconds(12 * 3600);
    return new Market(comp, inventoryUnits, salesRate[product], time, Channel.WEB, Optional.empty(),
        Optional.of(products.get(product).currency()));
  }

  /** The true model's feature vector of a request. */
  double[] trueFeatures(PricingRequest r) {
    return logisticTruth().features(r);
  }

  /** The true purchase probabilities at several prices for a request's precomputed true features. */
  void trueProbabilities(double[] x, double[] prices, int count, double[] out) {
    logisticTruth().score(x, prices, count, out);
  }

  private LogisticTruth logisticTruth() {
    if (!(truth instanceof LogisticTruth t)) {
      throw new IllegalStateException("the season simulator runs on the default market's logistic truth, not on "
          + scenario());
    }
    return t;
  }

  private double[] expectedProfits(PricingRequest r, double[] prices) {
    double[] prob = new double[prices.length];
    truth.probabilities(r, prices, prices.length, prob);
    for (int i = 0; i < prices.length; i++) {
      prob[i] *= margin(r, prices[i]);
    }
    return prob;
  }

  private double[] observableExpectedProfits(PricingRequest r, double[] prices) {
    double[] prob = new double[prices.length];
    truth.observableProbabilities(r, prices, prices.length, prob);
    for (int i = 0; i < prices.length; i++) {
      prob[i] *= margin(r, prices[i]);
    }
    return prob;
  }

  private double margin(PricingRequest r, double price) {
    return price - r.product().unitCost().doubleValue() - feeRate * price;
  }

  /** The first index whose cumulative share exceeds {@code u}. */
  private static int drawIndex(double[] cumulative, double u) {
    int i = Arrays.binarySearch(cumulative, u);
    int k = i >= 0 ? i + 1 : -i - 1;
    return Math.min(k, cumulative.length - 1);
  }

  private static int nearest(double[] sorted, double p) {
    int i = Arrays.binarySearch(sorted, p);
    if (i >= 0) {
      return i;
    }
    int ins = -i - 1;
    if (ins == 0) {
      return 0;
    }
    if (ins == sorted.length) {
      return sorted.length - 1;
    }
    return p - sorted[ins - 1] <= sorted[ins] - p ? ins - 1 : ins;
  }

  private static void requireRequests(List<SimulatedRequest> requests) {
    if (requests == null || requests.isEmpty()) {
      throw new IllegalArgumentException("requests must not be empty");
    }
  }

  private static Segment drawSegment(SplittableRandom r) {
    double u = r.nextDouble();
    double c = 0;
    for (Segment s : SEGMENTS) {
      c += s.share();
      if (u < c) {
        return s;
      }
    }
    return SEGMENTS.get(SEGMENTS.size() - 1);
  }

  /** Draws a behaviour history consistent with the segment. */
  private static BehaviourSummary behaviour(String segment, SplittableRandom r) {
    switch (segment) {
      case "deal-seeker": {
        int views = 20 + r.nextInt(41);
        int purchases = 1 + r.nextInt(4);
        return new BehaviourSummary(views, views / 3, 2 + r.nextInt(5), purchases, 5 + 85 * r.nextDouble(),
            round2(purchases * (15 + 15 * r.nextDouble())), 0.65 + 0.30 * r.nextDouble());
      }
      case "loyal": {
        int views = 15 + r.nextInt(26);
        int purchases = 8 + r.nextInt(13);
        return new BehaviourSummary(views, views / 2, 3 + r.nextInt(6), purchases, 1 + 13 * r.nextDouble(),
            round2(purchases * (25 + 20 * r.nextDouble())), 0.05 + 0.20 * r.nextDouble());
      }
      case "premium": {
        int views = 4 + r.nextInt(12);
        int purchases = 3 + r.nextInt(6);
        double response = r.nextDouble() < 0.6 ? Double.NaN : 0.15 * r.nextDouble();
        return new BehaviourSummary(views, views / 2, 1 + r.nextInt(3), purchases, 10 + 50 * r.nextDouble(),
            round2(purchases * (60 + 60 * r.nextDouble())), response);
      }
      default: {
        int views = r.nextInt(9);
        return new BehaviourSummary(views, views / 3, r.nextInt(2), 0, Double.POSITIVE_INFINITY, 0, Double.NaN);
      }
    }
  }

  private static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }

  /** Box-Muller standard normal from a SplittableRandom. */
  static double gaussian(SplittableRandom r) {
    double u1 = 1.0 - r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  @Override
  public String toString() {
    return "MarketSimulator{" + (scenario == Scenario.DEFAULT ? "" : "scenario=" + scenario + ", ")
        + "seed=" + seed + ", products=" + products.size() + ", customers=" + customers.size()
        + ", horizonDays=" + horizonDays + ", guardrails=" + guardrails + ", ladder=" + ladder + ", fee=" + feeRate + "}";
  }

  /**
   * Builds a {@link MarketSimulator}. Not thread-safe.
   *
   * <p>Follows the library's builder convention: each setter checks its own argument at once (an
   * {@link IllegalArgumentException} naming the field and the value, a {@link NullPointerException} naming it
   * for a null); setting a single-valued option twice is an {@link IllegalStateException} showing both values
   * ({@link #guardrail} adds, and may be called many times).
   */
  public static final class Builder {
    private final dev.pricing.core.internal.BuilderOptions options =
        new dev.pricing.core.internal.BuilderOptions("marketSimulator");
    private long seed = 42;
    private Scenario scenario = Scenario.DEFAULT;
    private int customers = 2000;
    private int products = Catalogue.size();
    private int horizonDays = 120;
    private Instant start = Instant.parse("2026-01-05T00:00:00Z");
    private final List<Guardrail> guardrails = new ArrayList<>();
    private PriceLadder ladder = PriceLadder.NINETY_NINE;
    private double feeRate = 0.02;

    private Builder() {}

    /**
     * @param seed the seed of the market (catalogue weights, customers, competitors, inventory)
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder seed(long seed) {
      options.once("seed", seed);
      this.seed = seed;
      return this;
    }

    /**
     * @param scenario which built-in market to simulate (default {@link Scenario#DEFAULT})
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder scenario(Scenario scenario) {
      options.once("scenario", java.util.Objects.requireNonNull(scenario, "scenario"));
      this.scenario = java.util.Objects.requireNonNull(scenario, "scenario");
      return this;
    }

    /**
     * @param count number of customers, in [1, 1,000,000] (default 2,000)
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder customers(int count) {
      if (count < 1 || count > 1_000_000) {
        throw new IllegalArgumentException("customers must be in [1, 1000000], found " + count);
      }
      options.once("customers", count);
      this.customers = count;
      return this;
    }

    /**
     * @param count number of products from the catalogue, in [1, 24] (default 24)
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder products(int count) {
      if (count < 1 || count > Catalogue.size()) {
        throw new IllegalArgumentException("products must be in [1, " + Catalogue.size() + "], found " + count);
      }
      options.once("products", count);
      this.products = count;
      return this;
    }

    /**
     * @param days length of the simulated horizon, in [1, 3650] (default 120)
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder horizonDays(int days) {
      if (days < 1 || days > 3650) {
        throw new IllegalArgumentException("horizonDays must be in [1, 3650], found " + days);
      }
      options.once("horizonDays", days);
      this.horizonDays = days;
      return this;
    }

    /**
     * @param start the first day of the horizon (default 2026-01-05T00:00Z)
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder start(Instant start) {
      options.once("start", java.util.Objects.requireNonNull(start, "start"));
      this.start = java.util.Objects.requireNonNull(start, "start");
      return this;
    }

    /**
     * Adds a guardrail of the market (default: a 5% minimum margin when none is added).
     *
     * @param guardrail the guardrail
     * @return this builder
     */
    public Builder guardrail(Guardrail guardrail) {
      guardrails.add(java.util.Objects.requireNonNull(guardrail, "guardrail"));
      return this;
    }

    /**
     * @param ladder the price ladder (default {@link PriceLadder#NINETY_NINE})
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder ladder(PriceLadder ladder) {
      options.once("ladder", java.util.Objects.requireNonNull(ladder, "ladder"));
      this.ladder = java.util.Objects.requireNonNull(ladder, "ladder");
      return this;
    }

    /**
     * @param rate the payment fee as a share of the price, in [0, 1) (default 0.02)
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder feeRate(double rate) {
      if (!(rate >= 0 && rate < 1)) {
        throw new IllegalArgumentException("feeRate must be in [0, 1), found " + rate);
      }
      options.once("feeRate", rate);
      this.feeRate = rate;
      return this;
    }

    /** @return the simulator */
    public MarketSimulator build() {
      return new MarketSimulator(this);
    }
  }
}
