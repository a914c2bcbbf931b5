package dev.pricing.api;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Currency;
import java.util.List;
import java.util.Optional;

/**
 * The set of prices the engine may return: price endings (.99, .95, whole units), a fixed step, or an
 * explicit list of price points. Every price a {@link PricingEngine} returns lies on its ladder.
 *
 * <p>Endings are defined in the currency's minor unit, so they survive currency conversion: with
 * {@link #NINETY_NINE} a USD price is {@code k.99} and a JPY price (no minor unit) is {@code k99} yen.
 * Explicit points are money, so they name their currency ({@link #points(String, List)}) and are checked
 * when the ladder is built: a point that the currency cannot express (9.995 USD) is refused then. An
 * engine with a point ladder prices only products in that currency; a request in another currency is
 * refused as invalid ({@link ReasonCode#INVALID_REQUEST}).
 *
 * <p>All ladder positions are in minor units ({@code long}); {@code digits} is the currency's number of
 * fraction digits. Immutable and thread-safe.
 */
public final class PriceLadder {
  /** Prices ending in .99 of the major unit (or 99 minor units for currencies without decimals). */
  public static final PriceLadder NINETY_NINE = endings(100, 99);
  /** Prices ending in .95. */
  public static final PriceLadder NINETY_FIVE = endings(100, 95);
  /** Prices ending in .49 or .99. */
  public static final PriceLadder FORTY_NINE_NINETY_NINE = endings(100, 49, 99);
  /** Whole units of 100 minor units (19.00, 20.00). */
  public static final PriceLadder WHOLE = endings(100, 0);
  /** Every minor unit (any cent). */
  public static final PriceLadder MINOR_UNIT = endings(1, 0);

  private static final int MAX_DIGITS = 4;

  private final String description;
  private final long modulus;
  private final long[] endings;
  private final long[][] pointsByDigits;
  private final List<BigDecimal> points;
  private final Currency currency;

  private PriceLadder(String description, long modulus, long[] endings, List<BigDecimal> points,
      Currency currency) {
    this.description = description;
    this.currency = currency;
    this.modulus = modulus;
    this.endings = endings;
    this.points = points;
    if (points == null) {
      this.pointsByDigits = null;
    } else {
      this.pointsByDigits = new long[MAX_DIGITS + 1][];
      for (int d = 0; d <= MAX_DIGITS; d++) {
        long[] minor = new long[points.size()];
        boolean ok = true;
        for (int i = 0; i < minor.length && ok; i++) {
          BigDecimal scaled = points.get(i).movePointRight(d);
          if (scaled.stripTrailingZeros().scale() > 0) {
            ok = false;
          } else {
            minor[i] = scaled.setScale(0, RoundingMode.UNNECESSARY).longValueExact();
          }
        }
        pointsByDigits[d] = ok ? minor : null;
      }
    }
  }

  /**
   * Returns a ladder of prices whose value modulo {@code modulusMinorUnits} is one of the endings.
   *
   * <p>{@code endings(100, 99)} gives 0.99, 1.99, 2.99 ... in a two-decimal currency; {@code endings(500, 499)}
   * gives 4.99, 9.99, 14.99 ...
   *
   * @param modulusMinorUnits the period of the ladder in minor units, positive
   * @param endings the allowed remainders, each in [0, modulus)
   * @return the ladder
   * @throws IllegalArgumentException if the modulus is not positive, no ending is given, or an ending is
   *     out of range or repeated
   */
  public static PriceLadder endings(int modulusMinorUnits, int... endings) {
    if (modulusMinorUnits <= 0) {
      throw new IllegalArgumentException("modulusMinorUnits must be positive, found " + modulusMinorUnits);
    }
    Checks.notNull(endings, "endings");
    if (endings.length == 0) {
      throw new IllegalArgumentException("endings must not be empty");
    }
    long[] sorted = new long[endings.length];
    for (int i = 0; i < endings.length; i++) {
      if (endings[i] < 0 || endings[i] >= modulusMinorUnits) {
        throw new IllegalArgumentException(
            "endings[" + i + "] must be in [0, " + modulusMinorUnits + "), found " + endings[i]);
      }
      sorted[i] = endings[i];
    }
    Arrays.sort(sorted);
    for (int i = 1; i < sorted.length; i++) {
      if (sorted[i] == sorted[i - 1]) {
        throw new IllegalArgumentException("endings must not repeat, found " + sorted[i] + " twice");
      }
    }
    return new PriceLadder("endings(" + modulusMinorUnits + ", " + Arrays.toString(sorted) + ")",
        modulusMinorUnits, sorted, null, null);
  }

  /**
   * Returns a ladder of every multiple of a step, for example 5 minor units (0.05, 0.10, ...).
   *
   * @param stepMinorUnits the step in minor units, positive
   * @return the ladder
   * @throws IllegalArgumentException if the step is not positive
   */
  public static PriceLadder step(int stepMinorUnits) {
    return endings(stepMinorUnits, 0);
  }

