package dev.pricing.core.engine;

import dev.pricing.api.Customer;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.ReasonCode;
import dev.pricing.api.spi.PriceExplorer;
import java.util.concurrent.atomic.LongAdder;

/**
 * The exploration step: offers the explorer the ladder prices inside the personal search range (an even
 * grid of at most maxCandidates when there are more, always including the greedy price) together with the
 * engine's own feature vector, and serves its choice with its propensity. In uniform-price mode the
 * explorer is handed the request with an anonymous customer and the vector with neutral personal features,
 * so it cannot see personal data by construction. An explorer that throws or answers out of range is
 * counted and the greedy price is served. Thread-safe.
 */
final class ExplorationStep {
  private static final System.Logger LOG = System.getLogger(ExplorationStep.class.getName());
  private static final Customer ANONYMOUS = Customer.anonymous();

  private final PriceExplorer explorer;
  private final CandidateGrid grid;
  private final Optimiser optimiser;
  private final boolean uniform;
  private final LongAdder failures = new LongAdder();

  ExplorationStep(PriceExplorer explorer, CandidateGrid grid, Optimiser optimiser, boolean uniform) {
    this.explorer = explorer;
    this.grid = grid;
    this.optimiser = optimiser;
    this.uniform = uniform;
  }

  /** Lets the explorer choose among the candidates; updates the context's price, demand and reasons. */
  void step(RequestContext c) {
    long greedy = c.priceMinor;
    RequestContext.Candidates k = c.candidates;
    int n = Math.abs(grid.fill(k.minor, c.pLo, c.pHi, c.digits));
    int g = java.util.Arrays.binarySearch(k.minor, 0, n, greedy);
    if (g < 0) {
      g = -g - 1;
      System.arraycopy(k.minor, g, k.minor, g + 1, n - g);
      k.minor[g] = greedy;
      n++;
    }
    double scale = c.scale;
    for (int i = 0; i < n; i++) {
      k.prices[i] = k.minor[i] / scale;
    }
    c.model.scorer().score(c.x, k.prices, n, k.demand);
    ModelOutputCheck check = c.model.check();
    for (int i = 0; i < n; i++) {
      double d = k.demand[i];
      k.value[i] = check.valid(d) ? optimiser.value(k.prices[i], c.cost, d) : Double.NEGATIVE_INFINITY;
    }
    k.count = n;
    k.greedy = g;
    k.cost = c.cost;
    PricingRequest seen = uniform
        ? new PricingRequest(ANONYMOUS, c.request.product(), c.request.market()) : c.request;
    long chosen = greedy;
    double propensity = 1.0;
    double demand = k.demand[g];
    try {
      PriceExplorer.Choice choice = explorer.choose(seen, c.id, k);
      if (choice == null || choice.index() >= n || !(k.demand[choice.index()] >= 0)) {
        throw new IllegalArgumentException("explorer " + explorer + " chose " + choice + " among " + n
            + " candidates");
      }
      propensity = choice.propensity();
      demand = k.demand[choice.index()];
      chosen = k.minor[choice.index()];
    } catch (RuntimeException e) {
      failures.increment();
      LOG.log(System.Logger.Level.WARNING, "explorer " + explorer + " failed; serving the model's price", e);
      propensity = 1.0;
      demand = k.demand[g];
      chosen = greedy;
    }
    c.propensity = propensity;
    if (chosen != greedy) {
      c.priceMinor = chosen;
      c.demand = demand;
      c.binding = -1;
      c.reasons &= ~(Reasons.bit(ReasonCode.GUARDRAIL_BINDING) | Reasons.bit(ReasonCode.SEARCH_LIMIT)
          | Reasons.bit(ReasonCode.PERSONALISATION_CAP) | Reasons.bit(ReasonCode.REFINED));
      c.reasons |= Reasons.bit(ReasonCode.EXPLORED);
    }
  }

  long failures() {
    return failures.sum();
  }
}
