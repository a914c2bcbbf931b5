package dev.pricing.core;

import dev.pricing.api.DemandKind;
import dev.pricing.api.FeatureSchema;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.api.spi.DemandModel.ContributionScorer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A parametric conversion model, logistic in price:
 * {@code P(buy | x, p) = sigmoid(a + sum_j w_j x_j - (beta + sum_j g_j x_j) * r(p))}, where {@code r(p)} is
 * the price relative to the list price ({@code p / x["product.list_price"]}, the default) or the absolute
 * price.
 *
 * <p>The effective price coefficient {@code beta + sum_j g_j x_j} is floored at zero, so demand never rises
 * with price whatever the interaction weights and features. Use it before a trained model exists, in
 * simulations, or as a hand-set prior.
 *
 * <p>Immutable and thread-safe; its scorer allocates nothing.
 */
public final class LogisticDemandModel implements DemandModel {

  /** How the price enters the model. */
  public enum PriceScale {
    /** {@code p / list price}: one coefficient fits products of any price level. */
    RELATIVE_TO_LIST,
    /** {@code p} itself. */
    ABSOLUTE
  }

  private final String version;
  private final double intercept;
  private final double priceCoefficient;
  private final Map<String, Double> weights;
  private final Map<String, Double> interactions;
  private final PriceScale scale;

  private LogisticDemandModel(Builder b) {
    this.version = b.version;
    this.intercept = b.intercept;
    this.priceCoefficient = b.priceCoefficient;
    this.weights = Map.copyOf(b.weights);
    this.interactions = Map.copyOf(b.interactions);
    this.scale = b.scale;
  }

  /**
   * Starts a model.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public DemandKind kind() {
    return DemandKind.CONVERSION_PROBABILITY;
  }

  /**
   * Returns the intercept {@code a}.
   *
   * @return the intercept
   */
  public double intercept() {
    return intercept;
  }

  /**
   * Returns the base price coefficient {@code beta}.
   *
   * @return the coefficient
   */
  public double priceCoefficient() {
    return priceCoefficient;
  }

  /**
   * Returns the feature weights {@code w}.
   *
   * @return an immutable map
   */
  public Map<String, Double> weights() {
    return weights;
  }

  /**
   * Returns the price interaction weights {@code g}.
   *
   * @return an immutable map
   */
  public Map<String, Double> priceInteractions() {
    return interactions;
  }

  /**
   * Returns how price enters the model.
   *
   * @return the scale
   */
  public PriceScale priceScale() {
    return scale;
  }

  @Override
  public Scorer bind(FeatureSchema schema) {
    Objects.requireNonNull(schema, "schema");
    int[] wIdx = new int[weights.size()];
    double[] w = new double[weights.size()];
    int k = 0;
    for (Map.Entry<String, Double> e : new java.util.TreeMap<>(weights).entrySet()) {
      wIdx[k] = requireFeature(schema, e.getKey());
      w[k++] = e.getValue();
    }
    int[] gIdx = new int[interactions.size()];
    double[] g = new double[interactions.size()];
    k = 0;
    for (Map.Entry<String, Double> e : new java.util.TreeMap<>(interactions).entrySet()) {
      gIdx[k] = requireFeature(schema, e.getKey());
      g[k++] = e.getValue();
    }
    int listIdx = scale == PriceScale.RELATIVE_TO_LIST ? requireFeature(schema, ProductFeatures.LIST_PRICE) : -1;
    return new Compiled(intercept, wIdx, w, priceCoefficient, gIdx, g, listIdx);
  }

  /**
   * The compiled scorer: flat arrays, no allocation; explains itself exactly. Its sums run in feature-name
   * order, so for a slate the prefix of each sum over customer-only features (behaviour and customer
   * attributes sort first in the standard schema) is computed once per customer.
   */
  private static final class Compiled implements ContributionScorer, CustomerSplitScorer {
    private final double a0;
    private final int[] wIdx;
    private final double[] w;
    private final double b0;
    private final int[] gIdx;
    private final double[] g;
    private final int listIdx;

    Compiled(double a0, int[] wIdx, double[] w, double b0, int[] gIdx, double[] g, int listIdx) {
      this.a0 = a0;
      this.wIdx = wIdx;
      this.w = w;
      this.b0 = b0;
      this.gIdx = gIdx;
      this.g = g;
      this.listIdx = listIdx;
    }

