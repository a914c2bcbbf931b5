package dev.pricing.bench;

import dev.pricing.core.demand.internal.GbdtEnsemble;
import dev.pricing.core.demand.internal.GbdtFit;
import dev.pricing.core.demand.internal.GbdtGrid;
import dev.pricing.core.demand.internal.GbdtMatrix;
import dev.pricing.core.demand.internal.GbdtObjective;
import dev.pricing.core.demand.internal.GbdtParams;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The compiled monotone GBDT on a grid of 48 candidate prices per request: the grid scorer (splits on the
 * 54-57 non-price features resolved once per request) against one {@link GbdtEnsemble#predict} call per
 * candidate, in the same run, and against a single {@code predict} (one row: the floor for any scorer that
 * looks at every tree once). The ensemble is trained in the setup with XGBoost: 300 trees of depth 6 on
 * 20,000 synthetic offers with 60 features, of which 3 or 6 are price columns constrained monotone.
 *
 * <p>Run: {@code java -jar pricing-bench/target/benchmarks.jar GbdtGridBenchmark -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class GbdtGridBenchmark {
  static final int FEATURES = 60;
  static final int CANDIDATES = 48;
  static final int REQUESTS = 1024;

  /** The trained ensemble, its grid scorer and 1024 requests with their 48-price grids. */
  @State(Scope.Thread)
  public static class Data {
    /** How many of the 60 features are price columns. */
    @Param({"3", "6"})
    public int priceColumns;

    GbdtEnsemble ensemble;
    GbdtGrid grid;
    GbdtGrid.Scratch scratch;
    double[][] rows;
    double[][] prices;
    double[] out = new double[CANDIDATES];
    double[] x = new double[FEATURES];
    /** Per request, the explanation's reference: the segment and behaviour columns 8..29 at neutral values. */
    double[][] references;
    double[] contributions = new double[FEATURES];
    int next;

    /** Trains the ensemble and prepares the requests. */
    @Setup(Level.Trial)
    public void setUp() {
      int n = 20_000;
      SplittableRandom r = new SplittableRandom(2026);
      double[] values = new double[n * FEATURES];
      double[] labels = new double[n];
      double[] row = new double[FEATURES];
      for (int i = 0; i < n; i++) {
        context(r, row);
        double ratio = 0.6 + 0.8 * r.nextDouble();
        priceColumns(row, ratio, priceColumns);
        System.arraycopy(row, 0, values, i * FEATURES, FEATURES);
        labels[i] = r.nextDouble() < truth(row, ratio) ? 1 : 0;
      }
      int[] monotone = new int[FEATURES];
      int[] columns = new int[priceColumns];
      for (int k = 0; k < priceColumns; k++) {
        columns[k] = k;
        // Every price column rises with price except the loss hinge max(0, ref - p), which falls.
        monotone[k] = k == 4 ? 1 : -1;
      }
      GbdtParams params = GbdtParams.defaults().withTrees(300).withMaxDepth(6).withEta(0.1).withSeed(1);
      ensemble = GbdtFit.fit(GbdtMatrix.of(values, n, FEATURES, labels, null), null, monotone,
          GbdtObjective.BINARY_LOGISTIC, params).ensemble();
      grid = ensemble.grid(columns);
      scratch = grid.newScratch();
      rows = new double[REQUESTS][FEATURES];
      prices = new double[REQUESTS][CANDIDATES * priceColumns];
      for (int q = 0; q < REQUESTS; q++) {
        context(r, rows[q]);
        for (int c = 0; c < CANDIDATES; c++) {
          double ratio = 0.7 + 0.6 * c / (CANDIDATES - 1);
          priceColumns(rows[q], ratio, priceColumns);
          System.arraycopy(rows[q], 0, prices[q], c * priceColumns, priceColumns);
        }
        priceColumns(rows[q], 1.0, priceColumns);
      }
      references = new double[REQUESTS][];
      for (int q = 0; q < REQUESTS; q++) {
        references[q] = rows[q].clone();
        Arrays.fill(references[q], 8, 30, 0.0);
      }
    }

    int advance() {
      int i = next;
      next = (i + 1) & (REQUESTS - 1);
      return i;
    }
  }

  /** Context features 6..59 (the price columns are written separately); 5% missing. */
  static void context(SplittableRandom r, double[] row) {
    for (int f = 6; f < FEATURES; f++) {
      double v = f % 5 == 0 ? (r.nextDouble() < 0.3 ? 1 : 0) : r.nextGaussian();
      row[f] = r.nextDouble() < 0.05 ? Double.NaN : v;
    }
    // Reference price and competitor prices, relative to list; stored in context columns 6 and 7.
    row[6] = 0.8 + 0.4 * r.nextDouble();
    row[7] = 0.7 + 0.6 * r.nextDouble();
  }

  /** p/L, ln(p/L), gap to the cheapest competitor, gain and loss hinges at the reference, gap to the median. */
  static void priceColumns(double[] row, double ratio, int count) {
    double ref = row[6];
    double cheapest = row[7];
    double[] all = {ratio, Math.log(ratio), ratio - cheapest, Math.max(0, ratio - ref), Math.max(0, ref - ratio),
        ratio - (cheapest + 0.1)};
    for (int k = 0; k < 6; k++) {
      row[k] = k < count ? all[k] : 0;
    }
  }

  /** A purchase probability with segment-dependent price sensitivity and a loss-aversion kink. */
  static double truth(double[] row, double ratio) {
    double seg = Double.isNaN(row[8]) ? 0 : row[8];
    double slope = -2 - 3 * (seg > 0 ? 1 : 0) - (Double.isNaN(row[9]) ? 0 : 0.5 * Math.abs(row[9]));
    double s = 0.5 + slope * (ratio - 1);
    for (int f = 10; f < 30; f++) {
      s += Double.isNaN(row[f]) ? 0 : 0.1 * row[f] * (f % 2 == 0 ? 1 : -1);
    }
    s -= 2 * Math.max(0, ratio - row[6]);
    s -= ratio > row[7] ? 0.7 : 0;
    return 0.8 / (1 + Math.exp(-s));
  }

  /**
   * The grid scorer: 48 prices in one call.
   *
   * @param d the data
   * @return the output buffer (consumed by JMH)
   */
  @Benchmark
  public double[] grid(Data d) {
    int i = d.advance();
    d.grid.predict(d.rows[i], d.prices[i], CANDIDATES, d.out, d.scratch);
    return d.out;
  }

  /**
   * The same 48 prices, one full {@code predict} (margin over every tree, then the link) per candidate.
   *
   * @param d the data
   * @return the output buffer (consumed by JMH)
   */
  @Benchmark
  public double[] perCandidate(Data d) {
    int i = d.advance();
    double[] x = d.x;
    System.arraycopy(d.rows[i], 0, x, 0, FEATURES);
    int p = d.priceColumns;
    double[] prices = d.prices[i];
    for (int c = 0; c < CANDIDATES; c++) {
      System.arraycopy(prices, c * p, x, 0, p);
      d.out[c] = d.ensemble.predict(x);
    }
    return d.out;
  }

  /**
   * One row, one {@code predict}: what it costs to look at every tree once for a fresh request.
   *
   * @param d the data
   * @return the demand (consumed by JMH)
   */
  @Benchmark
  public double oneRow(Data d) {
    return d.ensemble.predict(d.rows[d.advance()]);
  }

  /**
   * The explanation of one decision: each feature's (Saabas) contribution to the margin's change from the
   * request's reference (its segment and behaviour columns at neutral values) at the same price.
   *
   * @param d the data
   * @return the contributions (consumed by JMH)
   */
  @Benchmark
  public double[] contributions(Data d) {
    int i = d.advance();
    d.ensemble.contributions(d.rows[i], d.references[i], d.contributions);
    return d.contributions;
  }
}
