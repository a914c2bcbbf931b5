package dev.pricing.core.demand;

import dev.pricing.api.FeatureVector;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One offer as a decision log recorded it: the feature vector the engine computed when it priced the request
 * (so training needs no re-extraction and sees exactly what serving saw), the price shown, the propensity
 * with which it was chosen, and the outcome. {@link DemandModelTrainer#trainLogged} trains on these with the
 * same code as {@link DemandModelTrainer#train}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param features the feature vector, over the trainer's schema
 * @param offeredPrice the price shown, positive
 * @param propensity the probability the logging policy had of showing this price, in (0, 1], if known
 * @param units units bought (0 or 1 for conversion), finite and non-negative
 * @param time the offer's market time (used by time-based validation splits)
 * @param customerKey the customer's pseudonym (used by {@link ValidationSplit.ByCustomer}), not blank
 */
public record LoggedExample(FeatureVector features, BigDecimal offeredPrice, OptionalDouble propensity, double units,
    Instant time, String customerKey) {

  /**
   * Validates every component.
   *
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException naming the field and value if the price is not positive, the propensity
   *     is outside (0, 1], the units are negative or not finite, or the customer key is blank
   */
  public LoggedExample {
    Objects.requireNonNull(features, "features must not be null");
    OfferChecks.check(offeredPrice, propensity, units);
    Objects.requireNonNull(time, "time must not be null");
    Objects.requireNonNull(customerKey, "customerKey must not be null");
    if (customerKey.isBlank()) {
      throw new IllegalArgumentException("customerKey must not be blank, found '" + customerKey + "'");
    }
  }
}
