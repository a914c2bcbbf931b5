package dev.pricing.core.demand;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DemandModelTrainerTest {

  @Test
  void train_logisticOnKnownCurve_recoversBeta() {
    SyntheticOffers.Conversion truth = new SyntheticOffers.Conversion(3.0, 1.0, 4.0);
    List<OfferRecord> log = SyntheticOffers.conversions(truth, 30_000, 1);
    long t0 = System.nanoTime();
    TrainingResult result = DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_SGD)
        .extractors(SyntheticOffers.extractors())
        .priceFeatures(PriceFeatures.of(PriceTerm.RELATIVE).withInteractions(List.of("customer.attr.vip")))
        .build()
        .train(log);
    System.out.println("train ms " + (System.nanoTime() - t0) / 1e6);
    System.out.println(result.evaluation().report());
    System.out.println(result.model().priceCoefficients());
    assertThat(result.evaluation().priceSensitivity()).isPresent();
  }
}