    private double utility(double[] x) {
      double u = a0;
      for (int j = 0; j < wIdx.length; j++) {
        u += w[j] * x[wIdx[j]];
      }
      return u;
    }

    private double beta(double[] x) {
      double beta = b0;
      for (int j = 0; j < gIdx.length; j++) {
        beta += g[j] * x[gIdx[j]];
      }
      return Math.max(beta, 0);
    }

    private double perUnit(double[] x) {
      if (listIdx < 0) {
        return 1.0;
      }
      double list = x[listIdx];
      return list > 0 ? 1.0 / list : 1.0;
    }

    @Override
    public void score(double[] x, double[] prices, int count, double[] out) {
      double u = utility(x);
      double beta = beta(x);
      double perUnit = perUnit(x);
      for (int i = 0; i < count; i++) {
        out[i] = sigmoid(u - beta * prices[i] * perUnit);
      }
    }

    @Override
    public CustomerSplitScorer.Split split(boolean[] customerOnly) {
      int wFrom = prefix(wIdx, customerOnly);
      int gFrom = prefix(gIdx, customerOnly);
      if (wFrom == 0 && gFrom == 0) {
        return null;
      }
      return new CustomerSplitScorer.Split() {
        @Override
        public int size() {
          return 2;
        }

        @Override
        public void prepare(double[] x, double[] part) {
          double u = a0;
          for (int j = 0; j < wFrom; j++) {
            u += w[j] * x[wIdx[j]];
          }
          double beta = b0;
          for (int j = 0; j < gFrom; j++) {
            beta += g[j] * x[gIdx[j]];
          }
          part[0] = u;
          part[1] = beta;
        }

        @Override
        public void score(double[] x, double[] part, double[] prices, int count, double[] out) {
          // The same sums as utility() and beta(), continued from the customer prefix.
          double u = part[0];
          for (int j = wFrom; j < wIdx.length; j++) {
            u += w[j] * x[wIdx[j]];
          }
          double beta = part[1];
          for (int j = gFrom; j < gIdx.length; j++) {
            beta += g[j] * x[gIdx[j]];
          }
          beta = Math.max(beta, 0);
          double perUnit = perUnit(x);
          for (int i = 0; i < count; i++) {
            out[i] = sigmoid(u - beta * prices[i] * perUnit);
          }
        }
      };
    }

    /** The length of the prefix of {@code idx} whose features are all customer-only. */
    private static int prefix(int[] idx, boolean[] customerOnly) {
      int k = 0;
      while (k < idx.length && customerOnly[idx[k]]) {
        k++;
      }
      return k;
    }

    /**
     * Exact in the logit: the utility part is {@code w_j (x_j - r_j)}; the price part
     * {@code -(beta(x) u(x) - beta(r) u(r)) p} splits into {@code -(beta(x) - beta(r)) u(x) p}, shared by the
     * interaction features in proportion to {@code g_j (x_j - r_j)} (the floor at zero can make the shares
     * smaller than the raw terms), and {@code -beta(r) (u(x) - u(r)) p}, which belongs to the list price.
     */
    @Override
    public void contributions(double[] x, double[] r, double price, double[] out) {
      java.util.Arrays.fill(out, 0.0);
      for (int j = 0; j < wIdx.length; j++) {
        out[wIdx[j]] += w[j] * (x[wIdx[j]] - r[wIdx[j]]);
      }
      double ux = perUnit(x);
      double ur = perUnit(r);
      double dBeta = beta(x) - beta(r);
      double raw = 0;
      for (int j = 0; j < gIdx.length; j++) {
        raw += g[j] * (x[gIdx[j]] - r[gIdx[j]]);
      }
      // raw is the unfloored change of beta, so dBeta != 0 implies raw != 0.
      if (dBeta != 0) {
        double share = dBeta / raw;
        for (int j = 0; j < gIdx.length; j++) {
          out[gIdx[j]] -= g[j] * (x[gIdx[j]] - r[gIdx[j]]) * share * ux * price;
        }
      }
      if (listIdx >= 0) {
        out[listIdx] -= beta(r) * (ux - ur) * price;
      }
    }
  }

