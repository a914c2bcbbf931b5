package dev.pricing.core.demand.internal;

import dev.pricing.api.FeatureSchema;
import dev.pricing.api.spi.DemandModel;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

/**
 * A monotone boosted-tree demand model over the model inputs and the candidate-price features: columns
 * {@code [x_0..x_{n-1}, f_0(p)..f_{m-1}(p)]} of a {@link GbdtEnsemble} trained with a monotone constraint on every
 * price column. The scorer resolves the splits on the inputs once per request ({@link GbdtGrid}) and evaluates
 * only the price columns per candidate. Units models carry the same sanity cap as the GLMs: demand above it is
 * written as NaN (an invalid model output for the engine).
 *
 * <p>Immutable and thread-safe.
 */
public final class GbdtPlan {
  private final ModelInputs inputs;
  private final PricePlan price;
  private final GbdtEnsemble ensemble;
  private final double maxDemand;
  private final int[] priceColumns;
  private final GlmPlan base;
  private final double[] baseWeights;

  /**
   * Creates a plan.
   *
   * @param inputs the model inputs
   * @param price the price features
   * @param ensemble the ensemble over {@code inputs.size() + price.count()} columns
   * @param maxDemand the sanity cap ({@code +Infinity} for none)
   * @throws IllegalArgumentException if the ensemble's width does not match
   */
  public GbdtPlan(ModelInputs inputs, PricePlan price, GbdtEnsemble ensemble, double maxDemand) {
    this(inputs, price, ensemble, maxDemand, null);
  }

  /**
   * Creates a plan whose trees correct a GLM: the margin is the GLM's linear predictor plus the trees' leaves
   * (the ensemble's own base margin is not used), so the price response is the GLM's smooth one where the trees
   * have nothing to add.
   *
   * @param inputs the model inputs
   * @param price the price features
   * @param ensemble the ensemble, trained with the GLM's margins as XGBoost base margins
   * @param maxDemand the sanity cap ({@code +Infinity} for none)
   * @param base the GLM (same inputs and price features), or null for none
   * @throws IllegalArgumentException if the ensemble's width or the GLM's inputs do not match
   */
  public GbdtPlan(ModelInputs inputs, PricePlan price, GbdtEnsemble ensemble, double maxDemand, GlmPlan base) {
    int cols = inputs.size() + price.count();
    if (ensemble.featureCount() != cols) {
      throw new IllegalArgumentException("the ensemble reads " + ensemble.featureCount() + " columns but the model "
          + "has " + inputs.size() + " inputs and " + price.count() + " price features");
    }
    if (!(maxDemand > 0)) {
      throw new IllegalArgumentException("maxDemand must be positive, found " + maxDemand);
    }
    this.inputs = inputs;
    this.price = price;
    this.ensemble = ensemble;
    this.maxDemand = maxDemand;
    if (base != null && (!base.inputs().names().equals(inputs.names()) || base.price().count() != price.count()
        || base.smoothing() != 0)) {
      throw new IllegalArgumentException("the base GLM reads other inputs or price features than the trees");
    }
    this.base = base;
    this.baseWeights = base == null ? new double[0] : base.weights();
    this.priceColumns = new int[price.count()];
    for (int j = 0; j < priceColumns.length; j++) {
      priceColumns[j] = inputs.size() + j;
    }
  }

  /** Returns the inputs. */
  public ModelInputs inputs() {
    return inputs;
  }

  /** Returns the price plan. */
  public PricePlan price() {
    return price;
  }

  /** Returns the ensemble. */
  public GbdtEnsemble ensemble() {
    return ensemble;
  }

  /**
   * Returns the margin a base GLM gives a row: its margin ({@link GlmPlan#margin}: the linear predictor, or
   * the logit of the ceiling model's probability), plus {@code ln(smear)} for units (so that {@code exp} of it
   * is the GLM's expected units).
   *
   * @param glm the GLM (no units smoothing)
   * @param x sanitised inputs
   * @param p the price
   * @param gathered scratch of the price plan's width
   * @return the margin
   */
  public static double baseMargin(GlmPlan glm, double[] x, double p, double[] gathered) {
    return glm.margin(x, p, gathered) + shift(glm);
  }

  private static double shift(GlmPlan glm) {
    return glm.link() == Link.LOG_UNITS ? Math.log(glm.smear()) : 0.0;
  }

  /** Returns the base GLM, or null. */
  public GlmPlan base() {
    return base;
  }

