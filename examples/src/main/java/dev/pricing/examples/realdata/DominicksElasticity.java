package dev.pricing.examples.realdata;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;

/**
 * Own- and cross-price elasticities of refrigerated orange juice at Dominick's, one log-log regression per
 * brand: {@code log units = store effect + week effect + e * log own price + sum_k c_k log price_k
 * + deal + feature}. Store and week fixed effects absorb store size and chain-wide weekly shocks, so the
 * price coefficients are identified from price differences between stores in the same week. Intervals are
 * 95% t intervals from ordinary least squares standard errors (not clustered: read them as a lower bound on
 * the uncertainty, since errors are likely correlated within a store).
 *
 * <p>Run: {@code mvn -q -pl examples exec:java -Ddemo.main=dev.pricing.examples.realdata.DominicksElasticity
 * -Dexec.args=../shared/data/dominicks_oj}. Writes {@code target/real-data/oj-elasticity.csv}.
 */
public final class DominicksElasticity {
  /** The leading 64 oz brands whose prices enter every equation as cross-price terms (1-based). */
  static final int[] LEADERS = {1, 5, 10};

  private DominicksElasticity() {}

  /** One brand's estimates. */
  record Estimate(int brand, double elasticity, double ciLow, double ciHigh, int n, Map<Integer, Double> cross,
      double rSquared) {}

  /**
   * Runs the study.
   *
   * @param args the data folder (default ../shared/data/dominicks_oj)
   * @throws IOException if the data cannot be read or the CSV written
   */
  public static void main(String[] args) throws IOException {
    Path dir = Dominicks.dataDir(args, "dominicks_oj");
    List<Dominicks.Row> rows = Dominicks.read(dir);
    List<Estimate> estimates = new ArrayList<>();
    for (int b = 1; b <= 11; b++) {
      estimates.add(estimate(rows, b));
    }
    Path out = Path.of("target", "real-data", "oj-elasticity.csv");
    Files.createDirectories(out.getParent());
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out))) {
      w.println("brand,elasticity,ci_low,ci_high,n");
      for (Estimate e : estimates) {
        w.printf(Locale.ROOT, "%s,%.4f,%.4f,%.4f,%d%n", Dominicks.BRANDS[e.brand() - 1], e.elasticity(), e.ciLow(),
            e.ciHigh(), e.n());
      }
    }
    System.out.printf("Own-price elasticities, log-log with store and week fixed effects (%d rows)%n%n", rows.size());
    System.out.printf("%-24s %10s %20s %6s %6s   %s%n", "brand", "elasticity", "95% CI", "n", "R^2",
        "cross-price (TropPrem64, MinuteMaid64, Dominicks64)");
    for (Estimate e : estimates) {
      StringBuilder cross = new StringBuilder();
      for (int k : LEADERS) {
        cross.append(e.cross().containsKey(k) ? String.format(Locale.ROOT, "%+7.2f ", e.cross().get(k)) : "   own  ");
      }
      System.out.printf(Locale.ROOT, "%-24s %10.2f   [%6.2f, %6.2f] %6d %6.3f   %s%n",
          Dominicks.BRANDS[e.brand() - 1], e.elasticity(), e.ciLow(), e.ciHigh(), e.n(), e.rSquared(), cross);
    }
    System.out.println("\nWrote " + out.toAbsolutePath());
  }

  /**
   * Fits one brand's equation. The store and week fixed effects are absorbed by alternating demeaning
   * (Frisch-Waugh-Lovell), then the price, deal and feature coefficients come from least squares on the
   * demeaned data; standard errors use the residual variance with the absorbed effects counted in the
   * degrees of freedom, so they equal those of the full dummy-variable regression.
   */
  static Estimate estimate(List<Dominicks.Row> all, int brand) {
    List<Dominicks.Row> rows = all.stream().filter(r -> r.brand() == brand).toList();
    Map<Integer, Integer> storeIndex = index(rows.stream().map(Dominicks.Row::store).toList());
    Map<Integer, Integer> weekIndex = index(rows.stream().map(Dominicks.Row::week).toList());
    List<Integer> crossBrands = new ArrayList<>();
    for (int k : LEADERS) {
      if (k != brand) {
        crossBrands.add(k);
      }
    }
    int n = rows.size();
    int p = 1 + crossBrands.size() + 2;
    double[][] cols = new double[p + 1][n];
    int[] store = new int[n];
    int[] week = new int[n];
    for (int i = 0; i < n; i++) {
      Dominicks.Row r = rows.get(i);
      store[i] = storeIndex.get(r.store());
      week[i] = weekIndex.get(r.week());
      cols[0][i] = r.logMove();
      cols[1][i] = Math.log(r.pricePerOz()[brand - 1]);
      for (int j = 0; j < crossBrands.size(); j++) {
        cols[2 + j][i] = Math.log(r.pricePerOz()[crossBrands.get(j) - 1]);
      }
      cols[2 + crossBrands.size()][i] = r.deal();
      cols[3 + crossBrands.size()][i] = r.feat();
    }
    for (double[] c : cols) {
      absorb(c, store, storeIndex.size(), week, weekIndex.size());
    }
    double[][] x = new double[n][p];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < p; j++) {
        x[i][j] = cols[j + 1][i];
      }
    }
    OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
    ols.setNoIntercept(true);
    ols.newSampleData(cols[0], x);
    double[] beta = ols.estimateRegressionParameters();
    double[] se = ols.estimateRegressionParametersStandardErrors();
    // The demeaned regression divides by n - p; the full model also spent S + W - 1 parameters.
    int absorbed = storeIndex.size() + weekIndex.size() - 1;
    int dof = n - p - absorbed;
    double scale = Math.sqrt((double) (n - p) / dof);
    double t = new TDistribution(dof).inverseCumulativeProbability(0.975);
    Map<Integer, Double> cross = new TreeMap<>();
    for (int j = 0; j < crossBrands.size(); j++) {
      cross.put(crossBrands.get(j), beta[1 + j]);
    }
    double half = t * se[0] * scale;
    return new Estimate(brand, beta[0], beta[0] - half, beta[0] + half, n, cross, ols.calculateRSquared());
  }

  /** Removes store and week means from a column, alternating until the change is negligible. */
  static void absorb(double[] c, int[] store, int stores, int[] week, int weeks) {
    double[] sum = new double[Math.max(stores, weeks)];
    int[] count = new int[sum.length];
    for (int iter = 0; iter < 500; iter++) {
      double change = demean(c, store, stores, sum, count) + demean(c, week, weeks, sum, count);
      if (change < 1e-14 * c.length) {
        return;
      }
    }
  }

  private static double demean(double[] c, int[] group, int groups, double[] sum, int[] count) {
    java.util.Arrays.fill(sum, 0, groups, 0);
    java.util.Arrays.fill(count, 0, groups, 0);
    for (int i = 0; i < c.length; i++) {
      sum[group[i]] += c[i];
      count[group[i]]++;
    }
    double change = 0;
    for (int i = 0; i < c.length; i++) {
      double m = sum[group[i]] / count[group[i]];
      c[i] -= m;
      change += m * m;
    }
    return change;
  }

  private static Map<Integer, Integer> index(List<Integer> keys) {
    Map<Integer, Integer> idx = new TreeMap<>();
    keys.stream().distinct().sorted().forEach(k -> idx.put(k, idx.size()));
    return idx;
  }
}