  private int requireFeature(FeatureSchema schema, String name) {
    int i = schema.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("demand model " + version + " reads feature '" + name
          + "' which the engine's schema lacks; schema: " + schema.names());
    }
    return i;
  }

  static double sigmoid(double z) {
    return z >= 0 ? 1.0 / (1.0 + Math.exp(-z)) : Math.exp(z) / (1.0 + Math.exp(z));
  }

  @Override
  public String toString() {
    return "LogisticDemandModel{version=" + version + ", a=" + intercept + ", beta=" + priceCoefficient
        + ", w=" + weights + ", g=" + interactions + ", scale=" + scale + "}";
  }

  /** A builder of {@link LogisticDemandModel}. Not thread-safe; validates each value eagerly. */
  public static final class Builder {
    private final dev.pricing.core.internal.BuilderOptions options =
        new dev.pricing.core.internal.BuilderOptions("logisticDemandModel");
    private String version = "logistic-1";
    private double intercept;
    private double priceCoefficient = 1.0;
    private final Map<String, Double> weights = new LinkedHashMap<>();
    private final Map<String, Double> interactions = new LinkedHashMap<>();
    private PriceScale scale = PriceScale.RELATIVE_TO_LIST;

    private Builder() {}

    /**
     * Sets the version reported in decisions (default {@code logistic-1}).
     *
     * @param version the version
     * @return this builder
     * @throws IllegalArgumentException if blank
     */
    public Builder version(String version) {
      options.once("version", version);
      Objects.requireNonNull(version, "version");
      if (version.isBlank()) {
        throw new IllegalArgumentException("version must not be blank, found '" + version + "'");
      }
      this.version = version;
      return this;
    }

    /**
     * Sets the intercept {@code a} (default 0).
     *
     * @param a the intercept
     * @return this builder
     * @throws IllegalArgumentException if not finite
     */
    public Builder intercept(double a) {
      options.once("intercept", a);
      this.intercept = finite(a, "intercept");
      return this;
    }

    /**
     * Sets the base price coefficient {@code beta} (default 1); demand falls with price when positive.
     *
     * @param beta the coefficient, non-negative
     * @return this builder
     * @throws IllegalArgumentException if negative or not finite
     */
    public Builder priceCoefficient(double beta) {
      options.once("priceCoefficient", beta);
      finite(beta, "priceCoefficient");
      if (beta < 0) {
        throw new IllegalArgumentException("priceCoefficient must not be negative (demand would rise with price), found " + beta);
      }
      this.priceCoefficient = beta;
      return this;
    }

    /**
     * Sets the weight of a feature in the utility.
     *
     * @param feature the feature name
     * @param w the weight
     * @return this builder
     * @throws IllegalArgumentException if the name is blank or the weight not finite
     */
    public Builder weight(String feature, double w) {
      weights.put(name(feature), finite(w, "weight[" + feature + "]"));
      return this;
    }

    /**
     * Sets how much a feature adds to the price coefficient (price x feature interaction).
     *
     * @param feature the feature name
     * @param g the interaction weight
     * @return this builder
     * @throws IllegalArgumentException if the name is blank or the weight not finite
     */
    public Builder priceInteraction(String feature, double g) {
      interactions.put(name(feature), finite(g, "priceInteraction[" + feature + "]"));
      return this;
    }

    /**
     * Sets how price enters the model (default {@link PriceScale#RELATIVE_TO_LIST}).
     *
     * @param scale the scale
     * @return this builder
     */
    public Builder priceScale(PriceScale scale) {
      options.once("priceScale", scale);
      this.scale = Objects.requireNonNull(scale, "priceScale");
      return this;
    }

    /**
     * Builds the model.
     *
     * @return the model
     */
    public LogisticDemandModel build() {
      return new LogisticDemandModel(this);
    }

    private static double finite(double v, String field) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException(field + " must be finite, found " + v);
      }
      return v;
    }

    private static String name(String feature) {
      Objects.requireNonNull(feature, "feature");
      if (feature.isBlank()) {
        throw new IllegalArgumentException("feature name must not be blank, found '" + feature + "'");
      }
      return feature;
    }
  }
}
