package dev.pricing.spark;

import dev.pricing.api.DemandKind;
import dev.pricing.api.FeatureSchema;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.core.demand.PriceFeatures;
import dev.pricing.core.demand.PriceTerm;
import dev.pricing.core.demand.TrainingProvenance;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The interim artifact for Spark-trained linear demand models, until the core's GLM artifact takes
 * coefficients (see {@link LinearArtifactFactory}). Layout: the magic {@code PRSPKGLM}, a format version (1),
 * the SHA-256 of the payload, the payload length, then the payload: kind, version, input names, price
 * features, weights, intercept, fallbacks, units retransformation and provenance. Loading refuses a wrong
 * magic, version, length or checksum with an {@link IOException} saying which.
 *
 * <p>The decoded model scores like the library's linear models: the price-independent part once per call,
 * then {@code link(base + slope * T(p_i))} per candidate; inputs that are not finite (and a non-positive
 * list price) are replaced by their training mean. Non-increasing in price for every input: every price
 * coefficient is {@code <= 0}, interaction values are clamped at 0 and {@code T} is increasing.
 *
 * <p>Stateless and thread-safe; decoded models and their scorers are immutable and thread-safe, and a
 * scorer allocates nothing per call.
 */
public final class InterimLinearArtifacts implements LinearArtifactFactory {
  private static final long serialVersionUID = 1L;
  private static final byte[] MAGIC = "PRSPKGLM".getBytes(StandardCharsets.US_ASCII);
  private static final int FORMAT = 1;

  /** The instance. */
  public static final InterimLinearArtifacts INSTANCE = new InterimLinearArtifacts();

  private InterimLinearArtifacts() {}

  @Override
  public byte[] encode(LinearFit fit) {
    try {
      ByteArrayOutputStream payload = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(payload);
      out.writeUTF(fit.kind().name());
      out.writeUTF(fit.version());
      writeStrings(out, fit.inputs());
      PriceFeatures pf = fit.priceFeatures();
      out.writeUTF(pf.listPriceFeature());
      out.writeUTF(pf.term().id());
      writeStrings(out, pf.interactions());
      writeDoubles(out, fit.weights());
      out.writeDouble(fit.intercept());
      writeDoubles(out, fit.inputMeans());
      out.writeDouble(fit.listFallback());
      out.writeDouble(fit.smear());
      out.writeDouble(fit.smoothing());
      TrainingProvenance p = fit.provenance();
      writeInstant(out, p.trainedAt());
      out.writeLong(p.trainingRows());
      out.writeLong(p.validationRows());
      writeInstant(out, p.firstOffer());
      writeInstant(out, p.lastOffer());
      out.writeUTF(p.split());
      out.writeUTF(p.trainer());
      out.writeLong(p.seed());
      writeStrings(out, p.notes());
      out.flush();
      byte[] body = payload.toByteArray();
      ByteArrayOutputStream file = new ByteArrayOutputStream(body.length + 64);
      DataOutputStream f = new DataOutputStream(file);
      f.write(MAGIC);
      f.writeInt(FORMAT);
      f.write(sha256(body));
      f.writeInt(body.length);
      f.write(body);
      f.flush();
      return file.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("encoding in memory cannot fail", e);
    }
  }

  @Override
  public DemandModel decode(byte[] artifact) throws IOException {
    return decodeModel(artifact);
  }

