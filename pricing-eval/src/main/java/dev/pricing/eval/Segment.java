package dev.pricing.eval;

/**
 * A customer segment of the simulated market. The segment decides how a customer's behaviour history is
 * drawn. In the default market the true demand then depends on that behaviour (through the engine's standard
 * features), not on the segment label, so a model over the standard features can be correctly specified; in the
 * hard market ({@link MarketSimulator#hardMarket(long)}) it also depends on the segment and on hidden traits
 * that the behaviour reveals only in part.
 *
 * <p>Rejects a blank id or description and a share outside (0, 1]. Immutable and thread-safe.
 *
 * @param id short identifier, for example {@code deal-seeker}
 * @param description what the segment's customers are like
 * @param share share of customers in this segment, in (0, 1]
 */
public record Segment(String id, String description, double share) {

  /** Validates every component. */
  public Segment {
    Policies.requireName(id);
    if (description == null || description.isBlank()) {
      throw new IllegalArgumentException("description must not be blank, found '" + description + "'");
    }
    if (!(share > 0 && share <= 1)) {
      throw new IllegalArgumentException("share must be in (0, 1], found " + share);
    }
  }
}
