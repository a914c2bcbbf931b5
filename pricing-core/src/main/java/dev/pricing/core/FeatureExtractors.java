package dev.pricing.core;

import dev.pricing.api.BehaviourSummary;
import dev.pricing.api.spi.FeatureExtractor;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The built-in feature extractors. Each is immutable, thread-safe and allocation-free on the hot path.
 *
 * <table>
 *   <caption>Built-in extractors and their features</caption>
 *   <tr><th>extractor</th><th>personal</th><th>features</th></tr>
 *   <tr><td>{@link #behaviour()}</td><td>yes</td><td>{@code behaviour.*}: log1p of views, clicks, carts,
 *       purchases; cart and purchase rates per view; recency (halving every 30 days, 0 if never bought);
 *       log1p monetary value; past discount response and whether it is known</td></tr>
 *   <tr><td>{@link #product()}</td><td>no</td><td>{@code product.list_price}, {@code product.list_price_log},
 *       {@code product.unit_cost}, {@code product.list_margin}, optional category indicators and numeric
 *       attributes</td></tr>
 *   <tr><td>{@link #productIndicators(List)}</td><td>no</td><td>{@code product.id.<id>}: 1 for the request's
 *       product</td></tr>
 *   <tr><td>{@link #market()}</td><td>no</td><td>{@code market.*}: competitor count and min/median gap to
 *       list price, inventory log1p, inventory cover in days (capped at 365) and whether known, reference
 *       price gap, day-of-week and seasonal sine/cosine (UTC), channel indicators</td></tr>
 *   <tr><td>{@link #customerAttributes(Map)}</td><td>yes</td><td>{@code customer.attr.<name>}</td></tr>
 * </table>
 *
 * <p>Thread-safe (stateless factory).
 */
public final class FeatureExtractors {
  private FeatureExtractors() {}

  /**
   * Returns the standard set: behaviour, product and market features.
   *
   * @return the extractors, in schema order
   */
  public static List<FeatureExtractor> standard() {
    return List.of(behaviour(), product(), market());
  }

  /**
   * Returns the behaviour extractor; its neutral value is a customer with no recorded behaviour.
   *
   * @return the extractor
   */
  public static FeatureExtractor behaviour() {
    return new BehaviourFeatures(BehaviourSummary.empty());
  }

  /**
   * Returns the behaviour extractor with a chosen neutral (typical) customer, used for the uniform
   * baseline and in uniform-price mode.
   *
   * @param typical the behaviour that stands for "no personal data"
   * @return the extractor
   * @throws NullPointerException if {@code typical} is null
   */
  public static FeatureExtractor behaviour(BehaviourSummary typical) {
    return new BehaviourFeatures(Objects.requireNonNull(typical, "typical"));
  }

  /**
   * Returns the product extractor without category indicators or attributes.
   *
   * @return the extractor
   */
  public static FeatureExtractor product() {
    return new ProductFeatures(List.of(), List.of());
  }

  /**
   * Returns the product extractor with one indicator per known category and the named numeric
   * attributes (0 when a product lacks one).
   *
   * @param categories the known categories
   * @param attributes the attribute names
   * @return the extractor
   * @throws IllegalArgumentException if a name is blank or repeated
   */
  public static FeatureExtractor product(List<String> categories, List<String> attributes) {
    requireNames(categories, "categories");
    requireNames(attributes, "attributes");
    return new ProductFeatures(List.copyOf(categories), List.copyOf(attributes));
  }

  /**
   * Returns an extractor with one indicator per listed product id ({@code product.id.<id>}, not personal): each
   * product its own level for any model, trees included; a product not listed gets all zeros (the pooled level).
   * Meant for catalogues of tens to a few hundred products; list every product of the training log, so nothing
   * is lumped.
   *
   * @param productIds the product ids, distinct and non-blank
   * @return the extractor
   * @throws IllegalArgumentException if an id is blank or repeated, or the list is empty
   */
  public static FeatureExtractor productIndicators(List<String> productIds) {
    requireNames(productIds, "productIds");
    if (productIds.isEmpty()) {
      throw new IllegalArgumentException("productIds must not be empty");
    }
    return new ProductIndicators(List.copyOf(productIds));
  }

  /**
   * Returns the market extractor.
   *
   * @return the extractor
   */
  public static FeatureExtractor market() {
    return new MarketFeatures();
  }

  /**
   * Returns an extractor of named customer attributes (personal), each with the neutral value used when a
   * customer lacks it, in uniform mode and for the baseline.
   *
   * @param attributesWithNeutral attribute names and their neutral values
   * @return the extractor
   * @throws IllegalArgumentException if the map is empty, a name is blank or a neutral value is not finite
   */
  public static FeatureExtractor customerAttributes(Map<String, Double> attributesWithNeutral) {
    Objects.requireNonNull(attributesWithNeutral, "attributesWithNeutral");
    if (attributesWithNeutral.isEmpty()) {
      throw new IllegalArgumentException("attributesWithNeutral must not be empty");
    }
    attributesWithNeutral.forEach((k, v) -> {
      if (k == null || k.isBlank()) {
        throw new IllegalArgumentException("customer attribute name must not be blank, found '" + k + "'");
      }
      if (v == null || !Double.isFinite(v)) {
        throw new IllegalArgumentException("neutral value of customer attribute '" + k + "' must be finite, found " + v);
      }
    });
    return new CustomerAttributeFeatures(Map.copyOf(attributesWithNeutral));
  }

  private static void requireNames(List<String> names, String field) {
    Objects.requireNonNull(names, field);
    if (names.stream().distinct().count() != names.size()) {
      throw new IllegalArgumentException(field + " must not repeat, found " + names);
    }
    for (String n : names) {
      if (n == null || n.isBlank()) {
        throw new IllegalArgumentException(field + " must not contain blank names, found " + names);
      }
    }
  }
}
