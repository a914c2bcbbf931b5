package dev.pricing.core.demand;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.pricing.api.FeatureSchema;
import dev.pricing.core.demand.internal.Derivation;
import dev.pricing.core.demand.internal.GbdtEnsemble;
import dev.pricing.core.demand.internal.GbdtPlan;
import dev.pricing.core.demand.internal.EntityTerms;
import dev.pricing.core.demand.internal.GlmPlan;
import dev.pricing.core.demand.internal.Link;
import dev.pricing.core.demand.internal.ModelInputs;
import dev.pricing.core.demand.internal.PricePlan;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
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
import java.util.Set;
import org.tribuo.Model;
import org.tribuo.protos.core.ModelProto;

/**
 * The binary artifact of a {@link TrainedDemandModel}.
 *
 * <pre>
 * magic     8 bytes  "PRDEMAND"
 * format    int      1
 * sha256    32 bytes of the payload
 * length    int      payload length
 * payload:  algorithm id, version, schema names, price features, standardisation, fallbacks,
 *           units retransformation, provenance, then the Tribuo ModelProto bytes
 * </pre>
 *
 * Strings are an int length and UTF-8 bytes; arrays an int length and doubles. Decoding checks the magic,
 * the format, the checksum, every length against the bytes left, the Tribuo model class against an
 * allow-list, and the model against the schema. Not thread-sensitive: static and stateless.
 */
final class ArtifactFormat {
  static {
    // Loading an artifact deserialises a Tribuo model, which logs at INFO: keep that off stderr too.
    dev.pricing.core.demand.internal.TribuoLogging.ensureQuiet();
  }

  static final byte[] MAGIC = "PRDEMAND".getBytes(StandardCharsets.US_ASCII);
  static final int FORMAT = 1;
  /** The format of models over candidate-price features (GLM, boosted trees). */
  static final int FORMAT_PLAN = 2;
  /**
   * The link name a GLM with a ceiling is written under (a logistic link times a ceiling, whose constant and
   * weights follow the GLM's fields).
   */
  static final String CEILING_LINK = "LOGISTIC_CEILING";
  /** Format 2 plus, after the GLM body, its entity tables (vocabularies, level effects, slope deviations). */
  static final int FORMAT_ENTITIES = 3;
  private static final Set<String> ALLOWED_TRIBUO_CLASSES = Set.of(
      "org.tribuo.classification.sgd.linear.LinearSGDModel",
      "org.tribuo.regression.sgd.linear.LinearSGDModel",
      "org.tribuo.common.tree.TreeModel");

  private ArtifactFormat() {}