  /**
   * Decodes and verifies an artifact, keeping the fit.
   *
   * @param artifact the bytes
   * @return the model
   * @throws IOException if the artifact is invalid
   */
  public Model decodeModel(byte[] artifact) throws IOException {
    if (artifact == null || artifact.length < MAGIC.length + 4 + 32 + 4) {
      throw new IOException("not a Spark GLM artifact: " + (artifact == null ? "null" : artifact.length + " bytes"));
    }
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(artifact));
    byte[] magic = in.readNBytes(MAGIC.length);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new IOException("not a Spark GLM artifact: wrong magic");
    }
    int format = in.readInt();
    if (format != FORMAT) {
      throw new IOException("unsupported Spark GLM artifact format version " + format + " (supported: " + FORMAT + ")");
    }
    byte[] digest = in.readNBytes(32);
    int length = in.readInt();
    if (length != artifact.length - (MAGIC.length + 4 + 32 + 4)) {
      throw new IOException("truncated or padded Spark GLM artifact: payload length " + length + ", found "
          + (artifact.length - (MAGIC.length + 4 + 32 + 4)) + " bytes");
    }
    byte[] body = in.readNBytes(length);
    if (!MessageDigest.isEqual(digest, sha256(body))) {
      throw new IOException("Spark GLM artifact checksum mismatch: the bytes were corrupted or edited");
    }
    DataInputStream p = new DataInputStream(new ByteArrayInputStream(body));
    try {
      DemandKind kind = DemandKind.valueOf(p.readUTF());
      String version = p.readUTF();
      List<String> inputs = readStrings(p);
      String list = p.readUTF();
      PriceTerm term = PriceTerm.ofId(p.readUTF());
      List<String> interactions = readStrings(p);
      PriceFeatures pf = PriceFeatures.of(term).withListPriceFeature(list).withInteractions(interactions);
      double[] w = readDoubles(p);
      double b = p.readDouble();
      double[] means = readDoubles(p);
      double listFallback = p.readDouble();
      double smear = p.readDouble();
      double smoothing = p.readDouble();
      TrainingProvenance prov = new TrainingProvenance(readInstant(p), p.readLong(), p.readLong(), readInstant(p),
          readInstant(p), p.readUTF(), p.readUTF(), p.readLong(), readStrings(p));
      LinearFit fit = new LinearFit(kind, version, inputs, pf, w, b, means, listFallback, smear, smoothing, prov);
      return new Model(fit, HexFormat.of().formatHex(digest));
    } catch (IllegalArgumentException e) {
      throw new IOException("Spark GLM artifact payload does not parse: " + e.getMessage(), e);
    }
  }

  /**
   * A decoded Spark-trained linear model: immutable and thread-safe.
   */
  public static final class Model implements DemandModel {
    private final LinearFit fit;
    private final String checksum;

    Model(LinearFit fit, String checksum) {
      this.fit = fit;
      this.checksum = checksum;
    }

    /** @return the fit it scores */
    public LinearFit fit() {
      return fit;
    }

    /** @return the SHA-256 of the artifact's payload, in hex */
    public String checksum() {
      return checksum;
    }

    @Override
    public String version() {
      return fit.version();
    }

    @Override
    public DemandKind kind() {
      return fit.kind();
    }

    @Override
    public Scorer bind(FeatureSchema schema) {
      List<String> inputs = fit.inputs();
      double[] w = fit.weights();
      double[] means = fit.inputMeans();
      int n = inputs.size();
      List<Integer> idx = new ArrayList<>();
      List<Double> wt = new ArrayList<>();
      List<Double> mean = new ArrayList<>();
      for (int j = 0; j < n; j++) {
        if (w[j] != 0) {
          idx.add(schema.require(inputs.get(j)));
          wt.add(w[j]);
          mean.add(means[j]);
        }
      }
      int[] index = idx.stream().mapToInt(Integer::intValue).toArray();
      double[] weight = wt.stream().mapToDouble(Double::doubleValue).toArray();
      double[] fallback = mean.stream().mapToDouble(Double::doubleValue).toArray();
      PriceFeatures pf = fit.priceFeatures();
      int listIndex = schema.require(pf.listPriceFeature());
      double listFallback = fit.listFallback();
      int m = pf.interactions().size();
      int[] inter = new int[m];
      double[] interWeight = new double[m];
      double[] interFallback = new double[m];
      for (int k = 0; k < m; k++) {
        String name = pf.interactions().get(k);
        inter[k] = schema.require(name);
        interWeight[k] = w[n + 1 + k];
        interFallback[k] = means[inputs.indexOf(name)];
      }
      double termWeight = w[n];
      double intercept = fit.intercept();
      PriceTerm term = pf.term();
      boolean logistic = fit.kind() == DemandKind.CONVERSION_PROBABILITY;
      double smear = fit.smear();
      double smoothing = fit.smoothing();
      return (x, prices, count, out) -> {
        double base = intercept;
        for (int j = 0; j < index.length; j++) {
          double v = x[index[j]];
          base += weight[j] * (Double.isFinite(v) ? v : fallback[j]);
        }
        double slope = termWeight;
        for (int k = 0; k < inter.length; k++) {
          double v = x[inter[k]];
          slope += interWeight[k] * Math.max(0.0, Double.isFinite(v) ? v : interFallback[k]);
        }
        double list = x[listIndex];
        if (!(list > 0) || !Double.isFinite(list)) {
          list = listFallback;
        }
        for (int i = 0; i < count; i++) {
          double p = prices[i];
          if (!(p >= 0) || !Double.isFinite(p)) {
            throw new IllegalArgumentException("prices[" + i + "] must be finite and >= 0, found " + p);
          }
          double s = base + slope * term.apply(p, list);
          if (logistic) {
            out[i] = 1.0 / (1.0 + Math.exp(-s));
          } else {
            double u = Math.exp(Math.min(s, 700)) * smear - smoothing;
            out[i] = u > 0 ? u : 0.0;
          }
        }
      };
    }

    @Override
    public String toString() {
      return "Spark GLM " + fit.version() + " (" + fit.kind() + ", sha256 " + checksum + ")";
    }
  }

  private static void writeStrings(DataOutputStream out, List<String> s) throws IOException {
    out.writeInt(s.size());
    for (String v : s) {
      out.writeUTF(v);
    }
  }

  private static List<String> readStrings(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 1_000_000) {
      throw new IOException("Spark GLM artifact payload does not parse: list of " + n + " strings");
    }
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(in.readUTF());
    }
    return out;
  }

  private static void writeDoubles(DataOutputStream out, double[] v) throws IOException {
    out.writeInt(v.length);
    for (double d : v) {
      out.writeDouble(d);
    }
  }

  private static double[] readDoubles(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 10_000_000) {
      throw new IOException("Spark GLM artifact payload does not parse: array of " + n + " numbers");
    }
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = in.readDouble();
    }
    return v;
  }

  private static void writeInstant(DataOutputStream out, Instant t) throws IOException {
    out.writeLong(t.getEpochSecond());
    out.writeInt(t.getNano());
  }

  private static Instant readInstant(DataInputStream in) throws IOException {
    return Instant.ofEpochSecond(in.readLong(), in.readInt());
  }

  private static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }

  private Object readResolve() {
    return INSTANCE;
  }
}
