package dev.pricing.core.log;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An outcome as read back from a {@link DecisionLog}: what happened after a decision.
 *
 * <p>Immutable and thread-safe.
 *
 * @param runId the log run the outcome was recorded in (see {@link DecisionLog#runId()})
 * @param decisionId the decision it belongs to, within that run
 * @param units units bought (0 = not bought); when several outcomes name one decision, the reader's joined
 *     view sums them
 * @param time when the outcome was observed ({@link dev.pricing.api.Outcome#time()})
 * @param loggedAt the wall-clock time the log received it
 */
public record LoggedOutcome(UUID runId, long decisionId, double units, Instant time, Instant loggedAt) {
  /**
   * Validates.
   *
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException naming the value if the units are negative or not finite
   */
  public LoggedOutcome {
    Objects.requireNonNull(runId, "runId must not be null");
    Objects.requireNonNull(time, "time must not be null");
    Objects.requireNonNull(loggedAt, "loggedAt must not be null");
    if (!(units >= 0) || Double.isInfinite(units)) {
      throw new IllegalArgumentException("units must be finite and non-negative, found " + units);
    }
  }

  /**
   * Returns whether anything was bought.
   *
   * @return {@code units > 0}
   */
  public boolean bought() {
    return units > 0;
  }
}
