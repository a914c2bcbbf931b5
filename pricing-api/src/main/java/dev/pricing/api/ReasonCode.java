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
  /** The demand model returned an invalid score (NaN, negative or infinite); the reference price was returned. */
  MODEL_OUTPUT_INVALID("model_output_invalid");

  private final String id;

  ReasonCode(String id) {
    this.id = id;
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
