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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Turns the margarine household panel (bayesm {@code margarine}) into a conversion log for one brand: one
 * {@link OfferRecord} per household purchase occasion, offered price = the brand's price, list price = the
 * brand's median price over the occasions given, competitor prices = the other nine brands' prices, customer
 * = the household ({@code hh-<hhid>}) with its demographics (joined on hhid) as attributes, units = 1 when
 * the household chose the brand. The panel has no dates, so every offer carries {@link #TIME}; split it by
 * household, not by time.
 */
public final class MargarineOffers {
  /** The ten brands, in the column order of margarine_choicePrice.csv (choice k is BRANDS[k - 1]). */
  public static final List<String> BRANDS = List.of("PPk_Stk", "PBB_Stk", "PFl_Stk", "PHse_Stk", "PGen_Stk",
      "PImp_Stk", "PSS_Tub", "PPk_Tub", "PFl_Tub", "PHse_Tub");
  /** The demographic attributes (customer.attr names), in file order after hhid. */
  public static final List<String> DEMOGRAPHICS = List.of("income", "fs3_4", "fs5", "fam_size", "college",
      "whtcollar", "retired");
  /** The single instant every offer carries. */
  public static final Instant TIME = Instant.parse("1990-01-01T00:00:00Z");

  /** One purchase occasion: the household, the chosen brand (1..10) and the ten prices. */
  public record Occasion(int line, long hhid, int choice, double[] prices) {}

  private MargarineOffers() {}

  /**
   * Reads margarine_choicePrice.csv.
   *
   * @param dir the folder
   * @return the occasions
   * @throws IOException if the file cannot be read
   */
  public static List<Occasion> readChoices(Path dir) throws IOException {
    Path file = dir.resolve("margarine_choicePrice.csv");
    try (Reader r = Files.newBufferedReader(file)) {
      return parseChoices(r, file.toString());
    }
  }

  /**
   * Reads margarine_demos.csv.
   *
   * @param dir the folder
   * @return hhid to attributes
   * @throws IOException if the file cannot be read
   */
  public static Map<Long, Map<String, Double>> readDemographics(Path dir) throws IOException {
    Path file = dir.resolve("margarine_demos.csv");
    try (Reader r = Files.newBufferedReader(file)) {
      return parseDemographics(r, file.toString());
    }
  }

  /**
   * Parses the choice-price file.
   *
   * @param reader the text, header first
   * @param source the name used in error messages
   * @return the occasions
   * @throws IOException if reading fails
   * @throws IllegalArgumentException naming the line, column and value of a malformed row
   */
  public static List<Occasion> parseChoices(Reader reader, String source) throws IOException {
    List<Occasion> out = new ArrayList<>();
    for (CsvRows.Line l : CsvRows.read(reader, source, "hhid,choice", 2 + BRANDS.size())) {
      long hhid = hhid(source, l);
      int choice = CsvRows.integer(source, l, 1, "choice");
      if (choice < 1 || choice > BRANDS.size()) {
        throw new IllegalArgumentException(source + " line " + l.number() + " column choice: must be 1.."
            + BRANDS.size() + ", found '" + l.fields()[1] + "'");
      }
      double[] prices = new double[BRANDS.size()];
      for (int b = 0; b < prices.length; b++) {
        prices[b] = CsvRows.positive(source, l, 2 + b, BRANDS.get(b));
      }
      out.add(new Occasion(l.number(), hhid, choice, prices));
    }
    return out;
  }

  /**
   * Parses the demographics file.
   *
   * @param reader the text, header first
   * @param source the name used in error messages
   * @return hhid to attributes
   * @throws IOException if reading fails
   * @throws IllegalArgumentException naming the line, column and value of a malformed row
   */
  public static Map<Long, Map<String, Double>> parseDemographics(Reader reader, String source) throws IOException {
    Map<Long, Map<String, Double>> out = new LinkedHashMap<>();
    String[] columns = {"Income", "Fs3_4", "Fs5.", "Fam_Size", "college", "whtcollar", "retired"};
    for (CsvRows.Line l : CsvRows.read(reader, source, "hhid,Income", 1 + DEMOGRAPHICS.size())) {
      Map<String, Double> attrs = new LinkedHashMap<>();
      for (int i = 0; i < columns.length; i++) {
        attrs.put(DEMOGRAPHICS.get(i), CsvRows.number(source, l, i + 1, columns[i]));
      }
      out.put(hhid(source, l), Map.copyOf(attrs));
    }
    return out;
  }

  private static long hhid(String source, CsvRows.Line l) {
    try {
      return Long.parseLong(l.fields()[0]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(source + " line " + l.number() + " column hhid: not an integer: '"
          + l.fields()[0] + "'");
    }
  }

  /** Returns the most often chosen brand (1-based; the lowest number on a tie). */
  public static int mostChosen(List<Occasion> occasions) {
    int[] counts = new int[BRANDS.size() + 1];
    occasions.forEach(o -> counts[o.choice()]++);
    int best = 1;
    for (int b = 2; b <= BRANDS.size(); b++) {
      if (counts[b] > counts[best]) {
        best = b;
      }
    }
    return best;
  }

  /**
   * Builds one brand's conversion offers.
   *
   * @param occasions the occasions
   * @param demographics hhid to attributes
   * @param brand the brand, 1..10
   * @return one offer per occasion, in order
   * @throws IllegalArgumentException if the brand is out of range or a household has no demographics
   */
  public static List<OfferRecord> offers(List<Occasion> occasions, Map<Long, Map<String, Double>> demographics,
      int brand) {
    if (brand < 1 || brand > BRANDS.size()) {
      throw new IllegalArgumentException("brand must be 1.." + BRANDS.size() + ", found " + brand);
    }
    double list = CsvRows.median(occasions.stream().mapToDouble(o -> o.prices()[brand - 1]).toArray());
    Product product = Product.builder(BRANDS.get(brand - 1), "USD").listPrice(CsvRows.cents(list))
        .unitCost(BigDecimal.ZERO).category("margarine").title(BRANDS.get(brand - 1)).build();
    List<OfferRecord> out = new ArrayList<>(occasions.size());
    for (Occasion o : occasions) {
      Map<String, Double> demo = demographics.get(o.hhid());
      if (demo == null) {
        throw new IllegalArgumentException("line " + o.line() + " column hhid: household " + o.hhid()
            + " has no demographics");
      }
      List<BigDecimal> competitors = new ArrayList<>();
      for (int b = 1; b <= BRANDS.size(); b++) {
        if (b != brand) {
          competitors.add(CsvRows.cents(o.prices()[b - 1]));
        }
      }
      Customer hh = new Customer("hh-" + o.hhid(), BehaviourSummary.empty(), List.of(), demo);
      Market m = new Market(competitors, 0, 0, TIME, Channel.STORE, Optional.empty(), Optional.of(product.currency()));
      out.add(new OfferRecord(new PricingRequest(hh, product, m), CsvRows.cents(o.prices()[brand - 1]),
          OptionalDouble.empty(), o.choice() == brand ? 1 : 0));
    }
    return out;
  }
}
