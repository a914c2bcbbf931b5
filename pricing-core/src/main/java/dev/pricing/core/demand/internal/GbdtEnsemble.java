package dev.pricing.core.demand.internal;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * A boosted tree ensemble compiled into flat arrays, scored without the native library.
 *
 * <p>Node {@code i} (global index; each tree's nodes are contiguous, root first, children after their
 * parent) splits on feature {@code feature(i)} at the float threshold {@code threshold(i)}, or is a leaf when
 * {@code feature(i) == -1}. Scoring follows XGBoost exactly: the input is cast to float, {@code (float) x <
 * threshold} goes left, otherwise right, and NaN (missing) goes to the node's default child. The margin is
 * the base margin plus every tree's leaf value, added in float in tree order as XGBoost's CPU predictor
 * does; {@link #predict} applies the objective's link to it.
 *
 * <p>Sources: XGBoost's saved JSON model ({@link #fromXgboostJson}) or this class's own versioned binary
 * form ({@link #toBytes}/{@link #fromBytes}). Both are validated: feature indices in range, children in
 * range and each node reached exactly once from its root (no cycles, no shared children), thresholds,
 * leaf values and covers finite.
 *
 * <p>For a whole grid of candidate prices per request see {@link GbdtGrid}.
 *
 * <p>Immutable and thread-safe.
 */
public final class GbdtEnsemble {
  /** The version of the binary form written by {@link #toBytes}. */
  public static final int FORMAT_VERSION = 1;

  private static final int MAGIC = 0x50474254; // "PGBT"
  private static final int HEADER_BYTES = 4 + 2 + 1 + 4 + 4 + 4;
  private static final int NODE_BYTES = 4 + 4 + 4 + 4 + 1 + 4 + 4;
  private static final int MAX_NODES = 1 << 26;

  private final GbdtObjective objective;
  private final int featureCount;
  private final float baseMargin;
  private final int[] treeStart;
  final int[] feature;
  final float[] threshold;
  final int[] left;
  final int[] right;
  final boolean[] defaultLeft;
  final float[] leaf;
  private final float[] cover;
  private final double[] mean;
  final int[] packed;
  /**
   * The contributions' lockstep layout, three ints per node at {@code 3 * i}: feature, threshold bits,
   * {@code left << 1 | defaultRight} (node indices); a leaf loops on itself (feature 0, NaN threshold, left
   * {@code i - 1}, default right), so its credit is {@code mean[i] - mean[i] = 0}.
   */
  private final int[] steps;
  /** Per group of four trees, the depth of the deepest. */
  private final int[] groupDepth;
  /** Per thread, the working memory of {@link #contributions}. */
  private final ThreadLocal<Walks> walks;

  /** The integer keys of the two rows compared, and the credits per feature plus a leaf's slot (always 0). */
  private static final class Walks {
    final int[] x;
    final int[] ref;
    final double[] credits;

    Walks(int features) {
      x = new int[2 * features + 1];
      ref = new int[2 * features + 1];
      credits = new double[features + 1];
    }
  }

  /**
   * One tree in local indices (node 0 is the root), as read from a source before validation.
   *
   * @param feature split feature per node, -1 for a leaf
   * @param threshold split threshold per node (ignored for leaves)
   * @param left left child per node (ignored for leaves)
   * @param right right child per node (ignored for leaves)
   * @param defaultLeft whether a missing value goes left (ignored for leaves)
   * @param leaf leaf value per node (ignored for splits)
   * @param cover sum of hessians per node (used for contributions)
   */
  record Tree(int[] feature, float[] threshold, int[] left, int[] right, boolean[] defaultLeft, float[] leaf,
      float[] cover) {}

  /**
   * Validates the trees and flattens them, renumbering each tree's nodes breadth-first, children in adjacent slots (which
   * drops nodes the root cannot reach, such as ones XGBoost marked deleted).
   *
   * @throws IllegalArgumentException naming the tree, node and value that is wrong
   */
  GbdtEnsemble(GbdtObjective objective, int featureCount, float baseMargin, List<Tree> trees) {
    if (objective == null) {
      throw new IllegalArgumentException("objective must not be null");
    }
    if (featureCount < 1) {
      throw new IllegalArgumentException("featureCount must be >= 1, got " + featureCount);
    }
    if (!Float.isFinite(baseMargin)) {
      throw new IllegalArgumentException("baseMargin must be finite, got " + baseMargin);
    }
    if (trees.isEmpty()) {
      throw new IllegalArgumentException("an ensemble needs at least one tree");
    }
    long total = 0;
    for (int t = 0; t < trees.size(); t++) {
      total += checkShape(t, trees.get(t), featureCount);
    }
    if (total > MAX_NODES) {
      throw new IllegalArgumentException("ensemble has " + total + " nodes, more than " + MAX_NODES);
    }
    int n = (int) total;
    this.objective = objective;
    this.featureCount = featureCount;
    this.baseMargin = baseMargin;
    this.treeStart = new int[trees.size() + 1];
    this.feature = new int[n];
    this.threshold = new float[n];
    this.left = new int[n];
    this.right = new int[n];
    this.defaultLeft = new boolean[n];
    this.leaf = new float[n];
    this.cover = new float[n];
    int next = 0;
    for (int t = 0; t < trees.size(); t++) {
      treeStart[t] = next;
      next = flatten(t, trees.get(t), next);
    }
    treeStart[trees.size()] = next;
    this.mean = nodeMeans();
    this.packed = pack();
    this.steps = new int[3 * n];
    this.groupDepth = new int[(trees.size() + 3) / 4];
    int[] depth = new int[n];
    for (int t = 0; t < trees.size(); t++) {
      int d = 0;
      for (int i = treeStart[t]; i < treeStart[t + 1]; i++) {
        if (feature[i] < 0) {
          steps[3 * i] = 2 * featureCount;
          steps[3 * i + 2] = i;
        } else {
          steps[3 * i] = 2 * feature[i] + (defaultLeft[i] ? 1 : 0);
          steps[3 * i + 1] = GbdtGrid.key(threshold[i]);
          steps[3 * i + 2] = left[i];
          depth[left[i]] = depth[i] + 1;
          depth[right[i]] = depth[i] + 1;
        }
        d = Math.max(d, depth[i]);
      }
      groupDepth[t / 4] = Math.max(groupDepth[t / 4], d);
    }
    this.walks = ThreadLocal.withInitial(() -> new Walks(featureCount));
  }

  /** Checks array lengths and values of one tree; returns its number of reachable nodes. */
  private static int checkShape(int t, Tree tree, int featureCount) {
    int m = tree.feature.length;
    if (m == 0) {
      throw new IllegalArgumentException("tree " + t + " has no nodes");
    }
    if (tree.threshold.length != m || tree.left.length != m || tree.right.length != m
        || tree.defaultLeft.length != m || tree.leaf.length != m || tree.cover.length != m) {
      throw new IllegalArgumentException("tree " + t + ": node arrays differ in length");
    }
    boolean[] seen = new boolean[m];
    int[] stack = new int[m];
    int sp = 0;
    int reached = 0;
    stack[sp++] = 0;
    seen[0] = true;
    while (sp > 0) {
      int i = stack[--sp];
      reached++;
      int f = tree.feature[i];
      if (!Float.isFinite(tree.cover[i]) || tree.cover[i] < 0) {
        throw new IllegalArgumentException("tree " + t + " node " + i + ": cover must be finite and >= 0, got "
            + tree.cover[i]);
      }
      if (f == -1) {
        if (!Float.isFinite(tree.leaf[i])) {
          throw new IllegalArgumentException("tree " + t + " node " + i + ": leaf value must be finite, got "
              + tree.leaf[i]);
        }
        continue;
      }
      if (f < 0 || f >= featureCount) {
        throw new IllegalArgumentException("tree " + t + " node " + i + ": feature " + f + " out of range [0, "
            + featureCount + ")");
      }
      if (!Float.isFinite(tree.threshold[i])) {
        throw new IllegalArgumentException("tree " + t + " node " + i + ": threshold must be finite, got "
            + tree.threshold[i]);
      }
      for (int c : new int[] {tree.left[i], tree.right[i]}) {
        if (c < 0 || c >= m) {
          throw new IllegalArgumentException("tree " + t + " node " + i + ": child " + c + " out of range [0, "
              + m + ")");
        }
        if (seen[c]) {
          throw new IllegalArgumentException("tree " + t + " node " + i + ": child " + c
              + " is reached twice (a cycle or a shared child)");
        }
        seen[c] = true;
        stack[sp++] = c;
      }
    }
    return reached;
  }

  /**
   * Copies one (checked) tree into the global arrays in breadth-first order, the two children of a node in
   * adjacent slots (right = left + 1); returns the next free index.
   */
  private int flatten(int t, Tree tree, int base) {
    int m = tree.feature.length;
    int[] queue = new int[m]; // local index of the node placed at global base + k
    queue[0] = 0;
    int placed = 1;
    for (int k = 0; k < placed; k++) {
      int i = queue[k];
      int g = base + k;
      feature[g] = tree.feature[i];
      cover[g] = tree.cover[i];
      if (tree.feature[i] < 0) {
        feature[g] = -1;
        leaf[g] = tree.leaf[i];
        left[g] = -1;
        right[g] = -1;
        continue;
      }
      threshold[g] = tree.threshold[i];
      defaultLeft[g] = tree.defaultLeft[i];
      left[g] = base + placed;
      right[g] = base + placed + 1;
      queue[placed++] = tree.left[i];
      queue[placed++] = tree.right[i];
    }
    return base + placed;
  }

  /**
   * The scoring layout: three ints per node at {@code 3 * i}: {@code (feature << 1) | defaultRight} (or -1
   * for a leaf), the threshold's (or leaf value's) float bits, and {@code 3 * left} (right is left + 1).
   */
  private int[] pack() {
    int n = feature.length;
    int[] p = new int[3 * n];
    for (int i = 0; i < n; i++) {
      if (feature[i] < 0) {
        p[3 * i] = -1;
        p[3 * i + 1] = Float.floatToRawIntBits(leaf[i]);
      } else {
        p[3 * i] = (feature[i] << 1) | (defaultLeft[i] ? 0 : 1);
        p[3 * i + 1] = Float.floatToRawIntBits(threshold[i]);
        p[3 * i + 2] = 3 * left[i];
      }
    }
    return p;
  }

  /** Cover-weighted mean leaf value under each node (XGBoost's own node mean values, used by Saabas). */
  private double[] nodeMeans() {
    int n = feature.length;
    double[] out = new double[n];
    // Children come after parents: a reverse sweep sees both children before the parent.
    for (int i = n - 1; i >= 0; i--) {
      if (feature[i] < 0) {
        out[i] = leaf[i];
        continue;
      }
      double cl = cover[left[i]];
      double cr = cover[right[i]];
      out[i] = cl + cr > 0 ? (cl * out[left[i]] + cr * out[right[i]]) / (cl + cr)
          : 0.5 * (out[left[i]] + out[right[i]]);
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------------
  // Sources

  /**
   * Compiles every tree of an XGBoost model saved as JSON ({@code Booster.toByteArray("json")} or
   * {@code saveModel(out, "json")}).
   *
   * @param json the saved model, UTF-8
   * @return the ensemble
   * @throws IllegalArgumentException if the model is not a single-output {@code gbtree} with numerical
   *     splits and a supported objective, or any tree is malformed
   */
  public static GbdtEnsemble fromXgboostJson(byte[] json) {
    return fromXgboostJson(json, Integer.MAX_VALUE);
  }

  /**
   * Compiles the first {@code treeLimit} trees of an XGBoost model saved as JSON (for a model trained with
   * early stopping: the trees up to the best round).
   *
   * @param json the saved model, UTF-8
   * @param treeLimit how many trees to keep (at least 1; more than the model has keeps them all)
   * @return the ensemble
   * @throws IllegalArgumentException as {@link #fromXgboostJson(byte[])}, or if {@code treeLimit < 1}
   */
  public static GbdtEnsemble fromXgboostJson(byte[] json, int treeLimit) {
    if (json == null) {
      throw new IllegalArgumentException("json must not be null");
    }
    if (treeLimit < 1) {
      throw new IllegalArgumentException("treeLimit must be >= 1, got " + treeLimit);
    }
    Map<String, Object> root = obj(MiniJson.parse(new String(json, StandardCharsets.UTF_8)), "model");
    Map<String, Object> learner = obj(root.get("learner"), "learner");
    Map<String, Object> param = obj(learner.get("learner_model_param"), "learner.learner_model_param");
    Map<String, Object> objectiveNode = obj(learner.get("objective"), "learner.objective");
    GbdtObjective objective = GbdtObjective.ofXgboostName(str(objectiveNode.get("name"), "learner.objective.name"));
    int numFeature = parseIntText(param.get("num_feature"), "learner_model_param.num_feature");
    Object numClass = param.get("num_class");
    if (numClass != null && parseIntText(numClass, "learner_model_param.num_class") > 1) {
      throw new IllegalArgumentException("multi-class models are not supported (num_class " + numClass + ")");
    }
    Object numTarget = param.get("num_target");
    if (numTarget != null && parseIntText(numTarget, "learner_model_param.num_target") != 1) {
      throw new IllegalArgumentException("multi-target models are not supported (num_target " + numTarget + ")");
    }
    float baseScore = parseBaseScore(param.get("base_score"));
    float baseMargin = objective.baseMargin(baseScore);

    Map<String, Object> booster = obj(learner.get("gradient_booster"), "learner.gradient_booster");
    String boosterName = str(booster.get("name"), "gradient_booster.name");
    if (!"gbtree".equals(boosterName)) {
      throw new IllegalArgumentException("gradient_booster.name must be gbtree, got " + boosterName);
    }
    Map<String, Object> model = obj(booster.get("model"), "gradient_booster.model");
    List<Object> trees = arr(model.get("trees"), "model.trees");
    Object info = model.get("tree_info");
    if (info != null) {
      for (Object g : arr(info, "model.tree_info")) {
        if (num(g, "tree_info").intValue("tree_info") != 0) {
          throw new IllegalArgumentException("trees for more than one output group are not supported");
        }
      }
    }
    int keep = Math.min(treeLimit, trees.size());
    List<Tree> out = new ArrayList<>(keep);
    for (int t = 0; t < keep; t++) {
      out.add(jsonTree(t, obj(trees.get(t), "trees[" + t + "]")));
    }
    return new GbdtEnsemble(objective, numFeature, baseMargin, out);
  }

  private static Tree jsonTree(int t, Map<String, Object> tree) {
    String at = "trees[" + t + "].";
    Object tp = tree.get("tree_param");
    if (tp != null) {
      Object slv = obj(tp, at + "tree_param").get("size_leaf_vector");
      if (slv != null && parseIntText(slv, at + "tree_param.size_leaf_vector") > 1) {
        throw new IllegalArgumentException(at + ": vector leaves are not supported");
      }
    }
    List<Object> lc = arr(tree.get("left_children"), at + "left_children");
    List<Object> rc = arr(tree.get("right_children"), at + "right_children");
    List<Object> si = arr(tree.get("split_indices"), at + "split_indices");
    List<Object> sc = arr(tree.get("split_conditions"), at + "split_conditions");
    List<Object> dl = arr(tree.get("default_left"), at + "default_left");
    List<Object> sh = arr(tree.get("sum_hessian"), at + "sum_hessian");
    Object st = tree.get("split_type");
    int m = lc.size();
    if (rc.size() != m || si.size() != m || sc.size() != m || dl.size() != m || sh.size() != m) {
      throw new IllegalArgumentException(at + ": node arrays differ in length");
    }
    if (st != null) {
      List<Object> types = arr(st, at + "split_type");
      for (int i = 0; i < types.size(); i++) {
        if (num(types.get(i), at + "split_type").intValue(at + "split_type") != 0) {
          throw new IllegalArgumentException(at + " node " + i + ": categorical splits are not supported");
        }
      }
    }
    int[] feature = new int[m];
    float[] threshold = new float[m];
    int[] left = new int[m];
    int[] right = new int[m];
    boolean[] defaultLeft = new boolean[m];
    float[] leaf = new float[m];
    float[] cover = new float[m];
    for (int i = 0; i < m; i++) {
      int l = num(lc.get(i), at + "left_children").intValue(at + "left_children");
      float cond = num(sc.get(i), at + "split_conditions").floatValue();
      cover[i] = num(sh.get(i), at + "sum_hessian").floatValue();
      if (l == -1) {
        feature[i] = -1;
        leaf[i] = cond;
        continue;
      }
      feature[i] = num(si.get(i), at + "split_indices").intValue(at + "split_indices");
      if (feature[i] < 0) {
        throw new IllegalArgumentException(at + " node " + i + ": split index " + feature[i] + " is negative");
      }
      threshold[i] = cond;
      left[i] = l;
      right[i] = num(rc.get(i), at + "right_children").intValue(at + "right_children");
      Object d = dl.get(i);
      defaultLeft[i] = d instanceof Boolean ? (Boolean) d : num(d, at + "default_left").intValue(at + "default_left") != 0;
    }
    return new Tree(feature, threshold, left, right, defaultLeft, leaf, cover);
  }

  /** base_score is a string: "5.0849915E-1" (XGBoost 2.x) or "[5.085E-1]" (3.x), or a bare number. */
  private static float parseBaseScore(Object v) {
    String text;
    if (v instanceof MiniJson.Num) {
      text = ((MiniJson.Num) v).text();
    } else if (v instanceof String) {
      text = ((String) v).trim();
      if (text.startsWith("[") && text.endsWith("]")) {
        text = text.substring(1, text.length() - 1).trim();
      }
      if (text.contains(",")) {
        throw new IllegalArgumentException("base_score with several values is not supported: " + v);
      }
    } else {
      throw new IllegalArgumentException("learner_model_param.base_score is missing or not a string: " + v);
    }
    try {
      return Float.parseFloat(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("learner_model_param.base_score is not a number: " + v, e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> obj(Object v, String what) {
    if (!(v instanceof Map)) {
      throw new IllegalArgumentException(what + " must be a JSON object, got " + kind(v));
    }
    return (Map<String, Object>) v;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> arr(Object v, String what) {
    if (!(v instanceof List)) {
      throw new IllegalArgumentException(what + " must be a JSON array, got " + kind(v));
    }
    return (List<Object>) v;
  }

  private static String str(Object v, String what) {
    if (!(v instanceof String)) {
      throw new IllegalArgumentException(what + " must be a JSON string, got " + kind(v));
    }
    return (String) v;
  }

  private static MiniJson.Num num(Object v, String what) {
    if (!(v instanceof MiniJson.Num)) {
      throw new IllegalArgumentException(what + " must hold numbers, got " + kind(v));
    }
    return (MiniJson.Num) v;
  }

  /** XGBoost writes most scalar parameters as strings ("60"); accept a string or a number. */
  private static int parseIntText(Object v, String what) {
    if (v instanceof MiniJson.Num) {
      return ((MiniJson.Num) v).intValue(what);
    }
    if (v instanceof String) {
      try {
        return Integer.parseInt(((String) v).trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(what + " must be an integer, got \"" + v + "\"", e);
      }
    }
    throw new IllegalArgumentException(what + " must be an integer, got " + kind(v));
  }

  private static String kind(Object v) {
    if (v == null) {
      return "nothing";
    }
    if (v instanceof Map) {
      return "an object";
    }
    if (v instanceof List) {
      return "an array";
    }
    return String.valueOf(v);
  }

  // ---------------------------------------------------------------------------------------------------
  // Binary form

  /**
   * Writes the versioned binary form: big-endian; magic {@code "PGBT"}, version (u16), objective (u8),
   * feature count, base margin (float32), tree count; per tree its node count and per node feature (int32,
   * -1 for a leaf), threshold (float32), left and right child (int32, tree-local), default-left (u8), leaf
   * value (float32), cover (float32); then a CRC-32 of everything before it.
   *
   * @return the bytes
   */
  public byte[] toBytes() {
    int trees = treeCount();
    long size = HEADER_BYTES + 4L * trees + (long) NODE_BYTES * feature.length + 4;
    ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(size));
    b.putInt(MAGIC);
    b.putShort((short) FORMAT_VERSION);
    b.put((byte) objective.ordinal());
    b.putInt(featureCount);
    b.putFloat(baseMargin);
    b.putInt(trees);
    for (int t = 0; t < trees; t++) {
      int s = treeStart[t];
      int e = treeStart[t + 1];
      b.putInt(e - s);
      for (int i = s; i < e; i++) {
        boolean isLeaf = feature[i] < 0;
        b.putInt(feature[i]);
        b.putFloat(isLeaf ? 0f : threshold[i]);
        b.putInt(isLeaf ? -1 : left[i] - s);
        b.putInt(isLeaf ? -1 : right[i] - s);
        b.put((byte) (!isLeaf && defaultLeft[i] ? 1 : 0));
        b.putFloat(isLeaf ? leaf[i] : 0f);
        b.putFloat(cover[i]);
      }
    }
    CRC32 crc = new CRC32();
    crc.update(b.array(), 0, b.position());
    b.putInt((int) crc.getValue());
    return b.array();
  }

  /**
   * Reads the binary form written by {@link #toBytes}, refusing anything damaged.
   *
   * @param bytes the bytes
   * @return the ensemble
   * @throws IllegalArgumentException naming what is wrong: length, magic, version, checksum, objective,
   *     counts, or a tree's feature index, child index, cycle, threshold, leaf value or cover
   */
  public static GbdtEnsemble fromBytes(byte[] bytes) {
    if (bytes == null) {
      throw new IllegalArgumentException("bytes must not be null");
    }
    if (bytes.length < HEADER_BYTES + 4) {
      throw new IllegalArgumentException("GBDT bytes too short: " + bytes.length + " bytes");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    int magic = b.getInt();
    if (magic != MAGIC) {
      throw new IllegalArgumentException("not a GBDT ensemble: magic 0x" + Integer.toHexString(magic));
    }
    int version = Short.toUnsignedInt(b.getShort());
    if (version != FORMAT_VERSION) {
      throw new IllegalArgumentException("GBDT format version " + version + " is not supported (expected "
          + FORMAT_VERSION + ")");
    }
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - 4);
    int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt();
    if (stored != (int) crc.getValue()) {
      throw new IllegalArgumentException("GBDT bytes damaged: checksum 0x" + Integer.toHexString(stored)
          + " != computed 0x" + Integer.toHexString((int) crc.getValue()));
    }
    int code = Byte.toUnsignedInt(b.get());
    GbdtObjective[] objectives = GbdtObjective.values();
    if (code >= objectives.length) {
      throw new IllegalArgumentException("GBDT objective code " + code + " is unknown");
    }
    int featureCount = b.getInt();
    float baseMargin = b.getFloat();
    int trees = b.getInt();
    int body = bytes.length - 4;
    if (trees < 1 || trees > (body - HEADER_BYTES) / 4) {
      throw new IllegalArgumentException("GBDT tree count " + trees + " does not fit " + bytes.length + " bytes");
    }
    List<Tree> list = new ArrayList<>(trees);
    try {
      for (int t = 0; t < trees; t++) {
        int m = b.getInt();
        if (m < 1 || m > (body - b.position()) / NODE_BYTES) {
          throw new IllegalArgumentException("GBDT tree " + t + ": node count " + m + " does not fit the bytes");
        }
        int[] f = new int[m];
        float[] thr = new float[m];
        int[] l = new int[m];
        int[] r = new int[m];
        boolean[] dl = new boolean[m];
        float[] lv = new float[m];
        float[] cv = new float[m];
        for (int i = 0; i < m; i++) {
          f[i] = b.getInt();
          thr[i] = b.getFloat();
          l[i] = b.getInt();
          r[i] = b.getInt();
          int d = Byte.toUnsignedInt(b.get());
          lv[i] = b.getFloat();
          cv[i] = b.getFloat();
          if (d > 1) {
            throw new IllegalArgumentException("GBDT tree " + t + " node " + i + ": default-left flag " + d);
          }
          dl[i] = d == 1;
          if (f[i] < -1) {
            throw new IllegalArgumentException("GBDT tree " + t + " node " + i + ": feature " + f[i]
                + " out of range [0, " + featureCount + ")");
          }
          if (f[i] >= 0 && (l[i] <= i || r[i] <= i)) {
            throw new IllegalArgumentException("GBDT tree " + t + " node " + i + ": children " + l[i] + ", "
                + r[i] + " must come after their parent");
          }
        }
        list.add(new Tree(f, thr, l, r, dl, lv, cv));
      }
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("GBDT bytes truncated", e);
    }
    if (b.position() != body) {
      throw new IllegalArgumentException("GBDT bytes have " + (body - b.position()) + " unread bytes");
    }
    GbdtEnsemble e = new GbdtEnsemble(objectives[code], featureCount, baseMargin, list);
    if (e.nodeCount() != countNodes(list)) {
      throw new IllegalArgumentException("GBDT bytes hold " + (countNodes(list) - e.nodeCount())
          + " nodes no root reaches");
    }
    return e;
  }

  private static int countNodes(List<Tree> trees) {
    int n = 0;
    for (Tree t : trees) {
      n += t.feature.length;
    }
    return n;
  }

  // ---------------------------------------------------------------------------------------------------
  // Scoring

  /** Returns the objective. */
  public GbdtObjective objective() {
    return objective;
  }

  /** Returns the number of input features (the row length the scorers expect). */
  public int featureCount() {
    return featureCount;
  }

  /** Returns the number of trees. */
  public int treeCount() {
    return treeStart.length - 1;
  }

  /** Returns the total number of nodes. */
  public int nodeCount() {
    return feature.length;
  }

  /** Returns the base margin every prediction starts from. */
  public float baseMargin() {
    return baseMargin;
  }

  int treeRoot(int t) {
    return treeStart[t];
  }

  /**
   * The margin of one row, exactly as XGBoost computes it (float comparisons, NaN as missing, float
   * accumulation in tree order from the base margin).
   *
   * @param x the row, length {@link #featureCount()}
   * @return the margin
   * @throws IllegalArgumentException if the row has the wrong length
   */
  public double margin(double[] x) {
    checkRow(x);
    int[] p = packed;
    float m = baseMargin;
    int trees = treeStart.length - 1;
    for (int t = 0; t < trees; t++) {
      int j = 3 * treeStart[t];
      int meta;
      while ((meta = p[j]) >= 0) {
        // Three arms rather than a select: C2 would compile a select to a conditional move, which makes
        // every level wait for its load; branches let the CPU run ahead on the predicted path (2x faster).
        float v = (float) x[meta >>> 1];
        int c = p[j + 2];
        if (v < Float.intBitsToFloat(p[j + 1])) {
          j = c;
        } else if (v != v) {
          j = c + 3 * (meta & 1);
        } else {
          j = c + 3;
        }
      }
      m += Float.intBitsToFloat(p[j + 1]);
    }
    return m;
  }

  /**
   * The demand of one row: the objective's link of {@link #margin}.
   *
   * @param x the row, length {@link #featureCount()}
   * @return the probability or the expected units
   * @throws IllegalArgumentException if the row has the wrong length
   */
  public double predict(double[] x) {
    return objective.link(margin(x));
  }

  private void checkRow(double[] x) {
    if (x == null || x.length != featureCount) {
      throw new IllegalArgumentException("x.length must be " + featureCount + ", got "
          + (x == null ? "null" : String.valueOf(x.length)));
    }
  }

  // ---------------------------------------------------------------------------------------------------
  // Contributions

  /**
   * Saabas contributions of one row: for every split on the row's decision path in every tree, the change
   * of the node mean value (the cover-weighted mean of the leaves below it, as XGBoost's approximate
   * {@code pred_contribs}) from the node to the child taken is credited to the split's feature. The result
   * plus the returned bias, {@code baseMargin + sum of root means}, equals the sum of the row's leaf values
   * and the base margin computed in double (the float {@link #margin} up to rounding).
   *
   * @param x the row, length {@link #featureCount()}
   * @param out receives one contribution per feature (overwritten), length {@link #featureCount()}
   * @return the bias
   * @throws IllegalArgumentException if an array has the wrong length
   */
  public double saabas(double[] x, double[] out) {
    checkRow(x);
    checkOut(out);
    java.util.Arrays.fill(out, 0.0);
    double bias = baseMargin;
    int trees = treeStart.length - 1;
    for (int t = 0; t < trees; t++) {
      addPath(treeStart[t], x, out, 1.0);
      bias += mean[treeStart[t]];
    }
    return bias;
  }

  /**
   * Contributions of each feature to {@code margin(x) - margin(ref)}: the Saabas contributions of {@code x}
   * minus those of {@code ref} (see {@link #saabas}). The bias cancels, so the contributions sum exactly
   * (up to double rounding) to the difference of the two rows' leaf sums, i.e. to
   * {@code margin(x) - margin(ref)} up to the float rounding of {@link #margin}. A feature on neither path
   * gets 0; a feature on both paths gets the difference of its credits, which can be non-zero even where
   * {@code x} and {@code ref} agree on it (Saabas credits depend on the path). Does not allocate.
   *
   * @param x the row explained
   * @param ref the reference row (for example the same request at the list price)
   * @param out receives one contribution per feature (overwritten)
   * @throws IllegalArgumentException if an array has the wrong length
   */
  public void contributions(double[] x, double[] ref, double[] out) {
    checkRow(x);
    checkRow(ref);
    checkOut(out);
    Walks walk = walks.get();
    int[] kx = keys(x, walk.x);
    int[] kr = keys(ref, walk.ref);
    double[] credits = walk.credits;
    java.util.Arrays.fill(credits, 0.0);
    int trees = treeStart.length - 1;
    // Four trees at a time, each row's walk in lockstep and branch-free (their loads overlap; a walk at a leaf stays
    // there and adds 0). Along the shared prefix both rows take the same branch and their changes cancel, so a
    // tree's credits count only from the split where the two walks part.
    int t = 0;
    for (; t + 4 <= trees; t += 4) {
      int x0 = treeStart[t];
      int x1 = treeStart[t + 1];
      int x2 = treeStart[t + 2];
      int x3 = treeStart[t + 3];
      int r0 = x0;
      int r1 = x1;
      int r2 = x2;
      int r3 = x3;
      boolean p0 = false;
      boolean p1 = false;
      boolean p2 = false;
      boolean p3 = false;
      for (int d = groupDepth[t >> 2]; d > 0; d--) {
        int cx0 = step(kx, x0);
        int cr0 = step(kr, r0);
        int cx1 = step(kx, x1);
        int cr1 = step(kr, r1);
        int cx2 = step(kx, x2);
        int cr2 = step(kr, r2);
        int cx3 = step(kx, x3);
        int cr3 = step(kr, r3);
        p0 |= cx0 != cr0;
        p1 |= cx1 != cr1;
        p2 |= cx2 != cr2;
        p3 |= cx3 != cr3;
        credit(credits, p0, x0, cx0, r0, cr0);
        credit(credits, p1, x1, cx1, r1, cr1);
        credit(credits, p2, x2, cx2, r2, cr2);
        credit(credits, p3, x3, cx3, r3, cr3);
        x0 = cx0;
        r0 = cr0;
        x1 = cx1;
        r1 = cr1;
        x2 = cx2;
        r2 = cr2;
        x3 = cx3;
        r3 = cr3;
      }
    }
    for (; t < trees; t++) {
      int xi = treeStart[t];
      int ri = xi;
      boolean parted = false;
      while (feature[xi] >= 0 || feature[ri] >= 0) {
        int cx = step(kx, xi);
        int cr = step(kr, ri);
        parted |= cx != cr;
        credit(credits, parted, xi, cx, ri, cr);
        xi = cx;
        ri = cr;
      }
    }
    System.arraycopy(credits, 0, out, 0, featureCount);
  }

  /**
   * The row's integer keys ({@link GbdtGrid#key}) for {@link #steps}: slot {@code 2 * f} holds feature f's key with
   * a missing value above every threshold (it goes right), {@code 2 * f + 1} with it below every threshold (it goes
   * left); the last slot, a leaf's, {@code Integer.MIN_VALUE}.
   */
  private int[] keys(double[] row, int[] keys) {
    for (int f = 0; f < featureCount; f++) {
      float v = (float) row[f];
      int key = GbdtGrid.key(v);
      boolean missing = v != v;
      keys[2 * f] = missing ? Integer.MAX_VALUE : key;
      keys[2 * f + 1] = missing ? Integer.MIN_VALUE : key;
    }
    keys[2 * featureCount] = Integer.MIN_VALUE;
    return keys;
  }

  /**
   * One step of a lockstep walk from node {@code i}: the child the row takes, right exactly when its key is
   * {@code >=} the threshold's ({@code (float) x < t} for a present value, the default branch for a missing one); a
   * leaf is its own child.
   */
  private int step(int[] keys, int i) {
    int[] s = steps;
    int b = 3 * i;
    return s[b + 2] + (keys[s[b]] >= s[b + 1] ? 1 : 0);
  }

  /** After the walks parted: credits x's step {@code i -> ci} and debits the reference's step {@code j -> cj}. */
  private void credit(double[] out, boolean parted, int i, int ci, int j, int cj) {
    if (parted) {
      double[] mu = mean;
      out[steps[3 * i] >> 1] += mu[ci] - mu[i];
      out[steps[3 * j] >> 1] -= mu[cj] - mu[j];
    }
  }

  /** The child offset a value takes at a split whose left child is at offset {@code c} (XGBoost's rule). */
  private static int child(int c, int meta, float v, float threshold) {
    if (v < threshold) {
      return c;
    }
    return v != v ? c + 3 * (meta & 1) : c + 3;
  }

  /** {@link #addPath} from node offset {@code j} in the scoring layout. */
  private void addPacked(int j, double[] x, double[] out, double sign) {
    int[] q = packed;
    double[] mu = mean;
    int meta;
    while ((meta = q[j]) >= 0) {
      int f = meta >>> 1;
      int c = child(q[j + 2], meta, (float) x[f], Float.intBitsToFloat(q[j + 1]));
      out[f] += sign * (mu[c / 3] - mu[j / 3]);
      j = c;
    }
  }

  private int next(int i, double[] x) {
    float v = (float) x[feature[i]];
    if (v != v) {
      return defaultLeft[i] ? left[i] : right[i];
    }
    return v < threshold[i] ? left[i] : right[i];
  }

  private void addPath(int from, double[] x, double[] out, double sign) {
    int i = from;
    while (feature[i] >= 0) {
      int c = next(i, x);
      out[feature[i]] += sign * (mean[c] - mean[i]);
      i = c;
    }
  }

  private void checkOut(double[] out) {
    if (out == null || out.length != featureCount) {
      throw new IllegalArgumentException("out.length must be " + featureCount + ", got "
          + (out == null ? "null" : String.valueOf(out.length)));
    }
  }

  /**
   * Binds a grid scorer whose price columns are {@code priceColumns}.
   *
   * @param priceColumns the feature indices that change across candidates (distinct, at most 64)
   * @return the grid scorer
   * @throws IllegalArgumentException if a column is out of range or repeated
   */
  public GbdtGrid grid(int... priceColumns) {
    return new GbdtGrid(this, priceColumns);
  }

  @Override
  public String toString() {
    return "GbdtEnsemble[" + objective.xgboostName() + ", " + treeCount() + " trees, " + nodeCount()
        + " nodes, " + featureCount + " features]";
  }
}
