package dev.pricing.core.bundle;

import dev.pricing.api.Customer;
import dev.pricing.api.Guardrail;
import dev.pricing.api.Market;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.api.spi.FeatureExtractor;
import dev.pricing.core.FeatureExtractors;
import dev.pricing.core.bundle.internal.ChoiceSample;
import dev.pricing.core.offers.internal.PriceFloor;
import dev.pricing.core.offers.internal.RequestScorer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Proposes a bundle and its price for a customer, offered next to its items (mixed bundling).
 *
 * <p><b>Demand model.</b> Each item's demand curve for this customer comes from the {@link DemandModel} at
 * prices around its reference price; it is read as a logistic willingness to pay (exact when the model is
 * logistic in price, a least-squares local approximation otherwise). Willingness to pay for the bundle is the
 * sum of the items' plus the pairwise {@link Complementarity}. The customer chooses among nothing, any set of
 * items bought separately, and the bundle, by largest surplus (see {@code ChoiceSample}); expected profit
 * counts every option. Choice probabilities are computed on a fixed low-discrepancy (Sobol) sample of
 * willingness to pay, so results are deterministic.
 *
 * <p><b>Rules.</b> The bundle price is in the currency's minor unit, at most the sum of the parts, at least
 * {@code (1 - maxBundleDiscount)} times it, and at least the sum of the items' floors (each item's lowest
 * price under the merchant's and the product's guardrails, e.g. its minimum margin). Within those, the price
 * maximises the mixed offer's expected profit; a bundle is offered only when that beats the items alone.
 *
 * <p><b>Input errors</b> are {@link IllegalArgumentException}s naming the field and value: an unknown product,
 * the same item twice in a bundle, an empty cart or candidate set, a bundle above {@code maxItems}.
 *
 * <p>Immutable and thread-safe.
 */
public final class BundleOptimizer {
  private final Map<String, Product> catalogue;
  private final RequestScorer scorer;
  private final Complementarity complementarity;
  private final List<Guardrail> guardrails;
  private final double feeRate;
  private final double maxBundleDiscount;
  private final int maxItems;
  private final double[][] draws;

  private BundleOptimizer(Builder b) {
    this.catalogue = b.catalogue;
    this.scorer = new RequestScorer(b.model, b.extractors);
    this.complementarity = b.complementarity;
    this.guardrails = List.copyOf(b.guardrails);
    this.feeRate = b.feeRate;
    this.maxBundleDiscount = b.maxBundleDiscount;
    this.maxItems = b.maxItems;
    this.draws = ChoiceSample.sobolLogistic(b.draws, b.maxItems);
  }

  /** @return a new builder */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Proposes the best bundle of the cart plus one candidate.
   *
   * @param customer the customer
   * @param cartIds the products in the cart (or one product being viewed), not empty, known, distinct
   * @param candidateIds the products that may join, not empty, known
   * @param markets the market of each product (competitor prices, time, reference price)
   * @return the offer with the largest profit gain; not {@link BundleOffer#offered() offered} when none gains
   */
  public BundleOffer propose(Customer customer, List<String> cartIds, List<String> candidateIds,
      Function<? super Product, Market> markets) {
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(markets, "markets");
    List<Product> cart = resolve(cartIds, "cart");
    if (cart.isEmpty()) {
      throw new IllegalArgumentException("cart must not be empty, found []");
    }
    requireDistinct(cartIds, "cart");
    List<Product> candidates = resolve(candidateIds, "candidates");
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("candidates must not be empty, found []");
    }
    Set<String> inCart = new HashSet<>(cartIds);
    Map<String, Item> memo = new HashMap<>();
    BundleOffer best = null;
    for (Product c : candidates) {
      if (inCart.contains(c.id())) {
        continue;
      }
      List<Product> items = new ArrayList<>(cart);
      items.add(c);
      BundleOffer o = offer(customer, items, markets, memo);
      if (best == null || o.profitGain() > best.profitGain()) {
        best = o;
      }
    }
    if (best == null) {
      BigDecimal sum = sum(cart, customer, markets);
      return new BundleOffer(cartIds, false, sum, sum, BigDecimal.ZERO, 0, 0, 0, 0, 0,
          List.of(BundleReason.NO_CANDIDATE), scorer.modelVersion());
    }
    return best;
  }

