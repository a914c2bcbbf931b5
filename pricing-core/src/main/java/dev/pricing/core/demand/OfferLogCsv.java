package dev.pricing.core.demand;

import dev.pricing.api.BehaviourSummary;
import dev.pricing.api.Channel;
import dev.pricing.api.Customer;
import dev.pricing.api.Market;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An offer log stored as CSV: a re-iterable, streaming {@code Iterable<OfferRecord>}, and a writer.
 *
 * <p>The file is UTF-8, has the header line {@link #HEADER} exactly, then one offer per line with the
 * {@link #COLUMNS} in that order. Fields containing a comma or a double quote are quoted RFC-4180 style
 * ({@code "a ""quoted"", title"}); a field may not contain a line break. Blank lines are ignored. Column
 * formats:
 *
 * <ul>
 *   <li>{@code customer_id}, {@code product_id}, {@code category}: non-blank text; {@code title} any text;
 *   <li>{@code views}, {@code clicks}, {@code carts}, {@code purchases}, {@code inventory_units}:
 *       non-negative integers;
 *   <li>{@code days_since_last_purchase}: non-negative number, empty or {@code inf} for never;
 *   <li>{@code monetary_value}: non-negative number; {@code discount_response_rate}: number in [0, 1],
 *       empty when unknown;
 *   <li>{@code customer_attributes}, {@code product_attributes}: {@code name=value} pairs separated by
 *       {@code ;}, possibly empty;
 *   <li>{@code currency}: ISO 4217 code; {@code list_price}, {@code unit_cost}, {@code reference_price},
 *       {@code offered_price}: decimal numbers in that currency ({@code reference_price} empty when the list
 *       price is the reference);
 *   <li>{@code competitor_prices}: decimal numbers separated by {@code ;}, possibly empty;
 *   <li>{@code daily_sales_rate}: non-negative number, empty for unknown (0);
 *   <li>{@code time}: ISO-8601 instant ({@code 2026-11-24T10:15:30Z});
 *   <li>{@code channel}: {@code web}, {@code app}, {@code marketplace} or {@code store};
 *   <li>{@code propensity}: number in (0, 1], empty when unknown;
 *   <li>{@code units}: non-negative number (0 or 1 for a conversion log).
 * </ul>
 *
 * <p>Iterating reads the file line by line: memory use does not grow with the number of rows. Each line is
 * decoded on its own, so a line that is not valid UTF-8 (a Latin-1 export, say) is reported with its own line
 * number and the byte offset of the first bad byte. A row that cannot be parsed or decoded raises a
 * {@link MalformedOfferException} naming the line and the column ({@code "(encoding)"} for bad bytes), or,
 * with {@link MalformedRowPolicy#SKIP_AND_COUNT}, is skipped and counted in {@link #malformedRows()} (the count
 * of the most recent complete iteration). Skipping has a limit: when more than
 * {@link #maxMalformedShare()} of the data rows (default 1%) were malformed, the iteration ends with a
 * {@link TooManyMalformedRowsException} carrying the counts, so training on a badly damaged file fails
 * instead of quietly learning from what is left. Lines longer than 1 MiB are malformed. An iterator that is abandoned before the end keeps its file open
 * until it is garbage-collected; training code always reads to the end.
 *
 * <p>Instances are immutable apart from the skip counters and may be iterated by several threads at once
 * (each iterator opens its own reader).
 */
public final class OfferLogCsv implements Iterable<OfferRecord> {

  /** The columns, in file order. */
  public static final List<String> COLUMNS = List.of(
      "customer_id", "views", "clicks", "carts", "purchases", "days_since_last_purchase", "monetary_value",
      "discount_response_rate", "customer_attributes", "product_id", "currency", "list_price", "unit_cost",
      "category", "title", "product_attributes", "competitor_prices", "inventory_units", "daily_sales_rate",
      "time", "channel", "reference_price", "offered_price", "propensity", "units");

  /** The header line: the column names joined by commas. */
  public static final String HEADER = String.join(",", COLUMNS);

  private static final int CUSTOMER_ID = 0;
  private static final int VIEWS = 1;
  private static final int CLICKS = 2;
  private static final int CARTS = 3;
  private static final int PURCHASES = 4;
  private static final int DAYS_SINCE = 5;
  private static final int MONETARY = 6;
  private static final int DISCOUNT_RATE = 7;
  private static final int CUSTOMER_ATTRS = 8;
  private static final int PRODUCT_ID = 9;
  private static final int CURRENCY = 10;
  private static final int LIST_PRICE = 11;
  private static final int UNIT_COST = 12;
  private static final int CATEGORY = 13;
  private static final int TITLE = 14;
  private static final int PRODUCT_ATTRS = 15;
  private static final int COMPETITORS = 16;
  private static final int INVENTORY = 17;
  private static final int SALES_RATE = 18;
  private static final int TIME = 19;
  private static final int CHANNEL = 20;
  private static final int REFERENCE = 21;
  private static final int OFFERED = 22;
  private static final int PROPENSITY = 23;
  private static final int UNITS = 24;

  /** The default {@link #maxMalformedShare()}. */
  public static final double DEFAULT_MAX_MALFORMED_SHARE = 0.01;
  /** The longest line read, in bytes; a longer one is malformed. */
  static final int MAX_LINE_BYTES = 1 << 20;

  /** Opens a fresh byte stream over the log. */
  @FunctionalInterface
  private interface Source {
    InputStream open() throws IOException;
  }

  private final Source source;
  private final String description;
  private final MalformedRowPolicy policy;
  private final double maxMalformedShare;
  private final AtomicLong malformed = new AtomicLong();
  private final AtomicLong rows = new AtomicLong();

  private OfferLogCsv(Source source, String description, MalformedRowPolicy policy, double maxMalformedShare) {
    this.source = source;
    this.description = description;
    this.policy = Objects.requireNonNull(policy, "policy must not be null");
    if (!(maxMalformedShare >= 0 && maxMalformedShare <= 1)) {
      throw new IllegalArgumentException("maxMalformedShare must be in [0, 1], found " + maxMalformedShare);
    }
    this.maxMalformedShare = maxMalformedShare;
  }

  /**
   * Returns a copy that tolerates a different share of malformed rows under
   * {@link MalformedRowPolicy#SKIP_AND_COUNT} (default {@value #DEFAULT_MAX_MALFORMED_SHARE}).
   *
   * @param share the largest tolerated share of malformed data rows, in [0, 1]; 1 turns the gate off
   * @return the log
   * @throws IllegalArgumentException naming the value if it is outside [0, 1]
   */
  public OfferLogCsv withMaxMalformedShare(double share) {
    return new OfferLogCsv(source, description, policy, share);
  }

  /**
   * Returns the largest share of malformed data rows an iteration tolerates under
   * {@link MalformedRowPolicy#SKIP_AND_COUNT} before it fails with {@link TooManyMalformedRowsException}.
   *
   * @return the share, in [0, 1]
   */
  public double maxMalformedShare() {
    return maxMalformedShare;
  }

  /**
   * Returns a log over a CSV file that fails on the first malformed row.
   *
   * @param file the file
   * @return the log (the file is opened on each iteration)
   * @throws NullPointerException if the file is null
   */
  public static OfferLogCsv open(Path file) {
    return open(file, MalformedRowPolicy.FAIL);
  }

  /**
   * Returns a log over a CSV file.
   *
   * @param file the file
   * @param policy what to do with malformed rows
   * @return the log (the file is opened on each iteration)
   * @throws NullPointerException if an argument is null
   */
  public static OfferLogCsv open(Path file, MalformedRowPolicy policy) {
    Objects.requireNonNull(file, "file must not be null");
    return new OfferLogCsv(() -> Files.newInputStream(file), file.toString(), policy, DEFAULT_MAX_MALFORMED_SHARE);
  }

  /**
   * Returns a log over CSV text held in memory (for tests and examples).
   *
   * @param csv the text, header first
   * @param policy what to do with malformed rows
   * @return the log
   * @throws NullPointerException if an argument is null
   */
  public static OfferLogCsv ofText(String csv, MalformedRowPolicy policy) {
    Objects.requireNonNull(csv, "csv must not be null");
    byte[] utf8 = csv.getBytes(StandardCharsets.UTF_8);
    return new OfferLogCsv(() -> new java.io.ByteArrayInputStream(utf8), "<text>", policy,
        DEFAULT_MAX_MALFORMED_SHARE);
  }

  /**
   * Returns the number of malformed rows skipped by the most recent complete iteration (always 0 under
   * {@link MalformedRowPolicy#FAIL}).
   *
   * @return the count
   */
  public long malformedRows() {
    return malformed.get();
  }

  /**
   * Returns the number of records returned by the most recent complete iteration.
   *
   * @return the count
   */
  public long rowsRead() {
    return rows.get();
  }

  /**
   * Opens the log and returns an iterator that parses one line per {@code next()}.
   *
   * @return the iterator
   * @throws MalformedOfferException if the file is empty or its header is not {@link #HEADER}
   * @throws UncheckedIOException if the file cannot be opened or read
   */
  @Override
  public Iterator<OfferRecord> iterator() {
    InputStream in;
    try {
      in = new java.io.BufferedInputStream(source.open(), 1 << 16);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open offer log " + description, e);
    }
    return new RowIterator(in);
  }

  /** A line's text, or why its bytes are not text. */
  private record Line(String text, String error, String raw) {}

  @Override
  public String toString() {
    return "OfferLogCsv[" + description + ", " + policy + "]";
  }

  private final class RowIterator implements Iterator<OfferRecord> {
    private final InputStream in;
    private final java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
    private byte[] buf = new byte[256];
    private long lineNo;
    private long skipped;
    private long returned;
    private OfferRecord next;
    private boolean done;

    RowIterator(InputStream in) {
      this.in = in;
      Line header = readLine();
      if (header == null) {
        close();
        throw new MalformedOfferException(1, "(header)", "", "the offer log " + description
            + " is empty: expected the header line " + HEADER, null);
      }
      if (header.error() != null) {
        close();
        throw new MalformedOfferException(1, "(encoding)", header.raw(), header.error(), null);
      }
      String text = header.text();
      if (text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      if (!text.strip().equals(HEADER)) {
        close();
        throw new MalformedOfferException(1, "(header)", text, "expected the header line " + HEADER, null);
      }
    }

    @Override
    public boolean hasNext() {
      while (next == null && !done) {
        Line line = readLine();
        if (line == null) {
          done = true;
          malformed.set(skipped);
          rows.set(returned);
          close();
          long total = skipped + returned;
          if (skipped > 0 && skipped > maxMalformedShare * total) {
            throw new TooManyMalformedRowsException(description, skipped, total, maxMalformedShare);
          }
          break;
        }
        try {
          if (line.error() != null) {
            throw new MalformedOfferException(lineNo, "(encoding)", line.raw(), line.error(), null);
          }
          if (line.text().isBlank()) {
            continue;
          }
          next = parseRow(line.text(), lineNo);
        } catch (MalformedOfferException e) {
          if (policy == MalformedRowPolicy.FAIL) {
            done = true;
            close();
            throw e;
          }
          skipped++;
        }
      }
      return next != null;
    }

    @Override
    public OfferRecord next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      OfferRecord r = next;
      next = null;
      returned++;
      return r;
    }

    /** Reads the bytes up to the next line feed and decodes them alone; null at the end of the input. */
    private Line readLine() {
      int n = 0;
      boolean tooLong = false;
      try {
        int b = in.read();
        if (b < 0) {
          return null;
        }
        while (b >= 0 && b != '\n') {
          if (n < MAX_LINE_BYTES) {
            if (n == buf.length) {
              buf = java.util.Arrays.copyOf(buf, Math.min(MAX_LINE_BYTES, n * 2));
            }
            buf[n++] = (byte) b;
          } else {
            tooLong = true;
          }
          b = in.read();
        }
      } catch (IOException e) {
        close();
        throw new UncheckedIOException("cannot read offer log " + description + " at line " + (lineNo + 1), e);
      }
      lineNo++;
      if (n > 0 && buf[n - 1] == '\r') {
        n--;
      }
      if (tooLong) {
        return new Line(null, "line longer than " + MAX_LINE_BYTES + " bytes", preview(n));
      }
      try {
        return new Line(decoder.decode(java.nio.ByteBuffer.wrap(buf, 0, n)).toString(), null, null);
      } catch (java.nio.charset.CharacterCodingException e) {
        int at = firstBadByte(n);
        return new Line(null, "not valid UTF-8: byte 0x" + String.format("%02X", buf[at] & 0xFF) + " at byte "
            + (at + 1) + " of the line (the file must be UTF-8)", preview(n));
      }
    }

    /** The offset of the first byte of the line that does not start a valid UTF-8 sequence. */
    private int firstBadByte(int n) {
      java.nio.charset.CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
      java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(buf, 0, n);
      java.nio.CharBuffer out = java.nio.CharBuffer.allocate(n + 1);
      java.nio.charset.CoderResult r = d.decode(in, out, true);
      return r.isError() ? in.position() : Math.max(0, n - 1);
    }

    /** The line's bytes as Latin-1 text (every byte one char), shortened, for the message. */
    private String preview(int n) {
      return new String(buf, 0, Math.min(n, 200), StandardCharsets.ISO_8859_1);
    }

    private void close() {
      try {
        in.close();
      } catch (IOException ignored) {
        // Closing a stream we only read from: nothing to recover.
      }
    }
  }

  /**
   * Parses one data line.
   *
   * @param line the text of the line
   * @param lineNo its 1-based number, for messages
   * @return the record
   * @throws MalformedOfferException naming the line and column if the row is malformed
   */
  static OfferRecord parseRow(String line, long lineNo) {
    List<String> f = splitCsv(line, lineNo);
    if (f.size() != COLUMNS.size()) {
      throw new MalformedOfferException(lineNo, "(row)", line, "expected " + COLUMNS.size() + " columns, found "
          + f.size(), null);
    }
    Row row = new Row(f, lineNo);
    BehaviourSummary behaviour;
    try {
      behaviour = new BehaviourSummary(row.nonNegativeInt(VIEWS), row.nonNegativeInt(CLICKS),
          row.nonNegativeInt(CARTS), row.nonNegativeInt(PURCHASES), row.daysSince(), row.nonNegativeDouble(MONETARY),
          row.optionalDouble(DISCOUNT_RATE, Double.NaN));
    } catch (MalformedOfferException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw row.fail(DISCOUNT_RATE, e.getMessage(), e);
    }
    Customer customer = row.build(CUSTOMER_ID, () -> new Customer(row.text(CUSTOMER_ID), behaviour, List.of(),
        row.attributes(CUSTOMER_ATTRS)));
    Product product = row.build(LIST_PRICE, () -> {
      Product.Builder b = Product.builder(row.text(PRODUCT_ID), row.text(CURRENCY))
          .listPrice(row.decimal(LIST_PRICE))
          .unitCost(row.decimal(UNIT_COST))
          .category(row.text(CATEGORY))
          .title(row.text(TITLE));
      for (Map.Entry<String, Double> e : row.attributes(PRODUCT_ATTRS).entrySet()) {
        b.attribute(e.getKey(), e.getValue());
      }
      return b.build();
    });
    Market market = row.build(COMPETITORS, () -> {
      Optional<BigDecimal> reference = row.field(REFERENCE).isEmpty()
          ? Optional.empty() : Optional.of(row.decimal(REFERENCE));
      double rate = row.field(SALES_RATE).isEmpty() ? 0 : row.nonNegativeDouble(SALES_RATE);
      List<BigDecimal> competitors = row.decimals(COMPETITORS);
      // the file's money is in the product's currency; competitor prices always carry theirs
      return new Market(competitors, row.nonNegativeInt(INVENTORY), rate, row.instant(TIME), row.channel(),
          reference, competitors.isEmpty() ? Optional.empty() : Optional.of(product.currency()));
    });
    PricingRequest request = row.build(REFERENCE, () -> new PricingRequest(customer, product, market));
    BigDecimal offered = row.decimal(OFFERED);
    OptionalDouble propensity = row.field(PROPENSITY).isEmpty()
        ? OptionalDouble.empty() : OptionalDouble.of(row.number(PROPENSITY));
    double units = row.number(UNITS);
    try {
      return new OfferRecord(request, offered, propensity, units);
    } catch (IllegalArgumentException e) {
      String msg = String.valueOf(e.getMessage());
      int col = msg.startsWith("offeredPrice") ? OFFERED : msg.startsWith("propensity") ? PROPENSITY : UNITS;
      throw row.fail(col, msg, e);
    }
  }

  /** Splits one CSV line, honouring RFC-4180 quotes. */
  static List<String> splitCsv(String line, long lineNo) {
    List<String> out = new ArrayList<>(COLUMNS.size());
    StringBuilder sb = new StringBuilder();
    int i = 0;
    int n = line.length();
    while (true) {
      sb.setLength(0);
      if (i < n && line.charAt(i) == '"') {
        i++;
        while (true) {
          if (i >= n) {
            throw new MalformedOfferException(lineNo, columnName(out.size()), line,
                "unterminated quoted field", null);
          }
          char c = line.charAt(i++);
          if (c == '"') {
            if (i < n && line.charAt(i) == '"') {
              sb.append('"');
              i++;
            } else {
              break;
            }
          } else {
            sb.append(c);
          }
        }
        if (i < n && line.charAt(i) != ',') {
          throw new MalformedOfferException(lineNo, columnName(out.size()), line,
              "text after the closing quote of a quoted field", null);
        }
      } else {
        while (i < n && line.charAt(i) != ',') {
          sb.append(line.charAt(i++));
        }
      }
      out.add(sb.toString());
      if (i >= n) {
        return out;
      }
      i++; // the comma
    }
  }

  private static String columnName(int index) {
    return index < COLUMNS.size() ? COLUMNS.get(index) : "(extra column " + (index + 1) + ")";
  }

  /** Typed access to one row's fields, with errors that name the line and column. */
  private static final class Row {
    private final List<String> fields;
    private final long lineNo;

    Row(List<String> fields, long lineNo) {
      this.fields = fields;
      this.lineNo = lineNo;
    }

    String field(int col) {
      return fields.get(col).strip();
    }

    MalformedOfferException fail(int col, String reason, Throwable cause) {
      return new MalformedOfferException(lineNo, COLUMNS.get(col), fields.get(col), reason, cause);
    }

    <T> T build(int col, java.util.function.Supplier<T> builder) {
      try {
        return builder.get();
      } catch (MalformedOfferException e) {
        throw e;
      } catch (IllegalArgumentException | NullPointerException e) {
        String msg = String.valueOf(e.getMessage());
        int c = guessColumn(msg, col);
        throw fail(c, msg, e);
      }
    }

    /** Maps an API validation message (which names the field) back to the CSV column. */
    private static int guessColumn(String msg, int fallback) {
      String[][] prefixes = {
        {"customer.id", "0"}, {"customer.attributes", "8"}, {"product.id", "9"}, {"product.currency", "10"},
        {"product.listPrice", "11"}, {"product.unitCost", "12"}, {"product.category", "13"},
        {"product.attributes", "15"}, {"market.competitorPrices", "16"}, {"market.inventoryUnits", "17"},
        {"market.dailySalesRate", "18"}, {"market.referencePrice", "21"}, {"floor", "11"},
      };
      for (String[] p : prefixes) {
        if (msg.startsWith(p[0])) {
          return Integer.parseInt(p[1]);
        }
      }
      return fallback;
    }

    String text(int col) {
      return fields.get(col);
    }

    double number(int col) {
      String s = field(col);
      try {
        double v = Double.parseDouble(s);
        if (!Double.isFinite(v)) {
          throw fail(col, "must be a finite number", null);
        }
        return v;
      } catch (NumberFormatException e) {
        throw fail(col, "is not a number", e);
      }
    }

    double nonNegativeDouble(int col) {
      double v = number(col);
      if (v < 0) {
        throw fail(col, "must not be negative", null);
      }
      return v;
    }

    double optionalDouble(int col, double absent) {
      return field(col).isEmpty() ? absent : number(col);
    }

    double daysSince() {
      String s = field(DAYS_SINCE);
      if (s.isEmpty() || s.equalsIgnoreCase("inf") || s.equalsIgnoreCase("infinity")) {
        return Double.POSITIVE_INFINITY;
      }
      return nonNegativeDouble(DAYS_SINCE);
    }

    int nonNegativeInt(int col) {
      String s = field(col);
      try {
        int v = Integer.parseInt(s);
        if (v < 0) {
          throw fail(col, "must not be negative", null);
        }
        return v;
      } catch (NumberFormatException e) {
        throw fail(col, "is not an integer", e);
      }
    }

    BigDecimal decimal(int col) {
      return decimal(col, field(col));
    }

    private BigDecimal decimal(int col, String s) {
      try {
        return new BigDecimal(s);
      } catch (NumberFormatException e) {
        throw fail(col, "'" + s + "' is not a decimal number", e);
      }
    }

    List<BigDecimal> decimals(int col) {
      String s = field(col);
      if (s.isEmpty()) {
        return List.of();
      }
      List<BigDecimal> out = new ArrayList<>();
      for (String part : s.split(";", -1)) {
        out.add(decimal(col, part.strip()));
      }
      return out;
    }

    Map<String, Double> attributes(int col) {
      String s = field(col);
      if (s.isEmpty()) {
        return Map.of();
      }
      Map<String, Double> out = new TreeMap<>();
      for (String part : s.split(";", -1)) {
        int eq = part.indexOf('=');
        if (eq <= 0) {
          throw fail(col, "expected name=value pairs separated by ';', found '" + part + "'", null);
        }
        String name = part.substring(0, eq).strip();
        try {
          double v = Double.parseDouble(part.substring(eq + 1).strip());
          if (!Double.isFinite(v)) {
            throw fail(col, "attribute '" + name + "' must be finite", null);
          }
          if (out.put(name, v) != null) {
            throw fail(col, "attribute '" + name + "' appears twice", null);
          }
        } catch (NumberFormatException e) {
          throw fail(col, "attribute '" + name + "' is not a number", e);
        }
      }
      return out;
    }

    Instant instant(int col) {
      try {
        return Instant.parse(field(col));
      } catch (DateTimeParseException e) {
        throw fail(col, "is not an ISO-8601 instant such as 2026-11-24T10:15:30Z", e);
      }
    }

    Channel channel() {
      String s = field(CHANNEL);
      for (Channel c : Channel.values()) {
        if (c.id().equals(s)) {
          return c;
        }
      }
      throw fail(CHANNEL, "is not one of web, app, marketplace, store", null);
    }
  }

  /**
   * Writes offers as CSV with the header line. The writer is not closed.
   *
   * @param offers the offers
   * @param out where to write
   * @return the number of rows written
   * @throws IOException if writing fails
   */
  public static long write(Iterable<OfferRecord> offers, Writer out) throws IOException {
    Objects.requireNonNull(offers, "offers must not be null");
    Objects.requireNonNull(out, "out must not be null");
    out.write(HEADER);
    out.write('\n');
    long n = 0;
    for (OfferRecord r : offers) {
      out.write(formatRow(r));
      out.write('\n');
      n++;
    }
    return n;
  }

  /**
   * Formats one offer as a CSV line (without the line break). Recent behaviour events and product
   * guardrails are not part of the log and are dropped.
   *
   * @param r the offer
   * @return the line
   */
  public static String formatRow(OfferRecord r) {
    PricingRequest q = r.context();
    BehaviourSummary b = q.customer().behaviour();
    Product p = q.product();
    Market m = q.market();
    List<String> f = new ArrayList<>(COLUMNS.size());
    f.add(q.customer().id());
    f.add(Integer.toString(b.views()));
    f.add(Integer.toString(b.clicks()));
    f.add(Integer.toString(b.carts()));
    f.add(Integer.toString(b.purchases()));
    f.add(Double.isInfinite(b.daysSinceLastPurchase()) ? "" : Double.toString(b.daysSinceLastPurchase()));
    f.add(Double.toString(b.monetaryValue()));
    f.add(Double.isNaN(b.discountResponseRate()) ? "" : Double.toString(b.discountResponseRate()));
    f.add(formatAttributes(q.customer().attributes()));
    f.add(p.id());
    f.add(p.currency().getCurrencyCode());
    f.add(p.listPrice().toPlainString());
    f.add(p.unitCost().toPlainString());
    f.add(p.category());
    f.add(p.title());
    f.add(formatAttributes(p.attributes()));
    List<String> comp = new ArrayList<>();
    for (BigDecimal c : m.competitorPrices()) {
      comp.add(c.toPlainString());
    }
    f.add(String.join(";", comp));
    f.add(Integer.toString(m.inventoryUnits()));
    f.add(Double.toString(m.dailySalesRate()));
    f.add(m.time().toString());
    f.add(m.channel().id());
    f.add(m.referencePrice().map(BigDecimal::toPlainString).orElse(""));
    f.add(r.offeredPrice().toPlainString());
    f.add(r.propensity().isPresent() ? Double.toString(r.propensity().getAsDouble()) : "");
    f.add(Double.toString(r.units()));
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < f.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      String s = f.get(i);
      if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
        if (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
          throw new IllegalArgumentException("column " + COLUMNS.get(i) + " contains a line break, which the "
              + "offer log format does not allow: '" + s + "'");
        }
        sb.append('"').append(s.replace("\"", "\"\"")).append('"');
      } else {
        sb.append(s);
      }
    }
    return sb.toString();
  }

  private static String formatAttributes(Map<String, Double> attributes) {
    List<String> names = new ArrayList<>(attributes.keySet());
    Collections.sort(names);
    StringBuilder sb = new StringBuilder();
    for (String name : names) {
      if (name.indexOf(';') >= 0 || name.indexOf('=') >= 0) {
        throw new IllegalArgumentException("attribute name '" + name + "' contains ';' or '=', which the offer "
            + "log format does not allow");
      }
      if (sb.length() > 0) {
        sb.append(';');
      }
      sb.append(name).append('=').append(attributes.get(name));
    }
    return sb.toString();
  }
}
