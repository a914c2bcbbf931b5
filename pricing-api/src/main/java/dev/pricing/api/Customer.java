package dev.pricing.api;

import java.util.List;
import java.util.Map;

/**
 * The customer a price is for: an identifier, a behaviour summary, optional recent events, and numeric
 * attributes (for example a loyalty score or segment indicator).
 *
 * <p>The identifier should already be pseudonymised by the caller or by the engine's privacy settings;
 * built-in extractors never turn it into a feature. Attribute names become feature names
 * {@code customer.attr.<name>} only if an extractor is configured to read them, so protected attributes
 * can be refused by name when the engine is built.
 *
 * <p>Sizes are bounded: an id of at most 256 chars, at most 1,000 recent events and 256 attributes.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the customer's (pseudonymous) identifier, not blank
 * @param behaviour the behaviour summary
 * @param recentEvents recent events, oldest first, possibly empty
 * @param attributes numeric attributes by name, all finite
 */
public record Customer(
    String id, BehaviourSummary behaviour, List<BehaviourEvent> recentEvents, Map<String, Double> attributes) {

  /**
   * Validates and copies every component.
   *
   * @throws NullPointerException if a component or an element is null
   * @throws IllegalArgumentException if {@code id} is blank or too long, an attribute is not finite, or a
   *     collection is larger than its bound
   */
  public Customer {
    Checks.id(id, "customer.id");
    Checks.notNull(behaviour, "customer.behaviour");
    recentEvents = Checks.list(recentEvents, Checks.MAX_RECENT_EVENTS, "customer.recentEvents");
    attributes = Checks.map(attributes, Checks.MAX_ATTRIBUTES, "customer.attributes");
    for (Map.Entry<String, Double> e : attributes.entrySet()) {
      Checks.id(e.getKey(), "customer.attributes name");
      Checks.finite(e.getValue(), "customer.attributes[" + e.getKey() + "]");
    }
  }

  /**
   * Returns a customer with a behaviour summary and no events or attributes.
   *
   * @param id the customer's (pseudonymous) identifier
   * @param behaviour the behaviour summary
   * @return the customer
   */
  public static Customer of(String id, BehaviourSummary behaviour) {
    return new Customer(id, behaviour, List.of(), Map.of());
  }

  /**
   * Returns an anonymous customer: no identity, no behaviour.
   *
   * @return the anonymous customer
   */
  public static Customer anonymous() {
    return ANONYMOUS;
  }

  private static final Customer ANONYMOUS =
      new Customer("anonymous", BehaviourSummary.empty(), List.of(), Map.of());
}