  /**
   * Prices one bundle.
   *
   * @param customer the customer
   * @param itemIds the items, at least 2 and at most {@code maxItems}, known, distinct
   * @param markets the market of each product
   * @return the offer
   * @throws IllegalArgumentException naming the item if it appears twice or is unknown
   */
  public BundleOffer price(Customer customer, List<String> itemIds, Function<? super Product, Market> markets) {
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(markets, "markets");
    requireDistinct(itemIds, "bundle");
    return offer(customer, resolve(itemIds, "bundle"), markets, new HashMap<>());
  }

  /** One item as this customer sees it: price, margin, floor and fitted willingness to pay. */
  private record Item(BigDecimal price, double margin, double floor, double mu, double scale) {}

  private Item item(Customer customer, Product p, Function<? super Product, Market> markets) {
    Market m = Objects.requireNonNull(markets.apply(p), "market of " + p.id());
    PricingRequest r = PricingRequest.of(customer, p, m);
    BigDecimal ref = r.referencePrice();
    double price = ref.doubleValue();
    double margin = price * (1 - feeRate) - p.unitCost().doubleValue();
    double floor = Math.max(0, PriceFloor.of(guardrails, r, 0, feeRate).value());
    double[] grid = new double[ChoiceSample.FIT_GRID.length];
    for (int k = 0; k < grid.length; k++) {
      grid[k] = ChoiceSample.FIT_GRID[k] * Math.max(price, 0.01);
    }
    double[] fit = ChoiceSample.fit(p.id(), grid, scorer.score(r, grid));
    return new Item(ref, margin, floor, fit[0], fit[1]);
  }

