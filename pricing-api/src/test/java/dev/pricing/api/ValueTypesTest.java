package dev.pricing.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ValueTypesTest {

  private static Product.Builder product() {
    return Product.builder("sku-1", "USD").listPrice("19.99").unitCost("11.40").category("juice");
  }

  @Test
  void product_valid() {
    Product p = product().title("Orange juice 64 oz").attribute("size_oz", 64).build();
    assertThat(p.listPrice()).isEqualByComparingTo("19.99");
    assertThat(p.currency().getCurrencyCode()).isEqualTo("USD");
    assertThat(p.attributes()).containsEntry("size_oz", 64.0);
  }

  @Test
  void product_unknownCurrency() {
    assertThatThrownBy(() -> Product.builder("sku", "XYZ"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("product.currency")
        .hasMessageContaining("XYZ");
  }

  @Test
  void product_currencyWithoutMinorUnit() {
    assertThatThrownBy(() -> Product.builder("sku", "XXX"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("XXX");
  }

  @Test
  void product_negativeListPrice() {
    assertThatThrownBy(() -> Product.builder("sku-1", "USD").listPrice("-1.00"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("product.listPrice")
        .hasMessageContaining("-1.00");
  }

  @Test
  void product_listPriceFinerThanMinorUnit() {
    assertThatThrownBy(() -> Product.builder("sku-1", "USD").listPrice("9.999"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("product.listPrice 9.999")
        .hasMessageContaining("USD");
  }

  @Test
  void product_missingListPrice() {
    assertThatThrownBy(() -> Product.builder("sku", "USD").unitCost("1").category("c").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("product.listPrice");
  }

  @Test
  void product_nanAttribute() {
    assertThatThrownBy(() -> product().attribute("size", Double.NaN).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("product.attributes[size]")
        .hasMessageContaining("NaN");
  }

  @Test
  void product_floorAboveCeiling() {
    assertThatThrownBy(() -> product().guardrail(Guardrail.floor("12.00")).guardrail(Guardrail.ceiling("10.00")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("floor 12.00 is above ceiling 10.00");
  }

  @Test
  void product_blankId() {
    assertThatThrownBy(() -> Product.builder(" ", "USD").listPrice("1").unitCost("1").category("c").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("product.id");
  }

  @Test
  void behaviour_negativeCount() {
    assertThatThrownBy(() -> new BehaviourSummary(-1, 0, 0, 0, 1, 0, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("views")
        .hasMessageContaining("-1");
  }

  @Test
  void behaviour_rateOutOfRange() {
    assertThatThrownBy(() -> new BehaviourSummary(0, 0, 0, 0, 1, 0, 1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("discountResponseRate")
        .hasMessageContaining("1.5");
  }

  @Test
  void behaviour_nanRecency() {
    assertThatThrownBy(() -> new BehaviourSummary(0, 0, 0, 0, Double.NaN, 0, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("daysSinceLastPurchase");
  }

  @Test
  void market_negativeCompetitorPrice() {
    assertThatThrownBy(() -> Market.of(10, Instant.EPOCH).withCompetitorPrices("USD", List.of(new BigDecimal("-3"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("market.competitorPrices[0]");
  }

  @Test
  void market_infiniteSalesRate() {
    assertThatThrownBy(() -> Market.of(10, Instant.EPOCH).withDailySalesRate(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("market.dailySalesRate")
        .hasMessageContaining("Infinity");
  }

  @Test
  void market_negativeInventory() {
    assertThatThrownBy(() -> Market.of(-5, Instant.EPOCH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("market.inventoryUnits")
        .hasMessageContaining("-5");
  }

  @Test
  void request_referencePriceFinerThanCurrency() {
    Product p = product().build();
    Market m = Market.of(1, Instant.EPOCH).withReferencePrice(new BigDecimal("19.995"));
    assertThatThrownBy(() -> PricingRequest.of(Customer.anonymous(), p, m))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("market.referencePrice 19.995");
  }

  @Test
  void request_referencePriceDefaultsToList() {
    PricingRequest r = PricingRequest.of(Customer.anonymous(), product().build(), Market.of(1, Instant.EPOCH));
    assertThat(r.referencePrice()).isEqualByComparingTo("19.99");
  }

  @Test
  void customer_attributesCopied() {
    var attrs = new java.util.HashMap<String, Double>();
    attrs.put("loyalty", 0.7);
    Customer c = new Customer("c1", BehaviourSummary.empty(), List.of(), attrs);
    attrs.put("loyalty", 0.1);
    assertThat(c.attributes()).containsEntry("loyalty", 0.7);
    assertThatThrownBy(() -> c.attributes().put("x", 1.0)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void customer_nullAttributeValue() {
    var attrs = new java.util.HashMap<String, Double>();
    attrs.put("loyalty", null);
    assertThatThrownBy(() -> new Customer("c1", BehaviourSummary.empty(), List.of(), attrs))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("customer.attributes");
  }

  @Test
  void guardrails_validation() {
    assertThatThrownBy(() -> Guardrail.minimumMargin(1.0)).hasMessageContaining("minimumMargin.fraction");
    assertThatThrownBy(() -> Guardrail.maxChange(-0.1)).hasMessageContaining("maxChange.fraction");
    assertThatThrownBy(() -> Guardrail.floor("-1")).hasMessageContaining("floor");
    assertThatThrownBy(() -> Guardrail.beatCompetitors(Double.NaN)).hasMessageContaining("beatCompetitors.fraction");
    assertThatThrownBy(() -> new Guardrail.CompetitorBand(Guardrail.CompetitorReference.MIN, 1.2, 1.1))
        .hasMessageContaining("competitorBand.maxRatio 1.1");
    assertThat(Guardrail.beatCompetitors(0.05)).isEqualTo(
        new Guardrail.CompetitorBand(Guardrail.CompetitorReference.MIN, 0, 0.95));
  }

  @Test
  void objective_value() {
    assertThat(Objective.profit().value(10, 6, 0.0, 0.5)).isEqualTo(2.0);
    assertThat(Objective.revenue().value(10, 6, 0.0, 0.5)).isEqualTo(5.0);
    assertThat(Objective.blend(0.5).value(10, 6, 0.1, 0.5)).isCloseTo(0.5 * 1.5 + 0.5 * 5.0, org.assertj.core.data.Offset.offset(1e-12));
    assertThatThrownBy(() -> Objective.blend(1.1)).hasMessageContaining("objective.profitWeight");
  }

  @Test
  void featureSchema_duplicate() {
    assertThatThrownBy(() -> FeatureSchema.of(List.of("a", "b", "a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a' appears twice");
  }

  @Test
  void featureVector_nonFinite() {
    FeatureSchema s = FeatureSchema.of(List.of("a", "b"));
    assertThatThrownBy(() -> FeatureVector.of(s, new double[] {1, Double.NaN}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("feature 'b'")
        .hasMessageContaining("NaN");
    double[] values = {1, 2};
    FeatureVector v = FeatureVector.of(s, values);
    values[0] = 99;
    assertThat(v.get("a")).isEqualTo(1.0);
    assertThat(v).isEqualTo(FeatureVector.of(s, new double[] {1, 2}));
    assertThatThrownBy(() -> v.get("c")).hasMessageContaining("'c'");
  }

  @Test
  void priceDecision_disclosure() {
    PriceDecision d = new PriceDecision(1, "p", java.util.Currency.getInstance("USD"), new BigDecimal("9.99"),
        new BigDecimal("9.99"), new BigDecimal("9.99"), 0.5, 5, 2, new BigDecimal("9.99"), 2, Optional.empty(),
        List.of(ReasonCode.OPTIMISED), "v1", true, 1, List.of());
    assertThat(d.disclosure()).contains("THIS PRICE WAS SET BY AN ALGORITHM USING YOUR PERSONAL DATA");
    assertThatThrownBy(() -> new PriceDecision(1, "p", java.util.Currency.getInstance("USD"), new BigDecimal("9.99"),
        new BigDecimal("9.99"), new BigDecimal("9.99"), Double.NaN, 5, 2, new BigDecimal("9.99"), 2, Optional.empty(),
        List.of(ReasonCode.OPTIMISED), "v1", false, 1, List.of()))
        .hasMessageContaining("expectedConversion");
  }

  @Test
  void builder_optionTwice() {
    PricingEngine.Builder b = PricingEngine.builder().objective(Objective.profit());
    assertThatThrownBy(() -> b.objective(Objective.revenue()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("objective");
    assertThatThrownBy(() -> PricingEngine.builder().maxCandidates(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxCandidates must be in [2, 1024], found 1");
    assertThatThrownBy(() -> PricingEngine.builder().paymentFeeRate(Double.NaN))
        .hasMessageContaining("paymentFeeRate");
    assertThatThrownBy(() -> PricingEngine.builder().searchRange(0.5, 0.9))
        .hasMessageContaining("searchRange.maxRatio");
  }

  @Test
  void builder_noModel() {
    assertThatThrownBy(() -> PricingEngine.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("demandModel");
  }

  @Test
  void customer_anonymous() {
    assertThat(Customer.anonymous().behaviour()).isEqualTo(BehaviourSummary.empty());
    assertThat(Customer.of("c", BehaviourSummary.empty()).attributes()).isEqualTo(Map.of());
  }
}
