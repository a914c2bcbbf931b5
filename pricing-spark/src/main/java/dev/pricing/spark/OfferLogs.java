package dev.pricing.spark;

import dev.pricing.core.demand.MalformedOfferException;
import dev.pricing.core.demand.MalformedRowPolicy;
import dev.pricing.core.demand.OfferLogCsv;
import dev.pricing.core.demand.OfferRecord;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Offer logs as Spark {@link Dataset}s: the library's offer-log CSV schema ({@link OfferLogCsv}) read from
 * CSV or Parquet into one typed row schema, {@link #SCHEMA}, and each row turned back into the library's own
 * {@link OfferRecord} on the executors by the library's own parser, so a row means on the cluster exactly
 * what it means to {@link OfferLogCsv} on one machine (same validation, same error messages).
 *
 * <p>The columns are {@link OfferLogCsv#COLUMNS}, with these types: the counts ({@code views},
 * {@code clicks}, {@code carts}, {@code purchases}, {@code inventory_units}) are integers; the plain numbers
 * ({@code days_since_last_purchase}, {@code monetary_value}, {@code discount_response_rate},
 * {@code daily_sales_rate}, {@code propensity}, {@code units}) are doubles, null where the CSV field is
 * empty; {@code time} is a timestamp; everything else is text in the CSV's format, including the money
 * columns ({@code list_price}, {@code unit_cost}, {@code reference_price}, {@code offered_price} and the
 * {@code ;}-separated {@code competitor_prices}), so that amounts stay exact decimals. Parquet files with
 * other column types are accepted as long as each value prints in the CSV's format (a Spark decimal, an
 * integer for a number, a string for anything): the reader selects the columns by name.
 *
 * <p>Stateless and thread-safe.
 */
public final class OfferLogs {

  /** The typed row schema of an offer log. */
  public static final StructType SCHEMA = schema();

  private OfferLogs() {}

  private static StructType schema() {
    List<StructField> f = new ArrayList<>();
    for (String c : OfferLogCsv.COLUMNS) {
      f.add(DataTypes.createStructField(c, typeOf(c), true));
    }
    return DataTypes.createStructType(f);
  }

  private static DataType typeOf(String column) {
    switch (column) {
      case "views": case "clicks": case "carts": case "purchases": case "inventory_units":
        return DataTypes.IntegerType;
      case "days_since_last_purchase": case "monetary_value": case "discount_response_rate":
      case "daily_sales_rate": case "propensity": case "units":
        return DataTypes.DoubleType;
      case "time":
        return DataTypes.TimestampType;
      default:
        return DataTypes.StringType;
    }
  }

