package dev.pricing.eval;

import dev.pricing.api.Customer;
import dev.pricing.api.Guardrail;
import dev.pricing.api.Market;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import dev.pricing.core.markdown.DemandDistribution;
import dev.pricing.core.markdown.MarkdownDemand;
import dev.pricing.core.markdown.MarkdownPlan;
import dev.pricing.core.markdown.MarkdownPlanner;
import dev.pricing.core.markdown.MarkdownProblem;
import dev.pricing.core.markdown.MarkdownRules;
import dev.pricing.core.markdown.PlanOutcome;
import dev.pricing.core.markdown.PlanState;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * One product's selling season on a {@link MarketSimulator}, with real inventory: in period {@code t},
 * {@code Poisson(traffic_t)} customers arrive (each drawn uniformly from the market's customers and seeing
 * the market of the period's middle day), each buys one unit with the market's true probability at the
 * price offered to them, sales deplete the stock, arrivals after a stock-out are lost, and what is left at
 * the season's end is worth the salvage value. No price may exceed the product's list (ticket) price.
 *
 * <p>Because arrivals are Poisson and each buys independently, a period's demand at a common price is
 * exactly {@code Poisson(traffic_t * mean_c P(buy | c, p))} (thinning): {@link #trueDemand()} is that mean
 * over every customer, and the markdown planner on it is the clairvoyant oracle. Personalised prices thin
 * the same arrivals per customer, so the per-request engine's season is evaluated exactly too
 * ({@link #evaluateEngine}). {@link #simulate} draws whole seasons for a check by sampling.
 *
 * <p>Immutable and thread-safe (the engines passed in must be).
 */
public final class SeasonSimulator {
  private final MarketSimulator sim;
  private final int productIndex;
  private final Product product;
  private final int periods;
  private final int daysPerPeriod;
  private final int firstDay;
  private final double[] traffic;
  private final int stock;
  private final double salvage;
  private final MarkdownRules rules;
  private final List<Customer> customers;
  /** contexts[t][c]: customer c's request in period t (the period's market, the starting stock). */
  private final List<List<PricingRequest>> contexts;
  /** x[t][c]: the true model's features of contexts[t][c]. */
  private final double[][][] x;
  private final List<Market> markets;
  private final MarkdownDemand trueDemand;
  private final MarkdownPlanner planner = new MarkdownPlanner();

  private SeasonSimulator(Builder b) {
    this.sim = b.sim;
    this.productIndex = b.product;
    Product base = sim.catalogue().get(productIndex);
    this.product = Product.builder(base.id(), base.currency().getCurrencyCode()).listPrice(base.listPrice())
        .unitCost(base.unitCost()).category(base.category()).title(base.title())
        .guardrail(Guardrail.ceiling(base.listPrice().toPlainString())).build();
    this.periods = b.periods;
    this.daysPerPeriod = b.daysPerPeriod;
    this.firstDay = b.firstDay;
    if (firstDay + periods * daysPerPeriod > sim.horizonDays()) {
      throw new IllegalArgumentException("the season (firstDay " + firstDay + " + " + periods + " periods x "
          + daysPerPeriod + " days) must fit the market's horizon of " + sim.horizonDays() + " days");
    }
    this.traffic = new double[periods];
    for (int t = 0; t < periods; t++) {
      traffic[t] = b.traffic * Math.pow(b.decay, t);
    }
    this.customers = sim.customers();
    this.markets = new ArrayList<>();
    this.contexts = new ArrayList<>();
    this.x = new double[periods][][];
    for (int t = 0; t < periods; t++) {
      Market m = sim.market(productIndex, day(t), b.stock);
      markets.add(m);
      List<PricingRequest> rs = new ArrayList<>(customers.size());
      x[t] = new double[customers.size()][];
      for (int c = 0; c < customers.size(); c++) {
        PricingRequest r = PricingRequest.of(customers.get(c), product, m);
        rs.add(r);
        x[t][c] = sim.trueFeatures(r);
      }
      contexts.add(List.copyOf(rs));
    }
    this.stock = b.stock;
    this.salvage = b.salvage >= 0 ? b.salvage : 0.2 * product.unitCost().doubleValue();
    MarkdownRules.Builder rb = b.rules != null ? b.rules.toBuilder() : MarkdownRules.builder();
    sim.guardrails().forEach(rb::guardrail);
    this.rules = rb.ladder(sim.ladder()).feeRate(sim.feeRate()).build();
    double[][][] xs = x;
    double[] tr = traffic;
    this.trueDemand = (i, t, prices, count, out) -> {
      java.util.Arrays.fill(out, 0, count, 0);
      double[] buf = new double[count];
      for (double[] f : xs[t]) {
        sim.trueProbabilities(f, prices, count, buf);
        for (int k = 0; k < count; k++) {
          out[k] += buf[k];
        }
      }
      for (int k = 0; k < count; k++) {
        out[k] *= tr[t] / xs[t].length;
      }
    };
  }

  private SeasonSimulator(SeasonSimulator o, int stock) {
    this.sim = o.sim;
    this.productIndex = o.productIndex;
    this.product = o.product;
    this.periods = o.periods;
    this.daysPerPeriod = o.daysPerPeriod;
    this.firstDay = o.firstDay;
    this.traffic = o.traffic;
    this.customers = o.customers;
    this.contexts = o.contexts;
    this.x = o.x;
    this.markets = o.markets;
    this.stock = stock;
    this.salvage = o.salvage;
    this.rules = o.rules;
    this.trueDemand = o.trueDemand;
  }

  /**
   * Returns the same season with another starting stock (the customers' features are shared, not recomputed).
   * The requests' inventory feature keeps the stock this season was built with.
   *
   * @param units the stock, in [0, 100000]
   * @return the season
   */
  public SeasonSimulator withStock(int units) {
    if (units < 0 || units > 100_000) {
      throw new IllegalArgumentException("stock must be in [0, 100000], found " + units);
    }
    return new SeasonSimulator(this, units);
  }

  /** @return expected units sold over the season at the list price with unlimited stock, under the truth */
  public double expectedListPriceDemand() {
    double[] p = {product.listPrice().doubleValue()};
    double[] out = new double[1];
    double total = 0;
    for (int t = 0; t < periods; t++) {
      trueDemand.expectedUnits(0, t, p, 1, out);
      total += out[0];
    }
    return total;
  }

  /**
   * Starts a season on a market.
   *
   * @param sim the market
   * @return a builder
   */
  public static Builder builder(MarketSimulator sim) {
    return new Builder(Objects.requireNonNull(sim, "sim"));
  }

  private int day(int t) {
    return firstDay + t * daysPerPeriod + daysPerPeriod / 2;
  }

  /** @return the product (the market's product with its list price as a ceiling) */
  public Product product() {
    return product;
  }

  /** @return expected arrivals per period */
  public double[] traffic() {
    return traffic.clone();
  }

  /** @return the starting stock */
  public int stock() {
    return stock;
  }

  /** @return the salvage value per leftover unit */
  public double salvage() {
    return salvage;
  }

  /** @return the rules: the caller's, plus the market's guardrails, ladder and fee */
  public MarkdownRules rules() {
    return rules;
  }

  /** @return per period, every customer's request (the context a demand model averages over) */
  public List<List<PricingRequest>> contexts() {
    return contexts;
  }

  /**
   * Returns per period a sample of the customers' requests, the same customers in every period.
   *
   * @param size how many, in [1, number of customers]
   * @param seed the seed of the draw
   * @return the sample
   */
  public List<List<PricingRequest>> sampleContexts(int size, long seed) {
    if (size < 1 || size > customers.size()) {
      throw new IllegalArgumentException("size must be in [1, " + customers.size() + "], found " + size);
    }
    SplittableRandom r = new SplittableRandom(seed);
    int[] pick = new int[size];
    for (int i = 0; i < size; i++) {
      pick[i] = r.nextInt(customers.size());
    }
    List<List<PricingRequest>> out = new ArrayList<>();
    for (List<PricingRequest> period : contexts) {
      List<PricingRequest> s = new ArrayList<>(size);
      for (int i : pick) {
        s.add(period.get(i));
      }
      out.add(s);
    }
    return out;
  }

  /** @return the true expected units per period at any price: the oracle's demand */
  public MarkdownDemand trueDemand() {
    return trueDemand;
  }

  /**
   * Returns the planning problem of this season with the given demand, Poisson around it.
   *
   * @param demand the planner's demand (a trained model's, or the truth for the oracle)
   * @return the problem
   */
  public MarkdownProblem problem(MarkdownDemand demand) {
    return MarkdownProblem.builder(product).periods(periods).stock(stock).salvage(salvage).demand(demand)
        .distribution(DemandDistribution.poisson()).rules(rules).markets(markets).build();
  }

  /** @return the clairvoyant oracle: the same dynamic programme on the true demand */
  public MarkdownPlan oracle() {
    return planner.plan(problem(trueDemand));
  }

  /**
   * One policy's exact expected season. Immutable and thread-safe.
   *
   * @param policy the policy's name
   * @param expectedProfit expected profit including salvage
   * @param expectedUnitsSold expected units sold
   * @param expectedLeftover expected units left
   * @param sellThrough expected share of the stock sold
   * @param standardError the standard error of the profit (0 for an exact evaluation)
   */
  public record Result(String policy, double expectedProfit, double expectedUnitsSold, double expectedLeftover,
      double sellThrough, double standardError) {
    /** @return a Markdown table row */
    public String toMarkdownRow() {
      return String.format(Locale.ROOT, "| %s | %.2f | %.1f%% | %.1f |", policy, expectedProfit, 100 * sellThrough,
          expectedLeftover);
    }
  }

  /**
   * Evaluates, under the true demand, following a plan's decisions (made with any demand model).
   *
   * @param name the name
   * @param plan the plan (with its policy) of {@link #problem} for some demand
   * @return the exact result
   */
  public Result evaluatePlan(String name, MarkdownPlan plan) {
    PlanOutcome o = planner.evaluate(plan, trueDemand);
    return new Result(name, o.expectedProfit(), o.expectedUnitsSold(), o.expectedLeftover(), o.sellThrough(), 0);
  }

  /**
   * Evaluates the list price held all season, under the true demand.
   *
   * @return the exact result
   */
  public Result evaluateListPrice() {
    MarkdownPlan fixed = planner.plan(problem(trueDemand).withRules(rules.toBuilder().maxChanges(0).build()));
    PlanOutcome o = fixed.outcome();
    return new Result("fixed list price", o.expectedProfit(), o.expectedUnitsSold(), o.expectedLeftover(),
        o.sellThrough(), 0);
  }

  /**
   * Evaluates a per-request engine that ignores the stock: each arriving customer gets the engine's price
   * for their request (the period's market, the starting stock as its inventory feature), under the true
   * demand, with the same stock-outs and salvage.
   *
   * @param name the name
   * @param engine the engine
   * @return the exact result
   */
  public Result evaluateEngine(String name, PricingEngine engine) {
    double fee = sim.feeRate();
    double cost = product.unitCost().doubleValue();
    double[] lambda = new double[periods];
    double[] unitProfit = new double[periods];
    double[] price = new double[1];
    double[] q = new double[1];
    for (int t = 0; t < periods; t++) {
      double buy = 0;
      double margin = 0;
      for (int c = 0; c < customers.size(); c++) {
        price[0] = engine.price(contexts.get(t).get(c)).price().doubleValue();
        sim.trueProbabilities(x[t][c], price, 1, q);
        buy += q[0];
        margin += q[0] * (price[0] * (1 - fee) - cost);
      }
      lambda[t] = traffic[t] * buy / customers.size();
      unitProfit[t] = buy > 0 ? margin / buy : 0;
    }
    return stockRecursion(name, lambda, unitProfit);
  }

  /** Exact expected season when period t sells min(Poisson(lambda_t), stock) units at unitProfit_t each. */
  private Result stockRecursion(String name, double[] lambda, double[] unitProfit) {
    double[] mass = new double[stock + 1];
    mass[stock] = 1;
    double profit = 0;
    double units = 0;
    double[] pm = new double[stock + 1];
    DemandDistribution poisson = DemandDistribution.poisson();
    for (int t = 0; t < periods; t++) {
      int len = poisson.pmf(lambda[t], stock, pm);
      double[] next = new double[stock + 1];
      next[0] += mass[0];
      for (int s = 1; s <= stock; s++) {
        double m = mass[s];
        if (m == 0) {
          continue;
        }
        double cum = 0;
        double sold = 0;
        for (int k = 0; k < Math.min(len, s); k++) {
          next[s - k] += m * pm[k];
          cum += pm[k];
          sold += pm[k] * k;
        }
        next[0] += m * Math.max(0, 1 - cum);
        sold += Math.max(0, 1 - cum) * s;
        units += m * sold;
        profit += m * sold * unitProfit[t];
      }
      mass = next;
    }
    double leftover = 0;
    for (int s = 0; s <= stock; s++) {
      leftover += mass[s] * s;
    }
    return new Result(name, profit + leftover * salvage, units, leftover, stock > 0 ? units / stock : 0, 0);
  }

  /**
   * Prices a season period by period; implementations decide from the state (and the request). Those
   * returned here are thread-safe when their plan or engine is; {@link #season} calls one from one thread.
   */
  public interface SeasonPolicy {
    /** @return the name */
    String name();

    /**
     * Opens a period.
     *
     * @param state the state at the period's start
     * @return the pricing of this period
     */
    PeriodPricing open(PlanState state);
  }

  /**
   * One period's pricing: a price per request, and the shelf price when it is common to all. Used by one
   * thread for one period; thread-safety is up to the implementation.
   */
  public interface PeriodPricing {
    /**
     * @param request an arriving customer's request
     * @return the price offered
     */
    double price(PricingRequest request);

    /** @return the common (shelf) price of the period, or null when prices are personal */
    BigDecimal shelfPrice();
  }

  /**
   * Returns the policy that follows a plan's decision for the observed state each period (the same price a
   * re-plan from the observed stock sets).
   *
   * @param name the name
   * @param plan the plan, with its policy
   * @return the policy
   */
  public static SeasonPolicy following(String name, MarkdownPlan plan) {
    Objects.requireNonNull(plan, "plan");
    return new SeasonPolicy() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public PeriodPricing open(PlanState state) {
        BigDecimal p = plan.decide(state).price();
        return shelf(p);
      }
    };
  }

  /**
   * Returns the policy that holds one price all season.
   *
   * @param name the name
   * @param price the price
   * @return the policy
   */
  public static SeasonPolicy fixed(String name, BigDecimal price) {
    Objects.requireNonNull(price, "price");
    return new SeasonPolicy() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public PeriodPricing open(PlanState state) {
        return shelf(price);
      }
    };
  }

  /**
   * Returns the policy that asks an engine for each arriving customer's price, ignoring the stock.
   *
   * @param name the name
   * @param engine the engine
   * @return the policy
   */
  public static SeasonPolicy engine(String name, PricingEngine engine) {
    Objects.requireNonNull(engine, "engine");
    return new SeasonPolicy() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public PeriodPricing open(PlanState state) {
        return new PeriodPricing() {
          @Override
          public double price(PricingRequest request) {
            return engine.price(request).price().doubleValue();
          }

          @Override
          public BigDecimal shelfPrice() {
            return null;
          }
        };
      }
    };
  }

  private static PeriodPricing shelf(BigDecimal p) {
    double v = p.doubleValue();
    return new PeriodPricing() {
      @Override
      public double price(PricingRequest request) {
        return v;
      }

      @Override
      public BigDecimal shelfPrice() {
        return p;
      }
    };
  }

  /**
   * One sampled season: the price and stock of each period. Its arrays are the simulator's output, not
   * copied: treat them as read-only; not thread-safe if modified.
   *
   * @param shelfPrices the shelf price of each period (NaN for personal prices)
   * @param startStock the stock at each period's start
   * @param sold units sold in each period
   * @param lostArrivals customers who arrived after the stock ran out
   * @param profit the season's profit including salvage
   */
  public record Season(double[] shelfPrices, int[] startStock, int[] sold, int lostArrivals, double profit) {}

  /**
   * Draws one season under a policy: arrivals, purchases, stock-outs and salvage.
   *
   * @param policy the policy
   * @param seed the seed
   * @return the season
   */
  public Season season(SeasonPolicy policy, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double fee = sim.feeRate();
    double cost = product.unitCost().doubleValue();
    PlanState state = new PlanState(0, stock, product.listPrice(), 0, Integer.MAX_VALUE);
    double[] shelf = new double[periods];
    int[] start = new int[periods];
    int[] sold = new int[periods];
    int lost = 0;
    double profit = 0;
    double[] price = new double[1];
    double[] q = new double[1];
    for (int t = 0; t < periods; t++) {
      PeriodPricing pricing = policy.open(state);
      BigDecimal sp = pricing.shelfPrice();
      shelf[t] = sp == null ? Double.NaN : sp.doubleValue();
      start[t] = state.stock();
      int left = state.stock();
      int arrivals = poisson(r, traffic[t]);
      for (int a = 0; a < arrivals; a++) {
        int c = r.nextInt(customers.size());
        if (left == 0) {
          lost++;
          continue;
        }
        price[0] = pricing.price(contexts.get(t).get(c));
        sim.trueProbabilities(x[t][c], price, 1, q);
        if (r.nextDouble() < q[0]) {
          left--;
          profit += price[0] * (1 - fee) - cost;
        }
      }
      sold[t] = state.stock() - left;
      state = state.next(sp == null ? state.price() : sp, sold[t]);
    }
    profit += state.stock() * salvage;
    return new Season(shelf, start, sold, lost, profit);
  }

  /**
   * Draws seasons under a policy and averages them.
   *
   * @param policy the policy
   * @param seasons how many, positive
   * @param seed the seed
   * @return the mean result with the standard error of its profit
   */
  public Result simulate(SeasonPolicy policy, int seasons, long seed) {
    if (seasons < 1) {
      throw new IllegalArgumentException("seasons must be positive, found " + seasons);
    }
    double sum = 0;
    double sq = 0;
    double units = 0;
    double left = 0;
    SplittableRandom seeds = new SplittableRandom(seed);
    for (int i = 0; i < seasons; i++) {
      Season s = season(policy, seeds.nextLong());
      int u = 0;
      for (int v : s.sold()) {
        u += v;
      }
      sum += s.profit();
      sq += s.profit() * s.profit();
      units += u;
      left += stock - u;
    }
    double mean = sum / seasons;
    double var = seasons > 1 ? (sq - seasons * mean * mean) / (seasons - 1) : 0;
    return new Result(policy.name(), mean, units / seasons, left / seasons,
        stock > 0 ? units / seasons / stock : 0, Math.sqrt(Math.max(var, 0) / seasons));
  }

  /** Knuth's method for small means, a normal approximation never: inversion by the recurrence. */
  private static int poisson(SplittableRandom r, double mean) {
    double u = r.nextDouble();
    double p = Math.exp(-mean);
    if (p == 0) {
      throw new IllegalArgumentException("traffic per period must be below 700, found " + mean);
    }
    double cum = p;
    int k = 0;
    while (u > cum && k < 100_000) {
      k++;
      p *= mean / k;
      cum += p;
    }
    return k;
  }

  @Override
  public String toString() {
    return "SeasonSimulator{product=" + product.id() + ", periods=" + periods + ", stock=" + stock + ", salvage="
        + salvage + "}";
  }

  /** Builds a {@link SeasonSimulator}; rejects out-of-range values naming the field. Not thread-safe. */
  public static final class Builder {
    private final MarketSimulator sim;
    private int product;
    private int periods = 12;
    private int daysPerPeriod = 7;
    private int firstDay;
    private double traffic = 60;
    private double decay = 0.85;
    private int stock = 100;
    private double salvage = -1;
    private MarkdownRules rules;

    private Builder(MarketSimulator sim) {
      this.sim = sim;
    }

    /**
     * @param index the product's index in the market's catalogue
     * @return this builder
     */
    public Builder product(int index) {
      if (index < 0 || index >= sim.catalogue().size()) {
        throw new IllegalArgumentException("product must be in [0, " + sim.catalogue().size() + "), found " + index);
      }
      this.product = index;
      return this;
    }

    /**
     * @param periods periods in the season, in [1, 52] (default 12)
     * @param daysPerPeriod days per period, in [1, 28] (default 7)
     * @return this builder
     */
    public Builder periods(int periods, int daysPerPeriod) {
      if (periods < 1 || periods > 52) {
        throw new IllegalArgumentException("periods must be in [1, 52], found " + periods);
      }
      if (daysPerPeriod < 1 || daysPerPeriod > 28) {
        throw new IllegalArgumentException("daysPerPeriod must be in [1, 28], found " + daysPerPeriod);
      }
      this.periods = periods;
      this.daysPerPeriod = daysPerPeriod;
      return this;
    }

    /**
     * @param day the season's first day on the market's horizon (default 0)
     * @return this builder
     */
    public Builder firstDay(int day) {
      if (day < 0) {
        throw new IllegalArgumentException("firstDay must be non-negative, found " + day);
      }
      this.firstDay = day;
      return this;
    }

    /**
     * @param first expected arrivals in the first period, in (0, 700) (default 60)
     * @param decay the factor by which traffic changes each period, in (0, 2] (default 0.85: a fashion season whose
     *     demand fades)
     * @return this builder
     */
    public Builder traffic(double first, double decay) {
      if (!(first > 0 && first < 700)) {
        throw new IllegalArgumentException("traffic must be in (0, 700), found " + first);
      }
      if (!(decay > 0 && decay <= 2)) {
        throw new IllegalArgumentException("decay must be in (0, 2], found " + decay);
      }
      this.traffic = first;
      this.decay = decay;
      return this;
    }

    /**
     * @param units the starting stock, in [0, 100000] (default 100)
     * @return this builder
     */
    public Builder stock(int units) {
      if (units < 0 || units > 100_000) {
        throw new IllegalArgumentException("stock must be in [0, 100000], found " + units);
      }
      this.stock = units;
      return this;
    }

    /**
     * @param perUnit the salvage value per leftover unit, non-negative (default 20% of the unit cost: an outlet)
     * @return this builder
     */
    public Builder salvage(double perUnit) {
      if (!(perUnit >= 0) || !Double.isFinite(perUnit)) {
        throw new IllegalArgumentException("salvage must be finite and non-negative, found " + perUnit);
      }
      this.salvage = perUnit;
      return this;
    }

    /**
     * @param rules the markdown rules (the market's guardrails, ladder and fee are added)
     * @return this builder
     */
    public Builder rules(MarkdownRules rules) {
      this.rules = Objects.requireNonNull(rules, "rules");
      return this;
    }

    /** @return the season */
    public SeasonSimulator build() {
      return new SeasonSimulator(this);
    }
  }
}
