package dev.pricing.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pricing.api.BehaviourSummary;
import dev.pricing.api.Customer;
import dev.pricing.api.PricingRequest;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Function;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class HardMarketTest {
  private static final MarketSimulator SIM = MarketSimulator.hardMarket(7);

  private static HardTruth truth() {
    return (HardTruth) SIM.truth();
  }

  @Test
  void hardMarket_isTheHardScenarioWithoutALogisticTruth() {
    assertThat(SIM.scenario()).isEqualTo(MarketSimulator.Scenario.HARD);
    assertThat(MarketSimulator.defaultMarket(7).scenario()).isEqualTo(MarketSimulator.Scenario.DEFAULT);
    assertThat(SIM.segments()).extracting(Segment::id)
        .containsExactly("deal-seeker", "loyal", "premium", "newcomer");
    assertThatThrownBy(SIM::trueDemandModel).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("HARD");
    assertThat(SIM.catalogue()).allSatisfy(p -> assertThat(p.guardrails()).hasSize(1));
    PricingRequest r = SIM.requests(1, 1).get(0).request();
    PricingRequest stranger = PricingRequest.of(Customer.of("someone-else", BehaviourSummary.empty()),
        r.product(), r.market());
    assertThatThrownBy(() -> SIM.trueProbability(stranger, 10)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("customer.id").hasMessageContaining("someone-else");
  }

  @Test
  void sameSeed_sameRequestsOffersAndEvaluations() {
    MarketSimulator a = MarketSimulator.hardMarket(7);
    MarketSimulator b = MarketSimulator.hardMarket(7);
    List<SimulatedRequest> ra = a.requests(600, 3);
    assertThat(b.requests(600, 3)).isEqualTo(ra);
    assertThat(a.requests(600, 4)).isNotEqualTo(ra);
    List<SimulatedOffer> oa = a.logOffers(ra, a.randomisedPolicy(0.75, 1.25), 5);
    assertThat(b.logOffers(ra, b.randomisedPolicy(0.75, 1.25), 5)).isEqualTo(oa);
    List<PricingPolicy> policies = List.of(Policies.listPrice(), a.randomisedPolicy(0.8, 1.2));
    assertThat(PolicyComparison.compare(b, ra, policies).toJson())
        .isEqualTo(PolicyComparison.compare(a, ra, policies).toJson());
    List<PricingRequest> plain = ra.stream().map(SimulatedRequest::request).toList();
    assertThat(b.trueValue(a.randomisedPolicy(0.8, 1.2), plain))
        .isEqualTo(a.trueValue(a.randomisedPolicy(0.8, 1.2), plain));
  }

  @Test
  void requests_comeInTimeOrderWithBusierWeekends() {
    List<SimulatedRequest> rs = SIM.requests(6000, 8);
    for (int i = 1; i < rs.size(); i++) {
      assertThat(rs.get(i).request().market().time()).isAfterOrEqualTo(rs.get(i - 1).request().market().time());
    }
    assertThat(rs).allSatisfy(s -> assertThat(s.request().market().referencePrice()).isEmpty());
    long weekend = rs.stream().filter(s -> HardTruth.dayOfWeek(s.request().market().time()) >= 5).count();
    // Uniform days would put 2/7 = 28.6% of the traffic on weekends.
    assertThat(weekend / 6000.0).isGreaterThan(0.31);
  }

  @Test
  void willingnessToPay_peaksAtTheWeekend() {
    for (SimulatedRequest s : SIM.requests(50, 9)) {
      PricingRequest r = s.request();
      int dow = HardTruth.dayOfWeek(r.market().time());
      PricingRequest saturday = at(r, 5 - dow);
      PricingRequest wednesday = at(r, 2 - dow);
      double list = r.product().listPrice().doubleValue();
      assertThat(truth().willingnessToPay(saturday)).isGreaterThan(truth().willingnessToPay(wednesday) * 1.1);
      assertThat(SIM.trueProbability(saturday, list)).isGreaterThanOrEqualTo(SIM.trueProbability(wednesday, list));
    }
  }

  private static PricingRequest at(PricingRequest r, int days) {
    var m = r.market();
    return PricingRequest.of(r.customer(), r.product(), new dev.pricing.api.Market(m.competitorPrices(),
        m.inventoryUnits(), m.dailySalesRate(), m.time().plus(Duration.ofDays(days)), m.channel(), Optional.empty(),
        m.currency()));
  }

  @Test
  void segments_answerTheSameCartAddsWithOppositeSigns_inLoggedData() {
    List<SimulatedOffer> offers = SIM.logOffers(SIM.requests(12_000, 10), SIM.randomisedPolicy(0.75, 1.25), 11);
    Map<String, double[]> rate = new HashMap<>(); // {bought low, n low, bought high, n high}
    for (SimulatedOffer o : offers) {
      int carts = o.request().customer().behaviour().carts();
      if (carts > 3 && carts < 8) {
        continue;
      }
      double[] a = rate.computeIfAbsent(o.segmentId(), k -> new double[4]);
      int k = carts >= 8 ? 2 : 0;
      a[k] += o.bought() ? 1 : 0;
      a[k + 1]++;
    }
    double[] deal = rate.get("deal-seeker");
    double[] loyal = rate.get("loyal");
    assertThat(deal[1]).isGreaterThan(500);
    assertThat(deal[3]).isGreaterThan(500);
    assertThat(loyal[1]).isGreaterThan(500);
    assertThat(loyal[3]).isGreaterThan(500);
    // Many cart adds: deal-seekers buy less often, loyal customers more often (the logging prices do not
    // depend on cart adds, so the raw rates compare like with like).
    assertThat(deal[2] / deal[3]).isLessThan(deal[0] / deal[1] - 0.04);
    assertThat(loyal[2] / loyal[3]).isGreaterThan(loyal[0] / loyal[1] + 0.06);
  }

  @Test
  void lossAversion_demandFallsMoreSteeplyAboveTheLastSeenPrice() {
    List<Double> steeper = new ArrayList<>();
    int lower = 0;
    int n = 0;
    for (SimulatedRequest s : SIM.requests(300, 12)) {
      double list = s.request().product().listPrice().doubleValue();
      PricingRequest at90 = HardMarketProperties.withReference(s.request(), 0.9);
      PricingRequest at100 = HardMarketProperties.withReference(s.request(), 1.0);
      n++;
      if (SIM.trueProbability(at90, list) < SIM.trueProbability(at100, list)) {
        lower++;
      }
      double ref = at100.referencePrice().doubleValue();
      double below = SIM.trueProbability(at100, ref - 0.01) - SIM.trueProbability(at100, ref);
      double above = SIM.trueProbability(at100, ref) - SIM.trueProbability(at100, ref + 0.01);
      if (below > 1e-6 && !truth().comparer(s.request().customer().id())) {
        steeper.add(above / below);
      }
    }
    // Seen at 0.9x list before, list price is a loss: lower demand than for one who saw list price.
    assertThat(lower).isGreaterThanOrEqualTo(n * 95 / 100);
    // The kink: slope above the reference is (1 + loss) / (1 + gain) = 2 / 1.3 times the slope below.
    double[] ratios = steeper.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    assertThat(ratios.length).isGreaterThan(100);
    assertThat(ratios[ratios.length / 2]).isCloseTo(2 / 1.3, Offset.offset(0.05));
  }

  @Test
  void comparers_buyFarLessAboveTheCheapestCompetitor() {
    int checked = 0;
    for (SimulatedRequest s : SIM.requests(400, 13)) {
      PricingRequest r = s.request();
      double min = r.market().competitorPrices().stream().mapToDouble(BigDecimal::doubleValue).min().orElseThrow();
      double t = min * 1.02;
      double ratio = SIM.trueProbability(r, t + 1e-6) / SIM.trueProbability(r, t - 1e-6);
      if (truth().comparer(r.customer().id())) {
        assertThat(ratio).isCloseTo(0.2, Offset.offset(0.01));
        checked++;
      } else {
        assertThat(ratio).isGreaterThan(0.99);
      }
    }
    assertThat(checked).isGreaterThan(40);
  }

  @Test
  void trueProbability_matchesTheGenerativeStoryByBruteForce() {
    SplittableRandom rng = new SplittableRandom(14);
    int visits = 40_000;
    for (SimulatedRequest s : SIM.requests(5, 14)) {
      for (double refRatio : new double[] {0.85, 1.0, 1.2}) {
        PricingRequest r = HardMarketProperties.withReference(s.request(), refRatio);
        double list = r.product().listPrice().doubleValue();
        for (double priceRatio : new double[] {0.7, 1.0, 1.25}) {
          double p = priceRatio * list;
          int bought = 0;
          for (int i = 0; i < visits; i++) {
            bought += truth().visit(r, p, rng) ? 1 : 0;
          }
          double expected = SIM.trueProbability(r, p);
          double sd = Math.sqrt(expected * (1 - expected) / visits);
          assertThat(bought / (double) visits).isCloseTo(expected, Offset.offset(4 * sd + 1e-3));
        }
      }
    }
  }

  @Test
  void logOffers_referenceIsThePriceThisPolicyLastOfferedThePair() {
    List<SimulatedRequest> rs = SIM.requests(4000, 15);
    List<SimulatedOffer> offers = SIM.logOffers(rs, SIM.randomisedPolicy(0.75, 1.25), 16);
    assertThat(offers).hasSize(rs.size());
    Map<String, Double> last = new HashMap<>();
    int repeats = 0;
    for (int i = 0; i < rs.size(); i++) {
      SimulatedOffer o = offers.get(i);
      assertThat(o.request().customer()).isEqualTo(rs.get(i).request().customer());
      assertThat(o.request().market().time()).isEqualTo(rs.get(i).request().market().time());
      String key = o.request().customer().id() + "/" + o.request().product().id();
      Double previous = last.put(key, o.price());
      if (previous == null) {
        assertThat(o.request().market().referencePrice()).isEmpty();
      } else {
        repeats++;
        assertThat(o.request().market().referencePrice()).hasValue(BigDecimal.valueOf(Math.round(previous * 100), 2));
      }
      assertThat(o.trueProbability()).isEqualTo(SIM.trueProbability(o.request(), o.price()));
    }
    assertThat(repeats).isGreaterThan(200);
    double observed = offers.stream().filter(SimulatedOffer::bought).count() / (double) offers.size();
    double expected = offers.stream().mapToDouble(SimulatedOffer::trueProbability).average().orElseThrow();
    assertThat(observed).isCloseTo(expected, Offset.offset(0.03));
  }

  @Test
  void evaluate_eachPolicySeesItsOwnLastPriceAsReference() {
    List<SimulatedRequest> rs = SIM.requests(1500, 17);
    List<PricingRequest> seen = new ArrayList<>();
    Function<PricingRequest, PriceDistribution> f = r -> {
      seen.add(r);
      // Fifteen percent over whatever the customer saw last, rounded to the cent.
      return PriceDistribution.point(Math.round(r.referencePrice().doubleValue() * 115) / 100.0);
    };
    PolicyResult result = SIM.evaluate(new Policies.Named("ratchet", f), rs);
    assertThat(seen).hasSize(rs.size());
    Map<String, BigDecimal> last = new HashMap<>();
    int repeats = 0;
    for (PricingRequest r : seen) {
      String key = r.customer().id() + "/" + r.product().id();
      BigDecimal previous = last.put(key, BigDecimal.valueOf(Math.round(r.referencePrice().doubleValue() * 115), 2));
      if (previous != null) {
        repeats++;
        assertThat(r.market().referencePrice()).hasValue(previous);
      }
    }
    assertThat(repeats).isGreaterThan(50);
    assertThat(result.shareOfOracleProfit()).isLessThan(1.0);
  }

  @Test
  void oracle_beatsListPriceAndBestUniform_andEveryLadderPriceGivenItsHistory() {
    List<SimulatedRequest> rs = SIM.requests(800, 18);
    PolicyComparison c = PolicyComparison.compare(SIM, rs, List.of(Policies.listPrice(), SIM.bestUniform(rs)));
    double oracle = c.oracle().profitPerRequest();
    double uniform = c.result("best uniform").profitPerRequest();
    double list = c.result("list price").profitPerRequest();
    assertThat(uniform).isGreaterThan(list);
    assertThat(oracle).isGreaterThan(uniform * 1.15);
    // On requests that carry a last-seen price, the oracle's choice is the best feasible one.
    PricingPolicy o = SIM.oracle();
    for (SimulatedRequest s : rs.subList(0, 40)) {
      PricingRequest r = HardMarketProperties.withReference(s.request(), 0.93);
      double best = SIM.trueExpectedProfit(r, o.distribution(r).price(0));
      for (double p : SIM.randomisedPolicy(0.5, 2.0).distribution(r).prices()) {
        assertThat(SIM.trueExpectedProfit(r, p)).isLessThanOrEqualTo(best + 1e-12);
      }
    }
  }

  @Test
  void bestUniform_matchesBruteForceOverEveryLadderPrice() {
    MarketSimulator sim = MarketSimulator.builder().scenario(MarketSimulator.Scenario.HARD).seed(19).products(2)
        .customers(150).build();
    List<SimulatedRequest> rs = sim.requests(400, 20);
    PricingPolicy best = sim.bestUniform(rs);
    for (String product : List.of("sku-0001", "sku-0002")) {
      List<PricingRequest> mine = rs.stream().map(SimulatedRequest::request)
          .filter(r -> r.product().id().equals(product)).toList();
      assertThat(mine).hasSizeGreaterThan(50);
      TreeSet<Double> candidates = new TreeSet<>();
      PricingPolicy all = sim.randomisedPolicy(0.5, 2.0);
      for (PricingRequest r : mine) {
        for (double p : all.distribution(r).prices()) {
          candidates.add(p);
        }
      }
      double bruteForce = Double.NEGATIVE_INFINITY;
      for (double c : candidates) {
        PricingPolicy uniform = new Policies.Named("uniform " + c, r -> {
          double[] ps = all.distribution(r).prices();
          Arrays.sort(ps);
          double chosen = ps[0];
          for (double p : ps) {
            if (Math.abs(p - c) < Math.abs(chosen - c)) {
              chosen = p;
            }
          }
          return PriceDistribution.point(chosen);
        });
        bruteForce = Math.max(bruteForce, sim.trueValue(uniform, mine));
      }
      assertThat(sim.trueValue(best, mine)).isCloseTo(bruteForce, Offset.offset(1e-9));
    }
  }

  @Test
  void observableOracle_isTheOracleOnTheDefaultMarket() {
    MarketSimulator sim = MarketSimulator.defaultMarket(7);
    PricingPolicy oracle = sim.oracle();
    PricingPolicy observable = sim.observableOracle();
    for (SimulatedRequest s : sim.requests(200, 21)) {
      assertThat(observable.distribution(s.request()).price(0)).isEqualTo(oracle.distribution(s.request()).price(0));
    }
  }

  @Test
  void behaviour_revealsSegmentAndComparingAsThePosteriorsSay() {
    List<SimulatedRequest> rs = SIM.requests(3000, 22);
    int wrongSegment = 0;
    double comparers = 0;
    double posterior = 0;
    double posteriorIfComparer = 0;
    double posteriorIfNot = 0;
    for (SimulatedRequest s : rs) {
      var b = s.request().customer().behaviour();
      int seg = HardTruth.segmentOf(b);
      wrongSegment += SIM.segments().get(seg).id().equals(s.segmentId()) ? 0 : 1;
      double p = HardTruth.comparerPosterior(seg, b);
      boolean c = truth().comparer(s.request().customer().id());
      comparers += c ? 1 : 0;
      posterior += p;
      posteriorIfComparer += c ? p : 0;
      posteriorIfNot += c ? 0 : p;
    }
    assertThat(wrongSegment).isLessThanOrEqualTo(3);
    // Calibrated: the posteriors add up to the number of comparers; and informative.
    assertThat(posterior / rs.size()).isCloseTo(comparers / rs.size(), Offset.offset(0.02));
    assertThat(posteriorIfComparer / comparers).isGreaterThan(0.8);
    assertThat(posteriorIfNot / (rs.size() - comparers)).isLessThan(0.1);
  }

  @Test
  void observableProbabilities_averageToTheTruth() {
    double truthSum = 0;
    double observableSum = 0;
    List<SimulatedRequest> rs = SIM.requests(3000, 23);
    double[] out = new double[1];
    for (SimulatedRequest s : rs) {
      PricingRequest r = s.request();
      double p = 0.95 * r.product().listPrice().doubleValue();
      truthSum += SIM.trueProbability(r, p);
      truth().observableProbabilities(r, new double[] {p}, 1, out);
      observableSum += out[0];
    }
    // The law of total expectation: averaged over customers, the posterior prediction is the truth.
    assertThat(observableSum / rs.size()).isCloseTo(truthSum / rs.size(), Offset.offset(0.01));
  }

  @Test
  void observableOracle_showsTheMarketIsLearnable() {
    List<SimulatedRequest> rs = SIM.requests(800, 24);
    PolicyComparison c = PolicyComparison.compare(SIM, rs, List.of(SIM.bestUniform(rs), SIM.observableOracle()));
    double observable = c.result("observable oracle").shareOfOracleProfit();
    // What the request shows is enough for 95% of the oracle's profit, far above one price per product.
    assertThat(observable).isGreaterThan(0.95).isLessThan(1.0);
    assertThat(observable).isGreaterThan(c.result("best uniform").shareOfOracleProfit() + 0.1);
  }
}
