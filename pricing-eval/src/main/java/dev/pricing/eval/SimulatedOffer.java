package dev.pricing.eval;

import dev.pricing.api.PricingRequest;
import java.util.Objects;

/**
 * One logged offer from the simulator: the context, the price offered, the logging policy's propensity for
 * that price, the outcome, and the ground truth (segment and true purchase probability) that a real log
 * would not have. Plain data, meant to be converted into whatever record a training pipeline uses.
 *
 * <p>Rejects a null request, a blank segment, a negative or non-finite price, a propensity outside (0, 1],
 * negative units, units inconsistent with {@code bought}, and a probability outside [0, 1], each with an
 * {@link IllegalArgumentException} naming the field and value. Immutable and thread-safe.
 *
 * @param request the request the offer answered
 * @param segmentId the customer's true segment
 * @param price the price offered
 * @param propensity the logging policy's probability of offering this price for this request
 * @param bought whether the customer bought
 * @param units units bought (0 when not bought)
 * @param trueProbability the true purchase probability at this price
 */
public record SimulatedOffer(
    PricingRequest request,
    String segmentId,
    double price,
    double propensity,
    boolean bought,
    int units,
    double trueProbability) {

  /** Validates every component. */
  public SimulatedOffer {
    Objects.requireNonNull(request, "request");
    Policies.requireName(segmentId);
    if (!Double.isFinite(price) || price < 0) {
      throw new IllegalArgumentException("price must be finite and non-negative, found " + price);
    }
    LoggedOffer.requirePropensity(propensity);
    if (units < 0 || (units > 0) != bought) {
      throw new IllegalArgumentException("units must be positive exactly when bought (" + bought + "), found " + units);
    }
    if (!(trueProbability >= 0 && trueProbability <= 1)) {
      throw new IllegalArgumentException("trueProbability must be in [0, 1], found " + trueProbability);
    }
  }

  /**
   * Returns the realised profit: units times (price minus unit cost minus the payment fee).
   *
   * @param feeRate the payment fee as a share of the price
   * @return the profit (0 when not bought)
   */
  public double profit(double feeRate) {
    return units * (price - request.product().unitCost().doubleValue() - feeRate * price);
  }

  /**
   * Returns the realised revenue.
   *
   * @return units times price
   */
  public double revenue() {
    return units * price;
  }

  /**
   * Returns this offer as a logged offer for off-policy evaluation, with profit as the reward.
   *
   * @param feeRate the payment fee as a share of the price
   * @return the logged offer
   */
  public LoggedOffer toLoggedOffer(double feeRate) {
    return new LoggedOffer(request, price, propensity, profit(feeRate));
  }
}
