package dev.pricing.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pricing.api.PricingEngine;
import dev.pricing.api.PriceLadder;
import dev.pricing.core.FeatureExtractors;
import dev.pricing.core.LogisticDemandModel;
import dev.pricing.core.bundle.Complementarity;
import dev.pricing.core.demand.DemandAlgorithm;
import dev.pricing.core.demand.DemandModelTrainer;
import dev.pricing.core.demand.QualityGate;
import dev.pricing.core.demand.Retrainer;
import dev.pricing.core.trend.EventCalendar;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The builder convention (docs/validation.md) on the builders that issue 14 left unconverted: a bad value is
 * refused at the setter naming the field and the value, a single-valued option set twice is refused showing
 * both values, {@code build()} names a missing required option, and the built object prints readably.
 */
class BuilderConventionTest {
  @TempDir
  Path dir;

  @Test
  void marketSimulatorBuilder() {
    assertThatThrownBy(() -> MarketSimulator.builder().customers(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("customers must be in [1, 1000000], found 0");
    assertThatThrownBy(() -> MarketSimulator.builder().seed(1).seed(2)).isInstanceOf(IllegalStateException.class)
        .hasMessage("marketSimulator.seed was already set to 1; cannot set it to 2");
    assertThatThrownBy(() -> MarketSimulator.builder().feeRate(0.02).feeRate(0.03))
        .hasMessage("marketSimulator.feeRate was already set to 0.02; cannot set it to 0.03");
    assertThatThrownBy(() -> MarketSimulator.builder().ladder(PriceLadder.NINETY_NINE).ladder(PriceLadder.MINOR_UNIT))
        .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("marketSimulator.ladder was already set");
    MarketSimulator sim = MarketSimulator.builder().seed(5).products(2).customers(10).horizonDays(3).build();
    assertThat(sim.toString()).startsWith("MarketSimulator{seed=5, products=2, customers=10, horizonDays=3, ");
  }

  @Test
  void demandModelTrainerBuilder() {
    assertThatThrownBy(() -> DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_SGD).build())
        .isInstanceOf(IllegalStateException.class).hasMessage("trainer.extractors is required but was not set");
    assertThatThrownBy(() -> DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_SGD).version(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("version must not be blank, found ' '");
    assertThatThrownBy(() -> DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_SGD).inversePropensityWeighting(0.5))
        .hasMessage("inversePropensityWeighting cap must be finite and at least 1, found 0.5");
    DemandModelTrainer t = DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_SGD)
        .extractors(FeatureExtractors.standard()).epochs(3).version("v7").build();
    assertThat(t.toString()).startsWith("DemandModelTrainer{algorithm=" + DemandAlgorithm.LOGISTIC_SGD.id())
        .contains("epochs=3, learningRate=0.5").contains("version='v7'").doesNotContain("maxDepth").doesNotContain("@");
    // a second setting is refused, showing both values, instead of silently winning
    assertThatThrownBy(() -> DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_SGD).epochs(3).epochs(50))
        .isInstanceOf(IllegalStateException.class).hasMessage("trainer.epochs was already set to 3; cannot set it to 50");
    assertThatThrownBy(() -> DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_GLM).version("a").version("b"))
        .isInstanceOf(IllegalStateException.class).hasMessage("trainer.version was already set to 'a'; cannot set it to 'b'");
  }

  @Test
  void retrainerBuilder() {
    DemandModelTrainer t = DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_SGD)
        .extractors(FeatureExtractors.standard()).build();
    LogisticDemandModel m = LogisticDemandModel.builder().version("m").intercept(0).priceCoefficient(2).build();
    try (PricingEngine engine = PricingEngine.builder().demandModel(m).build()) {
      assertThatThrownBy(() -> Retrainer.builder(dir, t, engine).window(Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("window must be positive, found PT0S");
      assertThatThrownBy(() -> Retrainer.builder(dir, t, engine).window(Duration.ofDays(7)).window(Duration.ofDays(1)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("retrainer.window was already set to PT168H; cannot set it to PT24H");
      assertThatThrownBy(() -> Retrainer.builder(dir, t, engine).gate(QualityGate.defaults())
          .gate(QualityGate.defaults())).isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("retrainer.gate was already set to QualityGate[");
      try (Retrainer r = Retrainer.builder(dir, t, engine).window(Duration.ofDays(7)).build()) {
        assertThat(r.toString()).startsWith("Retrainer{directory=" + dir + ", trainer=DemandModelTrainer{")
            .contains("window=PT168H").contains("gate=QualityGate[");
      }
    }
  }

  @Test
  void eventCalendarBuilder() {
    assertThatThrownBy(() -> EventCalendar.builder(ZoneOffset.UTC).dayOfWeek(DayOfWeek.MONDAY, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("dayOfWeek[MONDAY] must be positive and finite, found 0.0");
    assertThatThrownBy(() -> EventCalendar.builder(ZoneOffset.UTC).dayOfWeek(DayOfWeek.MONDAY, 1.2)
        .dayOfWeek(DayOfWeek.MONDAY, 0.9)).isInstanceOf(IllegalStateException.class)
        .hasMessage("eventCalendar.dayOfWeek[MONDAY] was already set to 1.2; cannot set it to 0.9");
    assertThatThrownBy(() -> EventCalendar.builder(ZoneOffset.UTC).event("sale", LocalDate.of(2026, 3, 2),
        LocalDate.of(2026, 3, 1), 1.3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("event.last must not be before event.first 2026-03-02, found 2026-03-01");
    EventCalendar c = EventCalendar.builder(ZoneOffset.UTC).dayOfWeek(DayOfWeek.SATURDAY, 1.4)
        .event("sale", LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 3), 1.3)
        .event("final", LocalDate.of(2026, 5, 30), LocalDate.of(2026, 5, 30), 2.0).build();
    assertThat(c).hasToString("EventCalendar{offset=Z, dayOfWeek={SATURDAY=1.4}, events=['sale' 2026-03-01..2026-03-03"
        + " x1.3, 'final' 2026-05-30 x2.0]}");
  }

  @Test
  void complementarityBuilder() {
    assertThatThrownBy(() -> Complementarity.matrix().pair("a", "a", 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("complementarity pair must name two different products, found a twice");
    assertThatThrownBy(() -> Complementarity.matrix().pair("press", "coffee", 1.5).pair("coffee", "press", 2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("complementarity.pair(coffee, press) was already set to 1.5; cannot set it to 2.0");
    assertThat(Complementarity.matrix().pair("press", "coffee", 1.5).pair("mug", "coffee", -0.5).build())
        .hasToString("Complementarity.Matrix{coffee+mug=-0.5, coffee+press=1.5}");
  }
}
