package dev.pricing.core.demand.internal;

import dev.pricing.api.FeatureSchema;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.core.demand.PriceTerm;
import java.util.concurrent.atomic.LongAdder;

/**
 * A decision tree flattened to parallel arrays: node {@code i} splits on derived feature
 * {@code feature[i]} ({@code -1} for a leaf) at {@code threshold[i]}, going to {@code greater[i]} when the
 * value is greater than the threshold and to {@code lessOrEqual[i]} otherwise (Tribuo's rule); a leaf holds
 * {@code value[i]}. Node 0 is the root. Scoring a grid walks the tree per price, then repairs the grid to be
 * non-increasing in price ({@link Prices#repairMonotone}).
 *
 * <p>Immutable and thread-safe.
 */
public final class TreePlan {
  private final Derivation derivation;
  private final int[] feature;
  private final double[] threshold;
  private final int[] greater;
  private final int[] lessOrEqual;
  private final double[] value;

  /**
   * Creates a plan; validates that the arrays describe a tree.
   *
   * @param derivation the derivation (must be unstandardised: mean 0, scale 1)
   * @param feature derived feature per node, -1 for leaves
   * @param threshold split value per node
   * @param greater child index when greater
   * @param lessOrEqual child index when less or equal
   * @param value leaf value per node
   */
  public TreePlan(Derivation derivation, int[] feature, double[] threshold, int[] greater, int[] lessOrEqual,
      double[] value) {
    int m = feature.length;
    if (m == 0 || threshold.length != m || greater.length != m || lessOrEqual.length != m || value.length != m) {
      throw new IllegalArgumentException("tree arrays must be non-empty and of equal length");
    }
    for (int i = 0; i < m; i++) {
      if (feature[i] >= 0) {
        if (feature[i] >= derivation.derivedCount()) {
          throw new IllegalArgumentException("node " + i + " splits on unknown feature " + feature[i]);
        }
        if (greater[i] <= i || greater[i] >= m || lessOrEqual[i] <= i || lessOrEqual[i] >= m) {
          throw new IllegalArgumentException("node " + i + " has invalid children");
        }
      } else if (!(value[i] >= 0) || !Double.isFinite(value[i])) {
        throw new IllegalArgumentException("leaf " + i + " has invalid value " + value[i]);
      }
    }
    for (int d = 0; d < derivation.derivedCount(); d++) {
      if (derivation.mean(d) != 0 || derivation.scale(d) != 1) {
        throw new IllegalArgumentException("tree plans use unstandardised features");
      }
    }
    this.derivation = derivation;
    this.feature = feature.clone();
    this.threshold = threshold.clone();
    this.greater = greater.clone();
    this.lessOrEqual = lessOrEqual.clone();
    this.value = value.clone();
  }

  /** Returns the number of nodes. */
  public int size() {
    return feature.length;
  }

  /**
   * Binds to a schema.
   *
   * @param schema the engine schema
   * @param defaulted counts inputs replaced by their fallback
   * @return the scorer
   * @throws IllegalArgumentException naming a feature the tree reads that the schema lacks
   */
  public DemandModel.Scorer bind(FeatureSchema schema, LongAdder defaulted) {
    int n = derivation.inputCount();
    boolean[] reads = new boolean[n];
    boolean usesPrice = false;
    for (int f : feature) {
      if (f < 0) {
        continue;
      }
      if (f < n) {
        reads[f] = true;
      } else {
        usesPrice = true;
        if (f > n) {
          reads[derivation.interactionInput(f - n - 1)] = true;
        }
      }
    }
    if (usesPrice) {
      reads[derivation.listIndex()] = true;
    }
    int[] schemaIdx = new int[n];
    int usedCount = 0;
    for (int j = 0; j < n; j++) {
      schemaIdx[j] = reads[j] ? schema.require(derivation.inputs().get(j)) : -1;
      if (reads[j]) {
        usedCount++;
      }
    }
    int[] used = new int[usedCount];
    for (int j = 0, u = 0; j < n; j++) {
      if (reads[j]) {
        used[u++] = j;
      }
    }
    int[] interInput = new int[derivation.interactionCount()];
    for (int k = 0; k < interInput.length; k++) {
      interInput[k] = derivation.interactionInput(k);
    }
    return new Compiled(this, schemaIdx, used, derivation.inputFallbacks(), derivation.listIndex(),
        derivation.listFallback(), interInput, derivation.term(), defaulted);
  }

  /**
   * Walks the tree for one derived vector (for tests and the reference path).
   *
   * @param derived the derived vector
   * @return the leaf value
   */
  public double predictDerived(double[] derived) {
    int node = 0;
    while (feature[node] >= 0) {
      node = derived[feature[node]] > threshold[node] ? greater[node] : lessOrEqual[node];
    }
    return value[node];
  }

