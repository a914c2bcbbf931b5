package dev.pricing.examples.realdata;

import dev.pricing.core.demand.DebiasedElasticity;
import dev.pricing.eval.ConfoundedLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Debiased (double machine learning) own-price elasticities, first on a simulated confounded log whose truth
 * is known, then for each orange juice brand at Dominick's, next to the naive slope of log units on log price
 * and the store and week fixed-effects regression of {@link DominicksElasticity}.
 *
 * <p>At Dominick's, {@code X} holds what the chain planned prices around: the deal and feature flags, the week
 * (its number and its place in the year), the store (one indicator per store) and the log prices of the three
 * leading 64 oz brands (competition on the shelf). The nuisance regressions are boosted trees, cross-fitted
 * over 5 folds.
 *
 * <p>Run: {@code mvn -q -pl examples exec:java -Ddemo.main=dev.pricing.examples.realdata.DominicksDebiased
 * -Dexec.args=../shared/data/dominicks_oj}.
 */
public final class DominicksDebiased {
  private DominicksDebiased() {}

  /**
   * Runs the study.
   *
   * @param args the data folder (default ../shared/data/dominicks_oj)
   * @throws IOException if the data cannot be read
   */
  public static void main(String[] args) throws IOException {
    double truth = -2.5;
    ConfoundedLog sim = ConfoundedLog.generate(60, 104, truth, 11);
    System.out.println("Simulated confounded log (prices raised in high-demand weeks), true elasticity " + truth);
    System.out.println("| estimator | estimate | 95% interval | bias | covers the truth |");
    System.out.println("|---|---:|---|---:|---|");
    for (DebiasedElasticity.Learner l : DebiasedElasticity.Learner.values()) {
      DebiasedElasticity.Estimate e = DebiasedElasticity.builder().learner(l).seed(3).build()
          .estimate(sim.x(), sim.lnPrice(), sim.lnUnits());
      if (l == DebiasedElasticity.Learner.GBDT) {
        row("naive (log units on log price)", e.naive(), e.naiveLower(), e.naiveUpper(), truth);
      }
      row("DML, " + l.name().toLowerCase(Locale.ROOT) + " nuisances", e.debiased(), e.lower(), e.upper(), truth);
    }

    Path dir = Dominicks.dataDir(args, "dominicks_oj");
    List<Dominicks.Row> rows = Dominicks.read(dir);
    List<Integer> stores = rows.stream().map(Dominicks.Row::store).distinct().sorted().toList();
    System.out.printf("%nDominick's orange juice (%d rows, %d stores): own-price elasticity per brand%n",
        rows.size(), stores.size());
    System.out.println("| brand | n | naive | DML (GBDT) [95%] | share of price variation left | fixed effects [95%] |");
    System.out.println("|---|---:|---:|---|---:|---|");
    for (int b = 1; b <= 11; b++) {
      List<Dominicks.Row> own = new ArrayList<>();
      for (Dominicks.Row r : rows) {
        if (r.brand() == b) {
          own.add(r);
        }
      }
      int cols = 4 + 3 + stores.size();
      double[][] x = new double[own.size()][cols];
      double[] lnP = new double[own.size()];
      double[] lnQ = new double[own.size()];
      for (int i = 0; i < own.size(); i++) {
        Dominicks.Row r = own.get(i);
        double[] xi = x[i];
        xi[0] = r.deal();
        xi[1] = r.feat();
        xi[2] = r.week();
        xi[3] = Math.sin(2 * Math.PI * r.week() / 52.0);
        for (int k = 0; k < DominicksElasticity.LEADERS.length; k++) {
          xi[4 + k] = Math.log(r.pricePerOz()[DominicksElasticity.LEADERS[k] - 1]);
        }
        xi[7 + stores.indexOf(r.store())] = 1;
        lnP[i] = Math.log(r.ownPackPrice());
        lnQ[i] = r.logMove();
      }
      // The brand's own price is among the leaders for three brands: leave that column out of X for them.
      for (int k = 0; k < DominicksElasticity.LEADERS.length; k++) {
        if (DominicksElasticity.LEADERS[k] == b) {
          for (double[] xi : x) {
            xi[4 + k] = 0;
          }
        }
      }
      DebiasedElasticity.Estimate e = DebiasedElasticity.builder().seed(b).build().estimate(x, lnP, lnQ);
      DominicksElasticity.Estimate fe = DominicksElasticity.estimate(rows, b);
      System.out.printf(Locale.ROOT, "| %s | %d | %.3f | %.3f [%.3f, %.3f] | %.2f | %.3f [%.3f, %.3f] |%n",
          Dominicks.BRANDS[b - 1], e.rows(), e.naive(), e.debiased(), e.lower(), e.upper(), e.priceResidualShare(),
          fe.elasticity(), fe.ciLow(), fe.ciHigh());
    }
  }

  private static void row(String name, double estimate, double lo, double hi, double truth) {
    System.out.printf(Locale.ROOT, "| %s | %.3f | [%.3f, %.3f] | %+.3f | %s |%n", name, estimate, lo, hi,
        estimate - truth, lo <= truth && truth <= hi ? "yes" : "no");
  }
}
