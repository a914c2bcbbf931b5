package dev.pricing.eval;

import dev.pricing.core.log.DecisionLog;
import dev.pricing.core.log.DecisionLogReader;
import dev.pricing.core.log.DecisionReport;
import dev.pricing.core.log.LoggedDecision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pricing.api.FeatureContribution;
import dev.pricing.api.GuardrailKind;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.ReasonCode;
import dev.pricing.eval.MarketSimulator;
import dev.pricing.eval.SimulatedRequest;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real engine's decisions, with contributions and price effects, read back exactly and explained. */
class EngineLogTest {

  @Test
  void engineDecisions_roundTripWithContributions_andWhyDescribesThem(@TempDir Path dir) {
    MarketSimulator sim = MarketSimulator.defaultMarket(21);
    Map<Long, PriceDecision> served = new HashMap<>();
    DecisionLog log = DecisionLog.builder(dir).pseudonymiser(TestKeys.PSEUDONYMISER).storeFeatures(true).build();
    try (PricingEngine engine = sim.engineBuilder().demandModel(sim.trueDemandModel()).explanations(3, true)
        .listener(log).build()) {
      for (SimulatedRequest s : sim.requests(300, 22)) {
        PriceDecision d = engine.price(s.request());
        served.put(d.decisionId(), d);
      }
      log.close();
    }
    DecisionLogReader reader = DecisionLogReader.open(dir);
    assertThat(reader.stats().decisions()).isEqualTo(300);
    long withContributions = 0;
    for (LoggedDecision l : reader.decisions()) {
      PriceDecision d = served.get(l.decisionId());
      assertThat(l.price()).isEqualTo(d.price());
      assertThat(l.baselinePrice()).isEqualTo(d.baselinePrice());
      assertThat(l.referencePrice()).isEqualTo(d.referencePrice());
      assertThat(l.propensity()).isEqualTo(d.propensity());
      assertThat(l.modelVersion()).isEqualTo(d.modelVersion());
      assertThat(l.reasons()).isEqualTo(d.reasons().stream().map(ReasonCode::id).toList());
      assertThat(l.bindingGuardrail()).isEqualTo(d.bindingGuardrail().map(GuardrailKind::id));
      assertThat(l.personalised()).isEqualTo(d.personalised());
      assertThat(l.fallback()).isEqualTo(d.fallback());
      assertThat(l.contributions()).isEqualTo(d.contributions());
      assertThat(l.expectedProfit()).isEqualTo(d.expectedProfit());
      withContributions += l.contributions().isEmpty() ? 0 : 1;
    }
    assertThat(withContributions).isGreaterThan(250);
    PriceDecision d = served.values().stream().filter(x -> !x.contributions().isEmpty()).findFirst().orElseThrow();
    DecisionReport report = reader.why(d.decisionId()).orElseThrow();
    System.out.print(report.text());
    for (FeatureContribution c : d.contributions()) {
      assertThat(report.lines()).contains("  " + c.describe());
    }
    assertThat(report.text()).contains("price " + d.currency().getCurrencyCode() + " " + d.price().toPlainString());
  }
}