  private BundleOffer offer(Customer customer, List<Product> items, Function<? super Product, Market> markets,
      Map<String, Item> memo) {
    int n = items.size();
    if (n < 2 || n > maxItems) {
      throw new IllegalArgumentException("bundle must have 2 to " + maxItems + " items, found " + n + ": "
          + ids(items));
    }
    Currency currency = items.get(0).currency();
    int digits = currency.getDefaultFractionDigits();
    double[] mu = new double[n];
    double[] s = new double[n];
    double[] prices = new double[n];
    double[] margins = new double[n];
    double[][] theta = new double[n][n];
    BigDecimal sumOfParts = BigDecimal.ZERO;
    double floorSum = 0;
    double costSum = 0;
    for (int i = 0; i < n; i++) {
      Product p = items.get(i);
      if (!p.currency().equals(currency)) {
        throw new IllegalArgumentException("bundle items must share one currency: " + p.id() + " is in "
            + p.currency().getCurrencyCode() + ", " + items.get(0).id() + " in " + currency.getCurrencyCode());
      }
      Item item = memo.computeIfAbsent(p.id(), id -> item(customer, p, markets));
      sumOfParts = sumOfParts.add(item.price);
      prices[i] = item.price.doubleValue();
      costSum += p.unitCost().doubleValue();
      margins[i] = item.margin;
      floorSum += item.floor;
      mu[i] = item.mu;
      s[i] = item.scale;
      for (int j = 0; j < i; j++) {
        double v = complementarity.value(items.get(j), p);
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException("complementarity of " + items.get(j).id() + " and " + p.id()
              + " must be finite, found " + v);
        }
        theta[i][j] = v;
        theta[j][i] = v;
      }
    }
    ChoiceSample sample = new ChoiceSample(mu, s, prices, margins, theta, draws);
    return choose(ids(items), sample, sumOfParts, floorSum, costSum, digits);
  }

  private BundleOffer choose(List<String> ids, ChoiceSample sample, BigDecimal sumOfParts, double floorSum,
      double costSum, int digits) {
    long scale = BigDecimal.TEN.pow(digits).longValueExact();
    long hi = sumOfParts.movePointRight(digits).longValueExact();
    long loDiscount = (long) Math.ceil(sumOfParts.doubleValue() * (1 - maxBundleDiscount) * scale - 1e-6);
    long loFloor = (long) Math.ceil(floorSum * scale - 1e-6);
    long lo = Math.max(loDiscount, loFloor);
    BigDecimal floor = BigDecimal.valueOf(Math.max(0, loFloor), digits);
    double items = sample.itemsAloneProfit();
    if (lo > hi) {
      return new BundleOffer(ids, false, sumOfParts, sumOfParts, floor, items, items, 0,
          sample.itemsAlonePurchaseRate(), sample.itemsAlonePurchaseRate(), List.of(BundleReason.FLOORS_ABOVE_PARTS),
          scorer.modelVersion());
    }
    long best = hi;
    double bestProfit = profit(sample, hi, scale, costSum);
    double[] thresholds = sample.thresholds();
    for (int k = -1; k < thresholds.length; k++) {
      long c = k < 0 ? lo : (long) Math.ceil(thresholds[k] * scale) - 1; // the highest price still below t
      if (c < lo || c >= hi) {
        continue;
      }
      double v = profit(sample, c, scale, costSum);
      if (v > bestProfit + 1e-12) {
        bestProfit = v;
        best = c;
      }
    }
    double price = best / (double) scale;
    boolean offered = bestProfit > items + 1e-9 && best < hi;
    List<BundleReason> reasons = new ArrayList<>();
    if (!offered) {
      reasons.add(BundleReason.NO_PROFITABLE_BUNDLE);
      return new BundleOffer(ids, false, sumOfParts, sumOfParts, floor, items, items, 0,
          sample.itemsAlonePurchaseRate(), sample.itemsAlonePurchaseRate(), reasons, scorer.modelVersion());
    }
    reasons.add(BundleReason.MIXED_BUNDLE_RAISES_PROFIT);
    if (best == lo) {
      reasons.add(lo == loFloor ? BundleReason.FLOOR_BINDING : BundleReason.MAX_DISCOUNT_BINDING);
    }
    return new BundleOffer(ids, true, BigDecimal.valueOf(best, digits), sumOfParts, floor, bestProfit, items,
        sample.takeRate(price), sample.mixedPurchaseRate(price), sample.itemsAlonePurchaseRate(), reasons,
        scorer.modelVersion());
  }

  private double profit(ChoiceSample sample, long minor, long scale, double costSum) {
    double b = minor / (double) scale;
    return sample.mixedProfit(b, b * (1 - feeRate) - costSum);
  }

  private BigDecimal sum(List<Product> items, Customer customer, Function<? super Product, Market> markets) {
    BigDecimal s = BigDecimal.ZERO;
    for (Product p : items) {
      s = s.add(PricingRequest.of(customer, p, markets.apply(p)).referencePrice());
    }
    return s;
  }

  private List<Product> resolve(List<String> ids, String field) {
    Objects.requireNonNull(ids, field);
    List<Product> out = new ArrayList<>(ids.size());
    for (String id : ids) {
      Product p = catalogue.get(id);
      if (p == null) {
        throw new IllegalArgumentException(field + " contains unknown product '" + id + "'");
      }
      out.add(p);
    }
    return out;
  }

  private static void requireDistinct(List<String> ids, String field) {
    Set<String> seen = new HashSet<>();
    for (String id : ids) {
      if (!seen.add(id)) {
        throw new IllegalArgumentException(field + " contains item '" + id + "' twice: " + ids);
      }
    }
  }

  private static List<String> ids(List<Product> items) {
    return items.stream().map(Product::id).toList();
  }

  /** Builds a {@link BundleOptimizer}. Not thread-safe; {@link #build()} validates. */
  public static final class Builder {
    private final dev.pricing.core.internal.BuilderOptions options =
        new dev.pricing.core.internal.BuilderOptions("bundleOptimizer");
    private Map<String, Product> catalogue = Map.of();
    private DemandModel model;
    private List<? extends FeatureExtractor> extractors = FeatureExtractors.standard();
    private Complementarity complementarity = Complementarity.none();
    private final List<Guardrail> guardrails = new ArrayList<>();
    private double feeRate;
    private double maxBundleDiscount = 0.3;
    private int maxItems = 4;
    private int draws = 4096;

    private Builder() {}

    /**
     * @param products the products that may appear in carts and bundles (required, distinct ids)
     * @return this builder
     */
    public Builder catalogue(List<Product> products) {
      options.once("catalogue", products);
      Objects.requireNonNull(products, "catalogue");
      Map<String, Product> m = new LinkedHashMap<>();
      for (Product p : products) {
        if (m.put(Objects.requireNonNull(p, "catalogue product").id(), p) != null) {
          throw new IllegalArgumentException("catalogue contains product '" + p.id() + "' twice");
        }
      }
      this.catalogue = Map.copyOf(m);
      return this;
    }

    /**
     * @param model the conversion model (required)
     * @return this builder
     */
    public Builder demandModel(DemandModel model) {
      options.once("demandModel", model);
      this.model = Objects.requireNonNull(model, "demandModel");
      return this;
    }

    /**
     * @param extractors the model's feature extractors (default {@link FeatureExtractors#standard()})
     * @return this builder
     */
    public Builder extractors(List<? extends FeatureExtractor> extractors) {
      this.extractors = Objects.requireNonNull(extractors, "extractors");
      return this;
    }

    /**
     * @param c the complementarity (default {@link Complementarity#none()})
     * @return this builder
     */
    public Builder complementarity(Complementarity c) {
      options.once("complementarity", c);
      this.complementarity = Objects.requireNonNull(c, "complementarity");
      return this;
    }

    /**
     * Adds a merchant-wide guardrail that sets item floors (the products' own guardrails always apply).
     *
     * @param g the guardrail
     * @return this builder
     */
    public Builder guardrail(Guardrail g) {
      guardrails.add(Objects.requireNonNull(g, "guardrail"));
      return this;
    }

    /**
     * @param rate the payment fee as a share of the price, in [0, 1) (default 0)
     * @return this builder
     */
    public Builder feeRate(double rate) {
      options.once("feeRate", rate);
      if (!(rate >= 0 && rate < 1)) {
        throw new IllegalArgumentException("feeRate must be in [0, 1), found " + rate);
      }
      this.feeRate = rate;
      return this;
    }

    /**
     * @param fraction the largest bundle discount off the sum of the parts, in [0, 1) (default 0.3)
     * @return this builder
     */
    public Builder maxBundleDiscount(double fraction) {
      options.once("maxBundleDiscount", fraction);
      if (!(fraction >= 0 && fraction < 1)) {
        throw new IllegalArgumentException("maxBundleDiscount must be in [0, 1), found " + fraction);
      }
      this.maxBundleDiscount = fraction;
      return this;
    }

    /**
     * @param count the most items in a bundle, in [2, 8] (default 4; the choice model enumerates 2^count sets)
     * @return this builder
     */
    public Builder maxItems(int count) {
      options.once("maxItems", count);
      if (count < 2 || count > 8) {
        throw new IllegalArgumentException("maxItems must be in [2, 8], found " + count);
      }
      this.maxItems = count;
      return this;
    }

    /**
     * @param count willingness-to-pay draws per offer, in [256, 65536] (default 4096)
     * @return this builder
     */
    public Builder draws(int count) {
      options.once("draws", count);
      if (count < 256 || count > 65536) {
        throw new IllegalArgumentException("draws must be in [256, 65536], found " + count);
      }
      this.draws = count;
      return this;
    }

    /**
     * @return the optimiser
     * @throws NullPointerException if no demand model was set
     * @throws IllegalArgumentException if the catalogue is empty or the model cannot bind
     */
    public BundleOptimizer build() {
      Objects.requireNonNull(model, "demandModel must be set");
      if (catalogue.isEmpty()) {
        throw new IllegalArgumentException("catalogue must not be empty, found []");
      }
      return new BundleOptimizer(this);
    }
  }
}
