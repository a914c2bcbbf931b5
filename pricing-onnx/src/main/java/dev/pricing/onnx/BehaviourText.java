package dev.pricing.onnx;

import dev.pricing.api.BehaviourEvent;
import java.util.List;
import java.util.Objects;

/**
 * Renders a customer's recent events as one text, so that a behaviour sequence is encoded by the same
 * sentence encoder as a product title.
 *
 * <p>The rendering, which training and serving must share:
 *
 * <ul>
 *   <li>the last {@code maxEvents} events as recorded (default {@value #DEFAULT_MAX_EVENTS}), oldest
 *       first, as the customer's list is ordered; the filtering below happens inside that window;
 *   <li>each event as a verb and the product title: {@code VIEW} "viewed", {@code CLICK} "clicked",
 *       {@code CART} "added to cart", {@code PURCHASE} "purchased"; titles are trimmed, runs of whitespace
 *       become one space, and titles longer than {@value #MAX_TITLE_CHARS} characters are cut;
 *   <li>events with a blank title are left out, and an event equal to the one before it (same verb, same
 *       title) is written once;
 *   <li>events are joined by {@code "; "}. Times and product ids are not rendered.
 * </ul>
 *
 * <p>Example: {@code viewed Sony WH-1000XM5 Headphones; added to cart Sony WH-1000XM5 Headphones;
 * purchased USB-C Cable}. No events, or none with a title, render as the empty string, for which the
 * extractor writes its neutral value.
 *
 * <p>Immutable and thread-safe.
 */
public final class BehaviourText {
  /** The default number of most recent events rendered. */
  public static final int DEFAULT_MAX_EVENTS = 10;
  /** The longest title rendered, in characters. */
  public static final int MAX_TITLE_CHARS = 100;

  private final int maxEvents;

  private BehaviourText(int maxEvents) {
    this.maxEvents = maxEvents;
  }

  /**
   * Returns the rendering of the last {@link #DEFAULT_MAX_EVENTS} events.
   *
   * @return the default rendering
   */
  public static BehaviourText defaults() {
    return new BehaviourText(DEFAULT_MAX_EVENTS);
  }

  /**
   * Returns the rendering of the last {@code maxEvents} events.
   *
   * @param maxEvents between 1 and 100
   * @return the rendering
   * @throws IllegalArgumentException if out of range
   */
  public static BehaviourText lastEvents(int maxEvents) {
    if (maxEvents < 1 || maxEvents > 100) {
      throw new IllegalArgumentException("maxEvents must be in [1, 100]: " + maxEvents);
    }
    return new BehaviourText(maxEvents);
  }

  /**
   * Returns the number of most recent events rendered.
   *
   * @return the maximum number of events
   */
  public int maxEvents() {
    return maxEvents;
  }

  /**
   * Renders events as described in the class documentation.
   *
   * @param events the customer's events, oldest first
   * @return the text, empty if no event has a title
   */
  public String render(List<BehaviourEvent> events) {
    Objects.requireNonNull(events, "events");
    StringBuilder sb = new StringBuilder(64 * Math.min(events.size(), maxEvents));
    String lastVerb = null;
    String lastTitle = null;
    for (int i = Math.max(0, events.size() - maxEvents); i < events.size(); i++) {
      BehaviourEvent e = events.get(i);
      String title = clean(e.title());
      if (title.isEmpty()) {
        continue;
      }
      String verb = verb(e.type());
      if (verb.equals(lastVerb) && title.equals(lastTitle)) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append("; ");
      }
      sb.append(verb).append(' ').append(title);
      lastVerb = verb;
      lastTitle = title;
    }
    return sb.toString();
  }

  static String verb(BehaviourEvent.Type type) {
    switch (type) {
      case VIEW:
        return "viewed";
      case CLICK:
        return "clicked";
      case CART:
        return "added to cart";
      case PURCHASE:
        return "purchased";
      default:
        throw new IllegalArgumentException("unknown event type: " + type);
    }
  }

  private static String clean(String title) {
    String t = title.strip().replaceAll("\\s+", " ");
    if (t.length() > MAX_TITLE_CHARS) {
      int end = MAX_TITLE_CHARS;
      if (Character.isHighSurrogate(t.charAt(end - 1))) {
        end--;
      }
      t = t.substring(0, end).strip();
    }
    return t;
  }

  @Override
  public String toString() {
    return "BehaviourText[last " + maxEvents + " events]";
  }
}
