package dev.pricing.examples.realdata;

import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import dev.pricing.api.spi.FeatureExtractor;
import dev.pricing.core.FeatureExtractors;
import dev.pricing.core.demand.DemandAlgorithm;
import dev.pricing.core.demand.DemandModelTrainer;
import dev.pricing.core.demand.OfferRecord;
import dev.pricing.core.demand.PriceFeatures;
import dev.pricing.core.demand.PriceSensitivity;
import dev.pricing.core.demand.PriceTerm;
import dev.pricing.core.demand.TrainingResult;
import dev.pricing.core.demand.ValidationSplit;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Does the fitted elasticity depend on how the list price is represented? On Dominick's orange juice, trains the
 * units model with default settings under four representations of the same list price (each brand's median pack
 * price over all weeks, over the first 80 weeks, the median times 1.25, and each brand's highest price) and prints
 * the price elasticity with its 95% interval: for the converged log-log GLM and for the 10-epoch SGD default.
 *
 * <p>Run: {@code mvn -q -pl examples exec:java -Ddemo.main=dev.pricing.examples.realdata.DominicksListPrice
 * -Dexec.args=../shared/data/dominicks_oj}. Not thread-sensitive: a main program.
 */
public final class DominicksListPrice {
  private DominicksListPrice() {}

  /**
   * Runs the comparison.
   *
   * @param args the data folder (default ../shared/data/dominicks_oj)
   * @throws IOException if the data cannot be read
   */
  public static void main(String[] args) throws IOException {
    Path dir = Dominicks.dataDir(args, "dominicks_oj");
    List<Dominicks.Row> rows = Dominicks.read(dir);
    Map<Integer, Map<String, Double>> demo = DominicksOffers.readStoreDemographics(dir);
    int firstWeek = rows.stream().mapToInt(Dominicks.Row::week).min().orElseThrow();
    List<Dominicks.Row> early = rows.stream().filter(r -> r.week() < firstWeek + 80).toList();
    Map<String, List<OfferRecord>> variants = new LinkedHashMap<>();
    boolean previous = !Boolean.getBoolean("dominicks.listReference");
    List<OfferRecord> median = DominicksOffers.offers(rows, demo, rows, previous);
    variants.put("median, all weeks", median);
    variants.put("median, first 80 weeks", DominicksOffers.offers(rows, demo, early, previous));
    variants.put("median x 1.25", rescale(median, 1.25, null));
    double[] max = new double[Dominicks.BRANDS.length + 1];
    for (Dominicks.Row r : rows) {
      max[r.brand()] = Math.max(max[r.brand()], r.ownPackPrice());
    }
    variants.put("highest price", rescale(median, 0, max));
    List<FeatureExtractor> extractors = List.of(
        FeatureExtractors.product(Arrays.asList(Dominicks.BRANDS), DominicksOffers.PRODUCT_ATTRIBUTES),
        FeatureExtractors.market(), FeatureExtractors.customerAttributes(neutral(median)));
    System.out.printf("Price elasticity of units on Dominick's OJ (%d store-brand-weeks), latest 20%% held out%n%n",
        rows.size());
    System.out.printf("%-24s %-12s %10s %22s %s%n", "list price", "model", "elasticity", "95% interval", "");
    for (DemandAlgorithm a : List.of(DemandAlgorithm.LOG_LOG_GLM, DemandAlgorithm.LOG_LOG_SGD)) {
      Double reference = null;
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      List<double[]> intervals = new ArrayList<>();
      for (Map.Entry<String, List<OfferRecord>> v : variants.entrySet()) {
        DemandModelTrainer.Builder b = DemandModelTrainer.builder(a).extractors(extractors)
            .split(ValidationSplit.latestFraction(0.2));
        if (a == DemandAlgorithm.LOG_LOG_SGD) {
          b.priceFeatures(PriceFeatures.of(PriceTerm.LOG_RELATIVE));
        }
        TrainingResult r = b.build().train(v.getValue());
        PriceSensitivity s = r.evaluation().priceSensitivity().orElseThrow();
        if (reference == null) {
          reference = s.coefficient();
        }
        lo = Math.min(lo, s.coefficient());
        hi = Math.max(hi, s.coefficient());
        intervals.add(new double[] {s.lower(), s.upper()});
        System.out.printf(Locale.ROOT, "%-24s %-12s %10.4f   [%8.4f, %8.4f]  %s%n", v.getKey(), a.id(),
            s.coefficient(), s.lower(), s.upper(), r.diagnostics().map(d -> d.iterations() + " Newton iterations")
                .orElse("10 epochs"));
      }
      System.out.printf(Locale.ROOT, "%-24s %-12s spread %.4f across representations%n%n", "", a.id(), hi - lo);
    }
  }

  private static Map<String, Double> neutral(List<OfferRecord> offers) {
    Map<String, Double> neutral = new LinkedHashMap<>();
    for (String a : DominicksOffers.DEMOGRAPHICS) {
      neutral.put(a, offers.stream().mapToDouble(o -> o.context().customer().attributes().getOrDefault(a, 0.0))
          .average().orElse(0));
    }
    return neutral;
  }

  /** Rebuilds each offer's product with the list price times {@code factor}, or {@code perBrand[brand]}. */
  private static List<OfferRecord> rescale(List<OfferRecord> offers, double factor, double[] perBrand) {
    List<OfferRecord> out = new ArrayList<>(offers.size());
    for (OfferRecord o : offers) {
      Product p = o.context().product();
      int brand = Integer.parseInt(p.id().substring(3));
      BigDecimal list = perBrand != null ? BigDecimal.valueOf(perBrand[brand]).setScale(2, RoundingMode.HALF_UP)
          : p.listPrice().multiply(BigDecimal.valueOf(factor)).setScale(2, RoundingMode.HALF_UP);
      Product q = Product.builder(p.id(), p.currency().getCurrencyCode()).listPrice(list).unitCost(p.unitCost())
          .category(p.category()).title(p.title()).attribute("deal", p.attributes().get("deal"))
          .attribute("feat", p.attributes().get("feat")).build();
      PricingRequest r = new PricingRequest(o.context().customer(), q, o.context().market());
      out.add(new OfferRecord(r, o.offeredPrice(), o.propensity(), o.units()));
    }
    return out;
  }
}
