package dev.pricing.examples.realdata;

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
    String source = file.toString();
    List<Row> rows = new ArrayList<>(110_000);
    for (CsvRows.Line line : CsvRows.read(Files.newBufferedReader(file), source, "store,brand,week,logmove", 19)) {
      double[] prices = new double[11];
      for (int b = 0; b < 11; b++) {
        prices[b] = CsvRows.positive(source, line, 5 + b, "price" + (b + 1));
      }
      rows.add(new Row(CsvRows.integer(source, line, 0, "store"), CsvRows.integer(source, line, 1, "brand"),
          CsvRows.integer(source, line, 2, "week"), CsvRows.number(source, line, 3, "logmove"), prices,
          CsvRows.number(source, line, 16, "deal"), CsvRows.number(source, line, 17, "feat"),
          CsvRows.number(source, line, 18, "profit")));
    }
    return rows;
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
