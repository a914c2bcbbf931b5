package dev.pricing.onnx;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * A principal component projection of embeddings, fitted on a catalogue, that reduces a 384-dimensional
 * embedding to {@code k} features (default {@value #DEFAULT_COMPONENTS}).
 *
 * <p>Fitted with commons-math3 (decomposition of the covariance matrix); components are ordered by
 * explained variance and their signs fixed (largest coordinate positive), so a fit is deterministic. It
 * records the {@link TextEncoder#modelId() model id} it was fitted for, and the extractors refuse to apply
 * it to another model's embeddings. Save it next to the model artifact with {@link #save(Path)} (for
 * example {@code model.onnx.pca16}) and {@link #load(Path)} it at start-up.
 *
 * <p>Immutable and thread-safe. Rejects {@code k} outside {@code [1, dimension]}, fewer than {@code k + 1}
 * embeddings, embeddings of differing or wrong dimension, and non-finite values
 * ({@link IllegalArgumentException} naming the parameter and value).
 */
public final class Pca {
  /** The default number of components. */
  public static final int DEFAULT_COMPONENTS = 16;

  private static final int MAGIC = 0x50434131; // "PCA1"

  private final String modelId;
  private final int dimension;
  private final int components;
  private final double[] mean;
  private final double[] basis; // components x dimension, row-major
  private final double[] variances;
  private final double explainedVariance;

  private Pca(String modelId, int dimension, int components, double[] mean, double[] basis, double[] variances,
      double explainedVariance) {
    this.modelId = modelId;
    this.dimension = dimension;
    this.components = components;
    this.mean = mean;
    this.basis = basis;
    this.variances = variances;
    this.explainedVariance = explainedVariance;
  }

  /**
   * Encodes a catalogue's texts (duplicates and blanks removed) and fits a projection on them.
   *
   * @param encoder the encoder whose embeddings will be projected
   * @param texts the catalogue, for example every product title
   * @param components {@code k}, the number of components
   * @return the fitted projection
   * @throws IllegalArgumentException if there are not more distinct non-blank texts than components
   */
  public static Pca fit(TextEncoder encoder, List<String> texts, int components) {
    Objects.requireNonNull(encoder, "encoder");
    List<String> distinct = texts.stream().filter(Objects::nonNull).filter(t -> !t.isBlank()).distinct().toList();
    List<float[]> embeddings = new ArrayList<>(distinct.size());
    for (int i = 0; i < distinct.size(); i += 64) {
      embeddings.addAll(encoder.encode(distinct.subList(i, Math.min(distinct.size(), i + 64))));
    }
    return fit(encoder.modelId(), embeddings, components);
  }

  /**
   * Fits a projection on embeddings.
   *
   * @param modelId the id of the model that produced them ({@link TextEncoder#modelId()})
   * @param embeddings at least {@code components + 1} embeddings of one dimension
   * @param components {@code k}, between 1 and the dimension
   * @return the fitted projection
   * @throws IllegalArgumentException naming the parameter and value if any is invalid
   */
  public static Pca fit(String modelId, List<float[]> embeddings, int components) {
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(embeddings, "embeddings");
    if (embeddings.isEmpty()) {
      throw new IllegalArgumentException("embeddings must not be empty: []");
    }
    int dim = embeddings.get(0).length;
    if (components < 1 || components > dim) {
      throw new IllegalArgumentException("components must be in [1, " + dim + "]: " + components);
    }
    int n = embeddings.size();
    if (n <= components) {
      throw new IllegalArgumentException("embeddings must number more than components (" + components + "): " + n);
    }
    double[] mean = new double[dim];
    for (int i = 0; i < n; i++) {
      float[] e = embeddings.get(i);
      if (e.length != dim) {
        throw new IllegalArgumentException("embeddings[" + i + "] has dimension " + e.length + ", expected " + dim);
      }
      for (int d = 0; d < dim; d++) {
        if (!Float.isFinite(e[d])) {
          throw new IllegalArgumentException("embeddings[" + i + "][" + d + "] is not finite: " + e[d]);
        }
        mean[d] += e[d];
      }
    }
    for (int d = 0; d < dim; d++) {
      mean[d] /= n;
    }
    double[][] cov = new double[dim][dim];
    double[] x = new double[dim];
    for (float[] e : embeddings) {
      for (int d = 0; d < dim; d++) {
        x[d] = e[d] - mean[d];
      }
      for (int a = 0; a < dim; a++) {
        double xa = x[a];
        double[] row = cov[a];
        for (int b = a; b < dim; b++) {
          row[b] += xa * x[b];
        }
      }
    }
    for (int a = 0; a < dim; a++) {
      for (int b = a; b < dim; b++) {
        cov[a][b] /= n - 1;
        cov[b][a] = cov[a][b];
      }
    }
    // The covariance is symmetric positive semi-definite, so its SVD is its eigen-decomposition, with
    // singular values sorted largest first; unlike EigenDecomposition it converges on the rank-deficient
    // matrices a catalogue smaller than the dimension gives.
    SingularValueDecomposition svd = new SingularValueDecomposition(new Array2DRowRealMatrix(cov, false));
    double[] values = svd.getSingularValues();
    RealMatrix vectors = svd.getV();
    double total = 0;
    for (double v : values) {
      total += v;
    }
    double[] basis = new double[components * dim];
    double[] variances = new double[components];
    double kept = 0;
    for (int c = 0; c < components; c++) {
      RealVector v = vectors.getColumnVector(c);
      int argMax = 0;
      for (int d = 1; d < dim; d++) {
        if (Math.abs(v.getEntry(d)) > Math.abs(v.getEntry(argMax))) {
          argMax = d;
        }
      }
      double sign = v.getEntry(argMax) < 0 ? -1 : 1;
      double norm = v.getNorm();
      for (int d = 0; d < dim; d++) {
        basis[c * dim + d] = sign * v.getEntry(d) / norm;
      }
      variances[c] = values[c];
      kept += variances[c];
    }
    return new Pca(modelId, dim, components, mean, basis, variances, total == 0 ? 0 : kept / total);
  }

  /**
   * Projects an embedding into {@code out[offset .. offset + components())}. Does not allocate.
   *
   * @param embedding an embedding of {@link #dimension()} values
   * @param out the buffer
   * @param offset where the first component goes
   * @throws IllegalArgumentException if the embedding has the wrong dimension
   * @throws IndexOutOfBoundsException if the buffer is too short
   */
  public void project(float[] embedding, double[] out, int offset) {
    if (embedding.length != dimension) {
      throw new IllegalArgumentException("embedding has dimension " + embedding.length + ", expected " + dimension);
    }
    Objects.checkFromIndexSize(offset, components, out.length);
    for (int c = 0; c < components; c++) {
      double s = 0;
      int base = c * dimension;
      for (int d = 0; d < dimension; d++) {
        s += (embedding[d] - mean[d]) * basis[base + d];
      }
      out[offset + c] = s;
    }
  }

  /**
   * Projects an embedding.
   *
   * @param embedding an embedding of {@link #dimension()} values
   * @return its {@link #components()} coordinates
   * @throws IllegalArgumentException if the embedding has the wrong dimension
   */
  public double[] project(float[] embedding) {
    double[] out = new double[components];
    project(embedding, out, 0);
    return out;
  }

  /**
   * Returns {@code k}, the number of components.
   *
   * @return the components
   */
  public int components() {
    return components;
  }

  /**
   * Returns the embedding dimension this projection takes.
   *
   * @return the input dimension
   */
  public int dimension() {
    return dimension;
  }

  /**
   * Returns the id of the model this was fitted for.
   *
   * @return the model id, {@code "sha256:<hex>"}
   */
  public String modelId() {
    return modelId;
  }

  /**
   * Returns the fraction of the catalogue's variance the components keep.
   *
   * @return a value in [0, 1]
   */
  public double explainedVariance() {
    return explainedVariance;
  }

  /**
   * Returns the variance along each component, largest first.
   *
   * @return a copy of the variances
   */
  public double[] componentVariances() {
    return variances.clone();
  }

  /**
   * Writes this projection to a file (atomically: a temporary file next to it, then a move).
   *
   * @param file the file, for example next to the model: {@code model.onnx.pca16}
   * @throws UncheckedIOException if writing fails
   */
  public void save(Path file) {
    Objects.requireNonNull(file, "file");
    Path abs = file.toAbsolutePath();
    try {
      Files.createDirectories(abs.getParent());
      Path tmp = Files.createTempFile(abs.getParent(), abs.getFileName().toString(), ".part");
      try {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
          out.writeInt(MAGIC);
          out.writeUTF(modelId);
          out.writeInt(dimension);
          out.writeInt(components);
          out.writeDouble(explainedVariance);
          for (double v : mean) {
            out.writeDouble(v);
          }
          for (double v : basis) {
            out.writeDouble(v);
          }
          for (double v : variances) {
            out.writeDouble(v);
          }
        }
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write PCA to " + file, e);
    }
  }

  /**
   * Reads a projection written by {@link #save(Path)}.
   *
   * @param file the file
   * @return the projection
   * @throws IllegalArgumentException naming the file if it does not exist or is not a saved projection
   * @throws UncheckedIOException if reading fails otherwise
   */
  public static Pca load(Path file) {
    Objects.requireNonNull(file, "file");
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      if (in.readInt() != MAGIC) {
        throw new IllegalArgumentException("pcaFile is not a saved Pca: " + file);
      }
      String modelId = in.readUTF();
      int dim = in.readInt();
      int k = in.readInt();
      if (dim < 1 || dim > 1 << 16 || k < 1 || k > dim) {
        throw new IllegalArgumentException("pcaFile is corrupt (dimension " + dim + ", components " + k + "): " + file);
      }
      double explained = in.readDouble();
      double[] mean = readDoubles(in, dim);
      double[] basis = readDoubles(in, k * dim);
      double[] variances = readDoubles(in, k);
      return new Pca(modelId, dim, k, mean, basis, variances, explained);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("pcaFile does not exist: " + file, e);
    } catch (EOFException e) {
      throw new IllegalArgumentException("pcaFile is truncated: " + file, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read PCA from " + file, e);
    }
  }

  private static double[] readDoubles(DataInputStream in, int n) throws IOException {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = in.readDouble();
    }
    return v;
  }

  /** The basis as a matrix, for tests. */
  RealMatrix basisMatrix() {
    RealMatrix m = new Array2DRowRealMatrix(components, dimension);
    for (int c = 0; c < components; c++) {
      for (int d = 0; d < dimension; d++) {
        m.setEntry(c, d, basis[c * dimension + d]);
      }
    }
    return m;
  }

  @Override
  public String toString() {
    return "Pca[" + dimension + " -> " + components + ", explained " + String.format("%.3f", explainedVariance)
        + ", model " + modelId + "]";
  }
}
