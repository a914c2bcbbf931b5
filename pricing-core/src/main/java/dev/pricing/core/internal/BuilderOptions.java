package dev.pricing.core.internal;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The library's builder convention for pricing-core's builders, as in pricing-api's: setting a
 * single-valued option twice is an {@link IllegalStateException} that names the option and shows the
 * current and the new value readably (arrays by their elements, decimals in plain notation), instead of the
 * second call silently winning. Not thread-safe, like the builders that hold one.
 */
public final class BuilderOptions {
  private final String owner;
  private final Map<String, Object> set = new HashMap<>();

  /**
   * Creates the record of one builder's options.
   *
   * @param owner the prefix of option names in messages, for example {@code "decisionLog"}
   */
  public BuilderOptions(String owner) {
    this.owner = owner;
  }

  /**
   * Records that an option is set, refusing a second setting.
   *
   * @param option the option's name
   * @param value the value being set
   * @throws IllegalStateException if the option was already set
   */
  public void once(String option, Object value) {
    if (set.containsKey(option)) {
      throw new IllegalStateException(owner + "." + option + " was already set to " + show(set.get(option))
          + "; cannot set it to " + show(value));
    }
    set.put(option, value);
  }

  /**
   * Renders a value for a message.
   *
   * @param value the value
   * @return its readable text
   */
  public static String show(Object value) {
    if (value == null) {
      return "null";
    } else if (value instanceof double[] a) {
      return Arrays.toString(a);
    } else if (value instanceof int[] a) {
      return Arrays.toString(a);
    } else if (value instanceof long[] a) {
      return Arrays.toString(a);
    } else if (value instanceof Object[] a) {
      return Arrays.deepToString(a);
    } else if (value instanceof BigDecimal d) {
      return d.toPlainString();
    } else if (value instanceof String s) {
      return "'" + s + "'";
    }
    return String.valueOf(value);
  }
}
