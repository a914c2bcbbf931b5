package dev.pricing.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.pricing.onnx.BatchExecution;
import dev.pricing.onnx.EmbeddingCache;
import dev.pricing.onnx.TextEncoder;
import dev.pricing.onnx.TokenizedBatch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The transformer encoder (bundled int8 all-MiniLM-L6-v2 on the CPU, one intra-op thread for both sides):
 * our wrapper against a bare ONNX Runtime session on the same pre-tokenized input (tensor creation, run,
 * mean pooling and L2 normalisation on both sides), tokenization alone, and an embedding-cache hit.
 *
 * <p>Run: {@code java -jar pricing-bench/target/benchmarks.jar EncoderBenchmark -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 4, time = 2)
public class EncoderBenchmark {
  static final int BATCH = 32;

  /** Encoders, the bare session, pre-tokenized inputs and a warm cache. */
  @State(Scope.Thread)
  public static class Data {
    TextEncoder perText;
    TextEncoder padded;
    OrtEnvironment env;
    OrtSession bare;
    boolean bareTypeIds;
    List<String> titles;
    TokenizedBatch[] singles;
    TokenizedBatch[] batches;
    EmbeddingCache cache;
    int next;

    /** Builds everything from the model bundled on the class path. */
    @Setup(Level.Trial)
    public void setUp() throws IOException, OrtException {
      Path natives = Path.of("target", "bench-native");
      perText = TextEncoder.builder().nativeDirectory(natives).intraOpThreads(1).interOpThreads(1).build();
      padded = TextEncoder.builder().nativeDirectory(natives).intraOpThreads(1).interOpThreads(1)
          .batchExecution(BatchExecution.PADDED).build();
      byte[] model;
      try (InputStream in = TextEncoder.class.getClassLoader().getResourceAsStream("all-minilm-l6-v2-q.onnx")) {
        model = in.readAllBytes();
      }
      env = OrtEnvironment.getEnvironment();
      try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        bare = env.createSession(model, options);
      }
      bareTypeIds = bare.getInputNames().contains("token_type_ids");
      titles = BenchData.titles(256);
      singles = new TokenizedBatch[titles.size()];
      for (int i = 0; i < titles.size(); i++) {
        singles[i] = perText.tokenize(List.of(titles.get(i)));
      }
      batches = new TokenizedBatch[titles.size() / BATCH];
      for (int b = 0; b < batches.length; b++) {
        batches[b] = perText.tokenize(titles.subList(b * BATCH, (b + 1) * BATCH));
      }
      cache = EmbeddingCache.create(1024);
      for (String t : titles) {
        cache.put(t, perText.encode(t));
      }
    }

    /** Frees the native sessions. */
    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
      perText.close();
      padded.close();
      bare.close();
    }

    int advance() {
      int i = next;
      next = (i + 1) % titles.size();
      return i;
    }
  }

  /**
   * Tokenizes one title.
   *
   * @param d the data
   * @return the tokens
   */
  @Benchmark
  public TokenizedBatch tokenize(Data d) {
    return d.perText.tokenize(List.of(d.titles.get(d.advance())));
  }

  /**
   * Our wrapper: one pre-tokenized title.
   *
   * @param d the data
   * @return the embedding
   */
  @Benchmark
  public List<float[]> wrapperSingle(Data d) {
    return d.perText.encodeTokens(d.singles[d.advance()]);
  }

  /**
   * A bare ONNX Runtime session: the same pre-tokenized title.
   *
   * @param d the data
   * @return the embedding
   * @throws OrtException if ONNX Runtime fails
   */
  @Benchmark
  public List<float[]> bareSingle(Data d) throws OrtException {
    return bare(d, d.singles[d.advance()]);
  }

  /**
   * Our wrapper: 32 pre-tokenized titles in one padded run.
   *
   * @param d the data
   * @return the embeddings
   */
  @Benchmark
  public List<float[]> wrapperBatch32(Data d) {
    return d.padded.encodeTokens(d.batches[d.advance() % d.batches.length]);
  }

  /**
   * A bare ONNX Runtime session: the same 32 titles in one padded run.
   *
   * @param d the data
   * @return the embeddings
   * @throws OrtException if ONNX Runtime fails
   */
  @Benchmark
  public List<float[]> bareBatch32(Data d) throws OrtException {
    return bare(d, d.batches[d.advance() % d.batches.length]);
  }

  /**
   * Our wrapper's default for the int8 model: the same 32 titles, one run per text (embeddings independent
   * of the batch).
   *
   * @param d the data
   * @return the embeddings
   */
  @Benchmark
  public List<float[]> wrapperBatch32PerText(Data d) {
    return d.perText.encodeTokens(d.batches[d.advance() % d.batches.length]);
  }

  /**
   * An embedding-cache hit, as the title extractor does on the pricing hot path.
   *
   * @param d the data
   * @return the cached embedding
   */
  @Benchmark
  public float[] cacheHit(Data d) {
    return d.cache.get(d.titles.get(d.advance()));
  }

  /** Runs the bare session on a tokenized batch, then mean-pools over the mask and L2-normalises. */
  static List<float[]> bare(Data d, TokenizedBatch t) throws OrtException {
    long[] shape = {t.batchSize(), t.sequenceLength()};
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try (OnnxTensor ids = OnnxTensor.createTensor(d.env, LongBuffer.wrap(t.inputIds()), shape);
         OnnxTensor mask = OnnxTensor.createTensor(d.env, LongBuffer.wrap(t.attentionMask()), shape);
         OnnxTensor types = OnnxTensor.createTensor(d.env, LongBuffer.wrap(t.tokenTypeIds()), shape)) {
      inputs.put("input_ids", ids);
      inputs.put("attention_mask", mask);
      if (d.bareTypeIds) {
        inputs.put("token_type_ids", types);
      }
      try (OrtSession.Result result = d.bare.run(inputs)) {
        float[][][] hidden = (float[][][]) result.get(0).getValue();
        long[] m = t.attentionMask();
        int seq = t.sequenceLength();
        List<float[]> out = new ArrayList<>(t.batchSize());
        for (int b = 0; b < hidden.length; b++) {
          float[] e = new float[hidden[b][0].length];
          int count = 0;
          for (int s = 0; s < seq; s++) {
            if (m[b * seq + s] != 0) {
              count++;
              for (int k = 0; k < e.length; k++) {
                e[k] += hidden[b][s][k];
              }
            }
          }
          double norm = 0;
          for (int k = 0; k < e.length; k++) {
            e[k] /= count;
            norm += e[k] * e[k];
          }
          float inv = (float) (1 / Math.sqrt(norm));
          for (int k = 0; k < e.length; k++) {
            e[k] *= inv;
          }
          out.add(e);
        }
        return out;
      }
    }
  }
}
