package dev.pricing.api;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Optional;

/**
 * The engine's answer for one request: the price, why, and what it expects.
 *
 * <p>Prices are exact decimals with the currency's number of fraction digits (USD 19.99 has scale 2; JPY
 * 1999 has scale 0). Expectations are per offer: {@code expectedConversion} is the purchase probability
 * for conversion models and the expected units for unit models; revenue and profit follow from it.
 * {@code baselinePrice} is what the engine would have charged without personal features (the uniform
 * price), and {@code baselineExpectedProfit} is that price's expected profit for this same customer, so
 * {@code expectedProfit - baselineExpectedProfit} is the model's estimate of what personalisation adds.
 *
 * <p>In shadow mode ({@link PricingEngine.Builder#shadowMode(boolean)}) the engine serves the reference price:
 * {@code price} is the reference price, {@code proposedPrice} is what the engine would have charged, the
 * expectations describe the proposed price, {@code reasons} start with {@link ReasonCode#SHADOW_MODE}, and
 * the decision is not personalised (the served price did not use personal data). Outside shadow mode
 * {@code proposedPrice} equals {@code price}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param decisionId a number unique within the engine instance
 * @param productId the product priced
 * @param currency the currency of every price here
 * @param price the price to show
 * @param proposedPrice the engine's own decision (differs from {@code price} only in shadow mode)
 * @param referencePrice the request's reference price (current or list price)
 * @param expectedConversion expected units per offer at {@code price}
 * @param expectedRevenue expected revenue per offer at {@code price}
 * @param expectedProfit expected profit per offer at {@code price}, after cost and fees
 * @param baselinePrice the price without personal features
 * @param baselineExpectedProfit expected profit per offer at {@code baselinePrice}
 * @param bindingGuardrail the guardrail that held the price back, if one did
 * @param reasons why the price came out as it did, most important first, never empty
 * @param modelVersion the version of the demand model that scored this request
 * @param personalised true exactly when personal data changed the price (the caller must disclose it
 *     where the law requires, e.g. New York GBL 349-a)
 * @param propensity the probability with which this price was chosen (1 for deterministic decisions)
 * @param contributions the features that moved the price most, largest effect first (empty when the model
 *     cannot explain itself, explanations are off, or the decision is a fallback)
 */
public record PriceDecision(
    long decisionId,
    String productId,
    Currency currency,
    BigDecimal price,
    BigDecimal proposedPrice,
    BigDecimal referencePrice,
    double expectedConversion,
    double expectedRevenue,
    double expectedProfit,
    BigDecimal baselinePrice,
    double baselineExpectedProfit,
    Optional<GuardrailKind> bindingGuardrail,
    List<ReasonCode> reasons,
    String modelVersion,
    boolean personalised,
    double propensity,
    List<FeatureContribution> contributions) {

  /**
   * Validates every component.
   *
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if a price is negative, an expectation is not finite, the reasons are
   *     empty, or the propensity is outside (0, 1]
   */
  public PriceDecision {
    Checks.notNull(productId, "productId");
    Checks.notNull(currency, "currency");
    Checks.nonNegativeAmount(price, "price");
    Checks.nonNegativeAmount(proposedPrice, "proposedPrice");
    Checks.nonNegativeAmount(referencePrice, "referencePrice");
    Checks.nonNegative(expectedConversion, "expectedConversion");
    Checks.finite(expectedRevenue, "expectedRevenue");
    Checks.finite(expectedProfit, "expectedProfit");
    Checks.nonNegativeAmount(baselinePrice, "baselinePrice");
    Checks.finite(baselineExpectedProfit, "baselineExpectedProfit");
    Checks.notNull(bindingGuardrail, "bindingGuardrail");
    reasons = Checks.list(reasons, "reasons");
    if (reasons.isEmpty()) {
      throw new IllegalArgumentException("reasons must not be empty");
    }
    Checks.notNull(modelVersion, "modelVersion");
    if (!(propensity > 0 && propensity <= 1)) {
      throw new IllegalArgumentException("propensity must be in (0, 1], found " + propensity);
    }
    contributions = Checks.list(contributions, "contributions");
  }

  /**
   * Returns whether this decision is a fallback: the safe reference price served because a component
   * failed, was skipped by its circuit breaker, or the time budget ran out.
   *
   * @return true for a fallback
   */
  public boolean fallback() {
    for (int i = 0, n = reasons.size(); i < n; i++) {
      if (reasons.get(i).fallback()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns human-readable explanation lines: the reasons, the binding guardrail and the top feature
   * contributions, for example {@code "inventory_cover_days 3.00 (ref 14.00): +4.0% price"}.
   *
   * @return the lines, most important first
   */
  public List<String> explanation() {
    java.util.ArrayList<String> lines = new java.util.ArrayList<>();
    for (ReasonCode r : reasons) {
      lines.add(r.id());
    }
    bindingGuardrail.ifPresent(g -> lines.add("binding guardrail: " + g.id()));
    for (FeatureContribution c : contributions) {
      lines.add(c.describe());
    }
    return List.copyOf(lines);
  }

  /**
   * The disclosure New York General Business Law 349-a requires next to a price set with personal data.
   */
  public static final String NY_DISCLOSURE = "THIS PRICE WAS SET BY AN ALGORITHM USING YOUR PERSONAL DATA";

  /**
   * Returns the disclosure text the caller must show with this price, if personal data set it.
   *
   * @return the disclosure, present exactly when {@link #personalised()} is true
   */
  public Optional<String> disclosure() {
    return personalised ? Optional.of(NY_DISCLOSURE) : Optional.empty();
  }
}
