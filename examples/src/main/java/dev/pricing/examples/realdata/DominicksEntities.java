package dev.pricing.examples.realdata;

import dev.pricing.api.spi.FeatureExtractor;
import dev.pricing.core.FeatureExtractors;
import dev.pricing.core.demand.DemandAlgorithm;
import dev.pricing.core.demand.DemandModelTrainer;
import dev.pricing.core.demand.EntityEffects;
import dev.pricing.core.demand.EntityElasticity;
import dev.pricing.core.demand.EntityIds;
import dev.pricing.core.demand.EntityKey;
import dev.pricing.core.demand.EntityReport;
import dev.pricing.core.demand.OfferPredictor;
import dev.pricing.core.demand.OfferRecord;
import dev.pricing.core.demand.TrainingResult;
import dev.pricing.core.demand.ValidationSplit;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;

/**
 * Store-brand effects and per-store-brand elasticities on the Dominick's orange juice panel, last
 * {@value DominicksPrediction#HOLDOUT_WEEKS} weeks held out. Compares, on held-out R^2 of log units:
 *
 * <ul>
 *   <li>the fixed-effects log-log regression (store-brand fixed effects, per-brand slopes on own log price, deal and
 *     feature; commons-math3 OLS on within-store-brand demeaned data: {@link DominicksPrediction#fixedEffectsOls});</li>
 *   <li>unpooled per-store-brand least squares (each store-brand its own intercept, log-price slope, deal and feature
 *     effects);</li>
 *   <li>the library's {@code LOG_LOG_GLM} at default settings with {@link EntityIds} store x brand effects: one pooled
 *     price response, then per-store-brand slopes unpooled and partially pooled (empirical Bayes).</li>
 * </ul>
 *
 * <p>Predictions come from {@link OfferPredictor#logDemand}, the split from the trainer's own
 * {@link DemandModelTrainer#heldOut}. Writes {@code target/real-data/oj-entity-elasticities.csv} (every store-brand's
 * raw and shrunk elasticity with intervals).
 *
 * <p>Run: {@code mvn -q -pl examples -am compile exec:java -Dexec.skip
 * -Dexec.mainClass=dev.pricing.examples.realdata.DominicksEntities
 * -Ddemo.main=dev.pricing.examples.realdata.DominicksEntities -Dexec.args=../shared/data/dominicks_oj}.
 */
public final class DominicksEntities {
  private DominicksEntities() {}

