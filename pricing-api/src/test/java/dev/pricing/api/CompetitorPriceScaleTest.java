package dev.pricing.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A request's competitor prices are checked without building their field names or stripping their zeros when
 * they are valid; the checks accept and refuse exactly what they did, with the same messages.
 */
class CompetitorPriceScaleTest {
  private static final Product PRODUCT = Product.builder("p", "USD").listPrice("20.00").unitCost("5").category("c")
      .title("t").build();

  private static PricingRequest request(String... prices) {
    List<BigDecimal> comp = java.util.Arrays.stream(prices).map(BigDecimal::new).toList();
    Market m = new Market(comp, 10, 1, Instant.EPOCH, Channel.WEB, Optional.empty(),
        Optional.of(java.util.Currency.getInstance("USD")));
    return PricingRequest.of(Customer.anonymous(), PRODUCT, m);
  }

  @Test
  void trailingZerosBeyondTheMinorUnit_areAccepted_moreDigitsAreNot_namingTheIndex() {
    assertThat(request("18.49", "18.490", "18.4900000", "19").market().competitorPrices()).hasSize(4);
    assertThatThrownBy(() -> request("18.49", "18.491"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("market.competitorPrices[1] 18.491 has more decimal places than USD allows (2)");
    assertThatThrownBy(() -> request("18.49", "19.00", "18.4900000000000000001"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("market.competitorPrices[2] must have at most 18 decimal places");
  }
}
