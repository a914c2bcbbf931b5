package dev.pricing.eval;

import dev.pricing.core.log.DecisionLog;
import dev.pricing.core.log.DecisionLogReader;
import dev.pricing.core.log.LoggedDecision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pricing.api.BehaviourEvent;
import dev.pricing.api.Customer;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import dev.pricing.eval.MarketSimulator;
import dev.pricing.eval.SimulatedRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nothing raw about the customer reaches the log's bytes, features stored or not. */
class PrivacyTest {
  private static final String ID = "alice@example.com";
  private static final String ATTRIBUTE = "alice_secret_attribute";
  private static final String EVENT_PRODUCT = "alice-viewed-product-q7";
  private static final String EVENT_TITLE = "Alice private browsing title";

  @Test
  void logBytes_holdNoRawCustomerIdAttributeOrEvent(@TempDir Path dir) throws Exception {
    MarketSimulator sim = MarketSimulator.defaultMarket(3);
    List<SimulatedRequest> requests = sim.requests(300, 5);
    DecisionLog log = DecisionLog.builder(dir).pseudonymiser(TestKeys.PSEUDONYMISER).storeFeatures(true)
        .segmentBytes(16 * 1024).build();
    try (PricingEngine engine = sim.engineBuilder().demandModel(sim.trueDemandModel()).listener(log).build()) {
      for (SimulatedRequest s : requests) {
        PricingRequest r = s.request();
        Customer c = r.customer();
        Customer alice = new Customer(ID, c.behaviour(),
            List.of(new BehaviourEvent(BehaviourEvent.Type.VIEW, EVENT_PRODUCT, EVENT_TITLE, r.market().time())),
            Map.of(ATTRIBUTE, 987654.321));
        PriceDecision d = engine.price(PricingRequest.of(alice, r.product(), r.market()));
        engine.record(dev.pricing.api.Outcome.conversion(d.decisionId(), true, r.market().time()));
      }
      log.close(); // before the engine: the writer extracts queued decisions' features with it
    }
    assertThat(log.flushed()).isEqualTo(600);
    assertThat(log.featureFailures()).isZero();

    ByteArrayOutputStream all = new ByteArrayOutputStream();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.toList()) {
        all.write(Files.readAllBytes(p));
      }
    }
    byte[] bytes = all.toByteArray();
    for (Charset cs : List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE)) {
      for (String secret : List.of(ID, "alice", ATTRIBUTE, EVENT_PRODUCT, EVENT_TITLE, "987654.321")) {
        assertThat(indexOf(bytes, secret.getBytes(cs))).as("%s in %s", secret, cs).isEqualTo(-1);
      }
    }
    String pseudonym = TestKeys.PSEUDONYMISER.pseudonymise(ID);
    assertThat(indexOf(bytes, pseudonym.getBytes(StandardCharsets.UTF_8))).isNotNegative();
    // The attribute's value is not in the feature vectors either (the standard extractors do not read it).
    byte[] valueBits = java.nio.ByteBuffer.allocate(8).putDouble(987654.321).array();
    assertThat(indexOf(bytes, valueBits)).isEqualTo(-1);

    DecisionLogReader reader = DecisionLogReader.open(dir);
    assertThat(reader.stats().decisions()).isEqualTo(300);
    for (LoggedDecision d : reader.decisions()) {
      assertThat(d.customerPseudonym()).isEqualTo(pseudonym);
      assertThat(d.features()).isPresent();
      assertThat(d.outcome()).isPresent();
    }
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
