package dev.pricing.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pricing.api.DemandKind;
import dev.pricing.api.FeatureSchema;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.core.demand.OfferRecord;
import dev.pricing.core.demand.PriceFeatures;
import dev.pricing.core.demand.PriceTerm;
import dev.pricing.core.demand.TrainingProvenance;
import dev.pricing.eval.MarketSimulator;
import dev.pricing.eval.SimulatedRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Spark-trained linear models against a converged single-machine fit (Newton's method on the same
 * derived matrix, same ridge penalty and standardisation): predictions within 1e-4, and the engine's
 * decisions with either artifact agree on at least 99.9% of requests.
 */
class SparkTrainingParityTest {
  static final double LAMBDA = 1e-4;
  static List<OfferRecord> offers;
  static Dataset<Row> data;

  @BeforeAll
  static void data() {
    offers = SparkTestSession.conversionOffers(11, 6000);
    data = OfferLogs.fromRecords(SparkTestSession.get(), offers, 2).cache();
  }

  @Test
  void conversion_mllibMatchesNewtonWithin1e4_andEngineDecisionsAgree() throws IOException {
    PriceFeatures pf = PriceFeatures.of(PriceTerm.RELATIVE);
    SparkTrainingResult res = SparkDemandTrainer.builder(DemandKind.CONVERSION_PROBABILITY)
        .extractors(SparkTestSession.standardExtractors())
        .priceFeatures(pf)
        .regParam(LAMBDA)
        .version("spark-conv")
        .build()
        .train(data);
    assertThat(res.rows()).isEqualTo(offers.size());
    assertThat(res.fit().provenance().notes()).anyMatch(s -> s.startsWith("trained on Spark 4."))
        .contains("rows 6000").anyMatch(s -> s.equals("input hash " + res.inputHash()
            + " (wrapping sum of 64-bit row fingerprints)"));
    assertThat(res.fit().priceCoefficients()[0]).isLessThan(-1);

    Matrix m = Matrix.of(SparkFeatures.extract(data, SparkTestSession.standardExtractors(), pf), false, 0);
    int firstPrice = res.fit().inputs().size();
    ReferenceGlm ref = ReferenceGlm.fit(m.x, m.y, LAMBDA, firstPrice, true);
    DemandModel spark = InterimLinearArtifacts.INSTANCE.decode(res.artifact());
    DemandModel newton = InterimLinearArtifacts.INSTANCE.decode(InterimLinearArtifacts.INSTANCE.encode(
        reference(res.fit(), ref, "newton-conv")));

    double maxDiff = maxPredictionDifference(spark, newton, res.fit());
    System.out.printf("conversion: max |P_spark - P_newton| = %.3g over 3000 requests x 8 prices; "
        + "price coefficient spark %.6f newton %.6f; MLlib %d iterations, Newton %d%n", maxDiff,
        res.fit().priceCoefficients()[0], ref.weights[firstPrice], res.iterations(), ref.iterations);
    assertThat(maxDiff).isLessThan(1e-4);

    double agree = decisionAgreement(spark, newton);
    System.out.printf("conversion: engine decisions agree on %.4f of 4000 requests%n", agree);
    assertThat(agree).isGreaterThanOrEqualTo(0.999);
  }

