package dev.pricing.eval;

import dev.pricing.api.PricingRequest;
import java.util.Objects;

/**
 * One simulated pricing opportunity: a request (customer, product, market on a given day) and the
 * customer's segment, which only the simulator knows.
 *
 * <p>Rejects a null request, a blank segment and a negative day. Immutable and thread-safe.
 *
 * @param request the request as the engine would see it
 * @param segmentId the customer's true segment
 * @param day the day of the simulated horizon, from 0
 */
public record SimulatedRequest(PricingRequest request, String segmentId, int day) {

  /** Validates every component. */
  public SimulatedRequest {
    Objects.requireNonNull(request, "request");
    Policies.requireName(segmentId);
    if (day < 0) {
      throw new IllegalArgumentException("day must be non-negative, found " + day);
    }
  }
}
