package dev.pricing.core.trend;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Dated events (a holiday, a sale, a sports final) with a multiplicative demand uplift, and a day-of-week
 * profile. The uplift at an instant is {@code dayOfWeek[dow] * product of the uplifts of the events covering
 * its date}, with dates taken at a fixed UTC offset (fixed so that the lookup never touches time-zone rules
 * and allocates nothing).
 *
 * <p>Lookups are O(1): the combined event uplift is precomputed per day over the span of the events. Immutable
 * and thread-safe.
 */
public final class EventCalendar {
  private static final EventCalendar NONE = builder(ZoneOffset.UTC).build();
  private final ZoneOffset offset;
  private final int offsetSeconds;
  private final double[] dow;
  private final long firstDay;
  private final double[] dayUplift;
  private final List<Event> events;

  /**
   * One event.
   *
   * @param name a label
   * @param first the first day
   * @param last the last day (inclusive), not before {@code first}
   * @param uplift the demand multiplier, positive and finite (1.3 = 30% more demand)
   */
  public record Event(String name, LocalDate first, LocalDate last, double uplift) {
    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException naming the field and value if one is invalid
     */
    public Event {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("event.name must not be blank, found " + name);
      }
      Objects.requireNonNull(first, "event.first");
      Objects.requireNonNull(last, "event.last");
      if (last.isBefore(first)) {
        throw new IllegalArgumentException("event.last must not be before event.first " + first + ", found "
            + last);
      }
      if (!(uplift > 0 && uplift < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException("event.uplift must be positive and finite, found " + uplift);
      }
    }
  }

  private EventCalendar(Builder b) {
    this.offset = b.offset;
    this.offsetSeconds = b.offset.getTotalSeconds();
    this.dow = b.dow.clone();
    this.events = List.copyOf(b.events);
    if (events.isEmpty()) {
      this.firstDay = 0;
      this.dayUplift = new double[0];
    } else {
      long lo = Long.MAX_VALUE;
      long hi = Long.MIN_VALUE;
      for (Event e : events) {
        lo = Math.min(lo, e.first().toEpochDay());
        hi = Math.max(hi, e.last().toEpochDay());
      }
      if (hi - lo > 100_000) {
        throw new IllegalArgumentException("events must span at most 100000 days, found " + (hi - lo + 1));
      }
      this.firstDay = lo;
      this.dayUplift = new double[(int) (hi - lo + 1)];
      java.util.Arrays.fill(dayUplift, 1.0);
      for (Event e : events) {
        for (long d = e.first().toEpochDay(); d <= e.last().toEpochDay(); d++) {
          dayUplift[(int) (d - lo)] *= e.uplift();
        }
      }
    }
  }

  /** @return the calendar with no events and a flat day-of-week profile (uplift 1 everywhere) */
  public static EventCalendar none() {
    return NONE;
  }

  /**
   * Starts a calendar whose dates are taken at a fixed UTC offset.
   *
   * @param offset the offset
   * @return the builder
   */
  public static Builder builder(ZoneOffset offset) {
    return new Builder(Objects.requireNonNull(offset, "offset"));
  }

  /**
   * Returns the combined uplift at an instant: day-of-week factor times event uplift. Allocation-free.
   *
   * @param time the instant
   * @return the multiplier, 1 when nothing applies
   */
  public double uplift(Instant time) {
    long day = epochDay(time);
    return dow[dayOfWeekIndex(day)] * eventUpliftOnDay(day);
  }

  /**
   * Returns the uplift of the events covering an instant's date (no day-of-week factor).
   *
   * @param time the instant
   * @return the multiplier, 1 when no event applies
   */
  public double eventUplift(Instant time) {
    return eventUpliftOnDay(epochDay(time));
  }

  /**
   * Returns the day-of-week factor at an instant.
   *
   * @param time the instant
   * @return the factor
   */
  public double dayOfWeekFactor(Instant time) {
    return dow[dayOfWeekIndex(epochDay(time))];
  }