  @Test
  void units_mllibMatchesClosedFormWithin1e4Relative_andRecoversTheElasticity() throws IOException {
    // Units with a known elasticity: ln units = 1.2 - 1.8 ln(p/L) + N(0, 0.3^2).
    SplittableRandom r = new SplittableRandom(5);
    List<OfferRecord> units = offers.subList(0, 4000).stream().map(o -> {
      double ratio = o.offeredPrice().doubleValue() / o.context().product().listPrice().doubleValue();
      double u = Math.exp(1.2 - 1.8 * Math.log(ratio) + 0.3 * gaussian(r));
      return new OfferRecord(o.context(), o.offeredPrice(), OptionalDouble.empty(), u);
    }).toList();
    Dataset<Row> ds = OfferLogs.fromRecords(SparkTestSession.get(), units, 3);
    PriceFeatures pf = PriceFeatures.of(PriceTerm.LOG_RELATIVE);
    SparkTrainingResult res = SparkDemandTrainer.builder(DemandKind.EXPECTED_UNITS)
        .extractors(SparkTestSession.standardExtractors())
        .priceFeatures(pf)
        .regParam(LAMBDA)
        .version("spark-units")
        .build()
        .train(ds);
    int firstPrice = res.fit().inputs().size();
    double elasticity = res.fit().priceCoefficients()[0];
    assertThat(elasticity).isBetween(-1.9, -1.7);

    Matrix m = Matrix.of(SparkFeatures.extract(ds, SparkTestSession.standardExtractors(), pf), true, 0);
    ReferenceGlm ref = ReferenceGlm.fit(m.x, m.y, LAMBDA, firstPrice, false);
    DemandModel spark = InterimLinearArtifacts.INSTANCE.decode(res.artifact());
    LinearFit rf = reference(res.fit(), ref, "closed-form-units");
    DemandModel exact = InterimLinearArtifacts.INSTANCE.decode(InterimLinearArtifacts.INSTANCE.encode(rf));
    double maxRel = maxPredictionDifference(spark, exact, res.fit());
    System.out.printf("units: elasticity spark %.6f reference %.6f; max relative difference %.3g%n", elasticity,
        ref.weights[firstPrice], maxRel);
    assertThat(maxRel).isLessThan(1e-4);
  }

