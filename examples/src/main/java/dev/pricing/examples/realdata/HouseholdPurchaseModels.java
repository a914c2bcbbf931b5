package dev.pricing.examples.realdata;

import dev.pricing.api.spi.FeatureExtractor;
import dev.pricing.core.FeatureExtractors;
import dev.pricing.core.demand.DemandAlgorithm;
import dev.pricing.core.demand.DemandEvaluation;
import dev.pricing.core.demand.DemandModelTrainer;
import dev.pricing.core.demand.OfferRecord;
import dev.pricing.core.demand.PriceFeatures;
import dev.pricing.core.demand.PriceTerm;
import dev.pricing.core.demand.ValidationSplit;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Personalised purchase models on two household panels, scored on held-out offers with the library's own
 * {@link DemandEvaluation} (AUC and log loss). Three {@code LOGISTIC_SGD} conversion models per panel:
 * price only (the product extractor's list-price features plus the log relative price term), price plus
 * product and market context (no customer features), and that plus customer attributes.
 *
 * <ul>
 *   <li>ISLR OJ (Minute Maid side, see {@link IslrOjOffers}): the file has no household id, so held-out
 *       households are impossible; the latest 20% of occasions by week are held out (whole weeks).</li>
 *   <li>Margarine (the most chosen brand, see {@link MargarineOffers}): 25% of households are held out
 *       with {@link ValidationSplit#byCustomer(double, long)} (salted hash of the household id, salt
 *       {@value #SALT}), so no household is on both sides.</li>
 * </ul>
 *
 * <p>Run: {@code mvn -q -pl examples exec:java -Ddemo.main=dev.pricing.examples.realdata.HouseholdPurchaseModels
 * -Dexec.args=../shared/data}, the folder holding {@code islr_oj/} and {@code margarine/}. Writes
 * {@code target/real-data/household-purchase.csv}.
 */
public final class HouseholdPurchaseModels {
  /** The salt of the household split. */
  static final long SALT = 2024;

  private HouseholdPurchaseModels() {}

  /** One model's held-out figures. */
  record Score(String dataset, String model, long rows, double auc, double logLoss) {}

  /**
   * Runs both panels.
   *
   * @param args the folder holding islr_oj/ and margarine/ (default ../shared/data)
   * @throws IOException if the data cannot be read or the CSV written
   */
  public static void main(String[] args) throws IOException {
    Path islrDir = Dominicks.dataDir(args.length > 0 ? new String[] {args[0] + "/islr_oj"} : args, "islr_oj");
    Path margDir = Dominicks.dataDir(args.length > 0 ? new String[] {args[0] + "/margarine"} : args, "margarine");

    List<Score> scores = new ArrayList<>();
    List<OfferRecord> oj = IslrOjOffers.offers(IslrOjOffers.read(islrDir));
    scores.addAll(compare("ISLR OJ (buy MM), latest 20% of weeks", oj, ValidationSplit.latestFraction(0.2),
        IslrOjOffers.PRODUCT_ATTRIBUTES, IslrOjOffers.CUSTOMER_ATTRIBUTES));

    List<MargarineOffers.Occasion> occasions = MargarineOffers.readChoices(margDir);
    int brand = MargarineOffers.mostChosen(occasions);
    List<OfferRecord> marg = MargarineOffers.offers(occasions, MargarineOffers.readDemographics(margDir), brand);
    scores.addAll(compare("Margarine (buy " + MargarineOffers.BRANDS.get(brand - 1) + "), 25% of households", marg,
        ValidationSplit.byCustomer(0.25, SALT), List.of(), MargarineOffers.DEMOGRAPHICS));

    Path out = Path.of("target", "real-data", "household-purchase.csv");
    Files.createDirectories(out.getParent());
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out))) {
      w.println("dataset,model,heldout_rows,auc,log_loss");
      for (Score s : scores) {
        w.printf(Locale.ROOT, "%s,%s,%d,%.4f,%.4f%n", CsvRows.quote(s.dataset()), CsvRows.quote(s.model()),
            s.rows(), s.auc(), s.logLoss());
      }
    }
    System.out.printf("%n%-48s %-34s %8s %7s %9s%n", "dataset", "model", "held out", "AUC", "log loss");
    for (Score s : scores) {
      System.out.printf(Locale.ROOT, "%-48s %-34s %8d %7.3f %9.4f%n", s.dataset(), s.model(), s.rows(), s.auc(),
          s.logLoss());
    }
    System.out.println("\nWrote " + out.toAbsolutePath());
  }

  private static List<Score> compare(String dataset, List<OfferRecord> offers, ValidationSplit split,
      List<String> productAttributes, List<String> customerAttributes) {
    Map<String, Double> neutral = new LinkedHashMap<>();
    for (String a : customerAttributes) {
      neutral.put(a, offers.stream().mapToDouble(o -> o.context().customer().attributes().getOrDefault(a, 0.0))
          .average().orElse(0));
    }
    FeatureExtractor product = FeatureExtractors.product(List.of(), productAttributes);
    List<Score> scores = new ArrayList<>();
    scores.add(fit(dataset, "price only", offers, split, List.of(FeatureExtractors.product())));
    scores.add(fit(dataset, "price + product/market", offers, split, List.of(product, FeatureExtractors.market())));
    scores.add(fit(dataset, "price + product/market + customer", offers, split,
        List.of(product, FeatureExtractors.market(), FeatureExtractors.customerAttributes(neutral))));
    return scores;
  }

  private static Score fit(String dataset, String model, List<OfferRecord> offers, ValidationSplit split,
      List<FeatureExtractor> extractors) {
    DemandEvaluation e = DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_SGD).extractors(extractors)
        .priceFeatures(PriceFeatures.of(PriceTerm.LOG_RELATIVE)).split(split).version("household-" + model)
        .seed(7).build().train(offers).evaluation();
    return new Score(dataset, model, e.rows(), e.auc().orElse(Double.NaN), e.logLoss().orElse(Double.NaN));
  }
}
