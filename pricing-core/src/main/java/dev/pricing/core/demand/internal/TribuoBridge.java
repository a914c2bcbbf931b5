package dev.pricing.core.demand.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.VariableIDInfo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.common.sgd.AbstractLinearSGDModel;
import org.tribuo.common.tree.LeafNode;
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.SplitNode;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

/**
 * Conversions between Tribuo models and the flat plans, and Tribuo's own prediction path for parity.
 * Stateless static methods; thread-safe as far as the Tribuo models passed in are (they are immutable).
 */
public final class TribuoBridge {
  /** The label of a converted offer. */
  public static final String BOUGHT = "bought";
  /** The label of an offer that did not convert. */
  public static final String NOT_BOUGHT = "not_bought";
  /** The regression dimension of the log-units target. */
  public static final String LOG_UNITS = "log_units";

  private TribuoBridge() {}

  /**
   * Returns the weight per derived feature and the bias of a linear SGD model: for classification the
   * difference between the "bought" and "not bought" rows (the logit of a two-class softmax), for
   * regression its single row.
   *
   * @param model the Tribuo model
   * @param derivation the derivation whose names the model's features carry
   * @return weights per derived feature, then the bias as the last entry
   */
  public static double[] linearWeights(AbstractLinearSGDModel<?> model, Derivation derivation) {
    DenseMatrix w = model.getWeightsCopy();
    ImmutableFeatureMap fmap = model.getFeatureIDMap();
    int features = fmap.size();
    if (w.getDimension2Size() != features + 1) {
      throw new IllegalStateException("expected " + (features + 1) + " weight columns (features and bias), found "
          + w.getDimension2Size());
    }
    int[] rows = outputRows(model);
    double[] out = new double[derivation.derivedCount() + 1];
    for (int id = 0; id < features; id++) {
      VariableIDInfo info = fmap.get(id);
      int d = derivation.derivedIndexOf(info.getName());
      if (d < 0) {
        throw new IllegalArgumentException("the Tribuo model reads feature '" + info.getName()
            + "', which the artifact's derivation does not produce");
      }
      out[d] = coefficient(w, rows, id);
    }
    out[derivation.derivedCount()] = coefficient(w, rows, features);
    return out;
  }

  private static double coefficient(DenseMatrix w, int[] rows, int column) {
    return rows.length == 2 ? w.get(rows[0], column) - w.get(rows[1], column) : w.get(rows[0], column);
  }

  @SuppressWarnings("unchecked")
  private static int[] outputRows(Model<?> model) {
    if (model.validate(Label.class)) {
      Model<Label> m = (Model<Label>) model;
      int b = m.getOutputIDInfo().getID(new Label(BOUGHT));
      int nb = m.getOutputIDInfo().getID(new Label(NOT_BOUGHT));
      if (b < 0 || nb < 0 || m.getOutputIDInfo().size() != 2) {
        throw new IllegalArgumentException("a conversion model must have exactly the labels '" + BOUGHT + "' and '"
            + NOT_BOUGHT + "', found " + m.getOutputIDInfo().getDomain());
      }
      return new int[] {b, nb};
    }
    if (model.validate(Regressor.class)) {
      if (model.getOutputIDInfo().size() != 1) {
        throw new IllegalArgumentException("a units model must have one output dimension, found "
            + model.getOutputIDInfo().size());
      }
      return new int[] {0};
    }
    throw new IllegalArgumentException("unsupported output type of Tribuo model " + model.getClass().getName());
  }

  /**
   * Flattens a classification tree into a {@link TreePlan} whose leaves hold P(bought).
   *
   * @param model the tree
   * @param derivation the derivation
   * @return the plan
   */
  public static TreePlan treePlan(TreeModel<Label> model, Derivation derivation) {
    ImmutableFeatureMap fmap = model.getFeatureIDMap();
    List<int[]> links = new ArrayList<>();
    List<Double> thresholds = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    List<Integer> features = new ArrayList<>();
    // Pre-order with explicit stack: every child gets a larger index than its parent.
    Deque<Object[]> stack = new ArrayDeque<>();
    stack.push(new Object[] {model.getRoot(), -1, Boolean.TRUE});
    while (!stack.isEmpty()) {
      Object[] top = stack.pop();
      @SuppressWarnings("unchecked")
      Node<Label> node = (Node<Label>) top[0];
      int parent = (Integer) top[1];
      boolean isGreater = (Boolean) top[2];
      int index = features.size();
      links.add(new int[] {-1, -1});
      if (parent >= 0) {
        links.get(parent)[isGreater ? 0 : 1] = index;
      }
      if (node instanceof SplitNode<Label> split) {
        String name = fmap.get(split.getFeatureID()).getName();
        int d = derivation.derivedIndexOf(name);
        if (d < 0) {
          throw new IllegalArgumentException("the tree splits on feature '" + name
              + "', which the derivation does not produce");
        }
        features.add(d);
        thresholds.add(split.splitValue());
        values.add(0.0);
        stack.push(new Object[] {split.getLessThanOrEqual(), index, Boolean.FALSE});
        stack.push(new Object[] {split.getGreaterThan(), index, Boolean.TRUE});
      } else if (node instanceof LeafNode<Label> leaf) {
        features.add(-1);
        thresholds.add(0.0);
        values.add(boughtScore(leaf.getDistribution()));
      } else {
        throw new IllegalArgumentException("unexpected tree node " + node.getClass().getName());
      }
    }
    int m = features.size();
    int[] f = new int[m];
    double[] t = new double[m];
    int[] g = new int[m];
    int[] l = new int[m];
    double[] v = new double[m];
    for (int i = 0; i < m; i++) {
      f[i] = features.get(i);
      t[i] = thresholds.get(i);
      g[i] = links.get(i)[0];
      l[i] = links.get(i)[1];
      v[i] = values.get(i);
    }
    return new TreePlan(derivation, f, t, g, l, v);
  }

  private static double boughtScore(Map<String, Label> scores) {
    Label b = scores.get(BOUGHT);
    return b == null ? 0.0 : b.getScore();
  }

  /**
   * Predicts with Tribuo itself: builds the example for one price and calls {@link Model#predict}.
   *
   * @param model the model
   * @param derivation the derivation
   * @param inputs the sanitised inputs
   * @param price the price
   * @return P(bought) for a classifier, the predicted log-units for a regressor
   */
  @SuppressWarnings("unchecked")
  public static double predictRaw(Model<?> model, Derivation derivation, double[] inputs, double price) {
    double[] derived = new double[derivation.derivedCount()];
    derivation.deriveRaw(inputs, price, derived);
    derivation.standardize(derived);
    String[] names = derivation.derivedNames();
    if (model.validate(Label.class)) {
      Model<Label> m = (Model<Label>) model;
      Example<Label> ex = new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, names, derived);
      Prediction<Label> p = m.predict(ex);
      return boughtScore(p.getOutputScores());
    }
    Model<Regressor> m = (Model<Regressor>) model;
    Example<Regressor> ex = new ArrayExample<>(RegressionFactory.UNKNOWN_REGRESSOR, names, derived);
    return m.predict(ex).getOutput().getValues()[0];
  }
}
