package dev.pricing.core.log;

import dev.pricing.api.FeatureContribution;
import dev.pricing.api.FeatureVector;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A decision as read back from a {@link DecisionLog}, joined with its outcome when one was logged.
 *
 * <p>{@code (runId, decisionId)} identifies a decision across every run that wrote to a directory: decision
 * ids are unique only within one engine instance, and each {@link DecisionLog} instance is one run.
 * The customer appears only as a keyed pseudonym ({@link dev.pricing.core.privacy.Pseudonymiser}); reason and
 * guardrail codes are their stable ids ({@link dev.pricing.api.ReasonCode#id()},
 * {@link dev.pricing.api.GuardrailKind#id()}), kept as text so old logs stay readable when codes are added.
 *
 * <p>Immutable and thread-safe.
 *
 * @param runId the log run that wrote it
 * @param decisionId the engine's decision id, unique within the run
 * @param loggedAt the wall-clock time the log received the decision (millisecond precision)
 * @param marketTime the request's market time
 * @param productId the product priced
 * @param customerPseudonym the pseudonymised customer id
 * @param currency the currency of every price
 * @param price the price served
 * @param proposedPrice the engine's own choice (differs from price only in shadow mode)
 * @param referencePrice the request's reference price
 * @param baselinePrice the non-personal price
 * @param expectedConversion expected units per offer at the proposed price
 * @param expectedRevenue expected revenue per offer
 * @param expectedProfit expected profit per offer
 * @param baselineExpectedProfit expected profit at the baseline price
 * @param propensity the probability with which the price was chosen
 * @param modelVersion the demand model that scored the request
 * @param reasons reason ids, most important first
 * @param bindingGuardrail the binding guardrail's id, if any
 * @param personalised whether personal data changed the price
 * @param fallback whether the decision was a fallback (a failure reason)
 * @param contributions the top feature contributions as the engine reported them
 * @param features the feature vector over the engine's schema, when the log stores features
 * @param outcome the joined outcome, when one was logged
 */
public record LoggedDecision(
    UUID runId,
    long decisionId,
    Instant loggedAt,
    Instant marketTime,
    String productId,
    String customerPseudonym,
    Currency currency,
    BigDecimal price,
    BigDecimal proposedPrice,
    BigDecimal referencePrice,
    BigDecimal baselinePrice,
    double expectedConversion,
    double expectedRevenue,
    double expectedProfit,
    double baselineExpectedProfit,
    double propensity,
    String modelVersion,
    List<String> reasons,
    Optional<String> bindingGuardrail,
    boolean personalised,
    boolean fallback,
    List<FeatureContribution> contributions,
    Optional<FeatureVector> features,
    Optional<LoggedOutcome> outcome) {

  /**
   * Validates and copies.
   *
   * @throws NullPointerException if a component is null
   */
  public LoggedDecision {
    Objects.requireNonNull(runId, "runId must not be null");
    Objects.requireNonNull(loggedAt, "loggedAt must not be null");
    Objects.requireNonNull(marketTime, "marketTime must not be null");
    Objects.requireNonNull(productId, "productId must not be null");
    Objects.requireNonNull(customerPseudonym, "customerPseudonym must not be null");
    Objects.requireNonNull(currency, "currency must not be null");
    Objects.requireNonNull(price, "price must not be null");
    Objects.requireNonNull(proposedPrice, "proposedPrice must not be null");
    Objects.requireNonNull(referencePrice, "referencePrice must not be null");
    Objects.requireNonNull(baselinePrice, "baselinePrice must not be null");
    Objects.requireNonNull(modelVersion, "modelVersion must not be null");
    reasons = List.copyOf(reasons);
    Objects.requireNonNull(bindingGuardrail, "bindingGuardrail must not be null");
    contributions = List.copyOf(contributions);
    Objects.requireNonNull(features, "features must not be null");
    Objects.requireNonNull(outcome, "outcome must not be null");
  }

  /**
   * Returns this decision joined with an outcome.
   *
   * @param joined the outcome
   * @return a copy carrying it
   */
  public LoggedDecision withOutcome(LoggedOutcome joined) {
    return new LoggedDecision(runId, decisionId, loggedAt, marketTime, productId, customerPseudonym, currency,
        price, proposedPrice, referencePrice, baselinePrice, expectedConversion, expectedRevenue, expectedProfit,
        baselineExpectedProfit, propensity, modelVersion, reasons, bindingGuardrail, personalised, fallback,
        contributions, features, Optional.of(joined));
  }

  /**
   * Returns the human-readable report of this decision (what {@link DecisionLogReader#why} returns).
   *
   * @return the report
   */
  public DecisionReport report() {
    return new DecisionReport(this);
  }
}
