package dev.pricing.api;

/**
 * Why a decision came out as it did. A decision carries one or more, most important first.
 * Each constant carries a stable external id for logs and dashboards.
 *
 * <p>Immutable and thread-safe (an enum).
 */
public enum ReasonCode {
  /** Shadow mode: the reference price was served; the engine's own choice is in {@code proposedPrice}. */
  SHADOW_MODE("shadow_mode"),
  /** The price maximised the objective over the candidate prices inside the guardrails. */
  OPTIMISED("optimised"),
  /** The continuous optimiser moved the price between two grid candidates before snapping to the ladder. */
  REFINED("refined"),
  /** A guardrail bound the price: the objective would have preferred a price beyond it. */
  GUARDRAIL_BINDING("guardrail_binding"),
  /** The price sits at the edge of the engine's search range around the reference price, not at a guardrail. */
  SEARCH_LIMIT("search_limit"),
  /**
   * The guardrails for this request admit no price on the ladder inside the engine's search range (see
   * {@link PricingEngine.Builder#searchRange}); the reference price was returned.
   */
  INFEASIBLE_GUARDRAILS("infeasible_guardrails"),
  /** A competitor guardrail was configured but the request had no competitor prices. */
  NO_COMPETITOR_DATA("no_competitor_data"),
  /** The engine runs in uniform-price mode: no personal feature was used. */
  UNIFORM_MODE("uniform_mode"),
  /** Personal features changed the price compared with the non-personal baseline. */
  PERSONALISED("personalised"),
  /**
   * The demand model returned an invalid score (NaN, negative or infinite); the safe reference price (the
   * reference price moved inside the guardrails and onto the ladder) was returned.
   */
  MODEL_OUTPUT_INVALID("model_output_invalid", true),
  /**
   * A feature extractor threw or wrote a non-finite value, or the demand model threw; the safe reference
   * price was returned (see {@link PricingEngine.Builder#failSafe(boolean)}).
   */
  COMPONENT_FAILED("component_failed", true),
  /**
   * The request is invalid for this engine, detected while pricing: an engine-level guardrail or the price
   * ladder is in another currency than the product, or a component threw {@link InvalidRequestException}.
   * The safe reference price was returned (in strict mode the exception is thrown instead); the failure is
   * the request's, so no component's circuit breaker counts it.
   */
  INVALID_REQUEST("invalid_request", true),
  /** The decision ran past the engine's time budget; the safe reference price was returned. */
  TIME_BUDGET_EXCEEDED("time_budget_exceeded", true),
  /**
   * A component the price depends on (the demand model or a non-personal feature extractor) is switched
   * off by its circuit breaker after repeated failures; the safe reference price was returned.
   */
  CIRCUIT_OPEN("circuit_open", true),
  /**
   * A personal feature extractor failed or is switched off by its circuit breaker; its neutral values were
   * used, so the price was optimised without that personal data.
   */
  DEGRADED("degraded"),
  /** The explorer served a candidate other than the model's best, to learn; see the decision's propensity. */
  EXPLORED("explored"),
  /**
   * The personalisation cap held the price: personalised prices for the same product and market stay within
   * the configured spread around the non-personal baseline.
   */
  PERSONALISATION_CAP("personalisation_cap"),
  /**
   * A markdown plan set the reference price (and, when the plan is served within a band, the band the price
   * stays in); see {@code dev.pricing.core.markdown.PlanGuidedEngine}.
   */
  MARKDOWN_PLAN("markdown_plan");

  private final String id;
  private final boolean fallback;

  ReasonCode(String id) {
    this(id, false);
  }

  ReasonCode(String id, boolean fallback) {
    this.id = id;
    this.fallback = fallback;
  }

  /**
   * Returns whether this reason marks a fallback decision (the safe reference price, not an optimised one).
   *
   * @return true for fallback reasons
   */
  public boolean fallback() {
    return fallback;
  }

  /**
   * Returns the stable external id.
   *
   * @return the id, for example {@code "guardrail_binding"}
   */
  public String id() {
    return id;
  }
}
