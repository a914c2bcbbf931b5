package dev.pricing.core.demand;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pricing.api.FeatureSchema;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.api.spi.FeatureExtractor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Panel hold-outs (by group, latest within each group, none), the held-out rows, and per-offer predictions. */
class PanelSplitTest {
  private final EntityEffectsTest.Panel panel = EntityEffectsTest.panel(false, 31);
  private final List<OfferRecord> log = panel.offers();
  private final EntityKey customer = EntityKey.parse("customer.id");
  private final List<FeatureExtractor> extractors = List.of(new SyntheticOffers.ListPrice());

  private DemandModelTrainer trainer(ValidationSplit split) {
    return DemandModelTrainer.builder(DemandAlgorithm.LOG_LOG_GLM).extractors(extractors).split(split).build();
  }

  @Test
  void byGroupHoldsOutWholeGroupsAndHeldOutNamesThem() {
    DemandModelTrainer t = trainer(ValidationSplit.byGroup(customer, 0.25, 3));
    BitSet held = t.heldOut(log);
    Set<String> heldGroups = new HashSet<>();
    Set<String> trainGroups = new HashSet<>();
    for (int i = 0; i < log.size(); i++) {
      (held.get(i) ? heldGroups : trainGroups).add(customer.of(log.get(i).context()));
    }
    heldGroups.retainAll(trainGroups);
    assertTrue(heldGroups.isEmpty(), "groups on both sides: " + heldGroups);
    TrainingResult r = t.train(log);
    assertEquals(held.cardinality(), r.evaluation().rows());
    assertEquals(log.size() - held.cardinality(), r.model().provenance().trainingRows());
  }

  @Test
  void latestWithinGroupHoldsOutEachGroupsFuture() {
    DemandModelTrainer t = trainer(ValidationSplit.latestWithinGroup(customer, 0.2));
    BitSet held = t.heldOut(log);
    Map<String, Instant> lastTrain = new HashMap<>();
    Map<String, Instant> firstHeld = new HashMap<>();
    for (int i = 0; i < log.size(); i++) {
      String g = customer.of(log.get(i).context());
      Instant time = log.get(i).time();
      if (held.get(i)) {
        firstHeld.merge(g, time, (a, b) -> a.isBefore(b) ? a : b);
      } else {
        lastTrain.merge(g, time, (a, b) -> a.isAfter(b) ? a : b);
      }
    }
    assertEquals(EntityEffectsTest.SEGMENTS, firstHeld.size(), "every group has a held-out future");
    for (Map.Entry<String, Instant> e : lastTrain.entrySet()) {
      assertTrue(e.getValue().isBefore(firstHeld.get(e.getKey())), e.getKey());
    }
    assertEquals(held.cardinality(), t.train(log).evaluation().rows());
  }

  @Test
  void trainOnAllIsExplicitAndSaysTheEvaluationIsInSample() {
    DemandModelTrainer t = trainer(ValidationSplit.trainOnAll());
    assertEquals(0, t.heldOut(log).cardinality());
    TrainingResult r = t.train(log);
    assertEquals(log.size(), r.model().provenance().trainingRows());
    assertEquals(log.size(), r.evaluation().rows());
    assertTrue(r.evaluation().notes().get(0).contains("in-sample"), r.evaluation().notes().toString());
    // the GLM's intercept is unpenalised, so its log predictions average to the mean log outcome on its training rows
    OfferPredictor p = OfferPredictor.of(r.model(), extractors);
    double[] logPred = p.logDemand(log);
    double meanPred = 0;
    double meanY = 0;
    for (int i = 0; i < log.size(); i++) {
      meanPred += logPred[i];
      meanY += Math.log(log.get(i).units());
    }
    assertEquals(meanY / log.size(), meanPred / log.size(), 1e-6);
  }

  @Test
  void predictorRunsTheExtractorsAndTheCompiledScorer() {
    EntityIds ids = EntityIds.learn(customer, log);
    List<FeatureExtractor> withIds = List.of(new SyntheticOffers.ListPrice(), ids);
    TrainingResult r = DemandModelTrainer.builder(DemandAlgorithm.LOG_LOG_GLM).extractors(withIds)
        .entities(EntityEffects.of(ids.featureName()).withSlopes(ids.featureName())).build().train(log);
    OfferPredictor p = OfferPredictor.of(r.model(), withIds);
    FeatureSchema schema = DemandModelTrainer.schemaOf(withIds);
    DemandModel.Scorer scorer = r.model().bind(schema);
    double[] out = new double[1];
    for (int i = 0; i < log.size(); i += 97) {
      OfferRecord o = log.get(i);
      double[] x = {o.context().product().listPrice().doubleValue(), ids.codeOf(customer.of(o.context()))};
      scorer.score(x, new double[] {o.offeredPrice().doubleValue()}, 1, out);
      assertEquals(out[0], p.demand(o), 0.0);
      assertTrue(p.logDemand(o) < Math.log(p.demand(o)), "the log prediction excludes the smearing factor (> 1)");
    }
    TrainedDemandModel conversion = DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_GLM).extractors(extractors)
        .build().train(EntityEffectsTest.panel(true, 32).offers()).model();
    assertThrows(IllegalStateException.class, () -> OfferPredictor.of(conversion, extractors).logDemand(log.get(0)));
  }

  @Test
  void splitsAreValidatedAndTrainLoggedCanOnlyGroupByCustomer() {
    assertThrows(IllegalArgumentException.class, () -> ValidationSplit.byGroup(customer, 1.0, 1));
    assertThrows(IllegalArgumentException.class, () -> ValidationSplit.latestWithinGroup(customer, 0));
    List<LoggedExample> logged = new ArrayList<>();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> trainer(ValidationSplit.byGroup(EntityKey.parse("product.id"), 0.2, 1)).trainLogged(logged));
    assertTrue(e.getMessage().contains("product.id"), e.getMessage());
  }
}
