package dev.pricing.eval;

import java.util.Map;
import java.util.Objects;

/**
 * The true expected outcome of one policy on a set of simulated requests (expectations, not samples).
 *
 * <p>Rejects a blank name, a non-positive request count and non-finite figures. Immutable and thread-safe.
 *
 * @param policy the policy's name
 * @param requests how many requests were evaluated
 * @param profitPerRequest expected profit per request
 * @param revenuePerRequest expected revenue per request
 * @param conversion expected purchases per request
 * @param averagePricePaid expected revenue per purchase
 * @param averagePricePaidBySegment expected revenue per purchase, by segment id
 * @param shareBelowList share of expected purchases made below the list price
 * @param shareOfOracleProfit profit as a share of the oracle's on the same requests
 */
public record PolicyResult(
    String policy,
    int requests,
    double profitPerRequest,
    double revenuePerRequest,
    double conversion,
    double averagePricePaid,
    Map<String, Double> averagePricePaidBySegment,
    double shareBelowList,
    double shareOfOracleProfit) {

  /** Validates and copies every component. */
  public PolicyResult {
    Policies.requireName(policy);
    if (requests <= 0) {
      throw new IllegalArgumentException("requests must be positive, found " + requests);
    }
    finite(profitPerRequest, "profitPerRequest");
    finite(revenuePerRequest, "revenuePerRequest");
    finite(conversion, "conversion");
    finite(averagePricePaid, "averagePricePaid");
    finite(shareBelowList, "shareBelowList");
    finite(shareOfOracleProfit, "shareOfOracleProfit");
    averagePricePaidBySegment = Map.copyOf(Objects.requireNonNull(averagePricePaidBySegment, "averagePricePaidBySegment"));
  }

  static double finite(double v, String field) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(field + " must be finite, found " + v);
    }
    return v;
  }
}