  /** Returns the demand cap. */
  public double maxDemand() {
    return maxDemand;
  }

  /**
   * Writes the model row for sanitised inputs at one price (training and reference use).
   *
   * @param x the inputs
   * @param p the price
   * @param gathered scratch of {@link PricePlan#width()}
   * @param row receives {@code inputs + price features} values
   */
  public void row(double[] x, double p, double[] gathered, double[] row) {
    System.arraycopy(x, 0, row, 0, x.length);
    price.gather(x, gathered);
    price.values(p, gathered, row, x.length);
  }

  /**
   * Returns the demand for sanitised inputs at one price with the ensemble's own per-row scorer (NaN above the
   * cap), the reference the grid scorer is tested against.
   *
   * @param x the inputs
   * @param p the price
   * @return the demand
   */
  public double predict(double[] x, double p) {
    double[] row = new double[x.length + price.count()];
    double[] g = new double[price.width()];
    row(x, p, g, row);
    double d = base == null ? ensemble.predict(row)
        : ensemble.objective().link(ensemble.margin(row) - ensemble.baseMargin() + baseMargin(base, x, p, g));
    return d <= maxDemand ? d : Double.NaN;
  }

  /**
   * Binds to an engine schema.
   *
   * @param schema the schema
   * @param defaulted counts inputs replaced by their fallback
   * @return the scorer
   * @throws IllegalArgumentException naming an input the schema lacks
   */
  public DemandModel.Scorer bind(FeatureSchema schema, LongAdder defaulted) {
    int[] pos = new int[inputs.size()];
    for (int i = 0; i < pos.length; i++) {
      pos[i] = schema.require(inputs.names().get(i));
    }
    return new Compiled(pos, defaulted, ensemble.grid(priceColumns));
  }

  /** Per-thread working memory of a bound scorer. */
  private static final class Work {
    final double[] row;
    final double[] gathered;
    final double[] ref;
    final double[] contributions;
    /** The base GLM's contributions per input. */
    final double[] lin;
    final GbdtGrid.Scratch grid;
    /** The candidates' price-feature values, candidate-major; grows once per thread for a longer grid. */
    double[] values;
    /** What {@link #values} were computed from: the prices, their count (-1: nothing) and the gathered inputs. */
    double[] lastPrices = new double[64];
    final double[] lastGathered;
    int lastCount = -1;
    /** The candidates' log ratios, shared by the price features of one call. */
    final PricePlan.LogRatios logRatios = new PricePlan.LogRatios();
    /** The explained price, as a one-candidate grid. */
    final double[] one = new double[1];

    /** Whether {@link #values} were computed for these prices. */
    boolean samePrices(double[] prices, int count) {
      if (count != lastCount) {
        return false;
      }
      for (int k = 0; k < count; k++) {
        if (Double.doubleToRawLongBits(prices[k]) != Double.doubleToRawLongBits(lastPrices[k])) {
          return false;
        }
      }
      return true;
    }

    /** Whether the gathered inputs {@code [from, to)} are those {@link #values} were computed from. */
    boolean sameInputs(int from, int to) {
      for (int k = from; k < to; k++) {
        if (Double.doubleToRawLongBits(gathered[k]) != Double.doubleToRawLongBits(lastGathered[k])) {
          return false;
        }
      }
      return true;
    }

    void remember(double[] prices, int count) {
      System.arraycopy(prices, 0, lastPrices, 0, count);
      System.arraycopy(gathered, 0, lastGathered, 0, gathered.length);
      lastCount = count;
    }

    Work(int cols, int inputs, int width, GbdtGrid grid) {
      row = new double[cols];
      gathered = new double[width];
      ref = new double[cols];
      contributions = new double[cols];
      lin = new double[inputs];
      this.grid = grid.newScratch();
      this.values = new double[64 * Math.max(1, width)];
      this.lastGathered = new double[width];
    }
  }

  private final class Compiled implements DemandModel.ContributionScorer {
    private final int[] pos;
    private final LongAdder defaulted;
    private final GbdtGrid grid;
    private final ThreadLocal<Work> work;

    Compiled(int[] pos, LongAdder defaulted, GbdtGrid grid) {
      this.pos = pos;
      this.defaulted = defaulted;
      this.grid = grid;
      int cols = pos.length + price.count();
      this.work = ThreadLocal.withInitial(() -> new Work(cols, pos.length, price.width(), grid));
    }

