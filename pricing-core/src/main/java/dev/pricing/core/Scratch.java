package dev.pricing.core;

import dev.pricing.api.GuardrailKind;
import dev.pricing.api.Objective;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.api.spi.PriceExplorer;
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

  // Guardrail bounds snapped to the ladder, valid once boundsValid is set (used by fallbacks).
  boolean boundsValid;
  long loL;
  long hiL;
  /** A personal extractor failed or is switched off: its neutral values stand in. */
  boolean personalDegraded;
  /** The exception of the extractor that just failed, for the log line; cleared right after. */
  RuntimeException lastFailure;

  // Exploration.
  final Candidates candidates;
  double propensity;
  double chosenDemand;

  // Explanations.
  final double[] reference;
  final double[] contribution;
  final double[] xTmp;
  final int[] top;

  // Result of the last optimisation.
  long bestMinor;
  double bestDemand;
  double bestValue;
  boolean refined;

  final BrentOptimizer brent = new BrentOptimizer(1e-9, 1e-9);
  final MaxEval maxEval = new MaxEval(200);
  final RefineFunction refineFunction = new RefineFunction();
  final UnivariateObjectiveFunction refineObjective = new UnivariateObjectiveFunction(refineFunction);

  Scratch(int features, int maxCandidates, int topFeatures) {
    this.x = new double[features];
    this.xBase = new double[features];
    this.minor = new long[maxCandidates + 1];
    this.prices = new double[maxCandidates + 1];
    this.demand = new double[maxCandidates + 1];
    this.candidates = new Candidates(maxCandidates + 1);
    this.reference = new double[features];
    this.contribution = new double[features];
    this.xTmp = new double[features];
    this.top = new int[Math.max(topFeatures, 1)];
  }

  /** The explorer's view of one decision's candidates (valid during the explorer call only). */
  static final class Candidates implements PriceExplorer.Candidates {
    final long[] minor;
    final double[] prices;
    final double[] demand;
    final double[] value;
    int count;
    int greedy;
    double cost;

    Candidates(int capacity) {
      minor = new long[capacity];
      prices = new double[capacity];
      demand = new double[capacity];
      value = new double[capacity];
    }

    private int check(int i) {
      if (i < 0 || i >= count) {
        throw new IndexOutOfBoundsException("candidate index " + i + " outside [0, " + count + ")");
      }
      return i;
    }

    @Override
    public int count() {
      return count;
    }

    @Override
    public long priceMinor(int i) {
      return minor[check(i)];
    }

    @Override
    public double price(int i) {
      return prices[check(i)];
    }

    @Override
    public double demand(int i) {
      return demand[check(i)];
    }

    @Override
    public double value(int i) {
      return value[check(i)];
    }

    @Override
    public int greedy() {
      return greedy;
    }

    @Override
    public double unitCost() {
      return cost;
    }
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
