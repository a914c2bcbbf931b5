package dev.pricing.core.demand;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which features a demand model derives from the candidate price: the price term {@code T(p)} (see
 * {@link PriceTerm}), computed against the list-price feature, and its interactions
 * {@code T(p) * max(0, x_k)} with chosen features (segment indicators, loyalty scores, ...), so that price
 * sensitivity can differ by segment. The same derivation is used when training (with the offered price) and
 * when scoring (with each candidate price).
 *
 * <p>Interaction features are clamped at 0 ({@code max(0, x)}): with every price coefficient constrained to
 * be non-positive, this makes every linear model non-increasing in price for every input. Use non-negative
 * interaction features (indicators, counts, scores).
 *
 * <p>Immutable and thread-safe.
 *
 * @param listPriceFeature the schema feature holding the product's list price (must be positive when
 *     training; at scoring a non-positive or non-finite value is replaced by the training mean)
 * @param term how the price enters
 * @param interactions schema features whose (clamped) values multiply the price term, no repeats
 */
public record PriceFeatures(String listPriceFeature, PriceTerm term, List<String> interactions) {

  /** The default name of the list-price feature. */
  public static final String DEFAULT_LIST_PRICE_FEATURE = "product.list_price";

  /** The floor on {@code p / L} before the price term is applied. */
  public static final double MIN_PRICE_RATIO = 1e-3;

  /** The prefix of every derived price feature name. */
  public static final String DERIVED_PREFIX = "demand.price.";

  /**
   * Validates and copies.
   *
   * @throws NullPointerException if a component or an element is null
   * @throws IllegalArgumentException if a name is blank, an interaction is repeated or is the list price
   */
  public PriceFeatures {
    Objects.requireNonNull(listPriceFeature, "listPriceFeature must not be null");
    Objects.requireNonNull(term, "term must not be null");
    interactions = List.copyOf(Objects.requireNonNull(interactions, "interactions must not be null"));
    if (listPriceFeature.isBlank()) {
      throw new IllegalArgumentException("listPriceFeature must not be blank");
    }
    Set<String> seen = new HashSet<>();
    for (String s : interactions) {
      if (s.isBlank()) {
        throw new IllegalArgumentException("interaction feature names must not be blank");
      }
      if (!seen.add(s)) {
        throw new IllegalArgumentException("interaction feature '" + s + "' appears twice");
      }
    }
  }

  /**
   * Returns the derivation with the default list-price feature and no interactions.
   *
   * @param term the price term
   * @return the price features
   */
  public static PriceFeatures of(PriceTerm term) {
    return new PriceFeatures(DEFAULT_LIST_PRICE_FEATURE, term, List.of());
  }

  /**
   * Returns a copy with the given interactions.
   *
   * @param names schema feature names
   * @return the new price features
   */
  public PriceFeatures withInteractions(List<String> names) {
    return new PriceFeatures(listPriceFeature, term, names);
  }

  /**
   * Returns a copy reading the list price from another feature.
   *
   * @param name the schema feature name
   * @return the new price features
   */
  public PriceFeatures withListPriceFeature(String name) {
    return new PriceFeatures(name, term, interactions);
  }

  /**
   * Returns the name of the derived price-term feature.
   *
   * @return for example {@code demand.price.relative}
   */
  public String termFeatureName() {
    return DERIVED_PREFIX + term.id();
  }

  /**
   * Returns the name of the derived interaction feature with a schema feature.
   *
   * @param feature the schema feature
   * @return for example {@code demand.price.relative*customer.attr.vip}
   */
  public String interactionFeatureName(String feature) {
    return termFeatureName() + "*" + feature;
  }
}