    private int load(double[] features, double[] row) {
      int bad = 0;
      for (int i = 0; i < pos.length; i++) {
        double raw = features[pos[i]];
        double v = inputs.sanitize(i, raw);
        if (v != raw) {
          bad++;
        }
        row[i] = v;
      }
      return bad;
    }

    @Override
    public void score(double[] features, double[] prices, int count, double[] out) {
      Prices.check(prices, count, out);
      Work w = work.get();
      int bad = load(features, w.row);
      if (bad > 0) {
        defaulted.add(bad);
      }
      int m = price.count();
      if (w.values.length < count * m) {
        w.values = new double[Math.max(count * m, 2 * w.values.length)]; // grows once per thread, then reused
        w.lastCount = -1;
      }
      if (w.lastPrices.length < count) {
        w.lastPrices = new double[Math.max(count, 2 * w.lastPrices.length)];
        w.lastCount = -1;
      }
      double[] v = w.values;
      price.gather(w.row, w.gathered);
      // Feature by feature, only those whose prices or inputs changed since this thread's last call: a
      // population's samples score the same prices one after another, and differ (if at all) in the inputs of
      // the features that read a personal input (the customer's reference price).
      boolean samePrices = w.samePrices(prices, count);
      double[] g = w.gathered;
      w.logRatios.reset();
      for (int j = 0; j < m; j++) {
        if (samePrices && w.sameInputs(price.start(j), price.start(j + 1))) {
          continue;
        }
        price.column(j, prices, count, g, w.logRatios, v, m);
      }
      w.remember(prices, count);
      if (base == null) {
        grid.predict(w.row, v, count, out, w.grid);
      } else {
        grid.margins(w.row, v, count, out, w.grid);
        double offset = shift(base) - ensemble.baseMargin();
        double level = base.level(w.row);
        double ceiling = base.ceilingLogit(w.row);
        double c0 = base.primarySlope(w.row);
        for (int k = 0; k < count; k++) {
          double s = level + base.priceTerm(c0, v, k * m);
          out[k] = ensemble.objective().link(out[k] + offset + base.margin(s, ceiling));
        }
      }
      for (int k = 0; k < count; k++) {
        if (!(out[k] <= maxDemand)) {
          out[k] = Double.NaN;
        }
      }
    }

    /**
     * Path-based (Saabas) contributions of each column to {@code margin(x, p) - margin(r, p)}, in link units
     * (logit or log); a price column's share goes to the list-price input.
     */
    @Override
    public void contributions(double[] features, double[] reference, double p, double[] out) {
      Arrays.fill(out, 0.0);
      Work w = work.get();
      load(features, w.row);
      double[] xr = w.ref;
      for (int i = 0; i < pos.length; i++) {
        xr[i] = inputs.sanitize(i, reference[pos[i]]);
      }
      int n = pos.length;
      w.one[0] = p;
      w.logRatios.reset(); // both rows read the same ln(p / L) when their list prices agree
      price.gather(w.row, w.gathered);
      for (int j = 0; j < price.count(); j++) {
        price.column(j, w.one, 1, w.gathered, w.logRatios, w.row, 0, n);
      }
      price.gather(xr, w.gathered);
      for (int j = 0; j < price.count(); j++) {
        price.column(j, w.one, 1, w.gathered, w.logRatios, xr, 0, n);
      }
      ensemble.contributions(w.row, xr, w.contributions);
      for (int i = 0; i < n; i++) {
        out[pos[i]] += w.contributions[i];
      }
      int list = pos[inputs.listIndex()];
      for (int j = 0; j < price.count(); j++) {
        out[list] += w.contributions[n + j];
      }
      if (base != null) {
        // the GLM's part: its inputs' weights times their change, the change of its price term to the list price
        double[] wts = baseWeights;
        double[] lin = w.lin;
        for (int i = 0; i < n; i++) {
          lin[i] = wts[i] * (w.row[i] - xr[i]);
        }
        // the price features at p are in the rows already
        double px = base.priceTerm(base.primarySlope(w.row), w.row, n);
        double pr = base.priceTerm(base.primarySlope(xr), xr, n);
        lin[inputs.listIndex()] += px - pr;
        if (base.hasCeiling()) {
          base.splitMargin(base.level(w.row) + px, base.level(xr) + pr, w.row, xr, lin, lin);
        }
        for (int i = 0; i < n; i++) {
          out[pos[i]] += lin[i];
        }
      }
    }
  }
}
