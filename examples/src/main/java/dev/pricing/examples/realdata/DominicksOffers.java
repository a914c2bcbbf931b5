package dev.pricing.examples.realdata;

import dev.pricing.api.BehaviourSummary;
import dev.pricing.api.Channel;
import dev.pricing.api.Customer;
import dev.pricing.api.Market;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import dev.pricing.core.demand.OfferRecord;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Turns the Dominick's orange juice panel into a units offer log: one {@link OfferRecord} per
 * store-brand-week. The product is the brand (category = brand name, so brand indicators act as brand
 * intercepts), its list price is the brand's median pack price over the rows given, the offered price is
 * that week's pack price, and {@code deal}/{@code feat} are product attributes. The competitor prices are
 * the other 64 oz brands' pack prices that week. The customer is the store ({@code store-<n>}) with its
 * demographics from orangeJuice_storedemo.csv as attributes. Units are {@code exp(logmove)}. The time is
 * week {@code w} mapped to {@link #WEEK_ZERO} + 7w days (UTC): an arbitrary but monotone calendar, only
 * used to order and split the weeks.
 */
public final class DominicksOffers {
  /** The instant standing for week 0. */
  public static final Instant WEEK_ZERO = LocalDate.of(1989, 9, 14).atStartOfDay(ZoneOffset.UTC).toInstant();
  /** The store demographic columns, in file order, used as customer attribute names (lower case). */
  public static final List<String> DEMOGRAPHICS = List.of("age60", "educ", "ethnic", "income", "hhlarge",
      "workwom", "hval150", "sstrdist", "sstrvol", "cpdist5", "cpwvol5");
  /** The product attributes. */
  public static final List<String> PRODUCT_ATTRIBUTES = List.of("deal", "feat");

  private DominicksOffers() {}

  /** Returns the instant of a week number. */
  public static Instant weekInstant(int week) {
    return WEEK_ZERO.plusSeconds(7L * 86_400 * week);
  }

  /**
   * Reads orangeJuice_storedemo.csv.
   *
   * @param dir the data folder
   * @return store number to attribute name to value
   * @throws IOException if the file cannot be read
   */
  public static Map<Integer, Map<String, Double>> readStoreDemographics(Path dir) throws IOException {
    Path file = dir.resolve("orangeJuice_storedemo.csv");
    try (Reader r = Files.newBufferedReader(file)) {
      return parseStoreDemographics(r, file.toString());
    }
  }

  /**
   * Parses the store demographics.
   *
   * @param reader the CSV text, header first
   * @param source the name used in error messages
   * @return store number to attribute name to value
   * @throws IOException if reading fails
   * @throws IllegalArgumentException naming the line, column and value of a malformed row
   */
  public static Map<Integer, Map<String, Double>> parseStoreDemographics(Reader reader, String source)
      throws IOException {
    Map<Integer, Map<String, Double>> out = new LinkedHashMap<>();
    for (CsvRows.Line line : CsvRows.read(reader, source, "STORE,AGE60", 1 + DEMOGRAPHICS.size())) {
      int store = CsvRows.integer(source, line, 0, "STORE");
      Map<String, Double> attrs = new LinkedHashMap<>();
      for (int i = 0; i < DEMOGRAPHICS.size(); i++) {
        attrs.put(DEMOGRAPHICS.get(i), CsvRows.number(source, line, i + 1, DEMOGRAPHICS.get(i).toUpperCase()));
      }
      out.put(store, Map.copyOf(attrs));
    }
    return out;
  }

  /** Each brand's (1-based) median pack price over the rows. */
  static double[] medianPackPrices(List<Dominicks.Row> rows) {
    Map<Integer, List<Double>> byBrand = new HashMap<>();
    for (Dominicks.Row r : rows) {
      byBrand.computeIfAbsent(r.brand(), b -> new ArrayList<>()).add(r.ownPackPrice());
    }
    double[] medians = new double[Dominicks.BRANDS.length + 1];
    byBrand.forEach((b, v) -> medians[b] = CsvRows.median(v.stream().mapToDouble(Double::doubleValue).toArray()));
    return medians;
  }

  /**
   * Builds the offers.
   *
   * @param rows the store-brand-week rows
   * @param demographics store demographics; a store without them gets no attributes (the extractor then
   *     uses its neutral values)
   * @return one offer per row, in row order
   * @throws IllegalArgumentException if a row's brand is not 1..11
   */
  public static List<OfferRecord> offers(List<Dominicks.Row> rows, Map<Integer, Map<String, Double>> demographics) {
    return offers(rows, demographics, rows);
  }

  /**
   * Builds the offers with list prices taken from other rows (for example the training weeks only, so the
   * held-out weeks do not leak into the list price).
   *
   * @param rows the store-brand-week rows
   * @param demographics store demographics
   * @param listPriceRows the rows whose median pack price per brand is the list price
   * @return one offer per row, in row order
   * @throws IllegalArgumentException if a row's brand is not 1..11 or has no list price
   */
  public static List<OfferRecord> offers(List<Dominicks.Row> rows, Map<Integer, Map<String, Double>> demographics,
      List<Dominicks.Row> listPriceRows) {
    return offers(rows, demographics, listPriceRows, false);
  }

  /**
   * Builds the offers as {@link #offers(List, Map, List)} does, optionally with each offer's reference price set
   * to the product's previous price: the same store and brand's pack price in the latest earlier week of the
   * panel (its own price in a store-brand's first week: no gain or loss). The candidate-price features' reference hinges then sit at a
   * price the data define, not at the list price, so the fitted elasticity does not depend on how the list price
   * is represented.
   *
   * @param rows the store-brand-week rows
   * @param demographics store demographics
   * @param listPriceRows the rows whose median pack price per brand is the list price
   * @param previousPriceAsReference whether each offer carries the store-brand's previous pack price as reference
   * @return one offer per row, in row order
   * @throws IllegalArgumentException if a row's brand is not 1..11 or has no list price
   */
  public static List<OfferRecord> offers(List<Dominicks.Row> rows, Map<Integer, Map<String, Double>> demographics,
      List<Dominicks.Row> listPriceRows, boolean previousPriceAsReference) {
    double[] listPrice = medianPackPrices(listPriceRows);
    BigDecimal[] previous = previousPriceAsReference ? previousPackPrices(rows) : new BigDecimal[rows.size()];
    int index = 0;
    Map<Integer, Product> products = new HashMap<>();
    List<OfferRecord> out = new ArrayList<>(rows.size());
    for (Dominicks.Row r : rows) {
      if (r.brand() < 1 || r.brand() > Dominicks.BRANDS.length) {
        throw new IllegalArgumentException("brand must be 1.." + Dominicks.BRANDS.length + ", found " + r.brand()
            + " (store " + r.store() + ", week " + r.week() + ")");
      }
      if (!(listPrice[r.brand()] > 0)) {
        throw new IllegalArgumentException("brand " + r.brand() + " has no list price");
      }
      String name = Dominicks.BRANDS[r.brand() - 1];
      Product product = Product.builder("oj-" + r.brand(), "USD").listPrice(CsvRows.cents(listPrice[r.brand()]))
          .unitCost(BigDecimal.ZERO).category(name).title(name).attribute("deal", r.deal())
          .attribute("feat", r.feat()).build();
      List<BigDecimal> competitors = new ArrayList<>();
      for (int b = 1; b <= Dominicks.BRANDS.length; b++) {
        if (b != r.brand() && Dominicks.SIZE_OZ[b - 1] == 64) {
          competitors.add(CsvRows.cents(r.pricePerOz()[b - 1] * 64));
        }
      }
      Customer store = new Customer("store-" + r.store(), BehaviourSummary.empty(), List.of(),
          demographics.getOrDefault(r.store(), Map.of()));
      BigDecimal reference = previous[index++];
      if (reference == null && previousPriceAsReference) {
        reference = CsvRows.cents(r.ownPackPrice()); // no previous price: no gain or loss against one
      }
      Market market = new Market(competitors, 0, 0, weekInstant(r.week()), Channel.STORE,
          java.util.Optional.ofNullable(reference), java.util.Optional.of(product.currency()));
      out.add(new OfferRecord(new PricingRequest(store, product, market), CsvRows.cents(r.ownPackPrice()),
          OptionalDouble.empty(), Math.exp(r.logMove())));
    }
    return out;
  }

  /** Each row's store-brand pack price in the latest earlier week of the rows, or null for its first week. */
  private static BigDecimal[] previousPackPrices(List<Dominicks.Row> rows) {
    Integer[] order = new Integer[rows.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, java.util.Comparator.comparingInt(i -> rows.get(i).week()));
    Map<Long, BigDecimal> last = new HashMap<>();
    BigDecimal[] out = new BigDecimal[rows.size()];
    int i = 0;
    while (i < order.length) {
      int week = rows.get(order[i]).week();
      int j = i;
      while (j < order.length && rows.get(order[j]).week() == week) {
        Dominicks.Row r = rows.get(order[j]);
        out[order[j]] = last.get(r.store() * 100L + r.brand());
        j++;
      }
      for (int k = i; k < j; k++) {
        Dominicks.Row r = rows.get(order[k]);
        last.put(r.store() * 100L + r.brand(), CsvRows.cents(r.ownPackPrice()));
      }
      i = j;
    }
    return out;
  }
}
