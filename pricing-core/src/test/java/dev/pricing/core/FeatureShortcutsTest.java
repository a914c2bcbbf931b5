package dev.pricing.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pricing.api.BehaviourSummary;
import dev.pricing.api.Channel;
import dev.pricing.api.Customer;
import dev.pricing.api.Market;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import dev.pricing.api.spi.FeatureExtractor;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The hot path's shortcuts in the standard extractors (a table of log1p for small counts, remembered calendar
 * terms per day, precomputed neutral behaviour features) write bit for bit what the formulas write, which
 * trained artifacts and pinned tests depend on: each extractor against the formula computed here directly.
 */
class FeatureShortcutsTest {

  private static void assertSameBits(double[] actual, double[] expected, String what) {
    for (int j = 0; j < expected.length; j++) {
      assertThat(Double.doubleToRawLongBits(actual[j])).as("%s, feature %d: %s vs %s", what, j, actual[j], expected[j])
          .isEqualTo(Double.doubleToRawLongBits(expected[j]));
    }
  }

  /** The behaviour features as the formulas define them. */
  private static double[] behaviour(BehaviourSummary b) {
    boolean known = !Double.isNaN(b.discountResponseRate());
    return new double[] {Math.log1p(b.views()), Math.log1p(b.clicks()), Math.log1p(b.carts()), Math.log1p(b.purchases()),
        b.carts() / (b.views() + 1.0), b.purchases() / (b.views() + 1.0),
        Math.exp(-b.daysSinceLastPurchase() * Math.log(2) / 30), Math.log1p(b.monetaryValue()),
        known ? b.discountResponseRate() : 0.0, known ? 1.0 : 0.0};
  }

  /** The calendar and inventory market features as the formulas define them. */
  private static double[] calendar(Market m) {
    long epochDay = Math.floorDiv(m.time().getEpochSecond(), 86_400L);
    int dow = (int) Math.floorMod(epochDay + 3, 7L);
    double dowAngle = 2 * Math.PI * dow / 7.0;
    double seasonAngle = 2 * Math.PI * (epochDay % 365.2425) / 365.2425;
    return new double[] {Math.log1p(m.inventoryUnits()), Math.sin(dowAngle), Math.cos(dowAngle), Math.sin(seasonAngle),
        Math.cos(seasonAngle)};
  }

  @Test
  void log1pTable_equalsMathLog1p() {
    for (int n = 0; n < 5_000; n++) {
      assertThat(Double.doubleToRawLongBits(Stats.log1p(n))).as("n = %d", n)
          .isEqualTo(Double.doubleToRawLongBits(Math.log1p(n)));
    }
    assertThat(Stats.log1p(Integer.MAX_VALUE)).isEqualTo(Math.log1p(Integer.MAX_VALUE));
  }

  @Test
  void behaviourAndMarketExtractors_equalTheirFormulas() {
    FeatureExtractor behaviour = FeatureExtractors.behaviour();
    BehaviourSummary typical = new BehaviourSummary(12, 5, 2, 1, 14.5, 230.0, 0.3);
    FeatureExtractor typicalBehaviour = FeatureExtractors.behaviour(typical);
    FeatureExtractor market = FeatureExtractors.market();
    Product product = Product.builder("p", "USD").listPrice("49.99").unitCost("20").category("c").title("t").build();
    SplittableRandom rnd = new SplittableRandom(15);
    double[] out = new double[14];
    for (int i = 0; i < 20_000; i++) {
      // Counts below and above the table, recurring days and days far apart, before and after 1970.
      BehaviourSummary b = new BehaviourSummary(rnd.nextInt(3_000), rnd.nextInt(1_500), rnd.nextInt(50),
          rnd.nextInt(1_200), rnd.nextBoolean() ? Double.POSITIVE_INFINITY : rnd.nextDouble() * 400,
          rnd.nextDouble() * 5_000, rnd.nextBoolean() ? Double.NaN : rnd.nextDouble());
      long seconds = i % 3 == 0 ? 1_760_000_000L + rnd.nextInt(86_400 * 3)
          : rnd.nextLong(-3_000_000_000L, 4_000_000_000L);
      Market m = new Market(List.of(), rnd.nextInt(3_000), rnd.nextDouble() * 20, Instant.ofEpochSecond(seconds),
          Channel.WEB, Optional.empty(), Optional.empty());
      PricingRequest request = PricingRequest.of(new Customer("c", b, List.of(), java.util.Map.of()), product, m);
      behaviour.extract(request, out, 0);
      assertSameBits(java.util.Arrays.copyOf(out, 10), behaviour(b), "behaviour " + b);
      market.extract(request, out, 0);
      double[] cal = calendar(m);
      assertSameBits(new double[] {out[3], out[7], out[8], out[9], out[10]}, cal, "market at " + m.time());
    }
    behaviour.extractNeutral(null, out, 0);
    assertSameBits(java.util.Arrays.copyOf(out, 10), behaviour(BehaviourSummary.empty()), "neutral behaviour");
    typicalBehaviour.extractNeutral(null, out, 0);
    assertSameBits(java.util.Arrays.copyOf(out, 10), behaviour(typical), "typical neutral behaviour");
  }
}