  private double eventUpliftOnDay(long day) {
    long i = day - firstDay;
    return i >= 0 && i < dayUplift.length ? dayUplift[(int) i] : 1.0;
  }

  private long epochDay(Instant time) {
    return Math.floorDiv(time.getEpochSecond() + offsetSeconds, 86_400L);
  }

  /** Monday = 0; 1970-01-01 was a Thursday (3). */
  private static int dayOfWeekIndex(long epochDay) {
    return (int) Math.floorMod(epochDay + 3, 7L);
  }

  /** @return the events */
  public List<Event> events() {
    return events;
  }

  /** @return the offset at which dates are taken */
  public ZoneOffset offset() {
    return offset;
  }

  /**
   * The calendar readably: its offset, the day-of-week factors that differ from 1, and its events (the first
   * ten, then how many more).
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("EventCalendar{offset=").append(offset);
    StringBuilder days = new StringBuilder();
    for (int i = 0; i < 7; i++) {
      if (dow[i] != 1) {
        days.append(days.length() == 0 ? "" : ", ").append(DayOfWeek.of(i + 1)).append('=').append(dow[i]);
      }
    }
    if (days.length() > 0) {
      sb.append(", dayOfWeek={").append(days).append('}');
    }
    sb.append(", events=[");
    for (int i = 0; i < Math.min(10, events.size()); i++) {
      Event e = events.get(i);
      sb.append(i == 0 ? "" : ", ").append('\'').append(e.name()).append("' ").append(e.first())
          .append(e.last().equals(e.first()) ? "" : ".." + e.last()).append(" x").append(e.uplift());
    }
    if (events.size() > 10) {
      sb.append(", ... ").append(events.size() - 10).append(" more");
    }
    return sb.append("]}").toString();
  }

  /**
   * A builder of {@link EventCalendar}. Not thread-safe.
   *
   * <p>Follows the library's builder convention: each setter checks its own arguments at once (an
   * {@link IllegalArgumentException} naming the field and the value); setting one day's factor twice is an
   * {@link IllegalStateException} showing both values (events add up: {@link #event} may be called many
   * times); {@link #build()} checks what involves several events (their span).
   */
  public static final class Builder {
    private final dev.pricing.core.internal.BuilderOptions options =
        new dev.pricing.core.internal.BuilderOptions("eventCalendar");
    private final ZoneOffset offset;
    private final double[] dow = {1, 1, 1, 1, 1, 1, 1};
    private final List<Event> events = new ArrayList<>();

    private Builder(ZoneOffset offset) {
      this.offset = offset;
    }

    /**
     * Sets a day-of-week factor (default 1 for every day).
     *
     * @param day the day
     * @param factor positive and finite
     * @return this builder
     * @throws IllegalArgumentException naming the day and value if the factor is invalid
     * @throws IllegalStateException if that day's factor is already set
     */
    public Builder dayOfWeek(DayOfWeek day, double factor) {
      Objects.requireNonNull(day, "day");
      if (!(factor > 0 && factor < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException("dayOfWeek[" + day + "] must be positive and finite, found "
            + factor);
      }
      options.once("dayOfWeek[" + day + "]", factor);
      dow[day.getValue() - 1] = factor;
      return this;
    }

    /**
     * Adds an event over an inclusive date range.
     *
     * @param name a label
     * @param first the first day
     * @param last the last day
     * @param uplift the demand multiplier, positive and finite
     * @return this builder
     * @throws IllegalArgumentException naming the field and value if the event is invalid
     */
    public Builder event(String name, LocalDate first, LocalDate last, double uplift) {
      events.add(new Event(name, first, last, uplift));
      return this;
    }

    /**
     * Builds the calendar.
     *
     * @return the calendar
     * @throws IllegalArgumentException if the events span more than 100,000 days
     */
    public EventCalendar build() {
      return new EventCalendar(this);
    }
  }
}
