package dev.pricing.api;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Map;

/** Argument checks shared by the value types; every message names the field and echoes the value. */
final class Checks {
  private Checks() {}

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

  /** A non-null, non-negative amount of money (any scale, e.g. a unit cost of 0.125). */
  static BigDecimal money(BigDecimal value, String field) {
    notNull(value, field);
    if (value.signum() < 0) {
      throw new IllegalArgumentException(field + " must not be negative, found " + value.toPlainString());
    }
    return value;
  }

  /** A non-null, non-negative price expressible in the currency's minor unit. */
  static BigDecimal price(BigDecimal value, Currency currency, String field) {
    money(value, field);
    int digits = currency.getDefaultFractionDigits();
    if (value.stripTrailingZeros().scale() > digits) {
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

  /** Checks that the absolute prices in a guardrail are expressible in the currency's minor unit. */
  static void guardrail(Guardrail g, Currency currency) {
    if (g instanceof Guardrail.Floor f) {
      price(f.price(), currency, "floor");
    } else if (g instanceof Guardrail.Ceiling c) {
      price(c.price(), currency, "ceiling");
    } else if (g instanceof Guardrail.MinimumAdvertisedPrice m) {
      price(m.price(), currency, "minimumAdvertisedPrice");
    }
  }

  /**
   * Rejects a guardrail list whose absolute lower bounds (floor, MAP) exceed its absolute upper bounds
   * (ceiling): such a list can never be satisfied, so it is refused when built rather than per request.
   */
  static void consistentBounds(List<Guardrail> guardrails, String field) {
    Guardrail lower = null;
    Guardrail upper = null;
    for (Guardrail g : guardrails) {
      BigDecimal v = absolute(g);
      if (v == null) {
        continue;
      }
      if (g instanceof Guardrail.Ceiling) {
        if (upper == null || v.compareTo(absolute(upper)) < 0) {
          upper = g;
        }
      } else if (lower == null || v.compareTo(absolute(lower)) > 0) {
        lower = g;
      }
    }
    if (lower != null && upper != null && absolute(lower).compareTo(absolute(upper)) > 0) {
      throw new IllegalArgumentException(field + ": " + lower.kind().id() + " " + absolute(lower).toPlainString()
          + " is above " + upper.kind().id() + " " + absolute(upper).toPlainString());
    }
  }

  private static BigDecimal absolute(Guardrail g) {
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
