package dev.pricing.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pricing.api.Customer;
import dev.pricing.api.Market;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import dev.pricing.api.spi.FeatureExtractor;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Product indicators: one per listed product, all zero for any other product, and names refused when bad. */
class ProductIndicatorsTest {
  private static PricingRequest request(String productId) {
    Product p = Product.builder(productId, "EUR").listPrice("10").unitCost("4").category("c").title("t").build();
    return PricingRequest.of(Customer.anonymous(), p, Market.of(10, Instant.parse("2026-01-01T00:00:00Z")));
  }

  @Test
  void oneIndicatorPerListedProduct_andZerosForAnyOther() {
    FeatureExtractor e = FeatureExtractors.productIndicators(List.of("a", "b", "c"));
    assertThat(e.featureNames()).containsExactly("product.id.a", "product.id.b", "product.id.c");
    assertThat(e.personal()).isFalse();
    double[] out = {9, 9, 9, 9, 9};
    e.extract(request("b"), out, 1);
    assertThat(out).containsExactly(9, 0, 1, 0, 9);
    e.extract(request("zzz"), out, 1);
    assertThat(out).containsExactly(9, 0, 0, 0, 9);
  }

  @Test
  void badIds_areRefusedByName() {
    assertThatThrownBy(() -> FeatureExtractors.productIndicators(List.of("a", "a")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("productIds").hasMessageContaining("a");
    assertThatThrownBy(() -> FeatureExtractors.productIndicators(List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("productIds");
    assertThatThrownBy(() -> FeatureExtractors.productIndicators(List.of(" ")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("productIds");
  }
}
