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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Turns the ISLR {@code OJ} purchases (Citrus Hill vs Minute Maid, 1,070 occasions) into a conversion log
 * for the Minute Maid side: one {@link OfferRecord} per purchase occasion, offered price = SalePriceMM,
 * list price = PriceMM, the one competitor price = SalePriceCH, product attributes {@code special} (SpecialMM)
 * and {@code pct_disc} (PctDiscMM), customer attributes {@code loyalty} = 1 − LoyalCH (loyalty to Minute
 * Maid) and {@code store7}, units = 1 when Purchase is MM. The file has no household id, so each occasion is
 * its own customer ({@code occasion-<rownames>}). The week number maps to an instant as in
 * {@link DominicksOffers#weekInstant(int)}.
 */
public final class IslrOjOffers {
  /** The customer attributes. */
  public static final List<String> CUSTOMER_ATTRIBUTES = List.of("loyalty", "store7");
  /** The product attributes. */
  public static final List<String> PRODUCT_ATTRIBUTES = List.of("special", "pct_disc");

  /** One purchase occasion. */
  public record Row(int line, String id, boolean boughtMm, int week, int store, double priceCh, double priceMm,
      double specialMm, double loyalCh, double salePriceMm, double salePriceCh, boolean store7, double pctDiscMm) {}

  private IslrOjOffers() {}

  /**
   * Reads ISLR_OJ.csv from a folder.
   *
   * @param dir the folder
   * @return the rows
   * @throws IOException if the file cannot be read
   */
  public static List<Row> read(Path dir) throws IOException {
    Path file = dir.resolve("ISLR_OJ.csv");
    try (Reader r = Files.newBufferedReader(file)) {
      return parse(r, file.toString());
    }
  }

  /**
   * Parses the CSV.
   *
   * @param reader the text, header first
   * @param source the name used in error messages
   * @return the rows
   * @throws IOException if reading fails
   * @throws IllegalArgumentException naming the line, column and value of a malformed row
   */
  public static List<Row> parse(Reader reader, String source) throws IOException {
    List<Row> rows = new ArrayList<>();
    for (CsvRows.Line l : CsvRows.read(reader, source, "rownames,Purchase,WeekofPurchase", 19)) {
      String[] f = l.fields();
      if (!f[1].equals("CH") && !f[1].equals("MM")) {
        throw new IllegalArgumentException(source + " line " + l.number() + " column Purchase: expected CH or MM, found '"
            + f[1] + "'");
      }
      if (!f[14].equals("Yes") && !f[14].equals("No")) {
        throw new IllegalArgumentException(source + " line " + l.number() + " column Store7: expected Yes or No, found '"
            + f[14] + "'");
      }
      double loyal = CsvRows.number(source, l, 10, "LoyalCH");
      if (loyal < 0 || loyal > 1) {
        throw new IllegalArgumentException(source + " line " + l.number() + " column LoyalCH: must be in [0, 1], found '"
            + f[10] + "'");
      }
      rows.add(new Row(l.number(), f[0], f[1].equals("MM"), CsvRows.integer(source, l, 2, "WeekofPurchase"),
          CsvRows.integer(source, l, 3, "StoreID"), CsvRows.positive(source, l, 4, "PriceCH"),
          CsvRows.positive(source, l, 5, "PriceMM"), CsvRows.number(source, l, 9, "SpecialMM"), loyal,
          CsvRows.positive(source, l, 11, "SalePriceMM"), CsvRows.positive(source, l, 12, "SalePriceCH"),
          f[14].equals("Yes"), CsvRows.number(source, l, 15, "PctDiscMM")));
    }
    return rows;
  }

  /**
   * Builds the Minute Maid conversion offers.
   *
   * @param rows the occasions
   * @return one offer per occasion, in row order
   */
  public static List<OfferRecord> offers(List<Row> rows) {
    List<OfferRecord> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      Product mm = Product.builder("minute-maid", "USD").listPrice(CsvRows.cents(r.priceMm()))
          .unitCost(BigDecimal.ZERO).category("orange-juice").title("Minute Maid")
          .attribute("special", r.specialMm()).attribute("pct_disc", r.pctDiscMm()).build();
      Customer c = new Customer("occasion-" + r.id(), BehaviourSummary.empty(), List.of(),
          Map.of("loyalty", 1 - r.loyalCh(), "store7", r.store7() ? 1.0 : 0.0));
      Market m = new Market(List.of(CsvRows.cents(r.salePriceCh())), 0, 0, DominicksOffers.weekInstant(r.week()),
          Channel.STORE, Optional.empty(), Optional.of(mm.currency()));
      out.add(new OfferRecord(new PricingRequest(c, mm, m), CsvRows.cents(r.salePriceMm()), OptionalDouble.empty(),
          r.boughtMm() ? 1 : 0));
    }
    return out;
  }
}