  private static final class Compiled implements DemandModel.ContributionScorer {
    private final int[] feature;
    private final double[] threshold;
    private final int[] greater;
    private final int[] lessOrEqual;
    private final double[] value;
    private final int n;
    private final int[] schemaIdx;
    private final int[] used;
    private final double[] fallback;
    private final int listInput;
    private final double listFb;
    private final int[] interInput;
    private final PriceTerm term;
    private final LongAdder defaulted;
    /** Each node's value: a leaf's own, an inner node's the mean of the leaves below it (unweighted). */
    private final double[] nodeValue;

    Compiled(TreePlan plan, int[] schemaIdx, int[] used, double[] fallback, int listInput, double listFb,
        int[] interInput, PriceTerm term, LongAdder defaulted) {
      this.feature = plan.feature;
      this.threshold = plan.threshold;
      this.greater = plan.greater;
      this.lessOrEqual = plan.lessOrEqual;
      this.value = plan.value;
      this.n = schemaIdx.length;
      this.schemaIdx = schemaIdx;
      this.used = used;
      this.fallback = fallback;
      this.listInput = listInput;
      this.listFb = listFb;
      this.interInput = interInput;
      this.term = term;
      this.defaulted = defaulted;
      this.nodeValue = new double[feature.length];
      int[] leaves = new int[feature.length];
      // Children have larger indices than their parent, so a reverse pass sees children first.
      for (int i = feature.length - 1; i >= 0; i--) {
        if (feature[i] < 0) {
          nodeValue[i] = value[i];
          leaves[i] = 1;
        } else {
          int a = greater[i];
          int b = lessOrEqual[i];
          leaves[i] = leaves[a] + leaves[b];
          nodeValue[i] = (nodeValue[a] * leaves[a] + nodeValue[b] * leaves[b]) / leaves[i];
        }
      }
    }

    /**
     * Path-based (Saabas): walking the tree for {@code x}, each split adds the change of node value to the
     * feature it split on (price-term splits to the list price, interaction splits to their input); the
     * same walk for the reference is subtracted. The contributions sum to {@code leaf(x) - leaf(r)} in
     * probability (or unit) terms at this price.
     */
    @Override
    public void contributions(double[] features, double[] reference, double price, double[] out) {
      java.util.Arrays.fill(out, 0.0);
      walk(features, price, out, 1.0);
      walk(reference, price, out, -1.0);
    }

    private void walk(double[] features, double price, double[] out, double sign) {
      double list = schemaIdx[listInput] >= 0 ? features[schemaIdx[listInput]] : listFb;
      if (!(list > 0) || !Double.isFinite(list)) {
        list = listFb;
      }
      double t = term.apply(price, list);
      int node = 0;
      while (feature[node] >= 0) {
        int f = feature[node];
        double v;
        int owner;
        if (f < n) {
          v = input(features, f);
          owner = schemaIdx[f];
        } else if (f == n) {
          v = t;
          owner = schemaIdx[listInput];
        } else {
          int in = interInput[f - n - 1];
          v = t * Math.max(0.0, input(features, in));
          owner = schemaIdx[in];
        }
        int next = v > threshold[node] ? greater[node] : lessOrEqual[node];
        if (owner >= 0) {
          out[owner] += sign * (nodeValue[next] - nodeValue[node]);
        }
        node = next;
      }
    }

    private double input(double[] features, int j) {
      double v = features[schemaIdx[j]];
      return Double.isFinite(v) ? v : fallback[j];
    }

    @Override
    public void score(double[] features, double[] prices, int count, double[] out) {
      Prices.check(prices, count, out);
      int bad = 0;
      for (int j : used) {
        double v = features[schemaIdx[j]];
        if (!Double.isFinite(v) || (j == listInput && !(v > 0))) {
          bad++;
        }
      }
      if (bad > 0) {
        defaulted.add(bad);
      }
      // The term uses the list price with its own fallback; as a split feature the list price is sanitised
      // like any other input (only non-finite values are replaced), exactly as in training.
      double list = schemaIdx[listInput] >= 0 ? features[schemaIdx[listInput]] : listFb;
      if (!(list > 0) || !Double.isFinite(list)) {
        list = listFb;
      }
      for (int i = 0; i < count; i++) {
        double t = term.apply(prices[i], list);
        int node = 0;
        while (feature[node] >= 0) {
          int f = feature[node];
          double v;
          if (f < n) {
            v = input(features, f);
          } else if (f == n) {
            v = t;
          } else {
            v = t * Math.max(0.0, input(features, interInput[f - n - 1]));
          }
          node = v > threshold[node] ? greater[node] : lessOrEqual[node];
        }
        out[i] = value[node];
      }
      Prices.repairMonotone(prices, count, out);
    }
  }
}
