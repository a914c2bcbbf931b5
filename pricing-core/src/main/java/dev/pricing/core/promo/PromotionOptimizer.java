package dev.pricing.core.promo;

import dev.pricing.api.Guardrail;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.api.spi.FeatureExtractor;
import dev.pricing.core.FeatureExtractors;
import dev.pricing.core.offers.internal.PriceFloor;
import dev.pricing.core.offers.internal.RequestScorer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Chooses, per customer and product, the promotion (or none) that maximises <em>incremental</em> profit: the
 * profit the offer adds over not promoting, so the discount handed to customers who would have bought anyway
 * is netted out:
 *
 * <pre>
 *   incremental(o) = P(buy | o) * margin(o) - P(buy | none) * margin(none)
 *   margin(o)      = paid(o) * (1 - fee) - unitCost - benefitCost(o)
 *   cost(o)        = P(buy | o) * (reference - paid(o) + benefitCost(o))     (expected cost of the discount)
 * </pre>
 *
 * {@code P(buy | o)} is the demand model at the offer's equivalent price, passed through the
 * {@link PromotionResponse}. The offer chosen maximises {@code incremental - lambda * cost} among eligible
 * offers where that is positive ({@code lambda}, the profit-per-cost threshold, is 0 unless set; the offline
 * {@link BudgetAllocator} computes the one at which a budget binds, for online use).
 *
 * <p>Candidates are every non-empty combination of the promotions that apply to the product at the request's
 * time. A combination the {@link StackingRules} forbid, a discount larger than the price, a price below a
 * guardrail's floor (merchant-wide and product guardrails, minimum margin measured after the benefit's cost)
 * and a model output that is not a probability each reject the candidate with a {@link PromotionReason}; all
 * candidates appear in {@link PromotionDecision#candidates()}.
 *
 * <p>Configuration errors fail at {@link Builder#build()}: two promotions of the same kind that overlap (a
 * common product at a common instant) are an {@link IllegalArgumentException} naming both.
 *
 * <p>Immutable and thread-safe (the optional {@link PromotionBudget} is itself thread-safe).
 * {@link #evaluate} never touches the budget; {@link #decide} reserves from it.
 */
public final class PromotionOptimizer {
  private final List<Promotion> promotions;
  private final Currency currency;
  private final StackingRules stacking;
  private final RequestScorer scorer;
  private final PromotionResponse response;
  private final double feeRate;
  private final List<Guardrail> guardrails;
  private final double lambda;
  private final PromotionBudget budget;

  private PromotionOptimizer(Builder b, RequestScorer scorer, double lambda, PromotionBudget budget) {
    this.promotions = List.copyOf(b.promotions);
    this.currency = b.currency;
    this.stacking = b.stacking;
    this.scorer = scorer;
    this.response = b.response;
    this.feeRate = b.feeRate;
    this.guardrails = List.copyOf(b.guardrails);
    this.lambda = lambda;
    this.budget = budget;
  }

  private PromotionOptimizer(PromotionOptimizer base, double lambda, PromotionBudget budget) {
    this.promotions = base.promotions;
    this.currency = base.currency;
    this.stacking = base.stacking;
    this.scorer = base.scorer;
    this.response = base.response;
    this.feeRate = base.feeRate;
    this.guardrails = base.guardrails;
    this.lambda = lambda;
    this.budget = budget;
  }

  /** @return a new builder */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the configured promotions */
  public List<Promotion> promotions() {
    return promotions;
  }

  /** @return the profit-per-cost threshold lambda */
  public double profitPerCostThreshold() {
    return lambda;
  }

  /** @return the budget decisions draw on, or null when none */
  public PromotionBudget budget() {
    return budget;
  }

  /** @return the payment fee rate */
  public double feeRate() {
    return feeRate;
  }

  /** @return the promotion response */
  public PromotionResponse response() {
    return response;
  }

  /**
   * Returns a copy with another profit-per-cost threshold (the online threshold policy: an offer is made only
   * when its incremental profit exceeds {@code lambda} times its expected cost).
   *
   * @param lambda the threshold, finite and non-negative
   * @return the copy (sharing the budget)
   */
  public PromotionOptimizer withProfitPerCostThreshold(double lambda) {
    return new PromotionOptimizer(this, checkLambda(lambda), budget);
  }

  /**
   * Returns a copy that draws on a budget.
   *
   * @param budget the budget, or null for none
   * @return the copy
   */
  public PromotionOptimizer withBudget(PromotionBudget budget) {
    return new PromotionOptimizer(this, lambda, budget);
  }

  /**
   * Evaluates every candidate offer and picks the best, ignoring the budget (no side effect).
   *
   * @param request the request
   * @return the decision
   * @throws IllegalArgumentException if the product's currency is not the promotions' currency, or a feature
   *     is not finite
   */
  public PromotionDecision evaluate(PricingRequest request) {
    Evaluated e = evaluateAll(request);
    if (e.early != null) {
      return e.early;
    }
    List<CandidateEvaluation> ranked = ranked(e.candidates, lambda);
    if (ranked.isEmpty()) {
      return none(request, e, noOfferReason(e.candidates));
    }
    return chosen(request, e, ranked.get(0), PromotionReason.MAX_INCREMENTAL_PROFIT);
  }

  /**
   * Decides the promotion and reserves its expected cost from the budget (if one is set). When the best offer
   * does not fit, the next best is tried; when none fits, the decision is "no promotion" with
   * {@link PromotionReason#BUDGET_EXHAUSTED} (also when a shared per-customer cap cannot reach its store),
   * {@link PromotionReason#CUSTOMER_CAP_REACHED} or {@link PromotionReason#CUSTOMER_LIMIT_REACHED}.
   *
   * @param request the request
   * @return the decision
   */
  public PromotionDecision decide(PricingRequest request) {
    Evaluated e = evaluateAll(request);
    if (e.early != null) {
      return e.early;
    }
    List<CandidateEvaluation> ranked = ranked(e.candidates, lambda);
    if (ranked.isEmpty()) {
      return none(request, e, noOfferReason(e.candidates));
    }
    if (budget == null) {
      return chosen(request, e, ranked.get(0), PromotionReason.MAX_INCREMENTAL_PROFIT);
    }
    PromotionReason refusal = null;
    for (CandidateEvaluation c : ranked) {
      PromotionBudget.Outcome o = budget.tryReserve(request.customer().id(), c.expectedCost());
      if (o == PromotionBudget.Outcome.RESERVED) {
        return chosen(request, e, c, PromotionReason.MAX_INCREMENTAL_PROFIT);
      }
      if (refusal == null) {
        refusal = reasonFor(o);
      }
    }
    return none(request, e, refusal);
  }

  /** A refused reservation's reason; a per-customer cap that cannot count reads as an exhausted budget. */
  private static PromotionReason reasonFor(PromotionBudget.Outcome o) {
    switch (o) {
      case CUSTOMER_CAP_REACHED:
        return PromotionReason.CUSTOMER_CAP_REACHED;
      case CUSTOMER_LIMIT_REACHED:
        return PromotionReason.CUSTOMER_LIMIT_REACHED;
      default:
        return PromotionReason.BUDGET_EXHAUSTED;
    }
  }

  /**
   * Allocates a budget offline over a batch of requests (see {@link BudgetAllocator}).
   *
   * @param requests the requests, not empty
   * @param maxSpend the total expected cost allowed, non-negative
   * @param maxDiscounted the most requests that may be discounted, non-negative
   * @return the allocation
   */
  public BudgetAllocator.Allocation allocate(List<PricingRequest> requests, double maxSpend, long maxDiscounted) {
    return BudgetAllocator.allocate(this, requests, maxSpend, maxDiscounted);
  }

  /** Candidates with positive incremental profit and positive score, best score first. */
  static List<CandidateEvaluation> ranked(List<CandidateEvaluation> candidates, double lambda) {
    List<CandidateEvaluation> out = new ArrayList<>();
    for (CandidateEvaluation c : candidates) {
      if (c.eligible() && !c.terms().isNone() && c.incrementalProfit() > 0 && c.score(lambda) > 0) {
        out.add(c);
      }
    }
    out.sort(Comparator.comparingDouble((CandidateEvaluation c) -> -c.score(lambda))
        .thenComparing(c -> c.terms().label()));
    return out;
  }

  private PromotionReason noOfferReason(List<CandidateEvaluation> candidates) {
    for (CandidateEvaluation c : candidates) {
      if (c.eligible() && !c.terms().isNone() && c.incrementalProfit() > 0) {
        return PromotionReason.BELOW_PROFIT_PER_COST_THRESHOLD;
      }
    }
    return PromotionReason.NO_PROFITABLE_PROMOTION;
  }

  /** All candidates of one request, with the no-promotion baseline. */
  static final class Evaluated {
    List<CandidateEvaluation> candidates;
    CandidateEvaluation none;
    PromotionDecision early;
  }

  Evaluated evaluateAll(PricingRequest request) {
    Objects.requireNonNull(request, "request");
    Currency c = request.product().currency();
    if (!c.equals(currency)) {
      throw new IllegalArgumentException("product.currency of " + request.product().id() + " is "
          + c.getCurrencyCode() + ", but the promotions are in " + currency.getCurrencyCode());
    }
    int digits = currency.getDefaultFractionDigits();
    BigDecimal ref = request.referencePrice();
    double unitCost = request.product().unitCost().doubleValue();
    OfferTerms noneTerms = new OfferTerms(List.of(), ref, ref, BigDecimal.ZERO, BigDecimal.ZERO);

    List<Promotion> applicable = new ArrayList<>();
    for (Promotion p : promotions) {
      if (p.appliesTo(request.product().id(), request.market().time())) {
        applicable.add(p);
      }
    }
    Evaluated e = new Evaluated();
    double[] x = scorer.features(request);
    double p0 = scorer.score(x, new double[] {ref.doubleValue()})[0];
    if (!(p0 >= 0 && p0 <= 1)) {
      e.none = new CandidateEvaluation(noneTerms, Double.NaN, 0, 0, true, List.of(), "");
      e.candidates = List.of(e.none);
      e.early = decision(request, noneTerms, Double.NaN, Double.NaN, 0, 0,
          List.of(PromotionReason.MODEL_OUTPUT_INVALID), e.candidates);
      return e;
    }
    double margin0 = ref.doubleValue() * (1 - feeRate) - unitCost;
    e.none = new CandidateEvaluation(noneTerms, p0, 0, 0, true, List.of(), "");
    List<CandidateEvaluation> out = new ArrayList<>();
    out.add(e.none);
    if (applicable.isEmpty()) {
      e.candidates = out;
      e.early = decision(request, noneTerms, p0, p0, 0, 0, List.of(PromotionReason.NO_APPLICABLE_PROMOTION), out);
      return e;
    }
    int n = applicable.size();
    for (int mask = 1; mask < (1 << n); mask++) {
      List<Promotion> combo = new ArrayList<>();
      Set<DiscountKind> kinds = EnumSet.noneOf(DiscountKind.class);
      for (int i = 0; i < n; i++) {
        if ((mask & (1 << i)) != 0) {
          combo.add(applicable.get(i));
          kinds.add(applicable.get(i).kind());
        }
      }
      combo.sort(Comparator.comparing(Promotion::kind));
      OfferTerms terms = terms(combo, ref, digits);
      if (!stacking.allows(kinds)) {
        out.add(rejected(terms, PromotionReason.STACKING_NOT_ALLOWED, "stacking " + kinds + " is not allowed by "
            + stacking));
        continue;
      }
      if (terms.paidPrice().signum() < 0) {
        out.add(rejected(terms, PromotionReason.DISCOUNT_EXCEEDS_PRICE, "discount " + terms.priceDiscount()
            .toPlainString() + " exceeds the reference price " + ref.toPlainString()));
        continue;
      }
      double paid = terms.paidPrice().doubleValue();
      double benefitCost = terms.benefitCost().doubleValue();
      PriceFloor floor = PriceFloor.of(guardrails, request, benefitCost, feeRate);
      if (paid < floor.value() - 1e-9) {
        out.add(rejected(terms, PromotionReason.GUARDRAIL_VIOLATION, String.format(Locale.ROOT,
            "%s requires at least %.4f, promoted price %s", floor.bindingId(), floor.value(),
            terms.paidPrice().toPlainString())));
        continue;
      }
      double eq = response.equivalentPrice(request, terms);
      double pm = Double.isFinite(eq) ? scorer.score(x, new double[] {Math.max(0, eq)})[0] : Double.NaN;
      double conv = response.conversion(request, terms, pm, p0);
      if (!(conv >= 0 && conv <= 1)) {
        out.add(rejected(terms, PromotionReason.MODEL_OUTPUT_INVALID, "conversion " + conv
            + " at equivalent price " + eq + " is not a probability"));
        continue;
      }
      double margin = paid * (1 - feeRate) - unitCost - benefitCost;
      double incremental = conv * margin - p0 * margin0;
      double cost = conv * (terms.priceDiscount().doubleValue() + benefitCost);
      out.add(new CandidateEvaluation(terms, conv, incremental, cost, true, List.of(), ""));
    }
    e.candidates = out;
    return e;
  }

  private static CandidateEvaluation rejected(OfferTerms terms, PromotionReason reason, String detail) {
    return new CandidateEvaluation(terms, Double.NaN, Double.NaN, Double.NaN, false, List.of(reason), detail);
  }

  private static OfferTerms terms(List<Promotion> combo, BigDecimal ref, int digits) {
    BigDecimal paid = ref;
    BigDecimal benefitValue = BigDecimal.ZERO;
    BigDecimal benefitCost = BigDecimal.ZERO;
    for (Promotion p : combo) { // sorted: percent, then amount, then shipping
      switch (p.kind()) {
        case PERCENT_OFF:
          paid = paid.multiply(BigDecimal.valueOf(100).subtract(p.value()))
              .divide(BigDecimal.valueOf(100), digits, RoundingMode.HALF_UP);
          break;
        case AMOUNT_OFF:
          paid = paid.subtract(p.value());
          break;
        default:
          benefitValue = benefitValue.add(p.customerValue());
          benefitCost = benefitCost.add(p.value());
      }
    }
    return new OfferTerms(combo, ref, paid.setScale(digits, RoundingMode.UNNECESSARY), benefitValue, benefitCost);
  }

  PromotionDecision chosen(PricingRequest request, Evaluated e, CandidateEvaluation c, PromotionReason reason) {
    return decision(request, c.terms(), c.conversion(), e.none.conversion(), c.incrementalProfit(),
        c.expectedCost(), List.of(reason), e.candidates);
  }

  PromotionDecision none(PricingRequest request, Evaluated e, PromotionReason reason) {
    return decision(request, e.none.terms(), e.none.conversion(), e.none.conversion(), 0, 0, List.of(reason),
        e.candidates);
  }

  private PromotionDecision decision(PricingRequest request, OfferTerms terms, double with, double without,
      double incremental, double cost, List<PromotionReason> reasons, List<CandidateEvaluation> candidates) {
    return new PromotionDecision(request.product().id(), request.customer().id(), terms, terms.paidPrice(), with,
        without, incremental, cost, reasons, candidates, scorer.modelVersion());
  }

  private static double checkLambda(double lambda) {
    if (!(Double.isFinite(lambda) && lambda >= 0)) {
      throw new IllegalArgumentException("profitPerCostThreshold must be finite and non-negative, found " + lambda);
    }
    return lambda;
  }

  /**
   * Builds a {@link PromotionOptimizer}; {@link #build()} validates the whole configuration (overlaps,
   * currency scales). Not thread-safe.
   */
  public static final class Builder {
    private final dev.pricing.core.internal.BuilderOptions options =
        new dev.pricing.core.internal.BuilderOptions("promotionOptimizer");
    private final List<Promotion> promotions = new ArrayList<>();
    private Currency currency = Currency.getInstance("USD");
    private StackingRules stacking = StackingRules.none();
    private DemandModel model;
    private List<? extends FeatureExtractor> extractors = FeatureExtractors.standard();
    private PromotionResponse response = PromotionResponse.priceEquivalent();
    private double feeRate;
    private final List<Guardrail> guardrails = new ArrayList<>();
    private double lambda;
    private PromotionBudget budget;

    private Builder() {}

    /**
     * Adds a promotion.
     *
     * @param promotion the promotion
     * @return this builder
     */
    public Builder promotion(Promotion promotion) {
      promotions.add(Objects.requireNonNull(promotion, "promotion"));
      return this;
    }

    /**
     * Sets the currency of the promotions' amounts and of the products they apply to (default USD).
     *
     * @param code the ISO 4217 code
     * @return this builder
     */
    public Builder currency(String code) {
      options.once("currency", code);
      Objects.requireNonNull(code, "currency");
      try {
        this.currency = Currency.getInstance(code);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("currency '" + code + "' is not an ISO 4217 currency code", e);
      }
      if (currency.getDefaultFractionDigits() < 0) {
        throw new IllegalArgumentException("currency '" + code + "' has no minor unit");
      }
      return this;
    }

    /**
     * @param rules the stacking rules (default {@link StackingRules#none()})
     * @return this builder
     */
    public Builder stacking(StackingRules rules) {
      options.once("stacking", rules);
      this.stacking = Objects.requireNonNull(rules, "stacking");
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
     * @param extractors the feature extractors the model was trained with (default
     *     {@link FeatureExtractors#standard()})
     * @return this builder
     */
    public Builder extractors(List<? extends FeatureExtractor> extractors) {
      this.extractors = Objects.requireNonNull(extractors, "extractors");
      return this;
    }

    /**
     * @param response the promotion response (default {@link PromotionResponse#priceEquivalent()})
     * @return this builder
     */
    public Builder response(PromotionResponse response) {
      options.once("response", response);
      this.response = Objects.requireNonNull(response, "response");
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
     * Adds a merchant-wide guardrail every promoted price must respect (the product's own guardrails always
     * apply too).
     *
     * @param guardrail the guardrail
     * @return this builder
     */
    public Builder guardrail(Guardrail guardrail) {
      guardrails.add(Objects.requireNonNull(guardrail, "guardrail"));
      return this;
    }

    /**
     * @param lambda the profit-per-cost threshold, finite and non-negative (default 0)
     * @return this builder
     */
    public Builder profitPerCostThreshold(double lambda) {
      options.once("profitPerCostThreshold", lambda);
      this.lambda = checkLambda(lambda);
      return this;
    }

    /**
     * @param budget the budget {@link PromotionOptimizer#decide} draws on (default none)
     * @return this builder
     */
    public Builder budget(PromotionBudget budget) {
      options.once("budget", budget);
      this.budget = budget;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the optimiser
     * @throws IllegalArgumentException if two promotions share an id, two promotions of the same kind overlap,
     *     an amount has more decimals than the currency allows, or the model cannot bind
     * @throws NullPointerException if no demand model was set
     */
    public PromotionOptimizer build() {
      Objects.requireNonNull(model, "demandModel must be set");
      Set<String> ids = new HashSet<>();
      int digits = currency.getDefaultFractionDigits();
      for (Promotion p : promotions) {
        if (!ids.add(p.id())) {
          throw new IllegalArgumentException("promotion id " + p.id() + " is configured twice");
        }
        if (p.kind() != DiscountKind.PERCENT_OFF && (p.value().stripTrailingZeros().scale() > digits
            || p.customerValue().stripTrailingZeros().scale() > digits)) {
          throw new IllegalArgumentException("promotion " + p.id() + ": amount " + p.value().toPlainString()
              + " has more decimal places than " + currency.getCurrencyCode() + " allows (" + digits + ")");
        }
      }
      for (int i = 0; i < promotions.size(); i++) {
        for (int j = i + 1; j < promotions.size(); j++) {
          Promotion a = promotions.get(i);
          Promotion b = promotions.get(j);
          if (a.kind() == b.kind() && a.overlaps(b)) {
            throw new IllegalArgumentException("overlapping promotions: " + a.id() + " and " + b.id() + " are both "
                + a.kind() + " on a common product " + scope(a, b) + " during a common time window; give them "
                + "disjoint products or windows");
          }
        }
      }
      return new PromotionOptimizer(this, new RequestScorer(model, extractors), lambda, budget);
    }

    private static String scope(Promotion a, Promotion b) {
      if (a.productIds().isEmpty() && b.productIds().isEmpty()) {
        return "(both cover all products)";
      }
      Set<String> common = new HashSet<>(a.productIds().isEmpty() ? b.productIds() : a.productIds());
      if (!a.productIds().isEmpty() && !b.productIds().isEmpty()) {
        common.retainAll(b.productIds());
      }
      return new java.util.TreeSet<>(common).toString();
    }
  }
}
