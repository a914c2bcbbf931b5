package dev.pricing.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class PriceLadderTest {

  @Test
  void ninetyNine_ceilAndFloor() {
    PriceLadder l = PriceLadder.NINETY_NINE;
    assertThat(l.ceil(1500, 2)).isEqualTo(1599);
    assertThat(l.ceil(1599, 2)).isEqualTo(1599);
    assertThat(l.ceil(1600, 2)).isEqualTo(1699);
    assertThat(l.floor(1600, 2)).isEqualTo(1599);
    assertThat(l.floor(1598, 2)).isEqualTo(1499);
    assertThat(l.floor(98, 2)).isEqualTo(-1);
    assertThat(l.ceil(0, 2)).isEqualTo(99);
    assertThat(l.contains(new BigDecimal("19.99"), 2)).isTrue();
    assertThat(l.contains(new BigDecimal("19.98"), 2)).isFalse();
    assertThat(l.contains(new BigDecimal("19.995"), 2)).isFalse();
  }

  @Test
  void ninetyNine_yenKeepsEnding() {
    // JPY has no minor unit: the ladder is 99, 199, ... yen.
    assertThat(PriceLadder.NINETY_NINE.ceil(1950, 0)).isEqualTo(1999);
  }

  @Test
  void multipleEndings() {
    PriceLadder l = PriceLadder.FORTY_NINE_NINETY_NINE;
    assertThat(l.ceil(1450, 2)).isEqualTo(1499);
    assertThat(l.ceil(1400, 2)).isEqualTo(1449);
    assertThat(l.floor(1498, 2)).isEqualTo(1449);
    assertThat(l.floor(1448, 2)).isEqualTo(1399);
  }

  @Test
  void step_five() {
    PriceLadder l = PriceLadder.step(5);
    assertThat(l.ceil(101, 2)).isEqualTo(105);
    assertThat(l.floor(104, 2)).isEqualTo(100);
    assertThat(l.contains(0, 2)).isTrue();
  }

  @Test
  void points_ceilFloor() {
    PriceLadder l = PriceLadder.points("USD", List.of(new BigDecimal("9.99"), new BigDecimal("4.99"), new BigDecimal("14.50")));
    assertThat(l.ceil(500, 2)).isEqualTo(999);
    assertThat(l.ceil(1451, 2)).isEqualTo(Long.MAX_VALUE);
    assertThat(l.floor(1449, 2)).isEqualTo(999);
    assertThat(l.floor(100, 2)).isEqualTo(-1);
    assertThatThrownBy(() -> l.ceil(500, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 fraction digits");
  }

  @Test
  void endings_validation() {
    assertThatThrownBy(() -> PriceLadder.endings(0, 0)).hasMessageContaining("modulusMinorUnits must be positive, found 0");
    assertThatThrownBy(() -> PriceLadder.endings(100, 100)).hasMessageContaining("endings[0] must be in [0, 100), found 100");
    assertThatThrownBy(() -> PriceLadder.endings(100, 5, 5)).hasMessageContaining("must not repeat");
    assertThatThrownBy(() -> PriceLadder.points("USD", List.of())).hasMessageContaining("points must not be empty");
  }
}
