package dev.pricing.core.markdown;

import dev.pricing.api.Product;
import java.math.BigDecimal;

/** Parametric test demand: lambda_t(p) = base * decay^t * exp(-elasticity * (p / list - 1)), per product. */
record TestDemand(double[] base, double decay, double elasticity, double[] list) implements MarkdownDemand {

  static TestDemand of(double base, double decay, double elasticity, double list) {
    return new TestDemand(new double[] {base}, decay, elasticity, new double[] {list});
  }

  @Override
  public void expectedUnits(int product, int period, double[] prices, int count, double[] out) {
    for (int i = 0; i < count; i++) {
      out[i] = base[product] * Math.pow(decay, period) * Math.exp(-elasticity * (prices[i] / list[product] - 1));
    }
  }

  static Product product(String id, String list, String cost) {
    return Product.builder(id, "USD").listPrice(new BigDecimal(list)).unitCost(new BigDecimal(cost))
        .category("fashion").build();
  }
}
