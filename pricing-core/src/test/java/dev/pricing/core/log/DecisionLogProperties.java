package dev.pricing.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pricing.api.FeatureContribution;
import dev.pricing.api.GuardrailKind;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.ReasonCode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever a decision holds (any decimal, any Unicode text, any finite double) reads back exactly. */
class DecisionLogProperties {

  @Property(tries = 40)
  void anyDecisions_readBackExactly(@ForAll("decisions") List<PriceDecision> decisions)
      throws IOException {
    Path dir = Files.createTempDirectory("decision-log-prop");
    try {
      try (DecisionLog log = DecisionLog.builder(dir).pseudonymiser(LogFixtures.PSEUDONYMISER).segmentBytes(1024)
          .build()) {
        for (int i = 0; i < decisions.size(); i++) {
          log.onDecision(LogFixtures.request(i), decisions.get(i));
        }
      }
      DecisionLogReader reader = DecisionLogReader.open(dir);
      assertThat(reader.stats().clean()).isTrue();
      List<LoggedDecision> read = new ArrayList<>();
      reader.decisions().forEach(read::add);
      assertThat(read).hasSameSizeAs(decisions);
      for (int i = 0; i < read.size(); i++) {
        LoggedDecision l = read.get(i);
        PriceDecision d = decisions.get(i);
        assertThat(l.decisionId()).isEqualTo(d.decisionId());
        assertThat(l.productId()).isEqualTo(d.productId());
        assertThat(l.currency()).isEqualTo(d.currency());
        // equals, not compareTo: the scale is kept too
        assertThat(l.price()).isEqualTo(d.price());
        assertThat(l.proposedPrice()).isEqualTo(d.proposedPrice());
        assertThat(l.referencePrice()).isEqualTo(d.referencePrice());
        assertThat(l.baselinePrice()).isEqualTo(d.baselinePrice());
        assertThat(Double.doubleToRawLongBits(l.expectedProfit()))
            .isEqualTo(Double.doubleToRawLongBits(d.expectedProfit()));
        assertThat(l.propensity()).isEqualTo(d.propensity());
        assertThat(l.modelVersion()).isEqualTo(d.modelVersion());
        assertThat(l.reasons()).isEqualTo(d.reasons().stream().map(ReasonCode::id).toList());
        assertThat(l.bindingGuardrail()).isEqualTo(d.bindingGuardrail().map(GuardrailKind::id));
        assertThat(l.personalised()).isEqualTo(d.personalised());
        assertThat(l.contributions()).isEqualTo(d.contributions());
      }
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static Arbitrary<BigDecimal> money() {
    Arbitrary<BigInteger> unscaled = Arbitraries.oneOf(Arbitraries.bigIntegers().between(BigInteger.ZERO,
        BigInteger.valueOf(Long.MAX_VALUE).pow(2)), Arbitraries.bigIntegers().between(BigInteger.ZERO,
        BigInteger.valueOf(100_000)));
    return Combinators.combine(unscaled, Arbitraries.integers().between(-3, 8)).as(BigDecimal::new);
  }

  private static Arbitrary<String> text() {
    // Well-formed Unicode (no unpaired surrogate; those are written as U+FFFD, see DecisionLogTest).
    return Arbitraries.strings().all().ofMinLength(1).ofMaxLength(60).filter(s -> !s.isBlank())
        .filter(s -> s.codePoints().noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF));
  }

  @Provide
  Arbitrary<List<PriceDecision>> decisions() {
    Arbitrary<FeatureContribution> contribution = Combinators.combine(text(), Arbitraries.doubles(),
        Arbitraries.doubles(), Arbitraries.doubles(), Arbitraries.doubles().between(-1, 1).optional())
        .as((f, v, r, s, e) -> new FeatureContribution(f, v, r, s,
            e.map(OptionalDouble::of).orElse(OptionalDouble.empty())));
    Arbitrary<PriceDecision> head = Combinators.combine(Arbitraries.longs().greaterOrEqual(0), text(),
        Arbitraries.of("USD", "JPY", "BHD", "EUR").map(Currency::getInstance), money().list().ofSize(4),
        Arbitraries.doubles().between(0, 1e6), Arbitraries.doubles().between(-1e6, 1e6),
        Arbitraries.doubles().between(0.001, 1).ofScale(6))
        .as((id, product, cur, prices, conv, profit, q) -> new PriceDecision(id, product, cur, prices.get(0),
            prices.get(1), prices.get(2), conv, conv * 2, profit, prices.get(3), -profit, Optional.empty(),
            List.of(ReasonCode.OPTIMISED), "v", false, q, List.of()));
    return Combinators.combine(head, Arbitraries.of(ReasonCode.class).list().ofMinSize(1).ofMaxSize(5),
        Arbitraries.of(GuardrailKind.class).optional(), text(), Arbitraries.of(true, false),
        contribution.list().ofMaxSize(5))
        .as((d, reasons, guardrail, model, personalised, contributions) -> new PriceDecision(d.decisionId(),
            d.productId(), d.currency(), d.price(), d.proposedPrice(), d.referencePrice(), d.expectedConversion(),
            d.expectedRevenue(), d.expectedProfit(), d.baselinePrice(), d.baselineExpectedProfit(), guardrail,
            reasons, model, personalised, d.propensity(), contributions))
        .list().ofMinSize(1).ofMaxSize(30);
  }
}
