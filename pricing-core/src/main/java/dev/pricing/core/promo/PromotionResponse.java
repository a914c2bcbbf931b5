package dev.pricing.core.promo;

import dev.pricing.api.PricingRequest;

/**
 * How customers respond to a promotion beyond its price: the merchant's pluggable "promotion response" model.
 *
 * <p>The optimiser scores the demand model at {@link #equivalentPrice} (the paid price less the customer's value
 * of non-price benefits such as free shipping), then passes that conversion through {@link #conversion} (for
 * example a coupon salience lift or a redemption effect learned from past campaigns). The result must be a
 * probability; a NaN or a value outside [0, 1] rejects the candidate with
 * {@link PromotionReason#MODEL_OUTPUT_INVALID}.
 *
 * <p>Implementations must be thread-safe (the optimiser calls them from many threads).
 */
public interface PromotionResponse {

  /**
   * Returns the price at which the demand model sees the offer.
   *
   * @param request the request
   * @param terms the offer
   * @return the equivalent price, finite
   */
  double equivalentPrice(PricingRequest request, OfferTerms terms);

  /**
   * Returns the conversion probability of the offer.
   *
   * @param request the request
   * @param terms the offer (never the "no promotion" offer)
   * @param atEquivalentPrice the demand model's conversion at {@link #equivalentPrice}
   * @param withoutPromotion the demand model's conversion at the reference price
   * @return P(buy | offer)
   */
  default double conversion(PricingRequest request, OfferTerms terms, double atEquivalentPrice,
      double withoutPromotion) {
    return atEquivalentPrice;
  }

  /**
   * The default response: a promotion is worth its price cut plus {@code benefitWeight} times the customer's
   * value of its non-price benefits (1 means free shipping worth $5 acts like $5 off).
   *
   * @param benefitWeight the weight, finite and non-negative
   * @return the response
   */
  static PromotionResponse priceEquivalent(double benefitWeight) {
    if (!(Double.isFinite(benefitWeight) && benefitWeight >= 0)) {
      throw new IllegalArgumentException("benefitWeight must be finite and non-negative, found " + benefitWeight);
    }
    return (request, terms) -> terms.paidPrice().doubleValue() - benefitWeight * terms.benefitValue().doubleValue();
  }

  /** @return {@link #priceEquivalent(double)} with weight 1 */
  static PromotionResponse priceEquivalent() {
    return priceEquivalent(1.0);
  }

  /**
   * Returns this response with a promotion salience effect: any promoted offer adds {@code logitLift} to the
   * logit of conversion (a labelled "deal" converts better than the same price without a label; a negative
   * lift models coupon friction).
   *
   * @param logitLift the lift in logit units, finite
   * @return the decorated response
   */
  default PromotionResponse withLogitLift(double logitLift) {
    if (!Double.isFinite(logitLift)) {
      throw new IllegalArgumentException("logitLift must be finite, found " + logitLift);
    }
    PromotionResponse base = this;
    return new PromotionResponse() {
      @Override
      public double equivalentPrice(PricingRequest request, OfferTerms terms) {
        return base.equivalentPrice(request, terms);
      }

      @Override
      public double conversion(PricingRequest request, OfferTerms terms, double at, double without) {
        double p = base.conversion(request, terms, at, without);
        if (!(p > 0 && p < 1)) {
          return p;
        }
        double z = Math.log(p / (1 - p)) + logitLift;
        return 1 / (1 + Math.exp(-z));
      }
    };
  }
}
