package dev.pricing.core.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pricing.api.PricingRequest;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.api.spi.FeatureExtractor;
import dev.pricing.core.demand.internal.Metrics;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** End-to-end: train each model kind on logs with a known demand curve and check what it recovers. */
class DemandModelTrainerTest {
  static final SyntheticOffers.Conversion CONVERSION = new SyntheticOffers.Conversion(3.0, 1.0, 4.0);
  static final SyntheticOffers.Units UNITS = new SyntheticOffers.Units(1.5, 0.4, 1.8, 0.3);
  static final int ROWS = 25_000;

  static List<OfferRecord> conversionLog;
  static TrainingResult logistic;
  static TrainingResult tree;
  static TrainingResult units;

  @BeforeAll
  static void train() {
    conversionLog = SyntheticOffers.conversions(CONVERSION, ROWS, 7);
    logistic = DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_SGD)
        .extractors(SyntheticOffers.extractors())
        .version("logistic-test")
        .build()
        .train(conversionLog);
    tree = DemandModelTrainer.builder(DemandAlgorithm.CART_TREE)
        .extractors(SyntheticOffers.extractors())
        .maxDepth(6)
        .build()
        .train(conversionLog);
    units = DemandModelTrainer.builder(DemandAlgorithm.LOG_LOG_SGD)
        .extractors(SyntheticOffers.extractors())
        .build()
        .train(SyntheticOffers.units(UNITS, ROWS, 8));
    System.out.println(logistic.evaluation().report());
    System.out.println(tree.evaluation().report());
    System.out.println(units.evaluation().report());
  }

  /** AUC of the true curve on the same validation offers (the latest 20% by time). */
  static double trueAuc() {
    int from = (int) Math.floor(ROWS * 0.8);
    int n = ROWS - from;
    double[] p = new double[n];
    boolean[] y = new boolean[n];
    for (int i = 0; i < n; i++) {
      OfferRecord r = conversionLog.get(from + i);
      double vip = r.context().customer().attributes().getOrDefault("vip", 0.0);
      double ratio = r.offeredPrice().doubleValue() / r.context().product().listPrice().doubleValue();
      p[i] = CONVERSION.probability(vip, ratio);
      y[i] = r.bought();
    }
    return Metrics.auc(p, y, n);
  }

  @Test
  void train_logisticOnKnownCurve_recoversPriceCoefficientAndAuc() {
    PriceSensitivity s = logistic.evaluation().priceSensitivity().orElseThrow();
    assertThat(s.coefficient()).isCloseTo(-CONVERSION.beta(), within(0.35));
    assertThat(s.lower()).isLessThan(s.coefficient());
    assertThat(s.upper()).isGreaterThan(s.coefficient());
    assertThat(s.standardError()).isBetween(0.01, 0.3);
    double trueAuc = trueAuc();
    System.out.printf("true-curve AUC %.4f, logistic AUC %.4f, tree AUC %.4f%n", trueAuc,
        logistic.evaluation().auc().orElseThrow(), tree.evaluation().auc().orElseThrow());
    assertThat(logistic.evaluation().auc().orElseThrow()).isCloseTo(trueAuc, within(0.01));
    assertThat(logistic.evaluation().logLoss().orElseThrow()).isBetween(0.3, 0.7);
    assertThat(logistic.evaluation().calibration()).hasSize(10);
    for (ReliabilityBin b : logistic.evaluation().calibration()) {
      if (b.count() > 300) {
        assertThat(b.observedRate()).as("bin " + b).isCloseTo(b.meanPredicted(), within(0.06));
      }
    }
    assertThat(logistic.model().version()).isEqualTo("logistic-test");
    assertThat(logistic.model().provenance().trainingRows()).isEqualTo(20_000);
    assertThat(logistic.model().provenance().validationRows()).isEqualTo(5_000);
  }

  @Test
  void train_treeOnKnownCurve_aucCloseToTrueModel() {
    double trueAuc = trueAuc();
    assertThat(tree.evaluation().auc().orElseThrow()).isCloseTo(trueAuc, within(0.03));
    assertThat(tree.evaluation().priceSensitivity()).isEmpty();
    assertThat(tree.model().kind()).isEqualTo(dev.pricing.api.DemandKind.CONVERSION_PROBABILITY);
  }

  @Test
  void train_logLogUnitsOnKnownCurve_recoversElasticityWithCi() {
    PriceSensitivity s = units.evaluation().priceSensitivity().orElseThrow();
    assertThat(s.coefficient()).isCloseTo(-UNITS.e(), within(0.08));
    assertThat(s.upper() - s.lower()).isLessThan(0.2);
    assertThat(s.averageElasticity().orElseThrow()).isCloseTo(-UNITS.e(), within(0.08));
    assertThat(units.evaluation().mae().orElseThrow()).isPositive();
    assertThat(units.evaluation().rmse().orElseThrow()).isGreaterThanOrEqualTo(units.evaluation().mae().orElseThrow());
    // Mean prediction retransformed with the smearing factor: unbiased for the mean units.
    assertThat(units.evaluation().meanPrediction())
        .isCloseTo(units.evaluation().meanOutcome(), within(0.05 * units.evaluation().meanOutcome()));
  }

  @Test
  void train_report_mentionsEveryFigure() {
    String report = logistic.evaluation().report();
    assertThat(report).contains("AUC", "log loss", "reliability", "price coefficient", "CI");
    assertThat(units.evaluation().report()).contains("MAE", "RMSE", "demand.price.log_relative");
  }

  @Test
  void train_demandRisingWithPrice_clampsCoefficientAndStaysMonotone() {
    // A perverse log: buyers prefer higher prices.
    List<OfferRecord> perverse = SyntheticOffers.conversions(new SyntheticOffers.Conversion(-3.0, 0.0, -2.5), 6_000, 3);
    TrainingResult r = DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_SGD)
        .extractors(SyntheticOffers.extractors())
        .epochs(3)
        .build()
        .train(perverse);
    PriceSensitivity s = r.evaluation().priceSensitivity().orElseThrow();
    assertThat(s.clamped()).isTrue();
    assertThat(s.coefficient()).isZero();
    assertThat(r.model().priceCoefficients()).containsOnly(0.0);
    assertThat(r.evaluation().notes()).anyMatch(n -> n.contains("clamped to 0"));
    assertThat(r.model().provenance().notes()).anyMatch(n -> n.contains("demand.price.relative"));
    double[] prices = {5, 10, 15, 20, 30};
    double[] out = new double[prices.length];
    r.model().bind(r.model().trainingSchema()).score(new double[] {19.99, 0, 1, 3}, prices, prices.length, out);
    for (int i = 1; i < out.length; i++) {
      assertThat(out[i]).isLessThanOrEqualTo(out[i - 1]);
    }
  }

  @Test
  void train_emptyLog_isRefused() {
    assertThatThrownBy(() -> trainer(DemandAlgorithm.LOGISTIC_SGD).train(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void train_singlePrice_saysElasticityNotIdentifiable() {
    List<OfferRecord> log = new ArrayList<>();
    for (OfferRecord r : conversionLog.subList(0, 2_000)) {
      log.add(new OfferRecord(r.context(), r.context().product().listPrice(), OptionalDouble.empty(), r.units()));
    }
    assertThatThrownBy(() -> trainer(DemandAlgorithm.LOGISTIC_SGD).train(log))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not identifiable");
  }

  @Test
  void train_allBoughtOrNoneBought_isRefused() {
    List<OfferRecord> all = new ArrayList<>();
    List<OfferRecord> none = new ArrayList<>();
    for (OfferRecord r : conversionLog.subList(0, 1_000)) {
      all.add(new OfferRecord(r.context(), r.offeredPrice(), r.propensity(), 1));
      none.add(new OfferRecord(r.context(), r.offeredPrice(), r.propensity(), 0));
    }
    for (DemandAlgorithm a : List.of(DemandAlgorithm.LOGISTIC_SGD, DemandAlgorithm.CART_TREE)) {
      assertThatThrownBy(() -> trainer(a).train(all)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("converted").hasMessageContaining("both outcomes");
      assertThatThrownBy(() -> trainer(a).train(none)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("did not convert");
    }
    assertThatThrownBy(() -> trainer(DemandAlgorithm.LOG_LOG_SGD).train(none))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 units");
  }

  @Test
  void train_zeroUnitsWithoutSmoothing_isRefusedAndWithSmoothingTrains() {
    List<OfferRecord> log = new ArrayList<>(SyntheticOffers.units(UNITS, 3_000, 5));
    OfferRecord first = log.get(0);
    log.set(0, new OfferRecord(first.context(), first.offeredPrice(), first.propensity(), 0));
    assertThatThrownBy(() -> trainer(DemandAlgorithm.LOG_LOG_SGD).train(log))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unitsSmoothing");
    TrainingResult r = DemandModelTrainer.builder(DemandAlgorithm.LOG_LOG_SGD)
        .extractors(SyntheticOffers.extractors()).unitsSmoothing(1).epochs(3).build().train(log);
    assertThat(r.model().priceCoefficients().get(0)).isNegative();
  }

  @Test
  void train_extractorWritingNaN_namesFeatureAndOffer() {
    FeatureExtractor broken = new FeatureExtractor() {
      @Override
      public List<String> featureNames() {
        return List.of("broken.score");
      }

      @Override
      public void extract(PricingRequest request, double[] out, int offset) {
        out[offset] = request.customer().behaviour().views() == 13 ? Double.NaN : 1;
      }
    };
    List<FeatureExtractor> extractors = new ArrayList<>(SyntheticOffers.extractors());
    extractors.add(broken);
    List<OfferRecord> log = conversionLog.subList(0, 5_000);
    OfferRecord firstBad = log.stream().filter(r -> r.context().customer().behaviour().views() == 13).findFirst()
        .orElseThrow();
    assertThatThrownBy(() -> DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_SGD).extractors(extractors).build()
        .train(log))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("broken.score")
        .hasMessageContaining("offer " + log.indexOf(firstBad) + " ")
        .hasMessageContaining("customer " + firstBad.context().customer().id())
        .hasMessageContaining("NaN");
  }

  @Test
  void build_listPriceFeatureMissing_namesIt() {
    assertThatThrownBy(() -> DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_SGD)
        .extractors(List.of(new SyntheticOffers.Segment())).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("product.list_price");
    assertThatThrownBy(() -> DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_SGD)
        .extractors(SyntheticOffers.extractors())
        .priceFeatures(PriceFeatures.of(PriceTerm.RELATIVE).withInteractions(List.of("customer.attr.gold"))).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("customer.attr.gold");
    assertThatThrownBy(() -> DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_SGD).build())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void train_extractorFeatureClashingWithDerivedPrice_isRefused() {
    FeatureExtractor clash = new FeatureExtractor() {
      @Override
      public List<String> featureNames() {
        return List.of("demand.price.relative");
      }

      @Override
      public void extract(PricingRequest request, double[] out, int offset) {
        out[offset] = 1;
      }
    };
    List<FeatureExtractor> extractors = new ArrayList<>(SyntheticOffers.extractors());
    extractors.add(clash);
    assertThatThrownBy(() -> DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_SGD).extractors(extractors).build()
        .train(conversionLog.subList(0, 2_000)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("demand.price.relative")
        .hasMessageContaining("rename");
  }

  @Test
  void train_splitLeavingNoValidation_isRefused() {
    DemandModelTrainer t = DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_SGD)
        .extractors(SyntheticOffers.extractors())
        .split(ValidationSplit.byTime(Instant.parse("2030-01-01T00:00:00Z")))
        .build();
    assertThatThrownBy(() -> t.train(conversionLog.subList(0, 1_000)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 validation");
  }

  @Test
  void train_byCustomerSplit_keepsCustomersOnOneSide() {
    TrainingResult r = DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_SGD)
        .extractors(SyntheticOffers.extractors())
        .split(ValidationSplit.byCustomer(0.25, 99))
        .epochs(3)
        .build()
        .train(conversionLog.subList(0, 8_000));
    long validation = r.model().provenance().validationRows();
    assertThat(validation).isBetween(1_400L, 2_600L);
    assertThat(r.model().provenance().split()).contains("ByCustomer");
  }

  @Test
  void score_interactionsLearnSegmentSensitivity() {
    // VIPs are less price sensitive: slope -5 for others, -2 for VIPs.
    List<OfferRecord> log = new ArrayList<>();
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(11);
    for (int i = 0; i < 20_000; i++) {
      boolean vip = rnd.nextDouble() < 0.4;
      PricingRequest q = SyntheticOffers.request(rnd, i, vip);
      BigDecimal p = SyntheticOffers.offeredPrice(rnd, q, 0.6, 1.4);
      double ratio = p.doubleValue() / q.product().listPrice().doubleValue();
      double logit = 3.5 - (vip ? 2.0 : 5.0) * ratio;
      log.add(new OfferRecord(q, p, OptionalDouble.empty(), rnd.nextDouble() < SyntheticOffers.sigmoid(logit) ? 1 : 0));
    }
    // Interactions add price sensitivity (their coefficients are <= 0): interact with the more sensitive
    // segment's indicator. Base slope = VIPs' (-2), regular customers add -3.
    TrainingResult r = DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_SGD)
        .extractors(SyntheticOffers.extractors())
        .priceFeatures(PriceFeatures.of(PriceTerm.RELATIVE).withInteractions(List.of("customer.attr.regular")))
        .build()
        .train(log);
    List<Double> c = r.model().priceCoefficients();
    assertThat(c.get(0)).isCloseTo(-2.0, within(0.4));
    assertThat(c.get(1)).isCloseTo(-3.0, within(0.5));
    DemandModel.Scorer s = r.model().bind(r.model().trainingSchema());
    double[] out = new double[2];
    s.score(new double[] {19.99, 1, 0, 5}, new double[] {10, 30}, 2, out);
    assertThat(out[1]).isLessThan(out[0]);

    // Interacting with the less sensitive segment would need a positive coefficient: it is clamped to 0 and
    // the evaluation says so.
    TrainingResult wrongWay = DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_SGD)
        .extractors(SyntheticOffers.extractors())
        .priceFeatures(PriceFeatures.of(PriceTerm.RELATIVE).withInteractions(List.of("customer.attr.vip")))
        .epochs(3)
        .build()
        .train(log);
    assertThat(wrongWay.model().priceCoefficients().get(1)).isZero();
    assertThat(wrongWay.evaluation().notes()).anyMatch(n -> n.contains("customer.attr.vip") && n.contains("clamped"));
  }

  private static DemandModelTrainer trainer(DemandAlgorithm a) {
    DemandModelTrainer.Builder b = DemandModelTrainer.builder(a).extractors(SyntheticOffers.extractors());
    // epochs apply to the SGD algorithms only; the builder refuses them for the others
    return (a == DemandAlgorithm.CART_TREE ? b : b.epochs(2)).build();
  }
}
