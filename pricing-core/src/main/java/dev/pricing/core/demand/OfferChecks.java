package dev.pricing.core.demand;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.OptionalDouble;

/** The validation shared by {@link OfferRecord} and {@link LoggedExample}: one rule per field. */
final class OfferChecks {
  private OfferChecks() {}

  /** The offered price, the logging propensity and the outcome of one offer. */
  static void check(BigDecimal offeredPrice, OptionalDouble propensity, double units) {
    Objects.requireNonNull(offeredPrice, "offeredPrice must not be null");
    Objects.requireNonNull(propensity, "propensity must not be null (use OptionalDouble.empty())");
    if (offeredPrice.signum() <= 0) {
      throw new IllegalArgumentException("offeredPrice must be positive, found " + offeredPrice.toPlainString());
    }
    if (propensity.isPresent()) {
      double q = propensity.getAsDouble();
      if (!(q > 0 && q <= 1)) {
        throw new IllegalArgumentException("propensity must be in (0, 1], found " + q);
      }
    }
    if (!Double.isFinite(units) || units < 0) {
      throw new IllegalArgumentException("units must be finite and non-negative, found " + units);
    }
  }
}