  static byte[] digest(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** Returns the stored payload checksum of a well-formed artifact. */
  static byte[] payloadDigest(byte[] artifact) {
    return Arrays.copyOfRange(artifact, MAGIC.length + 4, MAGIC.length + 4 + 32);
  }

  static byte[] encode(TrainedDemandModel m) {
    if (m.glmPlan() != null || m.gbdtPlan() != null) {
      return encodePlan(m);
    }
    try {
      ByteArrayOutputStream payloadBytes = new ByteArrayOutputStream();
      DataOutputStream p = new DataOutputStream(payloadBytes);
      writeString(p, m.algorithm().id());
      writeString(p, m.version());
      writeStrings(p, m.trainingSchema().names());
      Derivation d = m.derivation();
      PriceFeatures pf = d.priceFeatures();
      writeString(p, pf.listPriceFeature());
      writeString(p, pf.term().id());
      writeStrings(p, pf.interactions());
      writeDoubles(p, d.means());
      writeDoubles(p, d.scales());
      writeDoubles(p, d.inputFallbacks());
      p.writeDouble(d.listFallback());
      p.writeDouble(m.smear());
      p.writeDouble(m.smoothing());
      TrainingProvenance v = m.provenance();
      writeInstant(p, v.trainedAt());
      p.writeLong(v.trainingRows());
      p.writeLong(v.validationRows());
      writeInstant(p, v.firstOffer());
      writeInstant(p, v.lastOffer());
      writeString(p, v.split());
      writeString(p, v.trainer());
      p.writeLong(v.seed());
      writeStrings(p, v.notes());
      byte[] proto = m.tribuoModel().serialize().toByteArray();
      p.writeInt(proto.length);
      p.write(proto);
      p.flush();
      byte[] payload = payloadBytes.toByteArray();
      ByteArrayOutputStream all = new ByteArrayOutputStream(payload.length + 64);
      DataOutputStream o = new DataOutputStream(all);
      o.write(MAGIC);
      o.writeInt(FORMAT);
      o.write(digest(payload));
      o.writeInt(payload.length);
      o.write(payload);
      o.flush();
      return all.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
  }

  private static byte[] frame(byte[] payload, int format) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream(payload.length + 64);
    DataOutputStream o = new DataOutputStream(all);
    o.write(MAGIC);
    o.writeInt(format);
    o.write(digest(payload));
    o.writeInt(payload.length);
    o.write(payload);
    o.flush();
    return all.toByteArray();
  }

  private static void writeProvenance(DataOutputStream p, TrainingProvenance v) throws IOException {
    writeInstant(p, v.trainedAt());
    p.writeLong(v.trainingRows());
    p.writeLong(v.validationRows());
    writeInstant(p, v.firstOffer());
    writeInstant(p, v.lastOffer());
    writeString(p, v.split());
    writeString(p, v.trainer());
    p.writeLong(v.seed());
    writeStrings(p, v.notes());
  }

  private static TrainingProvenance readProvenance(DataInputStream p, int max) throws IOException {
    Instant trainedAt = readInstant(p);
    long trainingRows = p.readLong();
    long validationRows = p.readLong();
    Instant first = readInstant(p);
    Instant last = readInstant(p);
    String split = readString(p, max);
    String trainer = readString(p, max);
    long seed = p.readLong();
    List<String> notes = readStrings(p, max);
    return new TrainingProvenance(trainedAt, trainingRows, validationRows, first, last, split, trainer, seed, notes);
  }

  /**
   * Format 2: algorithm id, version, schema names, provenance, candidate-price feature names, input fallbacks,
   * list-price position and fallback, then the GLM body: constant, input weights, price slopes, interaction
   * inputs and weights, link, smear, smoothing, demand cap.
   */
  private static byte[] encodePlan(TrainedDemandModel m) {
    try {
      ByteArrayOutputStream payloadBytes = new ByteArrayOutputStream();
      DataOutputStream p = new DataOutputStream(payloadBytes);
      writeString(p, m.algorithm().id());
      writeString(p, m.version());
      writeStrings(p, m.trainingSchema().names());
      writeProvenance(p, m.provenance());
      List<String> names = new ArrayList<>();
      for (CandidatePriceFeature f : m.candidatePriceFeatures()) {
        names.add(f.name());
      }
      writeStrings(p, names);
      ModelInputs in = m.glmPlan() != null ? m.glmPlan().inputs() : m.gbdtPlan().inputs();
      writeDoubles(p, in.fallback());
      p.writeInt(in.listIndex());
      p.writeDouble(in.listFallback());
      boolean entities = m.glmPlan() != null && m.glmPlan().entities().fields() > 0;
      if (m.glmPlan() != null) {
        writeGlm(p, m.glmPlan());
        if (entities) {
          writeEntities(p, m.glmPlan().entities());
        }
      } else {
        GbdtPlan g = m.gbdtPlan();
        p.writeDouble(g.maxDemand());
        byte[] ensemble = g.ensemble().toBytes();
        p.writeInt(ensemble.length);
        p.write(ensemble);
        p.writeBoolean(g.base() != null);
        if (g.base() != null) {
          writeGlm(p, g.base());
        }
      }
      p.flush();
      return frame(payloadBytes.toByteArray(), entities ? FORMAT_ENTITIES : FORMAT_PLAN);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
  }

  private static void writeGlm(DataOutputStream p, GlmPlan g) throws IOException {
    p.writeDouble(g.constant());
    writeDoubles(p, g.weights());
    writeDoubles(p, g.slopes());
    int[] inter = g.interactionInputs();
    p.writeInt(inter.length);
    for (int k : inter) {
      p.writeInt(k);
    }
    writeDoubles(p, g.interactionWeights());
    writeString(p, g.hasCeiling() ? CEILING_LINK : g.link().name());
    p.writeDouble(g.smear());
    p.writeDouble(g.smoothing());
    p.writeDouble(g.maxDemand());
    if (g.hasCeiling()) {
      p.writeDouble(g.ceilingConstant());
      writeDoubles(p, g.ceilingWeights());
    }
  }

  private static void writeEntities(DataOutputStream p, EntityTerms e) throws IOException {
    p.writeInt(e.fields());
    for (int f = 0; f < e.fields(); f++) {
      p.writeInt(e.input(f));
      writeString(p, e.feature(f));
      writeStrings(p, e.levels(f));
      writeDoubles(p, e.effects(f));
    }
    p.writeInt(e.slopeField());
    writeDoubles(p, e.slopeDeviations());
  }

  private static EntityTerms readEntities(DataInputStream p, int max) throws IOException {
    int fields = readLength(p, max, 4);
    int[] input = new int[fields];
    List<String> features = new ArrayList<>();
    List<List<String>> levels = new ArrayList<>();
    double[][] effects = new double[fields][];
    for (int f = 0; f < fields; f++) {
      input[f] = p.readInt();
      features.add(readString(p, max));
      levels.add(readStrings(p, max));
      effects[f] = readDoubles(p, max);
    }
    int slopeField = p.readInt();
    double[] slope = readDoubles(p, max);
    return new EntityTerms(input, features, levels, effects, slopeField, slope);
  }

  private static GlmPlan readGlm(DataInputStream p, int max, ModelInputs in, PricePlan price) throws IOException {
    double constant = p.readDouble();
    double[] w = readDoubles(p, max);
    double[] beta = readDoubles(p, max);
    int k = readLength(p, max, 4);
    int[] inter = new int[k];
    for (int i = 0; i < k; i++) {
      inter[i] = p.readInt();
    }
    double[] gamma = readDoubles(p, max);
    String linkName = readString(p, max);
    boolean ceiling = linkName.equals(CEILING_LINK);
    Link link;
    try {
      link = ceiling ? Link.LOGISTIC : Link.valueOf(linkName);
    } catch (IllegalArgumentException e) {
      throw new IOException("unknown GLM link '" + linkName + "'", e);
    }
    double smear = p.readDouble();
    double smoothing = p.readDouble();
    double cap = p.readDouble();
    if (!ceiling) {
      return new GlmPlan(in, price, constant, w, beta, inter, gamma, link, smear, smoothing, cap);
    }
    double ceilingConstant = p.readDouble();
    double[] ceilingWeights = readDoubles(p, max);
    return new GlmPlan(in, price, constant, w, beta, inter, gamma, link, smear, smoothing, cap, ceilingConstant,
        ceilingWeights);
  }

  private static TrainedDemandModel decodePlanPayload(byte[] payload, byte[] artifact,
      List<CandidatePriceFeature> custom, int format) throws IOException {
    int max = payload.length;
    DataInputStream p = new DataInputStream(new ByteArrayInputStream(payload));
    DemandAlgorithm algorithm = DemandAlgorithm.ofId(readString(p, max));
    if (!algorithm.usesCandidatePriceFeatures()) {
      throw new IOException("format " + FORMAT_PLAN + " holds a GLM or boosted trees, not " + algorithm.id());
    }
    String version = readString(p, max);
    FeatureSchema schema = FeatureSchema.of(readStrings(p, max));
    TrainingProvenance provenance = readProvenance(p, max);
    List<CandidatePriceFeature> features = new ArrayList<>();
    for (String name : readStrings(p, max)) {
      features.add(resolve(name, custom));
    }
    features = CandidatePriceFeatures.validate(features);
    double[] fallback = readDoubles(p, max);
    int listIndex = p.readInt();
    double listFallback = p.readDouble();
    ModelInputs in = new ModelInputs(schema.names(), fallback, listIndex, listFallback);
    PricePlan price = new PricePlan(features, schema.names());
    if (algorithm.isGbdt()) {
      double cap = p.readDouble();
      int length = readLength(p, max, 1);
      byte[] ensemble = p.readNBytes(length);
      GlmPlan base = p.readBoolean() ? readGlm(p, max, in, price) : null;
      if (p.available() != 0) {
        throw new IOException(p.available() + " bytes follow the model");
      }
      GbdtPlan plan;
      try {
        plan = new GbdtPlan(in, price, GbdtEnsemble.fromBytes(ensemble), cap, base);
      } catch (IllegalArgumentException e) {
        throw new IOException("the boosted trees are damaged: " + e.getMessage(), e);
      }
      return new TrainedDemandModel(algorithm, version, schema, features, plan, provenance, artifact);
    }
    GlmPlan glm = readGlm(p, max, in, price);
    if (format == FORMAT_ENTITIES) {
      EntityTerms e = readEntities(p, max);
      glm = new GlmPlan(in, price, glm.constant(), glm.weights(), glm.slopes(), glm.interactionInputs(),
          glm.interactionWeights(), glm.link(), glm.smear(), glm.smoothing(), glm.maxDemand(), glm.ceilingConstant(),
          glm.ceilingWeights(), e);
    }
    if (p.available() != 0) {
      throw new IOException(p.available() + " bytes follow the model");
    }
    return new TrainedDemandModel(algorithm, version, schema, features, glm, provenance, artifact);
  }

  private static CandidatePriceFeature resolve(String name, List<CandidatePriceFeature> custom) throws IOException {
    CandidatePriceFeature f = CandidatePriceFeatures.builtin(name);
    if (f != null) {
      return f;
    }
    for (CandidatePriceFeature c : custom) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    throw new IOException("the model uses candidate-price feature '" + name + "', which is neither built in nor "
        + "among the features given to fromBytes; this engine cannot compute it");
  }

  static TrainedDemandModel decode(byte[] bytes) throws ModelArtifactException {
    return decode(bytes, List.of());
  }

  static TrainedDemandModel decode(byte[] bytes, List<CandidatePriceFeature> custom) throws ModelArtifactException {
    int header = MAGIC.length + 4 + 32 + 4;
    if (bytes.length < header || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
      throw new ModelArtifactException("not a demand-model artifact: the file does not start with "
          + new String(MAGIC, StandardCharsets.US_ASCII));
    }
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
    byte[] payload;
    int format;
    byte[] expected = new byte[32];
    try {
      in.skipNBytes(MAGIC.length);
      format = in.readInt();
      if (format != FORMAT && format != FORMAT_PLAN && format != FORMAT_ENTITIES) {
        throw new ModelArtifactException("unsupported demand-model artifact format " + format + " (this library "
            + "reads formats " + FORMAT + ", " + FORMAT_PLAN + " and " + FORMAT_ENTITIES + ")");
      }
      in.readFully(expected);
      int length = in.readInt();
      if (length != bytes.length - header) {
        throw new ModelArtifactException("corrupted demand-model artifact: the header says " + length
            + " payload bytes but " + (bytes.length - header) + " follow (truncated or padded file)");
      }
      payload = new byte[length];
      in.readFully(payload);
    } catch (ModelArtifactException e) {
      throw e;
    } catch (IOException e) {
      throw new ModelArtifactException("corrupted demand-model artifact: truncated header", e);
    }
    byte[] actual = digest(payload);
    if (!MessageDigest.isEqual(expected, actual)) {
      throw new ModelArtifactException("corrupted demand-model artifact: checksum mismatch (expected "
          + HexFormat.of().formatHex(expected) + ", computed " + HexFormat.of().formatHex(actual) + ")");
    }
    try {
      return format != FORMAT ? decodePlanPayload(payload, bytes, custom, format) : decodePayload(payload, bytes);
    } catch (EOFException e) {
      throw new ModelArtifactException("inconsistent demand-model artifact: the payload ends early", e);
    } catch (IOException e) {
      throw new ModelArtifactException("inconsistent demand-model artifact: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new ModelArtifactException("inconsistent demand-model artifact: " + e.getMessage(), e);
    }
  }

  private static TrainedDemandModel decodePayload(byte[] payload, byte[] artifact) throws IOException {
    DataInputStream p = new DataInputStream(new ByteArrayInputStream(payload));
    DemandAlgorithm algorithm = DemandAlgorithm.ofId(readString(p, payload.length));
    String version = readString(p, payload.length);
    FeatureSchema schema = FeatureSchema.of(readStrings(p, payload.length));
    String listFeature = readString(p, payload.length);
    PriceTerm term = PriceTerm.ofId(readString(p, payload.length));
    List<String> interactions = readStrings(p, payload.length);
    PriceFeatures pf = new PriceFeatures(listFeature, term, interactions);
    double[] means = readDoubles(p, payload.length);
    double[] scales = readDoubles(p, payload.length);
    double[] fallbacks = readDoubles(p, payload.length);
    double listFallback = p.readDouble();
    double smear = p.readDouble();
    double smoothing = p.readDouble();
    Derivation derivation = new Derivation(schema.names(), pf, means, scales, fallbacks, listFallback);
    Instant trainedAt = readInstant(p);
    long trainingRows = p.readLong();
    long validationRows = p.readLong();
    Instant first = readInstant(p);
    Instant last = readInstant(p);
    String split = readString(p, payload.length);
    String trainer = readString(p, payload.length);
    long seed = p.readLong();
    List<String> notes = readStrings(p, payload.length);
    TrainingProvenance provenance = new TrainingProvenance(trainedAt, trainingRows, validationRows, first, last,
        split, trainer, seed, notes);
    int protoLength = p.readInt();
    if (protoLength < 0 || protoLength != p.available()) {
      throw new IOException("the Tribuo model takes " + protoLength + " bytes but " + p.available() + " remain");
    }
    byte[] protoBytes = p.readNBytes(protoLength);
    ModelProto proto;
    try {
      proto = ModelProto.parseFrom(protoBytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IOException("the Tribuo model is not a valid ModelProto: " + e.getMessage(), e);
    }
    if (!ALLOWED_TRIBUO_CLASSES.contains(proto.getClassName())) {
      throw new IOException("the Tribuo model class '" + proto.getClassName() + "' is not one this library "
          + "trains; refusing to instantiate it");
    }
    Model<?> model = Model.deserialize(proto);
    return new TrainedDemandModel(algorithm, version, schema, derivation, model, smear, smoothing, provenance,
        artifact);
  }

  private static void writeString(DataOutputStream o, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    o.writeInt(b.length);
    o.write(b);
  }

  private static void writeStrings(DataOutputStream o, List<String> list) throws IOException {
    o.writeInt(list.size());
    for (String s : list) {
      writeString(o, s);
    }
  }

  private static void writeDoubles(DataOutputStream o, double[] a) throws IOException {
    o.writeInt(a.length);
    for (double v : a) {
      o.writeDouble(v);
    }
  }

  private static void writeInstant(DataOutputStream o, Instant t) throws IOException {
    o.writeLong(t.getEpochSecond());
    o.writeInt(t.getNano());
  }

  private static int readLength(DataInputStream in, int max, int unit) throws IOException {
    int n = in.readInt();
    if (n < 0 || (long) n * unit > in.available() || n > max) {
      throw new IOException("a length of " + n + " exceeds the " + in.available() + " bytes left");
    }
    return n;
  }

  private static String readString(DataInputStream in, int max) throws IOException {
    int n = readLength(in, max, 1);
    return new String(in.readNBytes(n), StandardCharsets.UTF_8);
  }

  private static List<String> readStrings(DataInputStream in, int max) throws IOException {
    int n = readLength(in, max, 4);
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(readString(in, max));
    }
    return out;
  }

  private static double[] readDoubles(DataInputStream in, int max) throws IOException {
    int n = readLength(in, max, 8);
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = in.readDouble();
    }
    return a;
  }

  private static Instant readInstant(DataInputStream in) throws IOException {
    long s = in.readLong();
    int nanos = in.readInt();
    try {
      return Instant.ofEpochSecond(s, nanos);
    } catch (RuntimeException e) {
      throw new IOException("invalid instant " + s + "s " + nanos + "ns", e);
    }
  }
}