  /**
   * Returns a ladder of explicit price points in a currency.
   *
   * @param currencyCode the ISO 4217 code of the points, for example {@code "USD"}
   * @param points the allowed prices: at least one and at most 100,000, each positive, at most 10^11 and
   *     expressible in the currency's minor unit, no duplicates
   * @return the ladder
   * @throws IllegalArgumentException naming the value if the currency is unknown, the list is empty or too
   *     long, or a point is invalid or repeats
   */
  public static PriceLadder points(String currencyCode, List<BigDecimal> points) {
    Currency currency = Checks.currency(currencyCode, "points.currency");
    List<BigDecimal> copy = Checks.list(points, Checks.MAX_LADDER_POINTS, "points");
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("points must not be empty");
    }
    BigDecimal[] sorted = copy.toArray(new BigDecimal[0]);
    for (int i = 0; i < sorted.length; i++) {
      Checks.positivePrice(sorted[i], currency, "points[" + i + "]");
    }
    Arrays.sort(sorted);
    for (int i = 1; i < sorted.length; i++) {
      if (sorted[i].compareTo(sorted[i - 1]) == 0) {
        throw new IllegalArgumentException("points must not repeat, found " + sorted[i].toPlainString() + " twice");
      }
    }
    StringBuilder d = new StringBuilder("points(").append(currency.getCurrencyCode()).append(", [");
    for (int i = 0; i < sorted.length; i++) {
      d.append(i == 0 ? "" : ", ").append(sorted[i].toPlainString());
    }
    return new PriceLadder(d.append("])").toString(), 0, null, List.of(sorted), currency);
  }

  /**
   * Returns the currency of an explicit point ladder, or empty for an endings ladder (which applies in
   * every currency).
   *
   * @return the currency, if any
   */
  public Optional<Currency> currency() {
    return Optional.ofNullable(currency);
  }

  /**
   * Returns the smallest ladder price at or above {@code minor}, or {@link Long#MAX_VALUE} if none.
   *
   * @param minor a price in minor units
   * @param digits the currency's fraction digits
   * @return the ladder price in minor units
   * @throws IllegalArgumentException if an explicit point cannot be expressed with {@code digits}
   */
  public long ceil(long minor, int digits) {
    if (endings == null) {
      long[] p = points(digits);
      int i = Arrays.binarySearch(p, minor);
      if (i >= 0) {
        return p[i];
      }
      int ins = -i - 1;
      return ins < p.length ? p[ins] : Long.MAX_VALUE;
    }
    long x = Math.max(minor, 0);
    long base = Math.floorDiv(x, modulus) * modulus;
    for (long e : endings) {
      if (base + e >= x) {
        return base + e;
      }
    }
    return base + modulus + endings[0];
  }

  /**
   * Writes the ladder prices in {@code [lo, hi]} in ascending order, at most {@code max} of them: the same
   * sequence as repeated {@link #ceil} calls, with one division for the whole range instead of one per
   * price. Allocation-free.
   *
   * @param lo the lowest price in minor units
   * @param hi the highest price in minor units
   * @param digits the currency's fraction digits
   * @param out where the prices go, at least {@code max} long
   * @param max how many to write at most
   * @return how many were written
   * @throws IllegalArgumentException as {@link #ceil} for an explicit ladder the currency cannot express
   */
  public int fill(long lo, long hi, int digits, long[] out, int max) {
    int n = 0;
    if (endings == null) {
      long[] p = points(digits);
      int i = Arrays.binarySearch(p, lo);
      int at = i >= 0 ? i : -i - 1;
      while (at < p.length && p[at] <= hi && n < max) {
        out[n++] = p[at++];
      }
      return n;
    }
    long x = Math.max(lo, 0);
    long base = Math.floorDiv(x, modulus) * modulus;
    int k = 0;
    while (k < endings.length && base + endings[k] < x) {
      k++;
    }
    if (k == endings.length) {
      k = 0;
      base += modulus;
    }
    while (n < max) {
      long p = base + endings[k];
      if (p > hi) {
        break;
      }
      out[n++] = p;
      if (++k == endings.length) {
        k = 0;
        base += modulus;
      }
    }
    return n;
  }

  /**
   * Returns the largest ladder price at or below {@code minor}, or {@code -1} if none.
   *
   * @param minor a price in minor units
   * @param digits the currency's fraction digits
   * @return the ladder price in minor units, or -1
   * @throws IllegalArgumentException if an explicit point cannot be expressed with {@code digits}
   */
  public long floor(long minor, int digits) {
    if (minor < 0) {
      return -1;
    }
    if (endings == null) {
      long[] p = points(digits);
      int i = Arrays.binarySearch(p, minor);
      if (i >= 0) {
        return p[i];
      }
      int ins = -i - 1;
      return ins > 0 ? p[ins - 1] : -1;
    }
    long base = Math.floorDiv(minor, modulus) * modulus;
    for (int k = endings.length - 1; k >= 0; k--) {
      if (base + endings[k] <= minor) {
        return base + endings[k];
      }
    }
    long prev = base - modulus + endings[endings.length - 1];
    return prev >= 0 ? prev : -1;
  }

  /**
   * Returns whether a price lies on this ladder.
   *
   * @param minor a price in minor units
   * @param digits the currency's fraction digits
   * @return true if it does
   */
  public boolean contains(long minor, int digits) {
    return minor >= 0 && ceil(minor, digits) == minor;
  }

  /**
   * Returns whether a price lies on this ladder.
   *
   * @param price a price
   * @param digits the currency's fraction digits
   * @return true if it does
   */
  public boolean contains(BigDecimal price, int digits) {
    BigDecimal scaled = price.movePointRight(digits);
    if (scaled.stripTrailingZeros().scale() > 0) {
      return false;
    }
    return contains(scaled.longValueExact(), digits);
  }

  private long[] points(int digits) {
    long[] p = digits >= 0 && digits <= MAX_DIGITS ? pointsByDigits[digits] : null;
    if (p == null) {
      throw new IllegalArgumentException("price ladder " + description
          + " has a point that a currency with " + digits + " fraction digits cannot express");
    }
    return p;
  }

  @Override
  public String toString() {
    return "PriceLadder." + description;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PriceLadder other && description.equals(other.description);
  }

  @Override
  public int hashCode() {
    return description.hashCode();
  }

  /**
   * Returns the explicit points of a point ladder, or an empty list for an endings ladder.
   *
   * @return the points, ascending
   */
  public List<BigDecimal> explicitPoints() {
    return points == null ? List.of() : points;
  }
}
