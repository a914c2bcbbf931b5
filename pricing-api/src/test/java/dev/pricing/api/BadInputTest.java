package dev.pricing.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pricing.api.spi.DemandModel;
import dev.pricing.api.spi.EngineConfig;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every bad-input case of issue 14, refused at the boundary with a message that names the field and shows
 * the value (the before/after table in docs/validation.md).
 */
class BadInputTest {
  private static final Instant T = Instant.parse("2026-11-24T10:00:00Z");

  private static Product.Builder product() {
    return Product.builder("sku-1", "USD").unitCost("5.00").category("juice");
  }

  private static Product oj() {
    return product().listPrice("8.99").build();
  }

  private static final DemandModel MODEL = new DemandModel() {
    @Override
    public String version() {
      return "m";
    }

    @Override
    public DemandKind kind() {
      return DemandKind.CONVERSION_PROBABILITY;
    }

    @Override
    public Scorer bind(FeatureSchema schema) {
      return (x, prices, count, out) -> java.util.Arrays.fill(out, 0, count, 0.5);
    }
  };

  @Test
  void listPriceZero() {
    assertThatThrownBy(() -> product().listPrice("0")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("product.listPrice must be positive, found 0");
  }

  @Test
  void referencePriceZero() {
    assertThatThrownBy(() -> Market.of(1, T).withReferencePrice(BigDecimal.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("market.referencePrice must be positive, found 0");
  }

  @Test
  void referencePriceFarFromList() {
    Market m = Market.of(1, T).withReferencePrice(new BigDecimal("1000.00"));
    assertThatThrownBy(() -> PricingRequest.of(Customer.anonymous(), oj(), m))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("market.referencePrice 1000.00 must lie between 1/100 and 10 times product.listPrice 8.99");
    Market tiny = Market.of(1, T).withReferencePrice(new BigDecimal("0.05"));
    assertThatThrownBy(() -> PricingRequest.of(Customer.anonymous(), oj(), tiny)).hasMessageContaining("0.05");
    // A 90% markdown and a reference at 10x list are still accepted.
    PricingRequest.of(Customer.anonymous(), oj(), Market.of(1, T).withReferencePrice(new BigDecimal("0.90")));
    PricingRequest.of(Customer.anonymous(), oj(), Market.of(1, T).withReferencePrice(new BigDecimal("89.90")));
  }

  @Test
  void costAboveList() {
    assertThatThrownBy(() -> Product.builder("sku-1", "USD").listPrice("8.99").unitCost("12.00").category("c").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("product.unitCost 12.00 is above product.listPrice 8.99")
        .hasMessageContaining("allowCostAboveList");
    Product allowed = Product.builder("sku-1", "USD").listPrice("8.99").unitCost("12.00").category("c")
        .allowCostAboveList().build();
    assertThat(allowed.costAboveListAllowed()).isTrue();
  }

  @Test
  void textThatIsNoNumber() {
    assertThatThrownBy(() -> product().listPrice("abc")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("product.listPrice must be a decimal number, found 'abc'");
    assertThatThrownBy(() -> product().unitCost("1,50")).hasMessageContaining("product.unitCost")
        .hasMessageContaining("'1,50'");
    assertThatThrownBy(() -> Guardrail.floor("abc")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("floor must be a decimal number, found 'abc'");
    assertThatThrownBy(() -> Guardrail.ceiling("USD", "x")).hasMessage("ceiling must be a decimal number, found 'x'");
    assertThatThrownBy(() -> Guardrail.minimumAdvertisedPrice("")).hasMessageContaining("minimumAdvertisedPrice");
  }

  @Test
  void moneyBeyondTheRange() {
    assertThatThrownBy(() -> product().listPrice("1E+20")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("product.listPrice must be at most 100000000000, found 100000000000000000000");
    assertThatThrownBy(() -> Product.builder("s", "USD").unitCost("1e12")).hasMessageContaining("product.unitCost");
    assertThatThrownBy(() -> Guardrail.ceiling("USD", "92233720368547758.08")).hasMessageContaining("ceiling must be at most");
    assertThatThrownBy(() -> Market.of(1, T).withCompetitorPrices("USD", List.of(new BigDecimal("1e15"))))
        .hasMessageContaining("market.competitorPrices[0] must be at most");
    // The largest accepted amount prices exactly.
    Product.builder("s", "USD").listPrice("100000000000").unitCost("1").category("c").build();
  }

  @Test
  void ceilingZero() {
    assertThatThrownBy(() -> Guardrail.ceiling("0")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ceiling must be positive, found 0");
    assertThatThrownBy(() -> Guardrail.floor("USD", "0.00")).hasMessage("floor must be positive, found 0.00");
    assertThatThrownBy(() -> Guardrail.minimumAdvertisedPrice("-1")).hasMessageContaining("-1");
  }

  @Test
  void subCentLadderPoint() {
    assertThatThrownBy(() -> PriceLadder.points("USD", List.of(new BigDecimal("9.995"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("points[0] 9.995 has more decimal places than USD allows (2)");
    assertThatThrownBy(() -> PriceLadder.points("JPY", List.of(new BigDecimal("9.99")))).hasMessageContaining("JPY");
    assertThatThrownBy(() -> PriceLadder.points("USD", List.of(BigDecimal.ZERO))).hasMessageContaining("positive");
    PriceLadder l = PriceLadder.points("BHD", List.of(new BigDecimal("9.995")));
    assertThat(l.currency().orElseThrow().getCurrencyCode()).isEqualTo("BHD");
    assertThat(PriceLadder.NINETY_NINE.currency()).isEmpty();
  }

  @Test
  void nullReferencePrice() {
    assertThatThrownBy(() -> Market.of(1, T).withReferencePrice(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("market.referencePrice must not be null");
  }

  @Test
  void hugeSpend() {
    assertThatThrownBy(() -> new BehaviourSummary(1, 0, 0, 0, 1, 1e308, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("behaviour.monetaryValue must be at most 1e11, found 1.0E308");
  }

  @Test
  void purchasesAboveViews_accepted() {
    // Documented: purchases may come from another channel than the page views (docs/validation.md).
    BehaviourSummary b = new BehaviourSummary(2, 0, 5, 9, 3, 120, 0.1);
    assertThat(b.purchases()).isGreaterThan(b.views());
  }

  @Test
  void competitorPriceZero() {
    assertThatThrownBy(() -> Market.of(1, T).withCompetitorPrices("USD", List.of(BigDecimal.ZERO)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("market.competitorPrices[0] must be positive, found 0");
    assertThatThrownBy(() -> new Market(List.of(new BigDecimal("1.00"), BigDecimal.ZERO), 1, 0, T, Channel.WEB,
        Optional.empty(), Optional.of(java.util.Currency.getInstance("USD"))))
        .hasMessageContaining("market.competitorPrices[1]");
  }

  @Test
  void tooManyCompetitorPrices() {
    List<BigDecimal> many = Collections.nCopies(10_000, new BigDecimal("9.99"));
    assertThatThrownBy(() -> Market.of(1, T).withCompetitorPrices("USD", many))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("market.competitorPrices must hold at most 64 entries, found 10000");
    Market.of(1, T).withCompetitorPrices("USD", Collections.nCopies(64, new BigDecimal("9.99")));
  }

  @Test
  void competitorPricesInAnotherCurrency() {
    Product yen = Product.builder("tea", "JPY").listPrice("1980").unitCost("900").category("tea").build();
    Market usd = Market.of(1, T).withCompetitorPrices("USD", List.of(new BigDecimal("18.49")));
    assertThatThrownBy(() -> PricingRequest.of(Customer.anonymous(), yen, usd))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("market.currency USD does not match product.currency JPY");
    // Competitor prices always carry a currency: a market with some and none is refused at construction.
    @SuppressWarnings("deprecation")
    Throwable plain = org.assertj.core.api.Assertions.catchThrowable(
        () -> new Market(List.of(new BigDecimal("18.49")), 1, 0, T, Channel.WEB, Optional.empty()));
    assertThat(plain).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("market.currency must be given with competitor prices, found none for 1 competitor"
            + " price(s) [18.49]");
    assertThatThrownBy(() -> new Market(List.of(new BigDecimal("18.49")), 1, 0, T, Channel.WEB, Optional.empty(),
        Optional.empty())).hasMessageStartingWith("market.currency must be given with competitor prices");
    // in the product's currency, 18.49 is no yen amount
    Market inYen = Market.of(1, T).withCompetitorPrices("JPY", List.of(new BigDecimal("1849")));
    assertThat(PricingRequest.of(Customer.anonymous(), yen, inYen).market().currency()).contains(
        java.util.Currency.getInstance("JPY"));
    assertThatThrownBy(() -> Market.of(1, T).withCompetitorPrices("JPY", List.of(new BigDecimal("18.49"))))
        .hasMessageContaining("market.competitorPrices[0] 18.49 has more decimal places than JPY allows (0)");
    assertThatThrownBy(() -> usd.withCompetitorPrices("EUR", List.of())).hasMessageContaining("market.currency is USD");
  }

  @Test
  void engineFloorWithoutCurrency() {
    assertThatThrownBy(() -> PricingEngine.builder().guardrail(Guardrail.floor("8.50")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("guardrail floor(8.50) must name its currency on an engine")
        .hasMessageContaining("Guardrail.floor(\"USD\", \"8.50\")");
    PricingEngine.builder().guardrail(Guardrail.floor("USD", "8.50"));
    // On a product the currency is the product's; naming another is refused.
    assertThatThrownBy(() -> product().listPrice("9.99").guardrail(Guardrail.floor("EUR", "8.50")))
        .hasMessageContaining("is in EUR, not USD");
    assertThatThrownBy(() -> Product.builder("t", "JPY").guardrail(Guardrail.floor("8.50")))
        .hasMessageContaining("8.50 has more decimal places than JPY allows");
  }

  @Test
  void alreadySet_showsBothValuesReadably() {
    assertThatThrownBy(() -> PricingEngine.builder().searchRange(0.5, 2.0).searchRange(0.6, 1.5))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("searchRange was already set to [0.5, 2.0]; cannot set it to [0.6, 1.5]");
    assertThatThrownBy(() -> product().listPrice("9.99").listPrice(new BigDecimal("1E+1")))
        .hasMessage("product.listPrice was already set to 9.99; cannot set it to 10");
    assertThatThrownBy(() -> PricingEngine.builder().circuitBreaker(5, java.time.Duration.ofSeconds(1))
        .circuitBreaker(3, java.time.Duration.ofSeconds(2)))
        .hasMessage("circuitBreaker was already set to [5, PT1S]; cannot set it to [3, PT2S]");
    assertThatThrownBy(() -> product().build()).isInstanceOf(IllegalStateException.class)
        .hasMessage("product.listPrice is required but was not set");
  }

  @Test
  void engineConfigValidatesItself() {
    assertThatThrownBy(() -> config(1, 0.5, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxCandidates must be in [2, 1024], found 1");
    assertThatThrownBy(() -> config(48, Double.NaN, 0)).hasMessage("searchRange.minRatio must be in [0, 1], found NaN");
    assertThatThrownBy(() -> config(48, 0.5, -1)).hasMessage("paymentFeeRate must be in [0, 1), found -1.0");
    assertThat(config(48, 0.5, 0).maxCandidates()).isEqualTo(48);
    assertThatThrownBy(() -> new EngineConfig(List.of(), MODEL, List.of(Guardrail.floor("1.00")),
        PriceLadder.NINETY_NINE, Objective.profit(), false, false, 0, 48, true, 0.5, 2, List.of(), List.of(), null,
        true, 0, 5, 1_000_000_000L, 0, 2, false, Map.of(), 0, 1L))
        .hasMessageContaining("engine-level floor(1.00) must name its currency");
  }

  private static EngineConfig config(int maxCandidates, double searchMin, double fee) {
    return new EngineConfig(List.of(), MODEL, List.of(), PriceLadder.NINETY_NINE, Objective.profit(), false, false,
        fee, maxCandidates, true, searchMin, 2, List.of(), List.of(), null, true, 0, 5, 1_000_000_000L, 0, 2, false,
        Map.of(), 0, 1L);
  }

  @Test
  void collectionBounds() {
    String longId = "x".repeat(257);
    assertThatThrownBy(() -> Product.builder(longId, "USD")).hasMessageContaining("product.id must be at most 256");
    assertThatThrownBy(() -> product().title("t".repeat(4_097))).hasMessageContaining("product.title must be at most 4096");
    assertThatThrownBy(() -> Customer.of(longId, BehaviourSummary.empty())).hasMessageContaining("customer.id");
    List<BehaviourEvent> events = new ArrayList<>();
    for (int i = 0; i < 1_001; i++) {
      events.add(new BehaviourEvent(BehaviourEvent.Type.VIEW, "p", "", T));
    }
    assertThatThrownBy(() -> new Customer("c", BehaviourSummary.empty(), events, Map.of()))
        .hasMessage("customer.recentEvents must hold at most 1000 entries, found 1001");
    Product.Builder b = product().listPrice("9.99");
    for (int i = 0; i < 256; i++) {
      b.attribute("a" + i, i);
    }
    b.build();
    assertThatThrownBy(() -> b.attribute("one-more", 1).build())
        .hasMessage("product.attributes must hold at most 256 entries, found 257");
    assertThatThrownBy(() -> product().attribute("size", Double.NaN))
        .hasMessage("product.attributes[size] must be finite, found NaN");
  }
}
