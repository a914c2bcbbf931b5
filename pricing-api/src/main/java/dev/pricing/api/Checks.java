package dev.pricing.api;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Map;

/** Argument checks shared by the value types; every message names the field and echoes the value. */
final class Checks {
  private Checks() {}

  /**
   * The largest amount of money any value type accepts, in major units (10^11): at four fraction digits
   * that is 10^15 minor units, below 2^53, so every accepted amount converts to a double and to a
   * {@code long} of minor units exactly.
   */
  static final BigDecimal MAX_AMOUNT = BigDecimal.TEN.pow(11);
  /** {@link #MAX_AMOUNT} as a double, for amounts held as doubles (a customer's spend). */
  static final double MAX_AMOUNT_DOUBLE = 1e11;
  /** The most competitor prices a market carries. */
  static final int MAX_COMPETITOR_PRICES = 64;
  /** The most recent events a customer carries. */
  static final int MAX_RECENT_EVENTS = 1_000;
  /** The most numeric attributes a customer or product carries. */
  static final int MAX_ATTRIBUTES = 256;
  /** The most guardrails a product carries. */
  static final int MAX_PRODUCT_GUARDRAILS = 64;
  /** The most points an explicit price ladder holds. */
  static final int MAX_LADDER_POINTS = 100_000;
  /** The longest identifier, category or attribute name, in chars. */
  static final int MAX_ID_LENGTH = 256;
  /** The longest title, in chars. */
  static final int MAX_TITLE_LENGTH = 4_096;
  /** A reference price may lie at most this many times above the list price. */
  static final int MAX_REFERENCE_TO_LIST = 10;
  /** A reference price may lie at most this many times below the list price. */
  static final int MAX_LIST_TO_REFERENCE = 100;

  /** Parses a decimal, naming the field and the text when it is not one. */
  static BigDecimal decimal(String text, String field) {
    notNull(text, field);
    try {
      return new BigDecimal(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(field + " must be a decimal number, found '" + text + "'", e);
    }
  }

  /** Rejects a string longer than {@code max} chars. */
  static String maxLength(String value, int max, String field) {
    if (value.length() > max) {
      throw new IllegalArgumentException(field + " must be at most " + max + " characters, found "
          + value.length() + " ('" + value.substring(0, 40) + "...')");
    }
    return value;
  }

  /** Rejects a collection larger than {@code max}. */
  static void maxSize(int size, int max, String field) {
    if (size > max) {
      throw new IllegalArgumentException(field + " must hold at most " + max + " entries, found " + size);
    }
  }

  /** Renders a value for a message: arrays by their elements, decimals in plain notation. */
  static String show(Object value) {
    if (value == null) {
      return "null";
    } else if (value instanceof double[] a) {
      return java.util.Arrays.toString(a);
    } else if (value instanceof int[] a) {
      return java.util.Arrays.toString(a);
    } else if (value instanceof long[] a) {
      return java.util.Arrays.toString(a);
    } else if (value instanceof Object[] a) {
      return java.util.Arrays.deepToString(a);
    } else if (value instanceof BigDecimal d) {
      return d.toPlainString();
    } else if (value instanceof String s) {
      return "'" + s + "'";
    }
    return String.valueOf(value);
  }

  /**
   * The builder convention for a single-valued option: setting it twice is an
   * {@link IllegalStateException} that names the option and shows both values readably.
   */
  static void requireUnset(Object current, Object next, String option) {
    if (current != null) {
      throw new IllegalStateException(option + " was already set to " + show(current) + "; cannot set it to "
          + show(next));
    }
  }

  /** The builder convention for a required option that was never set. */
  static <T> T required(T value, String option) {
    if (value == null) {
      throw new IllegalStateException(option + " is required but was not set");
    }
    return value;
  }

  static <T> T notNull(T value, String field) {
    // The message is built only on failure: PriceDecision runs these checks on every decision.
    if (value == null) {
      throw new NullPointerException(field + " must not be null");
    }
    return value;
  }

  static String notBlank(String value, String field) {
    notNull(value, field);
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank, found '" + value + "'");
    }
    return value;
  }

  /** A non-blank identifier of at most {@link #MAX_ID_LENGTH} chars. */
  static String id(String value, String field) {
    return maxLength(notBlank(value, field), MAX_ID_LENGTH, field);
  }