  @Test
  void artifact_roundTripsAndRefusesEditedBytes() throws IOException {
    List<String> inputs = SparkFeatures.schemaOf(SparkTestSession.standardExtractors()).names();
    double[] w = new double[inputs.size() + 1];
    w[0] = 0.25;
    w[inputs.size()] = -3.5;
    LinearFit fit = new LinearFit(DemandKind.CONVERSION_PROBABILITY, "spark-rt", inputs,
        PriceFeatures.of(PriceTerm.RELATIVE), w, 1.5, new double[inputs.size()], 20.0, 1, 0,
        new TrainingProvenance(Instant.parse("2026-12-01T00:00:00Z"), 6000, 0, Instant.EPOCH, Instant.EPOCH,
            "none", "spark-mllib", 0, List.of("trained on Spark 4.2.0 (MLlib)", "rows 6000")));
    byte[] bytes = InterimLinearArtifacts.INSTANCE.encode(fit);
    InterimLinearArtifacts.Model m = InterimLinearArtifacts.INSTANCE.decodeModel(bytes);
    assertThat(m.fit()).isEqualTo(fit);
    assertThat(m.version()).isEqualTo("spark-rt");
    assertThatThrownBy(() -> new LinearFit(DemandKind.CONVERSION_PROBABILITY, "x", inputs,
        PriceFeatures.of(PriceTerm.RELATIVE), flip(w), 0, new double[inputs.size()], 20.0, 1, 0, fit.provenance()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be <= 0, found 3.5");
    byte[] bad = bytes.clone();
    bad[bad.length - 20] ^= 1;
    assertThatThrownBy(() -> InterimLinearArtifacts.INSTANCE.decode(bad)).isInstanceOf(IOException.class)
        .hasMessageContaining("checksum mismatch");
    byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 3);
    assertThatThrownBy(() -> InterimLinearArtifacts.INSTANCE.decode(cut)).isInstanceOf(IOException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void refusesALogWithOneOutcome_andBadOptions() {
    List<OfferRecord> none = offers.subList(0, 300).stream()
        .map(o -> new OfferRecord(o.context(), o.offeredPrice(), o.propensity(), 0)).toList();
    SparkDemandTrainer t = SparkDemandTrainer.builder(DemandKind.CONVERSION_PROBABILITY)
        .extractors(SparkTestSession.standardExtractors()).build();
    assertThatThrownBy(() -> t.train(OfferLogs.fromRecords(SparkTestSession.get(), none, 2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs both outcomes; 0 of 300");
    assertThatThrownBy(() -> SparkDemandTrainer.builder(DemandKind.CONVERSION_PROBABILITY).regParam(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("regParam").hasMessageContaining("-1");
    assertThatThrownBy(() -> SparkDemandTrainer.builder(DemandKind.CONVERSION_PROBABILITY).unitsSmoothing(1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unitsSmoothing");
    assertThatThrownBy(() -> SparkDemandTrainer.builder(DemandKind.CONVERSION_PROBABILITY)
        .extractors(SparkTestSession.standardExtractors())
        .priceFeatures(PriceFeatures.of(PriceTerm.RELATIVE).withInteractions(List.of("no.such"))).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'no.such'");
  }

  /** The collected derived matrix. */
  record Matrix(double[][] x, double[] y) {
    static Matrix of(Dataset<Row> features, boolean logUnits, double c) {
      List<Row> rows = features.collectAsList();
      double[][] x = new double[rows.size()][];
      double[] y = new double[rows.size()];
      for (int i = 0; i < x.length; i++) {
        x[i] = ((Vector) rows.get(i).getAs("features")).toArray();
        y[i] = logUnits ? Math.log(rows.get(i).<Double>getAs("units") + c) : rows.get(i).<Double>getAs("label");
      }
      return new Matrix(x, y);
    }
  }

  static LinearFit reference(LinearFit spark, ReferenceGlm ref, String version) {
    double smear = spark.smear();
    return new LinearFit(spark.kind(), version, spark.inputs(), spark.priceFeatures(), ref.weights, ref.intercept,
        spark.inputMeans(), spark.listFallback(), smear, spark.smoothing(), new TrainingProvenance(Instant.EPOCH,
            1, 0, Instant.EPOCH, Instant.EPOCH, "none", "newton reference", 0, List.of()));
  }

  /** Max absolute (conversion) or relative (units) difference over fresh requests at 8 prices each. */
  static double maxPredictionDifference(DemandModel a, DemandModel b, LinearFit fit) {
    MarketSimulator sim = MarketSimulator.defaultMarket(11);
    FeatureSchema schema = SparkFeatures.schemaOf(SparkTestSession.standardExtractors());
    SparkFeatures.Extractor x = new SparkFeatures.Extractor(SparkTestSession.standardExtractors().create(),
        fit.priceFeatures());
    DemandModel.Scorer sa = a.bind(schema);
    DemandModel.Scorer sb = b.bind(schema);
    double max = 0;
    double[] oa = new double[8];
    double[] ob = new double[8];
    for (SimulatedRequest q : sim.requests(3000, 99)) {
      double list = q.request().product().listPrice().doubleValue();
      double[] f = java.util.Arrays.copyOf(x.derived(q.request(), list, false), schema.size());
      double[] prices = new double[8];
      for (int i = 0; i < 8; i++) {
        prices[i] = list * (0.6 + 0.1 * i);
      }
      sa.score(f, prices, 8, oa);
      sb.score(f, prices, 8, ob);
      for (int i = 0; i < 8; i++) {
        double diff = Math.abs(oa[i] - ob[i]);
        max = Math.max(max, fit.kind() == DemandKind.CONVERSION_PROBABILITY ? diff : diff / Math.abs(ob[i]));
      }
    }
    return max;
  }

  static double decisionAgreement(DemandModel a, DemandModel b) {
    MarketSimulator sim = MarketSimulator.defaultMarket(11);
    int same = 0;
    int n = 0;
    try (PricingEngine ea = sim.engineBuilder().demandModel(a).build();
        PricingEngine eb = sim.engineBuilder().demandModel(b).build()) {
      for (SimulatedRequest q : sim.requests(4000, 123)) {
        PriceDecision da = ea.price(q.request());
        PriceDecision db = eb.price(q.request());
        n++;
        if (da.price().compareTo(db.price()) == 0) {
          same++;
        }
      }
    }
    return (double) same / n;
  }

  static double[] flip(double[] w) {
    double[] c = w.clone();
    c[c.length - 1] = -c[c.length - 1];
    return c;
  }

  static double gaussian(SplittableRandom r) {
    double u = r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
  }
}