  /**
   * Runs the comparison.
   *
   * @param args the data folder (default ../shared/data/dominicks_oj)
   * @throws IOException if the data cannot be read or the CSV written
   */
  public static void main(String[] args) throws IOException {
    Path dir = Dominicks.dataDir(args, "dominicks_oj");
    List<Dominicks.Row> rows = Dominicks.read(dir);
    Map<Integer, Map<String, Double>> demo = DominicksOffers.readStoreDemographics(dir);
    int lastWeek = rows.stream().mapToInt(Dominicks.Row::week).max().orElseThrow();
    int firstTest = lastWeek - DominicksPrediction.HOLDOUT_WEEKS + 1;
    List<Dominicks.Row> train = rows.stream().filter(r -> r.week() < firstTest).toList();
    List<Dominicks.Row> test = rows.stream().filter(r -> r.week() >= firstTest).toList();
    List<OfferRecord> offers = DominicksOffers.offers(rows, demo, train);
    Instant cutoff = DominicksOffers.weekInstant(firstTest);
    List<OfferRecord> trainOffers = offers.stream().filter(o -> o.time().isBefore(cutoff)).toList();

    System.out.printf(Locale.ROOT, "Dominick's OJ: train weeks < %d (%d rows), held-out weeks %d-%d (%d rows)%n%n",
        firstTest, train.size(), firstTest, lastWeek, test.size());
    Map<String, TrainingResult> results = compare(offers, train, test, cutoff, "all training weeks");
    // thin data: the same comparison with only the last THIN_WEEKS training weeks, where a store-brand has a few
    // weeks and pooling has something to do
    int firstThin = firstTest - THIN_WEEKS;
    List<Dominicks.Row> thinTrain = train.stream().filter(r -> r.week() >= firstThin).toList();
    List<OfferRecord> thinOffers = offers.stream()
        .filter(o -> !o.time().isBefore(DominicksOffers.weekInstant(firstThin))).toList();
    System.out.printf(Locale.ROOT, "%nthin data: training weeks %d-%d only (%d rows)%n", firstThin, firstTest - 1,
        thinTrain.size());
    compare(thinOffers, thinTrain, test, cutoff, "last " + THIN_WEEKS + " training weeks");

    EntityReport partial = results.get("PARTIAL").entities().orElseThrow();
    EntityReport none = results.get("NONE").entities().orElseThrow();
    System.out.println();
    System.out.print(partial.report());
    shrinkageTable(partial);
    Path out = Path.of("target", "real-data", "oj-entity-elasticities.csv");
    Files.createDirectories(out.getParent());
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out))) {
      w.println("store_brand,offers,raw,raw_se,unpooled_used,shrunk,lower,upper,weight_kept,bounded");
      for (int j = 0; j < partial.levels().size(); j++) {
        EntityElasticity e = partial.levels().get(j);
        w.printf(Locale.ROOT, "%s,%d,%.5f,%.5f,%.5f,%.5f,%.5f,%.5f,%.4f,%s%n", CsvRows.quote(e.level()), e.offers(),
            e.raw(), e.rawStandardError(), none.levels().get(j).shrunk(), e.shrunk(), e.lower(), e.upper(),
            e.shrinkage(), e.bounded());
      }
    }
    System.out.println("\nWrote " + out.toAbsolutePath());
  }

  /** Training weeks of the thin-data comparison. */
  static final int THIN_WEEKS = 12;

  /** Prints the held-out comparison of the baselines and the library's variants; returns the library's results. */
  static Map<String, TrainingResult> compare(List<OfferRecord> offers, List<Dominicks.Row> train,
      List<Dominicks.Row> test, Instant cutoff, String label) {
    List<OfferRecord> trainOffers = offers.stream().filter(o -> o.time().isBefore(cutoff)).toList();
    List<String[]> table = new ArrayList<>();

    DominicksPrediction.Score fe;
    try {
      fe = DominicksPrediction.fixedEffectsOls(train, test);
      table.add(new String[] {fe.model(), r2(fe.r2LogUnits()), String.format(Locale.ROOT, "MAE %.1f units",
          fe.maeUnits())});
    } catch (RuntimeException e) {
      fe = new DominicksPrediction.Score("(ii)", Double.NaN, Double.NaN, 0);
      table.add(new String[] {"(ii) log-log OLS, store-brand FE, per-brand slopes", "n/a", e.getMessage()});
    }
    double[] unpooledOls = perStoreBrandOls(train, test);
    table.add(new String[] {"(iii) per-store-brand OLS, unpooled (own slope, deal, feature)", r2(unpooledOls[0]),
        String.format(Locale.ROOT, Math.abs(unpooledOls[1]) < 1000 ? "RMSE %.4f" : "RMSE %.3g", unpooledOls[1])});

    EntityIds storeBrand = EntityIds.learn(EntityKey.parse("customer.id*product.category"), trainOffers);
    System.out.println(storeBrand.report());
    List<FeatureExtractor> extractors = List.of(
        FeatureExtractors.product(Arrays.asList(Dominicks.BRANDS), DominicksOffers.PRODUCT_ATTRIBUTES),
        FeatureExtractors.market(), storeBrand);
    String feature = storeBrand.featureName();
    Map<String, TrainingResult> results = new HashMap<>();
    String[][] variants = {{"pooled slope", ""}, {"per-store-brand slopes, unpooled", "NONE"},
        {"per-store-brand slopes, partial pooling", "PARTIAL"}};
    double[] partialR2 = new double[1];
    for (String[] v : variants) {
      EntityEffects effects = EntityEffects.of(feature);
      if (!v[1].isEmpty()) {
        effects = effects.withSlopes(feature, EntityEffects.SlopePooling.valueOf(v[1]));
      }
      DemandModelTrainer trainer = DemandModelTrainer.builder(DemandAlgorithm.LOG_LOG_GLM).extractors(extractors)
          .split(ValidationSplit.byTime(cutoff)).entities(effects).version("oj-entities").build();
      long t0 = System.nanoTime();
      TrainingResult result = trainer.train(offers);
      double seconds = (System.nanoTime() - t0) / 1e9;
      BitSet held = trainer.heldOut(offers);
      OfferPredictor predictor = OfferPredictor.of(result.model(), extractors);
      double ssRes = 0;
      double ssTot = 0;
      double mean = 0;
      int n = 0;
      for (int i = held.nextSetBit(0); i >= 0; i = held.nextSetBit(i + 1)) {
        mean += Math.log(offers.get(i).units());
        n++;
      }
      mean /= n;
      for (int i = held.nextSetBit(0); i >= 0; i = held.nextSetBit(i + 1)) {
        double y = Math.log(offers.get(i).units());
        double e = y - predictor.logDemand(offers.get(i));
        ssRes += e * e;
        ssTot += (y - mean) * (y - mean);
      }
      double r2 = 1 - ssRes / ssTot;
      if (v[1].equals("PARTIAL")) {
        partialR2[0] = r2;
      }
      results.put(v[1], result);
      table.add(new String[] {"library LOG_LOG_GLM, store x brand effects, " + v[0], r2(r2),
          String.format(Locale.ROOT, "%.1f s, %d held out, RMSE %.4f", seconds, n, Math.sqrt(ssRes / n))});
    }
    System.out.printf("%n%-78s %12s  %s%n", "model (" + label + "; held-out weeks)", "R^2 log units", "");
    for (String[] t : table) {
      System.out.printf(Locale.ROOT, "%-78s %12s  %s%n", t[0], t[1], t[2]);
    }
    System.out.printf(Locale.ROOT, "%nlibrary (partial pooling) minus fixed-effects regression: %+.4f (target >= -0.01)%n",
        partialR2[0] - fe.r2LogUnits());
    TrainingResult partialResult = results.get("PARTIAL");
    partialResult.evaluation().priceSensitivity().ifPresent(ps -> System.out.printf(Locale.ROOT,
        "pooled average elasticity (all price features) %.4f [%.4f, %.4f]%n", ps.coefficient(), ps.lower(), ps.upper()));

    return results;
  }

  private static String r2(double v) {
    return String.format(Locale.ROOT, Math.abs(v) < 1000 ? "%.4f" : "%.3g", v);
  }

  /** How far the shrinkage moved the raw per-store-brand slopes, by the raw estimate's standard error. */
  static void shrinkageTable(EntityReport r) {
    List<EntityElasticity> est = r.levels().stream().filter(e -> Double.isFinite(e.raw()))
        .sorted(Comparator.comparingDouble(EntityElasticity::rawStandardError)).toList();
    int bins = 4;
    System.out.printf("%nhow far shrinkage moved the per-store-brand elasticities (quartiles of the raw standard error)%n");
    System.out.printf("%-24s %6s %10s %10s %12s %12s %10s%n", "raw se", "levels", "mean raw", "mean shrunk",
        "mean |move|", "max |move|", "weight kept");
    for (int b = 0; b < bins; b++) {
      List<EntityElasticity> part = est.subList(b * est.size() / bins, (b + 1) * est.size() / bins);
      double mr = part.stream().mapToDouble(EntityElasticity::raw).average().orElse(Double.NaN);
      double ms = part.stream().mapToDouble(EntityElasticity::shrunk).average().orElse(Double.NaN);
      double mm = part.stream().mapToDouble(e -> Math.abs(e.shrunk() - e.raw())).average().orElse(Double.NaN);
      double mx = part.stream().mapToDouble(e -> Math.abs(e.shrunk() - e.raw())).max().orElse(Double.NaN);
      double wk = part.stream().mapToDouble(EntityElasticity::shrinkage).average().orElse(Double.NaN);
      System.out.printf(Locale.ROOT, "[%.3f, %.3f] %9s %6d %10.3f %10.3f %12.3f %12.3f %10.3f%n",
          part.get(0).rawStandardError(), part.get(part.size() - 1).rawStandardError(), "", part.size(), mr, ms, mm,
          mx, wk);
    }
    System.out.printf("%nten store-brands (every 90th by raw standard error)%n");
    System.out.printf("%-36s %6s %18s %26s%n", "store|brand", "weeks", "raw (se)", "shrunk [interval]");
    for (int j = 0; j < est.size(); j += Math.max(1, est.size() / 10)) {
      EntityElasticity e = est.get(j);
      System.out.printf(Locale.ROOT, "%-36s %6d %10.3f (%.3f) %9.3f [%.3f, %.3f]%n", e.level(), e.offers(), e.raw(),
          e.rawStandardError(), e.shrunk(), e.lower(), e.upper());
    }
  }

  /**
   * Per store-brand OLS of log units on (1, log price, deal, feature) over the training weeks; returns the held-out
   * R^2 of log units (a store-brand without enough training weeks predicts its training mean).
   */
  static double[] perStoreBrandOls(List<Dominicks.Row> train, List<Dominicks.Row> test) {
    Map<Long, List<Dominicks.Row>> by = new HashMap<>();
    for (Dominicks.Row r : train) {
      by.computeIfAbsent(r.store() * 100L + r.brand(), k -> new ArrayList<>()).add(r);
    }
    Map<Long, double[]> coef = new HashMap<>();
    by.forEach((k, list) -> {
      double[] y = new double[list.size()];
      double[][] x = new double[list.size()][];
      for (int i = 0; i < y.length; i++) {
        Dominicks.Row r = list.get(i);
        y[i] = r.logMove();
        x[i] = new double[] {Math.log(r.ownPackPrice()), r.deal(), r.feat()};
      }
      double mean = Arrays.stream(y).average().orElse(0);
      try {
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        ols.newSampleData(y, x);
        coef.put(k, ols.estimateRegressionParameters());
      } catch (RuntimeException e) {
        coef.put(k, new double[] {mean, 0, 0, 0});
      }
    });
    double mean = test.stream().mapToDouble(Dominicks.Row::logMove).average().orElseThrow();
    double ssRes = 0;
    double ssTot = 0;
    for (Dominicks.Row r : test) {
      double[] c = coef.get(r.store() * 100L + r.brand());
      double pred = c == null ? mean : c[0] + c[1] * Math.log(r.ownPackPrice()) + c[2] * r.deal() + c[3] * r.feat();
      ssRes += (r.logMove() - pred) * (r.logMove() - pred);
      ssTot += (r.logMove() - mean) * (r.logMove() - mean);
    }
    return new double[] {1 - ssRes / ssTot, Math.sqrt(ssRes / test.size())};
  }
}
