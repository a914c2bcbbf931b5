package dev.pricing.core.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class EventCalendarTest {
  static final EventCalendar CAL = EventCalendar.builder(ZoneOffset.ofHours(-5))
      .dayOfWeek(DayOfWeek.SATURDAY, 1.4)
      .dayOfWeek(DayOfWeek.SUNDAY, 1.2)
      .event("thanksgiving week", LocalDate.of(2026, 11, 23), LocalDate.of(2026, 11, 29), 1.5)
      .event("black friday", LocalDate.of(2026, 11, 27), LocalDate.of(2026, 11, 27), 2.0)
      .build();

  @Test
  void upliftsMultiply_overlappingEventsAndDayOfWeek() {
    // 2026-11-27 is a Friday: 1.5 * 2.0, no day-of-week factor.
    assertThat(CAL.uplift(Instant.parse("2026-11-27T15:00:00Z"))).isCloseTo(3.0, within(1e-12));
    // 2026-11-28 is a Saturday in the event week: 1.5 * 1.4.
    assertThat(CAL.uplift(Instant.parse("2026-11-28T15:00:00Z"))).isCloseTo(2.1, within(1e-12));
    assertThat(CAL.eventUplift(Instant.parse("2026-11-28T15:00:00Z"))).isEqualTo(1.5);
    assertThat(CAL.dayOfWeekFactor(Instant.parse("2026-11-28T15:00:00Z"))).isEqualTo(1.4);
    // Outside every event, a Tuesday: 1.
    assertThat(CAL.uplift(Instant.parse("2026-12-08T15:00:00Z"))).isEqualTo(1.0);
  }

  @Test
  void datesAreTakenAtTheCalendarsOffset() {
    // 03:00 UTC on the 28th is still the 27th at UTC-5 (Black Friday).
    assertThat(CAL.eventUplift(Instant.parse("2026-11-28T03:00:00Z"))).isCloseTo(3.0, within(1e-12));
    assertThat(CAL.eventUplift(Instant.parse("2026-11-28T06:00:00Z"))).isEqualTo(1.5);
  }

  @Test
  void none_isNeutral() {
    assertThat(EventCalendar.none().uplift(Instant.parse("2026-11-27T15:00:00Z"))).isEqualTo(1.0);
  }

  @Test
  void badEvents_areRejectedNamingTheField() {
    EventCalendar.Builder b = EventCalendar.builder(ZoneOffset.UTC);
    assertThatThrownBy(() -> b.event("x", LocalDate.of(2026, 1, 2), LocalDate.of(2026, 1, 1), 1.2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("event.last").hasMessageContaining("2026-01-01");
    assertThatThrownBy(() -> b.event("x", LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 1), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("event.uplift").hasMessageContaining("0.0");
    assertThatThrownBy(() -> b.event(" ", LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 1), 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("event.name");
    assertThatThrownBy(() -> b.dayOfWeek(DayOfWeek.MONDAY, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MONDAY").hasMessageContaining("NaN");
  }
}