  /**
   * Reads CSV offer logs (a file, a directory or a glob; every file starting with the header line
   * {@link OfferLogCsv#HEADER}) into rows of {@link #SCHEMA}. Rows are parsed lazily on the executors; a
   * malformed row fails the job with the {@link MalformedOfferException} naming its column and value.
   *
   * @param spark the session
   * @param path where the files are
   * @return the offers
   */
  public static Dataset<Row> readCsv(SparkSession spark, String path) {
    Objects.requireNonNull(spark, "spark must not be null");
    requirePath(path);
    Dataset<String> lines = spark.read().textFile(path);
    return lines.mapPartitions((MapPartitionsFunction<String, Row>) it -> new Iterator<>() {
      private Row next = advance();

      private Row advance() {
        while (it.hasNext()) {
          String line = it.next();
          if (line.isBlank() || line.equals(OfferLogCsv.HEADER)) {
            continue;
          }
          return toRow(parseLine(line));
        }
        return null;
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public Row next() {
        if (next == null) {
          throw new java.util.NoSuchElementException();
        }
        Row r = next;
        next = advance();
        return r;
      }
    }, Encoders.row(SCHEMA));
  }

  /**
   * Reads Parquet offer logs into rows of {@link #SCHEMA}, selecting the columns by name and casting them to
   * the schema's types.
   *
   * @param spark the session
   * @param path where the files are
   * @return the offers
   * @throws IllegalArgumentException naming the column if a column of the schema is missing
   */
  public static Dataset<Row> readParquet(SparkSession spark, String path) {
    Objects.requireNonNull(spark, "spark must not be null");
    requirePath(path);
    Dataset<Row> raw = spark.read().parquet(path);
    List<String> have = List.of(raw.columns());
    org.apache.spark.sql.Column[] cols = new org.apache.spark.sql.Column[SCHEMA.fields().length];
    for (int i = 0; i < cols.length; i++) {
      StructField f = SCHEMA.fields()[i];
      if (!have.contains(f.name())) {
        throw new IllegalArgumentException("column " + f.name() + " is missing from the Parquet offer log at "
            + path + "; found " + have);
      }
      cols[i] = raw.col(f.name()).cast(f.dataType()).as(f.name());
    }
    return raw.select(cols);
  }

  /**
   * Writes offers as a Parquet offer log (for tests, benchmarks and moving a CSV log to Parquet).
   *
   * @param offers rows of {@link #SCHEMA}
   * @param path the output directory, overwritten
   */
  public static void writeParquet(Dataset<Row> offers, String path) {
    requirePath(path);
    offers.write().mode("overwrite").parquet(path);
  }

  /**
   * Turns in-memory offers into a Dataset (on the driver: for tests and small logs).
   *
   * @param spark the session
   * @param offers the offers
   * @param partitions how many partitions, positive
   * @return the rows
   */
  public static Dataset<Row> fromRecords(SparkSession spark, List<OfferRecord> offers, int partitions) {
    if (partitions <= 0) {
      throw new IllegalArgumentException("partitions must be positive, found " + partitions);
    }
    List<Row> rows = new ArrayList<>(offers.size());
    for (OfferRecord r : offers) {
      rows.add(toRow(r));
    }
    return spark.createDataFrame(rows, SCHEMA).repartition(partitions);
  }

  /**
   * Converts one offer into a row of {@link #SCHEMA}.
   *
   * @param r the offer
   * @return the row
   */
  public static Row toRow(OfferRecord r) {
    List<String> f = splitCsv(OfferLogCsv.formatRow(r));
    Object[] v = new Object[f.size()];
    StructField[] fields = SCHEMA.fields();
    for (int i = 0; i < v.length; i++) {
      String s = f.get(i);
      DataType t = fields[i].dataType();
      if (t == DataTypes.StringType) {
        v[i] = s;
      } else if (s.isEmpty()) {
        v[i] = null;
      } else if (t == DataTypes.IntegerType) {
        v[i] = Integer.parseInt(s);
      } else if (t == DataTypes.DoubleType) {
        v[i] = s.equalsIgnoreCase("inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(s);
      } else {
        v[i] = Timestamp.from(Instant.parse(s));
      }
    }
    // With its schema: Spark may hand this object straight to the next typed operation (it removes the
    // serialise/deserialise pair between adjacent mapPartitions), which then reads fields by name.
    return new GenericRowWithSchema(v, SCHEMA);
  }

  /**
   * Converts a row (of {@link #SCHEMA}, or any row with the same column names) into the library's offer by
   * printing its fields in the CSV format and parsing them with {@link OfferLogCsv}.
   *
   * @param row the row
   * @return the offer
   * @throws MalformedOfferException naming the column and value if the row is not a valid offer
   */
  public static OfferRecord toRecord(Row row) {
    return parseLine(csvLine(row));
  }

  /**
   * Prints a row as one CSV line of the offer-log format: the canonical text of an offer, which the input
   * hash of a training run is computed from. Fields are found by name, or by position in {@link #SCHEMA}
   * when the row carries no schema.
   *
   * @param row the row
   * @return the line, without a line break
   */
  public static String csvLine(Row row) {
    StringBuilder sb = new StringBuilder(256);
    for (int i = 0; i < OfferLogCsv.COLUMNS.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      Object v = row.schema() == null ? row.get(i) : row.get(row.fieldIndex(OfferLogCsv.COLUMNS.get(i)));
      appendField(sb, v);
    }
    return sb.toString();
  }

  private static void appendField(StringBuilder sb, Object v) {
    String s;
    if (v == null) {
      s = "";
    } else if (v instanceof Timestamp ts) {
      s = ts.toInstant().toString();
    } else if (v instanceof Instant in) {
      s = in.toString();
    } else if (v instanceof BigDecimal d) {
      s = d.toPlainString();
    } else if (v instanceof Double d) {
      s = d.isInfinite() && d > 0 ? "inf" : Double.toString(d);
    } else {
      s = v.toString();
    }
    if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0) {
      sb.append('"').append(s.replace("\"", "\"\"")).append('"');
    } else {
      sb.append(s);
    }
  }

  /** An offer with its canonical CSV line. */
  record Parsed(String line, OfferRecord offer) {}

  /**
   * Parses rows lazily in chunks of 256 (the parser's per-call set-up then costs little); a chunk that fails
   * is parsed again row by row, so the error is the first bad row's own.
   */
  static Iterator<Parsed> parse(Iterator<Row> rows) {
    return new Iterator<>() {
      private final List<String> lines = new ArrayList<>(256);
      private final List<OfferRecord> offers = new ArrayList<>(256);
      private int next;

      @Override
      public boolean hasNext() {
        if (next < lines.size()) {
          return true;
        }
        lines.clear();
        offers.clear();
        next = 0;
        StringBuilder sb = new StringBuilder(256 * 300).append(OfferLogCsv.HEADER).append('\n');
        while (lines.size() < 256 && rows.hasNext()) {
          String line = csvLine(rows.next());
          lines.add(line);
          sb.append(line).append('\n');
        }
        if (lines.isEmpty()) {
          return false;
        }
        try {
          for (OfferRecord r : OfferLogCsv.ofText(sb.toString(), MalformedRowPolicy.FAIL)) {
            offers.add(r);
          }
        } catch (IllegalArgumentException e) {
          offers.clear();
          for (String line : lines) {
            offers.add(parseLine(line));
          }
        }
        if (offers.size() != lines.size()) {
          // A blank row is skipped by the parser: keep lines and offers paired.
          offers.clear();
          for (String line : lines) {
            offers.add(parseLine(line));
          }
        }
        return true;
      }

      @Override
      public Parsed next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        Parsed p = new Parsed(lines.get(next), offers.get(next));
        next++;
        return p;
      }
    };
  }

  static OfferRecord parseLine(String line) {
    Iterator<OfferRecord> it = OfferLogCsv.ofText(OfferLogCsv.HEADER + "\n" + line, MalformedRowPolicy.FAIL)
        .iterator();
    if (!it.hasNext()) {
      throw new IllegalArgumentException("row must not be blank, found '" + line + "'");
    }
    return it.next();
  }

  /** Splits one CSV line of the offer-log format, honouring RFC-4180 quotes. */
  static List<String> splitCsv(String line) {
    List<String> out = new ArrayList<>(OfferLogCsv.COLUMNS.size());
    StringBuilder sb = new StringBuilder();
    int i = 0;
    int n = line.length();
    while (true) {
      sb.setLength(0);
      if (i < n && line.charAt(i) == '"') {
        i++;
        while (i < n) {
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
      } else {
        while (i < n && line.charAt(i) != ',') {
          sb.append(line.charAt(i++));
        }
      }
      out.add(sb.toString());
      if (i >= n) {
        return out;
      }
      i++;
    }
  }

  private static void requirePath(String path) {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("path must not be blank, found " + (path == null ? "null" : "'" + path + "'"));
    }
  }
}
