package dev.pricing.core.demand.internal;

/**
 * A dense row-major training matrix for {@link GbdtFit}: {@code rows x cols} feature values (NaN means
 * missing), one label per row and optional non-negative weights. Values are held as float, which is what
 * XGBoost trains on (and what {@link GbdtEnsemble} compares). Checked on creation: shapes, no infinite
 * feature value, finite labels, finite non-negative weights with a positive sum. Whether the labels suit
 * the objective is checked by {@link GbdtFit}.
 *
 * <p>Immutable and thread-safe (the arrays are copied in and never handed out).
 */
public final class GbdtMatrix {
  private final float[] values;
  private final int rows;
  private final int cols;
  private final float[] labels;
  private final float[] weights;
  private float[] offset;

  private GbdtMatrix(float[] values, int rows, int cols, float[] labels, float[] weights) {
    if (rows < 1) {
      throw new IllegalArgumentException("rows must be >= 1, got " + rows);
    }
    if (cols < 1) {
      throw new IllegalArgumentException("cols must be >= 1, got " + cols);
    }
    if ((long) rows * cols != values.length) {
      throw new IllegalArgumentException("values.length must be rows * cols = " + (long) rows * cols + ", got "
          + values.length);
    }
    if (labels.length != rows) {
      throw new IllegalArgumentException("labels.length must be rows = " + rows + ", got " + labels.length);
    }
    for (int i = 0; i < values.length; i++) {
      if (Float.isInfinite(values[i])) {
        throw new IllegalArgumentException("values[row " + i / cols + ", col " + i % cols + "] must be finite or NaN,"
            + " got " + values[i]);
      }
    }
    for (int r = 0; r < rows; r++) {
      if (!Float.isFinite(labels[r])) {
        throw new IllegalArgumentException("labels[" + r + "] must be finite, got " + labels[r]);
      }
    }
    if (weights != null) {
      if (weights.length != rows) {
        throw new IllegalArgumentException("weights.length must be rows = " + rows + ", got " + weights.length);
      }
      double sum = 0;
      for (int r = 0; r < rows; r++) {
        if (!Float.isFinite(weights[r]) || weights[r] < 0) {
          throw new IllegalArgumentException("weights[" + r + "] must be finite and >= 0, got " + weights[r]);
        }
        sum += weights[r];
      }
      if (!(sum > 0)) {
        throw new IllegalArgumentException("weights must not all be 0");
      }
    }
    this.values = values;
    this.rows = rows;
    this.cols = cols;
    this.labels = labels;
    this.weights = weights;
  }

  /**
   * Creates a matrix from doubles (each value rounded to float).
   *
   * @param values row-major values, {@code values[r * cols + c]}; NaN is missing
   * @param rows the number of rows
   * @param cols the number of columns
   * @param labels one label per row
   * @param weights one weight per row, or null for equal weights
   * @return the matrix
   * @throws IllegalArgumentException naming the field and value that is wrong
   */
  public static GbdtMatrix of(double[] values, int rows, int cols, double[] labels, double[] weights) {
    if (values == null || labels == null) {
      throw new IllegalArgumentException("values and labels must not be null");
    }
    return new GbdtMatrix(toFloat(values), rows, cols, toFloat(labels), weights == null ? null : toFloat(weights));
  }

  /**
   * Creates a matrix from floats (copied).
   *
   * @param values row-major values, {@code values[r * cols + c]}; NaN is missing
   * @param rows the number of rows
   * @param cols the number of columns
   * @param labels one label per row
   * @param weights one weight per row, or null for equal weights
   * @return the matrix
   * @throws IllegalArgumentException naming the field and value that is wrong
   */
  public static GbdtMatrix of(float[] values, int rows, int cols, float[] labels, float[] weights) {
    if (values == null || labels == null) {
      throw new IllegalArgumentException("values and labels must not be null");
    }
    return new GbdtMatrix(values.clone(), rows, cols, labels.clone(), weights == null ? null : weights.clone());
  }

  private static float[] toFloat(double[] a) {
    float[] f = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      f[i] = (float) a[i];
    }
    return f;
  }

  /** Returns the number of rows. */
  public int rows() {
    return rows;
  }

  /** Returns the number of columns. */
  public int cols() {
    return cols;
  }

  /** Returns whether the rows carry weights. */
  public boolean weighted() {
    return weights != null;
  }

  float[] values() {
    return values;
  }

  float[] labels() {
    return labels;
  }

  float[] weights() {
    return weights;
  }

  float[] offset() {
    return offset;
  }

  /**
   * Sets a per-row starting margin (XGBoost's {@code base_margin}): the trees then fit corrections to it, and a
   * prediction is {@code offset + sum of leaves} instead of {@code base_score + sum of leaves}.
   *
   * @param margins one finite margin per row
   * @return this matrix
   * @throws IllegalArgumentException if the length is wrong or a margin is not finite
   */
  public GbdtMatrix withOffset(double[] margins) {
    if (margins == null || margins.length != rows) {
      throw new IllegalArgumentException("offset must have " + rows + " entries, got "
          + (margins == null ? "null" : String.valueOf(margins.length)));
    }
    float[] f = toFloat(margins);
    for (int r = 0; r < f.length; r++) {
      if (!Float.isFinite(f[r])) {
        throw new IllegalArgumentException("offset[" + r + "] must be finite, got " + margins[r]);
      }
    }
    this.offset = f;
    return this;
  }
}
