package dev.pricing.core;

import dev.pricing.api.GuardrailKind;
import dev.pricing.api.Objective;
import dev.pricing.api.spi.DemandModel;
import org.apache.commons.math3.analysis.UnivariateFunction;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;

/**
 * One thread's working memory for decisions, so that the hot path allocates only the decision it returns.
 * Never shared between threads.
 */
final class Scratch {
  /** Decision ids are taken from the engine's counter in blocks, so threads do not contend per decision. */
  static final int ID_BLOCK = 1024;

  final double[] x;
  final double[] xBase;
  final long[] minor;
  final double[] prices;
  final double[] demand;
  final double[] probe = new double[2];
  final double[] probeOut = new double[2];

  long nextId;
  long idLimit;

  // Bounds of the current request, in minor units, and the guardrails that set them (null: search range).
  long loMinor;
  long hiMinor;
  GuardrailKind loKind;
  GuardrailKind hiKind;
  boolean noCompetitorData;

  // Result of the last optimisation.
  long bestMinor;
  double bestDemand;
  double bestValue;
  boolean refined;

  final BrentOptimizer brent = new BrentOptimizer(1e-9, 1e-9);
  final MaxEval maxEval = new MaxEval(200);
  final RefineFunction refineFunction = new RefineFunction();
  final UnivariateObjectiveFunction refineObjective = new UnivariateObjectiveFunction(refineFunction);

  Scratch(int features, int maxCandidates) {
    this.x = new double[features];
    this.xBase = new double[features];
    this.minor = new long[maxCandidates + 1];
    this.prices = new double[maxCandidates + 1];
    this.demand = new double[maxCandidates + 1];
  }

  /** The objective as a function of a continuous price, for the one-dimensional refinement. */
  static final class RefineFunction implements UnivariateFunction {
    DemandModel.Scorer scorer;
    double[] x;
    Objective objective;
    double cost;
    double fee;
    final double[] p = new double[1];
    final double[] d = new double[1];

    @Override
    public double value(double price) {
      p[0] = price;
      scorer.score(x, p, 1, d);
      double demand = d[0];
      // An invalid score must not steer the optimiser; the grid result then stands.
      return Double.isFinite(demand) && demand >= 0 ? objective.value(price, cost, fee, demand) : Double.NEGATIVE_INFINITY;
    }
  }
}
