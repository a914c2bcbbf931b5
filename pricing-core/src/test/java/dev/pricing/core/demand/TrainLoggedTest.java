package dev.pricing.core.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pricing.api.FeatureSchema;
import dev.pricing.api.FeatureVector;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.api.spi.FeatureExtractor;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** trainLogged: the same training as train, from stored feature vectors instead of extraction. */
class TrainLoggedTest {

  private static List<LoggedExample> asLogged(List<OfferRecord> offers) {
    List<FeatureExtractor> ex = SyntheticOffers.extractors();
    FeatureSchema schema = DemandModelTrainer.schemaOf(ex);
    List<LoggedExample> out = new ArrayList<>();
    for (OfferRecord r : offers) {
      double[] x = new double[schema.size()];
      int off = 0;
      for (FeatureExtractor e : ex) {
        e.extract(r.context(), x, off);
        off += e.featureNames().size();
      }
      out.add(new LoggedExample(FeatureVector.of(schema, x), r.offeredPrice(), r.propensity(), r.units(), r.time(),
          "pseudonym-" + r.context().customer().id()));
    }
    return out;
  }

  @Test
  void unitsModel_fromLoggedVectors_predictsExactlyAsFromExtraction() {
    List<OfferRecord> offers = SyntheticOffers.units(DemandModelTrainerTest.UNITS, 3_000, 21);
    DemandModelTrainer trainer = DemandModelTrainer.builder(DemandAlgorithm.LOG_LOG_SGD)
        .extractors(SyntheticOffers.extractors()).seed(3).build();
    TrainingResult viaLog = trainer.trainLogged(asLogged(offers));
    TrainingResult viaExtraction = trainer.train(offers);
    assertThat(viaLog.evaluation().mae()).isEqualTo(viaExtraction.evaluation().mae());
    DemandModel.Scorer a = viaLog.model().bind(trainer.schema());
    DemandModel.Scorer b = viaExtraction.model().bind(trainer.schema());
    double[] prices = {9.99, 14.99, 19.99};
    double[] o1 = new double[3];
    double[] o2 = new double[3];
    for (LoggedExample e : asLogged(offers.subList(0, 50))) {
      a.score(e.features().toArray(), prices, 3, o1);
      b.score(e.features().toArray(), prices, 3, o2);
      assertThat(o1).containsExactly(o2);
    }
  }

  @Test
  void exampleOverAnotherSchema_isRefusedNamingBothSchemas() {
    DemandModelTrainer trainer = DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_SGD)
        .extractors(SyntheticOffers.extractors()).build();
    FeatureSchema other = FeatureSchema.of(List.of("something.else"));
    LoggedExample e = new LoggedExample(FeatureVector.of(other, new double[] {1}), new BigDecimal("9.99"),
        OptionalDouble.of(1), 1, Instant.EPOCH, "k1.abc");
    assertThatThrownBy(() -> trainer.trainLogged(List.of(e))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("example 0").hasMessageContaining("something.else")
        .hasMessageContaining(trainer.schema().name(0));
  }

  @Test
  void invalidExamples_areRefusedNamingFieldAndValue() {
    FeatureVector x = FeatureVector.of(FeatureSchema.of(List.of("a")), new double[] {1});
    assertThatThrownBy(() -> new LoggedExample(x, new BigDecimal("-1.00"), OptionalDouble.empty(), 0, Instant.EPOCH,
        "k")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offeredPrice").hasMessageContaining("-1.00");
    assertThatThrownBy(() -> new LoggedExample(x, BigDecimal.ONE, OptionalDouble.of(1.5), 0, Instant.EPOCH, "k"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("propensity").hasMessageContaining("1.5");
    assertThatThrownBy(() -> new LoggedExample(x, BigDecimal.ONE, OptionalDouble.empty(), Double.NaN, Instant.EPOCH,
        "k")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("units").hasMessageContaining("NaN");
    assertThatThrownBy(() -> new LoggedExample(x, BigDecimal.ONE, OptionalDouble.empty(), 0, Instant.EPOCH, " "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("customerKey");
  }
}
