package dev.pricing.eval;

import dev.pricing.core.bundle.BundleOffer;
import dev.pricing.core.bundle.internal.ChoiceSample;
import dev.pricing.core.bundle.BundleOptimizer;
import dev.pricing.core.bundle.Complementarity;

import dev.pricing.api.Market;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import dev.pricing.eval.MarketSimulator;
import dev.pricing.eval.PriceDistribution;
import dev.pricing.eval.PricingPolicy;
import dev.pricing.eval.SimulatedRequest;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Measures bundle offers on a {@link MarketSimulator} against its true demand.
 *
 * <p>The simulator defines single-item demand only, so the joint truth is an explicit assumption: each item's
 * true willingness to pay is the logistic one its true demand curve implies ({@link MarketSimulator#trueProbability},
 * exactly logistic in price), independent across items given the customer, plus a true
 * {@link Complementarity}. For each request the planner ({@link BundleOptimizer}, with its own model and
 * complementarity belief) proposes the viewed product plus one candidate; both the mixed offer and the same
 * items alone are then scored under the truth on a separate pseudo-random sample. Candidate products are seen
 * in a market with the request's time and channel and no competitor prices.
 *
 * <p>Stateless and thread-safe.
 */
public final class BundleExperiment {
  private BundleExperiment() {}

  /**
   * The outcome per request (customer), in expectation under the truth. Immutable and thread-safe.
   *
   * @param requests how many requests
   * @param offeredShare share of requests that got a bundle offer
   * @param profitItemsAlone true expected profit per customer, the two items alone
   * @param profitMixed true expected profit per customer, the items plus the bundle when offered
   * @param plannedGain the planner's expected gain per customer
   * @param averageDiscount average bundle discount when offered
   * @param bundleTakeRate true share of customers who buy the bundle
   */
  public record Result(int requests, double offeredShare, double profitItemsAlone, double profitMixed,
      double plannedGain, double averageDiscount, double bundleTakeRate) {
    /** @return the true gain per customer */
    public double gain() {
      return profitMixed - profitItemsAlone;
    }

    /** @return a one-paragraph markdown summary */
    public String toMarkdown() {
      return String.format(Locale.ROOT, "| %d | %.1f%% | %.4f | %.4f | %+.4f (%+.1f%%) | %+.4f | %.1f%% | %.1f%% |",
          requests, 100 * offeredShare, profitItemsAlone, profitMixed, gain(),
          100 * gain() / profitItemsAlone, plannedGain, 100 * averageDiscount, 100 * bundleTakeRate);
    }

    /** @return the header matching {@link #toMarkdown()} */
    public static String header() {
      return "| requests | bundle offered | true profit/customer, items alone | with mixed bundle | true gain | "
          + "planned gain | avg bundle discount | bundle take rate |\n|---:|---:|---:|---:|---:|---:|---:|---:|";
    }
  }

  /**
   * Runs the experiment.
   *
   * @param sim the simulator
   * @param requests the requests (the viewed product is the anchor), not empty
   * @param planner the bundle optimiser (its catalogue must hold the simulator's products)
   * @param candidateIds candidate products to add
   * @param trueComplementarity the true complementarity
   * @param truthDraws willingness-to-pay draws for the truth, at least 1,000
   * @param seed the seed of the truth's draws
   * @return the result
   */
  public static Result run(MarketSimulator sim, List<SimulatedRequest> requests, BundleOptimizer planner,
      List<String> candidateIds, Complementarity trueComplementarity, int truthDraws, long seed) {
    return run(sim, requests, planner, candidateIds, trueComplementarity, null, truthDraws, seed);
  }

  /**
   * Runs the experiment with the items priced by a policy (for example {@link MarketSimulator#oracle()}, so that
   * the items alone are already at their most profitable prices and the bundle has to beat that): each item's
   * price is the policy's most likely price for the customer, rounded to the cent, set as the market's reference
   * price.
   *
   * @param sim the simulator
   * @param requests the requests (the viewed product is the anchor), not empty
   * @param planner the bundle optimiser
   * @param candidateIds candidate products to add
   * @param trueComplementarity the true complementarity
   * @param itemPricing how items are priced, or null for their reference (list) prices
   * @param truthDraws willingness-to-pay draws for the truth, at least 1,000
   * @param seed the seed of the truth's draws
   * @return the result
   */
  public static Result run(MarketSimulator sim, List<SimulatedRequest> requests, BundleOptimizer planner,
      List<String> candidateIds, Complementarity trueComplementarity, PricingPolicy itemPricing, int truthDraws,
      long seed) {
    Objects.requireNonNull(sim, "sim");
    Objects.requireNonNull(planner, "planner");
    Objects.requireNonNull(trueComplementarity, "trueComplementarity");
    if (requests == null || requests.isEmpty()) {
      throw new IllegalArgumentException("requests must not be empty, found " + requests);
    }
    if (truthDraws < 1000) {
      throw new IllegalArgumentException("truthDraws must be at least 1000, found " + truthDraws);
    }
    Map<String, Product> byId = sim.catalogue().stream().collect(Collectors.toMap(Product::id, p -> p));
    double[][] z = ChoiceSample.randomLogistic(truthDraws, 2, seed);
    double fee = sim.feeRate();
    double items = 0;
    double mixed = 0;
    double planned = 0;
    double discount = 0;
    double take = 0;
    int offered = 0;
    for (SimulatedRequest sr : requests) {
      PricingRequest anchor = sr.request();
      Market other = Market.of(anchor.market().inventoryUnits(), anchor.market().time())
          .withChannel(anchor.market().channel());
      Function<Product, Market> unpriced = p -> p.id().equals(anchor.product().id()) ? anchor.market() : other;
      Map<String, Market> cache = new HashMap<>();
      Function<Product, Market> markets = itemPricing == null ? unpriced
          : p -> cache.computeIfAbsent(p.id(), id -> priced(unpriced.apply(p),
              PricingRequest.of(anchor.customer(), p, unpriced.apply(p)), itemPricing));
      List<String> candidates = new ArrayList<>(candidateIds);
      candidates.remove(anchor.product().id());
      BundleOffer o = planner.propose(anchor.customer(), List.of(anchor.product().id()), candidates, markets);
      // the truth, for the anchor and the proposed partner
      int n = o.itemIds().size();
      double[] mu = new double[n];
      double[] s = new double[n];
      double[] prices = new double[n];
      double[] margins = new double[n];
      double[][] theta = new double[n][n];
      double costSum = 0;
      for (int i = 0; i < n; i++) {
        Product p = byId.get(o.itemIds().get(i));
        PricingRequest r = PricingRequest.of(anchor.customer(), p, markets.apply(p));
        prices[i] = r.referencePrice().doubleValue();
        double cost = p.unitCost().doubleValue();
        costSum += cost;
        margins[i] = prices[i] * (1 - fee) - cost;
        double[] grid = new double[ChoiceSample.FIT_GRID.length];
        double[] prob = new double[grid.length];
        for (int k = 0; k < grid.length; k++) {
          grid[k] = ChoiceSample.FIT_GRID[k] * prices[i];
          prob[k] = sim.trueProbability(r, grid[k]);
        }
        double[] fit = ChoiceSample.fit(p.id(), grid, prob);
        mu[i] = fit[0];
        s[i] = fit[1];
        for (int j = 0; j < i; j++) {
          theta[i][j] = trueComplementarity.value(byId.get(o.itemIds().get(j)), p);
          theta[j][i] = theta[i][j];
        }
      }
      double b = o.price().doubleValue();
      double[] truth = ChoiceSample.evaluate(mu, s, prices, margins, theta, z, o.offered() ? b : Double.POSITIVE_INFINITY,
          b * (1 - fee) - costSum);
      items += truth[0];
      mixed += truth[1];
      if (o.offered()) {
        planned += o.profitGain();
        discount += o.discountShare();
        take += truth[2];
        offered++;
      }
    }
    int n = requests.size();
    return new Result(n, offered / (double) n, items / n, mixed / n, planned / n,
        offered == 0 ? 0 : discount / offered, take / n);
  }

  private static Market priced(Market m, PricingRequest r, PricingPolicy policy) {
    PriceDistribution d = policy.distribution(r);
    int best = 0;
    for (int i = 1; i < d.size(); i++) {
      if (d.probability(i) > d.probability(best)) {
        best = i;
      }
    }
    return m.withReferencePrice(BigDecimal.valueOf(d.price(best)).setScale(
        r.product().currency().getDefaultFractionDigits(), RoundingMode.HALF_UP));
  }
}