  static double finite(double value, String field) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(field + " must be finite, found " + value);
    }
    return value;
  }

  static double nonNegative(double value, String field) {
    finite(value, field);
    if (value < 0) {
      throw new IllegalArgumentException(field + " must not be negative, found " + value);
    }
    return value;
  }

  static int nonNegative(int value, String field) {
    if (value < 0) {
      throw new IllegalArgumentException(field + " must not be negative, found " + value);
    }
    return value;
  }

  static double fraction(double value, String field) {
    nonNegative(value, field);
    if (value > 1) {
      throw new IllegalArgumentException(field + " must be in [0, 1], found " + value);
    }
    return value;
  }

  static double fractionBelowOne(double value, String field) {
    nonNegative(value, field);
    if (value >= 1) {
      throw new IllegalArgumentException(field + " must be in [0, 1), found " + value);
    }
    return value;
  }

  /**
   * A non-null, non-negative amount of money (any scale, e.g. a unit cost of 0.125) no larger than
   * {@link #MAX_AMOUNT}.
   */
  static BigDecimal money(BigDecimal value, String field) {
    notNull(value, field);
    if (value.signum() < 0) {
      throw new IllegalArgumentException(field + " must not be negative, found " + value.toPlainString());
    }
    if (value.compareTo(MAX_AMOUNT) > 0) {
      throw new IllegalArgumentException(field + " must be at most " + MAX_AMOUNT.toPlainString()
          + ", found " + value.toPlainString());
    }
    if (value.scale() > 18) {
      throw new IllegalArgumentException(field + " must have at most 18 decimal places, found "
          + value.toPlainString());
    }
    return value;
  }

  /** A non-null, non-negative amount with no upper bound: for results (a decision), not for inputs. */
  static BigDecimal nonNegativeAmount(BigDecimal value, String field) {
    notNull(value, field);
    if (value.signum() < 0) {
      throw new IllegalArgumentException(field + " must not be negative, found " + value.toPlainString());
    }
    return value;
  }

  /** A positive amount of money (see {@link #money}). */
  static BigDecimal positiveMoney(BigDecimal value, String field) {
    money(value, field);
    if (value.signum() == 0) {
      throw new IllegalArgumentException(field + " must be positive, found " + value.toPlainString());
    }
    return value;
  }

  /** A positive price expressible in the currency's minor unit. */
  static BigDecimal positivePrice(BigDecimal value, Currency currency, String field) {
    positiveMoney(value, field);
    return price(value, currency, field);
  }

  /**
   * {@link #price} for element {@code index} of a list field, naming it {@code field[index]}; the name is only
   * built when the check fails.
   */
  static BigDecimal priceAt(BigDecimal value, Currency currency, String field, int index) {
    if (value == null || value.signum() < 0 || value.scale() > currency.getDefaultFractionDigits()
        || value.scale() > 18 || value.compareTo(MAX_AMOUNT) > 0) {
      return price(value, currency, field + "[" + index + "]");
    }
    return value;
  }

  /** A non-null, non-negative price expressible in the currency's minor unit. */
  static BigDecimal price(BigDecimal value, Currency currency, String field) {
    money(value, field);
    int digits = currency.getDefaultFractionDigits();
    // A scale within the digits needs no stripping (stripping never raises the scale): no allocation then.
    if (value.scale() > digits && value.stripTrailingZeros().scale() > digits) {
      throw new IllegalArgumentException(field + " " + value.toPlainString() + " has more decimal places than "
          + currency.getCurrencyCode() + " allows (" + digits + ")");
    }
    return value;
  }

  static Currency currency(String code, String field) {
    notNull(code, field);
    Currency currency;
    try {
      currency = Currency.getInstance(code);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + " '" + code + "' is not an ISO 4217 currency code", e);
    }
    return currency(currency, field);
  }

  static Currency currency(Currency currency, String field) {
    notNull(currency, field);
    if (currency.getDefaultFractionDigits() < 0) {
      throw new IllegalArgumentException(field + " '" + currency.getCurrencyCode()
          + "' has no minor unit and cannot price goods");
    }
    return currency;
  }

  static <T> List<T> list(List<T> value, int max, String field) {
    notNull(value, field);
    maxSize(value.size(), max, field);
    return list(value, field);
  }

  static <K, V> Map<K, V> map(Map<K, V> value, int max, String field) {
    notNull(value, field);
    maxSize(value.size(), max, field);
    return map(value, field);
  }

  static <T> List<T> list(List<T> value, String field) {
    notNull(value, field);
    for (int i = 0; i < value.size(); i++) {
      if (value.get(i) == null) {
        throw new NullPointerException(field + "[" + i + "] must not be null");
      }
    }
    return List.copyOf(value);
  }

  static <K, V> Map<K, V> map(Map<K, V> value, String field) {
    notNull(value, field);
    for (Map.Entry<K, V> e : value.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        throw new NullPointerException(field + " must not contain null keys or values, found "
            + e.getKey() + "=" + e.getValue());
      }
    }
    return Map.copyOf(value);
  }

  /**
   * Checks that the absolute prices in a guardrail are in the currency (when the guardrail names one) and
   * expressible in its minor unit.
   */
  static void guardrail(Guardrail g, Currency currency, String field) {
    java.util.Optional<Currency> own = Guardrail.currencyOf(g);
    if (own.isPresent() && !own.get().equals(currency)) {
      throw new IllegalArgumentException(field + ": " + g + " is in " + own.get().getCurrencyCode() + ", not "
          + currency.getCurrencyCode());
    }
    BigDecimal v = absolute(g);
    if (v != null) {
      price(v, currency, field + " " + g.kind().id());
    }
  }

  /**
   * Rejects a guardrail list whose absolute lower bounds (floor, MAP) exceed its absolute upper bounds
   * (ceiling): such a list can never be satisfied, so it is refused when built rather than per request.
   */
  static void consistentBounds(List<Guardrail> guardrails, String field) {
    for (Guardrail lower : guardrails) {
      BigDecimal lo = absolute(lower);
      if (lo == null || lower instanceof Guardrail.Ceiling) {
        continue;
      }
      for (Guardrail upper : guardrails) {
        if (upper instanceof Guardrail.Ceiling c && Guardrail.currencyOf(lower).equals(c.currency())
            && lo.compareTo(c.price()) > 0) {
          throw new IllegalArgumentException(field + ": " + lower.kind().id() + " " + lo.toPlainString()
              + " is above " + upper.kind().id() + " " + c.price().toPlainString());
        }
      }
    }
  }

  static BigDecimal absolute(Guardrail g) {
    if (g instanceof Guardrail.Floor f) {
      return f.price();
    } else if (g instanceof Guardrail.Ceiling c) {
      return c.price();
    } else if (g instanceof Guardrail.MinimumAdvertisedPrice m) {
      return m.price();
    }
    return null;
  }
}
