package dev.pricing.onnx;

import static dev.pricing.onnx.Encoders.NATIVE_DIR;
import static dev.pricing.onnx.Encoders.cosine;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our tokenizer + pooling wrapper against reference pipelines on the same input, and the int8 model
 * against the fp32 model it was quantized from.
 */
class ReferenceParityTest {
  private static final List<String> TITLES = Encoders.productTitles();
  private static TextEncoder fp32;

  @BeforeAll
  static void openFp32() throws IOException {
    Path dir = Path.of("target", "models", "all-minilm-l6-v2");
    Files.createDirectories(dir);
    Path model = copy("all-minilm-l6-v2.onnx", dir);
    Path tokenizer = copy("all-minilm-l6-v2-tokenizer.json", dir);
    fp32 = TextEncoder.builder().nativeDirectory(NATIVE_DIR).model(model, tokenizer).maxLength(256)
        .intraOpThreads(2).build();
  }

  @AfterAll
  static void closeFp32() {
    fp32.close();
  }

  private static Path copy(String resource, Path dir) throws IOException {
    Path target = dir.resolve(resource);
    try (InputStream in = ReferenceParityTest.class.getClassLoader().getResourceAsStream(resource)) {
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }

  @Test
  void encode_equalsLangchain4jsOwnQuantizedMiniLmPipeline() {
    AllMiniLmL6V2QuantizedEmbeddingModel reference = new AllMiniLmL6V2QuantizedEmbeddingModel();
    TextEncoder ours = Encoders.shared();
    DoubleSummaryStatistics stats = new DoubleSummaryStatistics();
    List<float[]> batch = ours.encode(TITLES);
    for (int i = 0; i < TITLES.size(); i++) {
      float[] theirs = reference.embed(TITLES.get(i)).content().vector();
      stats.accept(cosine(batch.get(i), theirs));
    }
    System.out.printf("ours vs langchain4j int8: cosine min %.6f mean %.6f over %d titles%n",
        stats.getMin(), stats.getAverage(), stats.getCount());
    assertThat(stats.getMin()).isGreaterThan(0.9999);
  }

  /** A bare ONNX Runtime session, the tokenizer.json's own settings (fixed padding to 128), float math. */
  @Test
  void encode_equalsABareOnnxRuntimePipeline() throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    byte[] model;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(TextEncoder.BUNDLED_MODEL)) {
      model = in.readAllBytes();
    }
    DoubleSummaryStatistics stats = new DoubleSummaryStatistics();
    try (InputStream tokJson = getClass().getClassLoader().getResourceAsStream(TextEncoder.BUNDLED_TOKENIZER);
        HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(tokJson, Map.of());
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = env.createSession(model, options)) {
      for (String title : TITLES) {
        Encoding enc = tokenizer.encode(title);
        long[] shape = {1, enc.getIds().length};
        float[] pooled = new float[384];
        try (OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(enc.getIds()), shape);
            OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(enc.getAttentionMask()), shape);
            OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(enc.getTypeIds()), shape);
            OrtSession.Result r = session.run(Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types))) {
          FloatBuffer hidden = ((OnnxTensor) r.get("last_hidden_state").orElseThrow()).getFloatBuffer();
          long[] m = enc.getAttentionMask();
          int tokens = 0;
          for (int t = 0; t < m.length; t++) {
            if (m[t] == 1) {
              tokens++;
              for (int d = 0; d < 384; d++) {
                pooled[d] += hidden.get(t * 384 + d);
              }
            }
          }
          for (int d = 0; d < 384; d++) {
            pooled[d] /= tokens;
          }
        }
        stats.accept(cosine(pooled, Encoders.shared().encode(title)));
      }
    }
    System.out.printf("ours vs bare ORT int8: cosine min %.6f mean %.6f%n", stats.getMin(), stats.getAverage());
    assertThat(stats.getMin()).isGreaterThan(0.9999);
  }

  @Test
  void int8_agreesWithFp32OnRealProductTitles() {
    List<float[]> q = Encoders.shared().encode(TITLES);
    List<float[]> f = fp32.encode(TITLES);
    DoubleSummaryStatistics stats = new DoubleSummaryStatistics();
    for (int i = 0; i < TITLES.size(); i++) {
      stats.accept(cosine(q.get(i), f.get(i)));
    }
    System.out.printf("int8 vs fp32: cosine min %.4f mean %.4f max %.4f over %d titles%n",
        stats.getMin(), stats.getAverage(), stats.getMax(), stats.getCount());
    assertThat(stats.getMin()).isGreaterThan(0.97);
  }

  @Test
  void batchExecution_autoPicksPerTextForInt8AndPaddedForFp32() {
    assertThat(Encoders.shared().batchExecution()).isEqualTo(BatchExecution.PER_TEXT);
    assertThat(fp32.batchExecution()).isEqualTo(BatchExecution.PADDED);
  }

  @Test
  void paddedBatch_ofTheFp32ModelEqualsEachTextAlone() {
    List<String> texts = List.of("mug", "USB-C cable", TITLES.get(6), TITLES.get(52) + ", with a long description padded");
    assertThat(fp32.tokenize(texts).tokenCount(0)).isLessThan(fp32.tokenize(texts).sequenceLength());
    List<float[]> batch = fp32.encode(texts);
    for (int i = 0; i < texts.size(); i++) {
      assertThat(cosine(batch.get(i), fp32.encode(texts.get(i)))).as(texts.get(i)).isGreaterThan(0.9999);
    }
  }

  /** Why PER_TEXT exists: dynamic int8 quantization takes its scale from the whole padded batch. */
  @Test
  void paddedBatch_ofTheInt8ModelDependsOnItsBatchMates() {
    try (TextEncoder padded = TextEncoder.builder().nativeDirectory(NATIVE_DIR).batchExecution(BatchExecution.PADDED)
        .intraOpThreads(2).build()) {
      List<float[]> batch = padded.encode(TITLES.subList(0, 16));
      DoubleSummaryStatistics stats = new DoubleSummaryStatistics();
      for (int i = 0; i < 16; i++) {
        stats.accept(cosine(batch.get(i), padded.encode(TITLES.get(i))));
      }
      System.out.printf("int8 padded batch vs alone: cosine min %.4f mean %.4f%n", stats.getMin(), stats.getAverage());
      assertThat(stats.getMin()).isGreaterThan(0.97).isLessThan(0.9999);
    }
  }
}
