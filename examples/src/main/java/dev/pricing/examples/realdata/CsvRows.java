package dev.pricing.examples.realdata;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Minimal reader for the simple comma-separated files of the real-data studies (no quoted fields), with
 * errors that name the source, line, column and offending value.
 */
final class CsvRows {
  /** One data line: its 1-based line number in the source and its fields. */
  record Line(int number, String[] fields) {}

  private CsvRows() {}

  /**
   * Reads every non-blank line after the header, checking the header starts with {@code expectedHeader}
   * and that each line has exactly {@code columns} fields.
   */
  static List<Line> read(Reader reader, String source, String expectedHeader, int columns) throws IOException {
    List<Line> lines = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(reader)) {
      String header = in.readLine();
      if (header == null || !header.replace("\"", "").startsWith(expectedHeader)) {
        throw new IllegalArgumentException(source + " line 1: expected a header starting with '" + expectedHeader
            + "', found '" + header + "'");
      }
      String text;
      int number = 1;
      while ((text = in.readLine()) != null) {
        number++;
        if (text.isBlank()) {
          continue;
        }
        String[] fields = text.split(",", -1);
        if (fields.length != columns) {
          throw new IllegalArgumentException(source + " line " + number + ": expected " + columns
              + " columns, found " + fields.length);
        }
        for (int i = 0; i < fields.length; i++) {
          fields[i] = fields[i].trim().replace("\"", "");
        }
        lines.add(new Line(number, fields));
      }
    }
    return lines;
  }

  /** Parses a finite number or throws naming the source, line, column and value. */
  static double number(String source, Line line, int index, String column) {
    String s = line.fields()[index];
    try {
      double v = Double.parseDouble(s);
      if (Double.isFinite(v)) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(source + " line " + line.number() + " column " + column
        + ": not a number: '" + s + "'");
  }

  /** Parses a strictly positive number or throws naming the source, line, column and value. */
  static double positive(String source, Line line, int index, String column) {
    double v = number(source, line, index, column);
    if (!(v > 0)) {
      throw new IllegalArgumentException(source + " line " + line.number() + " column " + column
          + ": must be positive, found '" + line.fields()[index] + "'");
    }
    return v;
  }

  /** Parses an integer or throws naming the source, line, column and value. */
  static int integer(String source, Line line, int index, String column) {
    String s = line.fields()[index];
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(source + " line " + line.number() + " column " + column
          + ": not an integer: '" + s + "'");
    }
  }

  /** Rounds a dollar amount to cents (the minor unit of USD), at least one cent. */
  static BigDecimal cents(double dollars) {
    BigDecimal v = BigDecimal.valueOf(dollars).setScale(2, RoundingMode.HALF_UP);
    return v.signum() > 0 ? v : new BigDecimal("0.01");
  }

  /** Quotes a text field for CSV output (RFC 4180), so commas inside it are kept in one field. */
  static String quote(String text) {
    return "\"" + text.replace("\"", "\"\"") + "\"";
  }

  /** The median of the values (mean of the middle two for an even count). */
  static double median(double[] values) {
    double[] v = values.clone();
    java.util.Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
}
