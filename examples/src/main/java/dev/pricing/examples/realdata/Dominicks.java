package dev.pricing.examples.realdata;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Dominick's Finer Foods refrigerated orange juice panel (store x brand x week), as shipped in
 * {@code ../shared/data/dominicks_oj} (see its SOURCE.txt). Prices in the file are dollars per ounce; pack
 * prices are price per ounce times the pack size.
 */
final class Dominicks {
  static final String[] BRANDS = {
      "Tropicana Premium 64oz", "Tropicana Premium 96oz", "Florida's Natural 64oz", "Tropicana 64oz",
      "Minute Maid 64oz", "Minute Maid 96oz", "Citrus Hill 64oz", "Tree Fresh 64oz", "Florida Gold 64oz",
      "Dominicks 64oz", "Dominicks 128oz"};
  static final int[] SIZE_OZ = {64, 96, 64, 64, 64, 96, 64, 64, 64, 64, 128};

  /** One store-brand-week row. Brand is 1-based as in the file; prices are $/oz for all 11 brands. */
  record Row(int store, int brand, int week, double logMove, double[] pricePerOz, double deal, double feat,
      double profit) {
    double ownPackPrice() {
      return pricePerOz[brand - 1] * SIZE_OZ[brand - 1];
    }
  }

  private Dominicks() {}

  /**
   * Reads the store-week file, rejecting a malformed row with its line number and column.
   *
   * @param dir the folder holding orangeJuice_yx.csv
   * @return the rows
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException naming the line and column of a malformed row
   */
  static List<Row> read(Path dir) throws IOException {
    Path file = dir.resolve("orangeJuice_yx.csv");
    List<Row> rows = new ArrayList<>(110_000);
    try (BufferedReader in = Files.newBufferedReader(file)) {
      String header = in.readLine();
      if (header == null || !header.startsWith("store,brand,week,logmove")) {
        throw new IllegalArgumentException(file + ": unexpected header " + header);
      }
      String line;
      int lineNo = 1;
      while ((line = in.readLine()) != null) {
        lineNo++;
        String[] f = line.split(",", -1);
        if (f.length != 19) {
          throw new IllegalArgumentException(file + " line " + lineNo + ": expected 19 columns, found " + f.length);
        }
        double[] prices = new double[11];
        for (int b = 0; b < 11; b++) {
          prices[b] = number(f[5 + b], file, lineNo, "price" + (b + 1));
          if (!(prices[b] > 0)) {
            throw new IllegalArgumentException(file + " line " + lineNo + " column price" + (b + 1)
                + ": price must be positive, found " + prices[b]);
          }
        }
        rows.add(new Row((int) number(f[0], file, lineNo, "store"), (int) number(f[1], file, lineNo, "brand"),
            (int) number(f[2], file, lineNo, "week"), number(f[3], file, lineNo, "logmove"), prices,
            number(f[16], file, lineNo, "deal"), number(f[17], file, lineNo, "feat"),
            number(f[18], file, lineNo, "profit")));
      }
    }
    return rows;
  }

  private static double number(String s, Path file, int line, String column) {
    try {
      double v = Double.parseDouble(s);
      if (!Double.isFinite(v)) {
        throw new NumberFormatException("not finite");
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(file + " line " + line + " column " + column + ": not a number: '" + s + "'");
    }
  }

  /**
   * Returns the data folder from the first argument, or the shared default; exits with a message when
   * absent.
   */
  static Path dataDir(String[] args, String name) {
    Path dir = args.length > 0 ? Path.of(args[0]) : Path.of("..", "shared", "data", name);
    if (!Files.isDirectory(dir)) {
      dir = Path.of("..", "..", "shared", "data", name);
    }
    if (!Files.isDirectory(dir)) {
      System.err.println("Data folder not found: " + (args.length > 0 ? args[0] : "../shared/data/" + name)
          + ". Pass the folder holding the " + name + " files as the first argument.");
      System.exit(2);
    }
    return dir;
  }
}
