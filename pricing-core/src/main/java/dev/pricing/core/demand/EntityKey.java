package dev.pricing.core.demand;

import dev.pricing.api.PricingRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Which entity a request belongs to: a product, a store or customer, a brand, a channel, a segment, any string or
 * numeric attribute of the request, or a cross of several (store x brand). Written as a spec string, so that a
 * model artifact can record it and a serving process can rebuild it:
 *
 * <table>
 *   <caption>parts of a spec</caption>
 *   <tr><th>part</th><th>value</th></tr>
 *   <tr><td>{@code customer.id}</td><td>{@code Customer.id} (a household, or a store in a store panel)</td></tr>
 *   <tr><td>{@code product.id}</td><td>{@code Product.id}</td></tr>
 *   <tr><td>{@code product.category}</td><td>{@code Product.category} (a brand, a department)</td></tr>
 *   <tr><td>{@code market.channel}</td><td>the channel's id</td></tr>
 *   <tr><td>{@code customer.attr.NAME}</td><td>a customer attribute (a segment code), as a number</td></tr>
 *   <tr><td>{@code product.attr.NAME}</td><td>a product attribute, as a number</td></tr>
 * </table>
 *
 * <p>A cross joins parts with {@code *}: {@code customer.id*product.category} is one level per store and brand.
 * A request without the named attribute has the level {@code (none)} for that part.
 *
 * <p>Immutable and thread-safe. {@link #of(PricingRequest)} allocates nothing for a single {@code id},
 * {@code category} or {@code channel} part; attribute and cross keys build a short string per call.
 */
public final class EntityKey {
  /** The level of an attribute part that a request does not carry. */
  public static final String NONE = "(none)";

  private enum Kind { CUSTOMER_ID, PRODUCT_ID, CATEGORY, CHANNEL, CUSTOMER_ATTR, PRODUCT_ATTR }

  private final String spec;
  private final Kind[] kinds;
  private final String[] attrs;

  private EntityKey(String spec, Kind[] kinds, String[] attrs) {
    this.spec = spec;
    this.kinds = kinds;
    this.attrs = attrs;
  }

  /**
   * Parses a spec.
   *
   * @param spec parts joined by {@code *}, for example {@code customer.id*product.category}
   * @return the key
   * @throws IllegalArgumentException naming the spec and the part that is not one of the forms above
   */
  public static EntityKey parse(String spec) {
    Objects.requireNonNull(spec, "spec must not be null");
    String[] parts = spec.split("\\*", -1);
    List<Kind> kinds = new ArrayList<>();
    List<String> attrs = new ArrayList<>();
    for (String raw : parts) {
      String p = raw.strip();
      Kind k;
      String a = null;
      if (p.equals("customer.id")) {
        k = Kind.CUSTOMER_ID;
      } else if (p.equals("product.id")) {
        k = Kind.PRODUCT_ID;
      } else if (p.equals("product.category")) {
        k = Kind.CATEGORY;
      } else if (p.equals("market.channel")) {
        k = Kind.CHANNEL;
      } else if (p.startsWith("customer.attr.") && p.length() > "customer.attr.".length()) {
        k = Kind.CUSTOMER_ATTR;
        a = p.substring("customer.attr.".length());
      } else if (p.startsWith("product.attr.") && p.length() > "product.attr.".length()) {
        k = Kind.PRODUCT_ATTR;
        a = p.substring("product.attr.".length());
      } else {
        throw new IllegalArgumentException("entity key spec '" + spec + "': part '" + raw + "' is not one of "
            + "customer.id, product.id, product.category, market.channel, customer.attr.NAME, product.attr.NAME");
      }
      kinds.add(k);
      attrs.add(a);
    }
    return new EntityKey(String.join("*", canonical(kinds, attrs)), kinds.toArray(new Kind[0]),
        attrs.toArray(new String[0]));
  }

  private static List<String> canonical(List<Kind> kinds, List<String> attrs) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < kinds.size(); i++) {
      switch (kinds.get(i)) {
        case CUSTOMER_ID -> out.add("customer.id");
        case PRODUCT_ID -> out.add("product.id");
        case CATEGORY -> out.add("product.category");
        case CHANNEL -> out.add("market.channel");
        case CUSTOMER_ATTR -> out.add("customer.attr." + attrs.get(i));
        default -> out.add("product.attr." + attrs.get(i));
      }
    }
    return out;
  }

  /**
   * Returns the spec.
   *
   * @return the canonical spec string
   */
  public String spec() {
    return spec;
  }

  /**
   * Returns whether any part reads the customer ({@code customer.id}, {@code customer.attr.*}): such an entity is
   * personal data.
   *
   * @return true if a part reads the customer
   */
  public boolean readsCustomer() {
    for (Kind k : kinds) {
      if (k == Kind.CUSTOMER_ID || k == Kind.CUSTOMER_ATTR) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns whether every part reads the customer only.
   *
   * @return true if the level depends on {@code request.customer()} alone
   */
  public boolean customerOnly() {
    for (Kind k : kinds) {
      if (k != Kind.CUSTOMER_ID && k != Kind.CUSTOMER_ATTR) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns the request's level.
   *
   * @param request the request
   * @return the level: the part's value, or the parts' values joined by {@code |} for a cross
   */
  public String of(PricingRequest request) {
    if (kinds.length == 1) {
      return part(request, 0);
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < kinds.length; i++) {
      if (i > 0) {
        b.append('|');
      }
      b.append(part(request, i));
    }
    return b.toString();
  }

  private String part(PricingRequest r, int i) {
    switch (kinds[i]) {
      case CUSTOMER_ID:
        return r.customer().id();
      case PRODUCT_ID:
        return r.product().id();
      case CATEGORY:
        return r.product().category();
      case CHANNEL:
        return r.market().channel().id();
      case CUSTOMER_ATTR:
        return number(r.customer().attributes().get(attrs[i]));
      default:
        return number(r.product().attributes().get(attrs[i]));
    }
  }

  private static String number(Double v) {
    if (v == null) {
      return NONE;
    }
    double d = v;
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    return String.format(Locale.ROOT, "%s", d);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EntityKey k && k.spec.equals(spec);
  }

  @Override
  public int hashCode() {
    return spec.hashCode();
  }

  @Override
  public String toString() {
    return spec;
  }
}
