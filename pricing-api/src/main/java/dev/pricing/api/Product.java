package dev.pricing.api;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The product being priced: identity, currency, list price, unit cost, category, title text, numeric
 * attributes and product-specific guardrails (for example its MAP or a floor).
 *
 * <p>All money is in {@link #currency()}. The list price must be expressible in the currency's minor unit
 * (USD 9.99, not 9.999); the unit cost may have any scale (0.125). The product's guardrails are added to
 * the engine's default guardrails; all of them must hold.
 *
 * <p>Immutable and thread-safe. Build one with {@link #builder(String, String)}.
 *
 * @param id the product identifier, not blank
 * @param currency the currency of all money on this product and its market
 * @param listPrice the list (regular) price, non-negative, in the currency's minor unit
 * @param unitCost the cost of one unit including per-unit fees, non-negative
 * @param category the category, not blank
 * @param title the title text, possibly empty
 * @param attributes numeric attributes by name, all finite
 * @param guardrails guardrails that apply to this product only
 */
public record Product(
    String id,
    Currency currency,
    BigDecimal listPrice,
    BigDecimal unitCost,
    String category,
    String title,
    Map<String, Double> attributes,
    List<Guardrail> guardrails) {

  /**
   * Validates and copies every component.
   *
   * @throws NullPointerException if a component or an element is null
   * @throws IllegalArgumentException naming the field and value if a value is invalid
   */
  public Product {
    Checks.notBlank(id, "product.id");
    Checks.currency(currency, "product.currency");
    Checks.price(listPrice, currency, "product.listPrice");
    Checks.money(unitCost, "product.unitCost");
    Checks.notBlank(category, "product.category");
    Checks.notNull(title, "product.title");
    attributes = Checks.map(attributes, "product.attributes");
    for (Map.Entry<String, Double> e : attributes.entrySet()) {
      Checks.finite(e.getValue(), "product.attributes[" + e.getKey() + "]");
    }
    guardrails = Checks.list(guardrails, "product.guardrails");
    for (Guardrail g : guardrails) {
      Checks.guardrail(g, currency);
    }
    Checks.consistentBounds(guardrails, "product.guardrails");
  }

  /**
   * Starts a product.
   *
   * @param id the product identifier
   * @param currencyCode the ISO 4217 code, for example {@code "USD"}
   * @return a builder
   * @throws IllegalArgumentException if the currency code is unknown or has no minor unit
   */
  public static Builder builder(String id, String currencyCode) {
    return new Builder(id, Checks.currency(currencyCode, "product.currency"));
  }

  /**
   * A builder of {@link Product}. Not thread-safe; {@link #build()} validates everything.
   */
  public static final class Builder {
    private final String id;
    private final Currency currency;
    private BigDecimal listPrice;
    private BigDecimal unitCost;
    private String category;
    private String title = "";
    private final Map<String, Double> attributes = new HashMap<>();
    private final List<Guardrail> guardrails = new ArrayList<>();

    private Builder(String id, Currency currency) {
      this.id = id;
      this.currency = currency;
    }

    /**
     * Sets the list price (required).
     *
     * @param listPrice the price, for example {@code "19.99"}
     * @return this builder
     * @throws NumberFormatException if the text is not a number
     */
    public Builder listPrice(String listPrice) {
      return listPrice(new BigDecimal(Checks.notNull(listPrice, "product.listPrice")));
    }

    /**
     * Sets the list price (required).
     *
     * @param listPrice the price
     * @return this builder
     */
    public Builder listPrice(BigDecimal listPrice) {
      this.listPrice = listPrice;
      return this;
    }

    /**
     * Sets the unit cost (required).
     *
     * @param unitCost the cost, for example {@code "11.40"}
     * @return this builder
     */
    public Builder unitCost(String unitCost) {
      return unitCost(new BigDecimal(Checks.notNull(unitCost, "product.unitCost")));
    }

    /**
     * Sets the unit cost (required).
     *
     * @param unitCost the cost
     * @return this builder
     */
    public Builder unitCost(BigDecimal unitCost) {
      this.unitCost = unitCost;
      return this;
    }

    /**
     * Sets the category (required).
     *
     * @param category the category
     * @return this builder
     */
    public Builder category(String category) {
      this.category = category;
      return this;
    }

    /**
     * Sets the title text (default empty).
     *
     * @param title the title
     * @return this builder
     */
    public Builder title(String title) {
      this.title = title;
      return this;
    }

    /**
     * Adds a numeric attribute.
     *
     * @param name the attribute name
     * @param value its value
     * @return this builder
     */
    public Builder attribute(String name, double value) {
      attributes.put(Checks.notBlank(name, "product.attributes name"), value);
      return this;
    }

    /**
     * Adds a product-specific guardrail.
     *
     * @param guardrail the guardrail
     * @return this builder
     */
    public Builder guardrail(Guardrail guardrail) {
      guardrails.add(Checks.notNull(guardrail, "guardrail"));
      return this;
    }

    /**
     * Builds the product.
     *
     * @return the product
     * @throws NullPointerException if a required field was not set
     * @throws IllegalArgumentException naming the field and value if a value is invalid
     */
    public Product build() {
      return new Product(id, currency, listPrice, unitCost, category, title, attributes, guardrails);
    }
  }
}
