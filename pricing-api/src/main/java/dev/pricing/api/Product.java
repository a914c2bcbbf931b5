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
 * <p>All money is in {@link #currency()}. The list price must be positive, at most 10^11 and expressible
 * in the currency's minor unit (USD 9.99, not 9.999); the unit cost may have any scale (0.125), is at most
 * 10^11 and may not exceed the list price unless {@link Builder#allowCostAboveList()} says so (a stale list
 * price, a loss leader). The product's guardrails are added to the engine's default guardrails; all of them
 * must hold. Sizes are bounded: an id or category of at most 256 chars, a title of at most 4,096, at most
 * 256 attributes and 64 guardrails.
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
 * @param costAboveListAllowed whether the unit cost may exceed the list price
 */
public record Product(
    String id,
    Currency currency,
    BigDecimal listPrice,
    BigDecimal unitCost,
    String category,
    String title,
    Map<String, Double> attributes,
    List<Guardrail> guardrails,
    boolean costAboveListAllowed) {

  /**
   * Validates and copies every component.
   *
   * @throws NullPointerException if a component or an element is null
   * @throws IllegalArgumentException naming the field and value if a value is invalid
   */
  public Product {
    Checks.id(id, "product.id");
    Checks.currency(currency, "product.currency");
    Checks.positivePrice(listPrice, currency, "product.listPrice");
    Checks.money(unitCost, "product.unitCost");
    if (!costAboveListAllowed && unitCost.compareTo(listPrice) > 0) {
      throw new IllegalArgumentException("product.unitCost " + unitCost.toPlainString()
          + " is above product.listPrice " + listPrice.toPlainString()
          + " (call Product.Builder.allowCostAboveList() if that is intended)");
    }
    Checks.id(category, "product.category");
    Checks.maxLength(Checks.notNull(title, "product.title"), Checks.MAX_TITLE_LENGTH, "product.title");
    attributes = Checks.map(attributes, Checks.MAX_ATTRIBUTES, "product.attributes");
    for (Map.Entry<String, Double> e : attributes.entrySet()) {
      Checks.id(e.getKey(), "product.attributes name");
      Checks.finite(e.getValue(), "product.attributes[" + e.getKey() + "]");
    }
    guardrails = Checks.list(guardrails, Checks.MAX_PRODUCT_GUARDRAILS, "product.guardrails");
    for (int i = 0; i < guardrails.size(); i++) {
      Checks.guardrail(guardrails.get(i), currency, "product.guardrails[" + i + "]");
    }
    Checks.consistentBounds(guardrails, "product.guardrails");
  }

  /**
   * A product whose unit cost may not exceed its list price.
   *
   * @param id the product identifier
   * @param currency the currency
   * @param listPrice the list price
   * @param unitCost the unit cost, at most the list price
   * @param category the category
   * @param title the title text
   * @param attributes numeric attributes by name
   * @param guardrails guardrails that apply to this product only
   * @throws NullPointerException if a component or an element is null
   * @throws IllegalArgumentException naming the field and value if a value is invalid
   */
  public Product(String id, Currency currency, BigDecimal listPrice, BigDecimal unitCost, String category,
      String title, Map<String, Double> attributes, List<Guardrail> guardrails) {
    this(id, currency, listPrice, unitCost, category, title, attributes, guardrails, false);
  }

  /**
   * Starts a product.
   *
   * @param id the product identifier
   * @param currencyCode the ISO 4217 code, for example {@code "USD"}
   * @return a builder
   * @throws IllegalArgumentException if the id is blank or too long, or the currency code is unknown or has
   *     no minor unit
   */
  public static Builder builder(String id, String currencyCode) {
    return new Builder(Checks.id(id, "product.id"), Checks.currency(currencyCode, "product.currency"));
  }

  /**
   * A builder of {@link Product}. Not thread-safe.
   *
   * <p>Follows the library's builder convention: each setter checks its own argument at once (an
   * {@link IllegalArgumentException} naming the field and the value), setting a single-valued option twice
   * is an {@link IllegalStateException} showing both values, and {@link #build()} checks what involves several
   * fields and that every required option was set.
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
    private boolean costAboveListAllowed;

    private Builder(String id, Currency currency) {
      this.id = id;
      this.currency = currency;
    }

    /**
     * Sets the list price (required).
     *
     * @param listPrice the price, for example {@code "19.99"}
     * @return this builder
     * @throws IllegalArgumentException naming the value if it is not a positive decimal in the currency's
     *     minor unit of at most 10^11
     * @throws IllegalStateException if already set
     */
    public Builder listPrice(String listPrice) {
      return listPrice(Checks.decimal(listPrice, "product.listPrice"));
    }

    /**
     * Sets the list price (required).
     *
     * @param listPrice the price
     * @return this builder
     * @throws IllegalArgumentException naming the value if it is not a positive decimal in the currency's
     *     minor unit of at most 10^11
     * @throws IllegalStateException if already set
     */
    public Builder listPrice(BigDecimal listPrice) {
      Checks.requireUnset(this.listPrice, listPrice, "product.listPrice");
      this.listPrice = Checks.positivePrice(listPrice, currency, "product.listPrice");
      return this;
    }

    /**
     * Sets the unit cost (required).
     *
     * @param unitCost the cost, for example {@code "11.40"}
     * @return this builder
     * @throws IllegalArgumentException naming the value if it is not a non-negative decimal of at most 10^11
     * @throws IllegalStateException if already set
     */
    public Builder unitCost(String unitCost) {
      return unitCost(Checks.decimal(unitCost, "product.unitCost"));
    }

    /**
     * Sets the unit cost (required).
     *
     * @param unitCost the cost
     * @return this builder
     * @throws IllegalArgumentException naming the value if it is negative or above 10^11
     * @throws IllegalStateException if already set
     */
    public Builder unitCost(BigDecimal unitCost) {
      Checks.requireUnset(this.unitCost, unitCost, "product.unitCost");
      this.unitCost = Checks.money(unitCost, "product.unitCost");
      return this;
    }

    /**
     * Allows a unit cost above the list price (default: refused, as a likely data error). The engine still
     * never prices below cost unless a guardrail allows it ({@link Guardrail#minimumMargin(double)} with a
     * negative margin).
     *
     * @return this builder
     */
    public Builder allowCostAboveList() {
      this.costAboveListAllowed = true;
      return this;
    }

    /**
     * Sets the category (required).
     *
     * @param category the category, not blank, at most 256 chars
     * @return this builder
     * @throws IllegalArgumentException if blank or too long
     * @throws IllegalStateException if already set
     */
    public Builder category(String category) {
      Checks.requireUnset(this.category, category, "product.category");
      this.category = Checks.id(category, "product.category");
      return this;
    }

    /**
     * Sets the title text (default empty).
     *
     * @param title the title, at most 4,096 chars
     * @return this builder
     * @throws IllegalArgumentException if too long
     */
    public Builder title(String title) {
      this.title = Checks.maxLength(Checks.notNull(title, "product.title"), Checks.MAX_TITLE_LENGTH,
          "product.title");
      return this;
    }

    /**
     * Adds a numeric attribute.
     *
     * @param name the attribute name
     * @param value its value, finite
     * @return this builder
     * @throws IllegalArgumentException if the name is blank or the value not finite
     */
    public Builder attribute(String name, double value) {
      Checks.id(name, "product.attributes name");
      attributes.put(name, Checks.finite(value, "product.attributes[" + name + "]"));
      return this;
    }

    /**
     * Adds a product-specific guardrail.
     *
     * @param guardrail the guardrail, in this product's currency
     * @return this builder
     * @throws IllegalArgumentException if it names another currency or its price is finer than this
     *     currency's minor unit
     */
    public Builder guardrail(Guardrail guardrail) {
      Checks.guardrail(Checks.notNull(guardrail, "guardrail"), currency, "product.guardrails[" + guardrails.size() + "]");
      guardrails.add(guardrail);
      return this;
    }

    /**
     * Builds the product.
     *
     * @return the product
     * @throws IllegalStateException if a required option (list price, unit cost, category) was not set
     * @throws IllegalArgumentException naming the field and value if a value is invalid
     */
    public Product build() {
      Checks.required(listPrice, "product.listPrice");
      Checks.required(unitCost, "product.unitCost");
      Checks.required(category, "product.category");
      return new Product(id, currency, listPrice, unitCost, category, title, attributes, guardrails,
          costAboveListAllowed);
    }
  }
}
