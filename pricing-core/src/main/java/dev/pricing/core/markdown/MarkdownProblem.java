package dev.pricing.core.markdown;

import dev.pricing.api.Market;
import dev.pricing.api.Product;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One planning problem: a product, or a group of products that share one stock, over the remaining periods
 * of a season, with its demand, rules and the state it starts from.
 *
 * <p>A group shares one stock and one markdown depth: every product of the group is priced at the same
 * ratio to its original price as the first (lead) product, snapped down to the ladder; a sale of any of
 * them takes a unit from the shared stock. Periods are counted from the season's start:
 * {@code firstPeriod} is the period being priced now and the season ends after {@code seasonPeriods}.
 *
 * <p>Immutable and thread-safe. {@link #builder(Product)} validates everything with an
 * {@link IllegalArgumentException} naming the field and the value.
 */
public final class MarkdownProblem {
  private final List<Product> products;
  private final int seasonPeriods;
  private final int firstPeriod;
  private final int stock;
  private final double salvage;
  private final MarkdownDemand demand;
  private final DemandDistribution distribution;
  private final MarkdownRules rules;
  private final BigDecimal originalPrice;
  private final BigDecimal currentPrice;
  private final int changesUsed;
  private final int periodsSinceLastChange;
  private final List<Market> markets;
  private final boolean keepPolicy;

  private MarkdownProblem(Builder b) {
    this.products = List.copyOf(b.products);
    this.seasonPeriods = b.seasonPeriods;
    this.firstPeriod = b.firstPeriod;
    this.stock = b.stock;
    this.salvage = b.salvage;
    this.demand = Objects.requireNonNull(b.demand, "demand");
    this.distribution = b.distribution;
    this.rules = b.rules;
    Product lead = products.get(0);
    this.originalPrice = b.originalPrice != null ? b.originalPrice : lead.listPrice();
    this.currentPrice = b.currentPrice != null ? b.currentPrice : originalPrice;
    this.changesUsed = b.changesUsed;
    this.periodsSinceLastChange = b.periodsSinceLastChange;
    this.markets = b.markets == null ? null : List.copyOf(b.markets);
    this.keepPolicy = b.keepPolicy;
    if (seasonPeriods < 1 || seasonPeriods > 10_000) {
      throw new IllegalArgumentException("seasonPeriods must be in [1, 10000], found " + seasonPeriods);
    }
    if (firstPeriod < 0 || firstPeriod >= seasonPeriods) {
      throw new IllegalArgumentException("firstPeriod must be in [0, " + seasonPeriods + "), found " + firstPeriod);
    }
    if (stock < 0) {
      throw new IllegalArgumentException("stock must be non-negative, found " + stock);
    }
    if (!(salvage >= 0) || !Double.isFinite(salvage)) {
      throw new IllegalArgumentException("salvage must be finite and non-negative, found " + salvage);
    }
    for (Product p : products) {
      if (!p.currency().equals(lead.currency())) {
        throw new IllegalArgumentException("products must share one currency: " + p.id() + " is in " + p.currency()
            + ", " + lead.id() + " in " + lead.currency());
      }
    }
    if (originalPrice.signum() <= 0) {
      throw new IllegalArgumentException("originalPrice must be positive, found " + originalPrice.toPlainString());
    }
    if (currentPrice.signum() <= 0) {
      throw new IllegalArgumentException("currentPrice must be positive, found " + currentPrice.toPlainString());
    }
    if (currentPrice.compareTo(originalPrice) > 0) {
      throw new IllegalArgumentException("currentPrice " + currentPrice.toPlainString()
          + " must not exceed originalPrice " + originalPrice.toPlainString());
    }
    if (changesUsed < 0 || changesUsed > rules.maxChanges()) {
      throw new IllegalArgumentException("changesUsed must be in [0, maxChanges = " + rules.maxChanges() + "], found "
          + changesUsed);
    }
    if (periodsSinceLastChange < 0) {
      throw new IllegalArgumentException("periodsSinceLastChange must be non-negative, found " + periodsSinceLastChange);
    }
    if (markets != null && markets.size() != seasonPeriods) {
      throw new IllegalArgumentException("markets must have one entry per season period (" + seasonPeriods
          + "), found " + markets.size());
    }
  }

  /**
   * Starts a problem for one product.
   *
   * @param product the product
   * @return a builder
   */
  public static Builder builder(Product product) {
    return new Builder(List.of(Objects.requireNonNull(product, "product")));
  }

  /**
   * Starts a problem for a group of products sharing one stock; the first is the lead.
   *
   * @param products the products, not empty, distinct ids
   * @return a builder
   * @throws IllegalArgumentException if the list is empty or an id repeats
   */
  public static Builder group(List<Product> products) {
    if (products == null || products.isEmpty()) {
      throw new IllegalArgumentException("products must not be empty");
    }
    if (products.stream().map(Product::id).distinct().count() != products.size()) {
      throw new IllegalArgumentException("products must have distinct ids, found "
          + products.stream().map(Product::id).toList());
    }
    return new Builder(products);
  }

  /**
   * Returns the same problem from a later state: the re-plan after observing the stock.
   *
   * @param firstPeriod the period now being priced
   * @param stock the observed stock
   * @param currentPrice the lead product's current price
   * @param changesUsed changes made so far this season
   * @param periodsSinceLastChange periods since the last change ({@link Integer#MAX_VALUE} for none)
   * @return the problem
   * @throws IllegalArgumentException if a value is out of range
   */
  public MarkdownProblem withState(int firstPeriod, int stock, BigDecimal currentPrice, int changesUsed,
      int periodsSinceLastChange) {
    Builder b = toBuilder();
    b.firstPeriod = firstPeriod;
    b.stock = stock;
    b.currentPrice = Objects.requireNonNull(currentPrice, "currentPrice");
    b.changesUsed = changesUsed;
    b.periodsSinceLastChange = periodsSinceLastChange;
    return b.build();
  }

  /**
   * Returns this problem with another demand (for example the true demand, to plan the oracle).
   *
   * @param other the demand
   * @return the problem
   */
  public MarkdownProblem withDemand(MarkdownDemand other) {
    Builder b = toBuilder();
    b.demand = Objects.requireNonNull(other, "demand");
    return b.build();
  }

  /**
   * Returns this problem with other rules.
   *
   * @param other the rules
   * @return the problem
   * @throws IllegalArgumentException if the state breaks the new rules (more changes used than allowed)
   */
  public MarkdownProblem withRules(MarkdownRules other) {
    Builder b = toBuilder();
    b.rules = Objects.requireNonNull(other, "rules");
    return b.build();
  }

  private Builder toBuilder() {
    Builder b = new Builder(products);
    b.seasonPeriods = seasonPeriods;
    b.firstPeriod = firstPeriod;
    b.stock = stock;
    b.salvage = salvage;
    b.demand = demand;
    b.distribution = distribution;
    b.rules = rules;
    b.originalPrice = originalPrice;
    b.currentPrice = currentPrice;
    b.changesUsed = changesUsed;
    b.periodsSinceLastChange = periodsSinceLastChange;
    b.markets = markets;
    b.keepPolicy = keepPolicy;
    return b;
  }

  /** @return the products; the first is the lead */
  public List<Product> products() {
    return products;
  }

  /** @return the number of periods in the season */
  public int seasonPeriods() {
    return seasonPeriods;
  }

  /** @return the period being priced now */
  public int firstPeriod() {
    return firstPeriod;
  }

  /** @return the periods left, including the current one */
  public int periodsLeft() {
    return seasonPeriods - firstPeriod;
  }

  /** @return the stock on hand */
  public int stock() {
    return stock;
  }

  /** @return the value of a unit left at the season's end */
  public double salvage() {
    return salvage;
  }

  /** @return the expected demand */
  public MarkdownDemand demand() {
    return demand;
  }

  /** @return the distribution of demand around its expectation */
  public DemandDistribution distribution() {
    return distribution;
  }

  /** @return the rules */
  public MarkdownRules rules() {
    return rules;
  }

  /** @return the lead product's original (ticket) price, the base of the maximum total discount */
  public BigDecimal originalPrice() {
    return originalPrice;
  }

  /** @return the lead product's current price */
  public BigDecimal currentPrice() {
    return currentPrice;
  }

  /** @return the changes made so far this season */
  public int changesUsed() {
    return changesUsed;
  }

  /** @return the periods since the last change ({@link Integer#MAX_VALUE} when there was none) */
  public int periodsSinceLastChange() {
    return periodsSinceLastChange;
  }

  /** @return the market of each season period, for guardrails that need one (competitor bands), or null */
  public List<Market> markets() {
    return markets;
  }

  /** @return whether the plan keeps its decision for every state (needed to follow or evaluate it) */
  public boolean keepPolicy() {
    return keepPolicy;
  }

  @Override
  public String toString() {
    return "MarkdownProblem{products=" + products.stream().map(Product::id).toList() + ", periods=" + firstPeriod
        + ".." + seasonPeriods + ", stock=" + stock + ", current=" + currentPrice + ", rules=" + rules + "}";
  }

  /** Builds a {@link MarkdownProblem}. Not thread-safe. */
  public static final class Builder {
    private final List<Product> products;
    private int seasonPeriods = 12;
    private int firstPeriod;
    private int stock = -1;
    private double salvage;
    private MarkdownDemand demand;
    private DemandDistribution distribution = DemandDistribution.poisson();
    private MarkdownRules rules = MarkdownRules.builder().build();
    private BigDecimal originalPrice;
    private BigDecimal currentPrice;
    private int changesUsed;
    private int periodsSinceLastChange = Integer.MAX_VALUE;
    private List<Market> markets;
    private boolean keepPolicy = true;

    private Builder(List<Product> products) {
      this.products = new ArrayList<>(products);
    }

    /**
     * @param periods periods in the season (default 12)
     * @return this builder
     */
    public Builder periods(int periods) {
      this.seasonPeriods = periods;
      return this;
    }

    /**
     * @param units the stock on hand (required)
     * @return this builder
     */
    public Builder stock(int units) {
      this.stock = units;
      return this;
    }

    /**
     * @param perUnit the value of a unit left at the season's end (default 0)
     * @return this builder
     */
    public Builder salvage(double perUnit) {
      this.salvage = perUnit;
      return this;
    }

    /**
     * @param demand the expected demand (required)
     * @return this builder
     */
    public Builder demand(MarkdownDemand demand) {
      this.demand = Objects.requireNonNull(demand, "demand");
      return this;
    }

    /**
     * @param distribution demand around its expectation (default Poisson)
     * @return this builder
     */
    public Builder distribution(DemandDistribution distribution) {
      this.distribution = Objects.requireNonNull(distribution, "distribution");
      return this;
    }

    /**
     * @param rules the rules (default {@link MarkdownRules#builder()}'s)
     * @return this builder
     */
    public Builder rules(MarkdownRules rules) {
      this.rules = Objects.requireNonNull(rules, "rules");
      return this;
    }

    /**
     * @param price the lead's original price (default its list price)
     * @return this builder
     */
    public Builder originalPrice(BigDecimal price) {
      this.originalPrice = Objects.requireNonNull(price, "originalPrice");
      return this;
    }

    /**
     * @param price the lead's current price (default the original price)
     * @return this builder
     */
    public Builder currentPrice(BigDecimal price) {
      this.currentPrice = Objects.requireNonNull(price, "currentPrice");
      return this;
    }

    /**
     * @param markets the market of each season period, for competitor guardrails (default none)
     * @return this builder
     */
    public Builder markets(List<Market> markets) {
      this.markets = Objects.requireNonNull(markets, "markets");
      return this;
    }

    /**
     * @param keep whether the plan keeps its whole decision table (default true; a catalogue run turns it off)
     * @return this builder
     */
    public Builder keepPolicy(boolean keep) {
      this.keepPolicy = keep;
      return this;
    }

    /**
     * @return the problem
     * @throws IllegalArgumentException naming the field and value if one is invalid or missing
     */
    public MarkdownProblem build() {
      if (stock == -1) {
        throw new IllegalArgumentException("stock must be set");
      }
      if (demand == null) {
        throw new IllegalArgumentException("demand must be set");
      }
      return new MarkdownProblem(this);
    }
  }
}
