package dev.pricing.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pricing.api.Customer;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.PriceLadder;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.Product;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For logistic demand {@code d(p) = sigmoid(a - b p)} and unit cost {@code c}, profit {@code (p - c) d(p)} is
 * maximised at {@code p* = c + (1 + W(exp(a - b c - 1))) / b}, with W the Lambert W function. The engine must
 * land within one ladder step of it with the continuous refinement (the default), and within one grid
 * step without it.
 */
class OptimiserClosedFormTest {

  static Stream<Arguments> curves() {
    return Stream.of(
        Arguments.of(3.0, 0.25, "6.00", "20.00", PriceLadder.MINOR_UNIT, 0.01),
        Arguments.of(5.0, 0.10, "20.00", "60.00", PriceLadder.MINOR_UNIT, 0.01),
        Arguments.of(2.0, 0.50, "2.00", "8.00", PriceLadder.step(5), 0.05),
        Arguments.of(4.0, 0.08, "15.00", "49.99", PriceLadder.NINETY_NINE, 1.00),
        Arguments.of(1.0, 1.50, "0.50", "2.99", PriceLadder.MINOR_UNIT, 0.01));
  }

  @ParameterizedTest
  @MethodSource("curves")
  void price_withinOneStepOfClosedForm(double a, double b, String cost, String list, PriceLadder ladder, double step) {
    double c = Double.parseDouble(cost);
    double optimum = c + (1 + lambertW(Math.exp(a - b * c - 1))) / b;
    LogisticDemandModel model = LogisticDemandModel.builder().intercept(a).priceCoefficient(b)
        .priceScale(LogisticDemandModel.PriceScale.ABSOLUTE).build();
    Product p = Product.builder("x", "USD").listPrice(list).unitCost(cost).category("c").build();
    for (boolean refine : new boolean[] {true, false}) {
      try (PricingEngine engine = PricingEngine.builder().demandModel(model).ladder(ladder).refine(refine)
          .searchRange(0.05, 3).build()) {
        PriceDecision d = engine.price(Fixtures.request(Customer.anonymous(), p));
        // Without refinement the engine can only be as fine as its grid of 48 candidates over the range.
        double tolerance = refine ? step : Math.max(step, (3 - 0.05) * Double.parseDouble(list) / 47) + step;
        assertThat(Math.abs(d.price().doubleValue() - optimum))
            .as("refine=%s optimum=%s price=%s", refine, optimum, d.price())
            .isLessThanOrEqualTo(tolerance + 1e-9);
      }
    }
  }

  /** Principal branch of Lambert W for x >= 0, by Halley's iteration. */
  static double lambertW(double x) {
    double w = x < 1 ? x : Math.log(x) - Math.log(Math.log(x) + 1e-300 + (x < Math.E ? 1 : 0));
    if (x >= 1 && w <= 0) {
      w = 0.5;
    }
    for (int i = 0; i < 100; i++) {
      double ew = Math.exp(w);
      double f = w * ew - x;
      double next = w - f / (ew * (w + 1) - (w + 2) * f / (2 * w + 2));
      if (Math.abs(next - w) < 1e-15 * (1 + Math.abs(w))) {
        return next;
      }
      w = next;
    }
    return w;
  }
}
