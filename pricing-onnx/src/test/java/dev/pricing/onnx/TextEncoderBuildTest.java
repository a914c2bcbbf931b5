package dev.pricing.onnx;

import static dev.pricing.onnx.Encoders.NATIVE_DIR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Building, bad models and tokenizers, providers, and the closed state. */
class TextEncoderBuildTest {
  @TempDir Path dir;

  private static boolean cudaAvailable() {
    return OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
  }

  private Path bundled(String resource) throws IOException {
    Path p = dir.resolve(resource);
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
      Files.copy(in, p);
    }
    return p;
  }

  @Test
  void build_modelPathThatDoesNotExistIsRejectedNamingIt() throws IOException {
    Path tokenizer = bundled(TextEncoder.BUNDLED_TOKENIZER);
    Path missing = dir.resolve("no-such-model.onnx");
    assertThatThrownBy(() -> TextEncoder.builder().model(missing, tokenizer))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("modelPath does not exist").hasMessageContaining(missing.toString());
  }

  @Test
  void build_modelPathThatIsNotOnnxIsRejectedKeepingTheCause() throws IOException {
    Path tokenizer = bundled(TextEncoder.BUNDLED_TOKENIZER);
    Path notOnnx = Files.writeString(dir.resolve("model.onnx"), "this is not a protobuf model");
    assertThatThrownBy(() -> TextEncoder.builder().nativeDirectory(NATIVE_DIR).model(notOnnx, tokenizer).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("modelPath is not a loadable ONNX model").hasMessageContaining(notOnnx.toString())
        .cause().isNotNull();
  }

  @Test
  void build_tokenizerThatIsNotATokenizerJsonIsRejected() throws IOException {
    Path model = bundled(TextEncoder.BUNDLED_MODEL);
    Path bad = Files.writeString(dir.resolve("tokenizer.json"), "{\"not\": \"a tokenizer\"}");
    assertThatThrownBy(() -> TextEncoder.builder().nativeDirectory(NATIVE_DIR).model(model, bad).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tokenizerPath is not a HuggingFace tokenizer.json").hasMessageContaining(bad.toString());
  }

  @Test
  void build_tokenizerThatDoesNotMatchTheModelIsRejected() throws IOException {
    Path model = bundled(TextEncoder.BUNDLED_MODEL);
    // A real WordPiece tokenizer whose vocabulary is numbered past the model's 30522 embeddings, as a
    // tokenizer of a bigger-vocabulary model would be.
    String json;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(TextEncoder.BUNDLED_TOKENIZER)) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    int vocab = json.indexOf("\"vocab\"");
    Matcher m = Pattern.compile("\":\\s*(\\d+)").matcher(json.substring(vocab));
    StringBuilder shifted = new StringBuilder(json.substring(0, vocab));
    while (m.find()) {
      m.appendReplacement(shifted, "\":" + (Long.parseLong(m.group(1)) + 100_000));
    }
    m.appendTail(shifted);
    String mismatched = shifted.toString();
    Path tokenizer = Files.writeString(dir.resolve("other-tokenizer.json"), mismatched);
    assertThatThrownBy(() -> TextEncoder.builder().nativeDirectory(NATIVE_DIR).model(model, tokenizer).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tokenizerPath does not match the model").hasMessageContaining(tokenizer.toString());
  }

  @Test
  void build_modelGivenByPathWorksLikeTheBundledOne() throws IOException {
    Path model = bundled(TextEncoder.BUNDLED_MODEL);
    Path tokenizer = bundled(TextEncoder.BUNDLED_TOKENIZER);
    try (TextEncoder byPath = TextEncoder.builder().nativeDirectory(NATIVE_DIR).model(model, tokenizer)
        .maxLength(256).intraOpThreads(1).build()) {
      assertThat(byPath.modelId()).isEqualTo(Encoders.shared().modelId());
      assertThat(byPath.modelName()).isEqualTo(model.toString());
      String t = "Garmin Forerunner 265 GPS Running Smartwatch";
      assertThat(byPath.encode(t)).containsExactly(Encoders.shared().encode(t));
    }
  }

  @Test
  void builder_rejectsBadValuesNamingTheParameterAndValue() {
    TextEncoder.Builder b = TextEncoder.builder();
    assertThatThrownBy(() -> b.intraOpThreads(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("intraOpThreads").hasMessageContaining("0");
    assertThatThrownBy(() -> b.interOpThreads(-2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("interOpThreads").hasMessageContaining("-2");
    assertThatThrownBy(() -> b.maxLength(2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxLength").hasMessageContaining("2");
    assertThatThrownBy(() -> b.cudaDevice(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cudaDevice").hasMessageContaining("-1");
    assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("nativeDirectory");
  }

  @Test
  void builder_rejectsAnOptionSetTwice() {
    TextEncoder.Builder b = TextEncoder.builder().intraOpThreads(2).executionProvider(ExecutionProvider.CPU);
    assertThatThrownBy(() -> b.intraOpThreads(4)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("intraOpThreads is already set to 2");
    assertThatThrownBy(() -> b.executionProvider(ExecutionProvider.AUTO)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("executionProvider");
  }

  @Test
  void close_isIdempotentAndLaterCallsThrowIllegalState() {
    TextEncoder e = TextEncoder.builder().nativeDirectory(NATIVE_DIR).intraOpThreads(1).build();
    e.encode("before close");
    e.close();
    e.close();
    assertThat(e.isClosed()).isTrue();
    assertThatThrownBy(() -> e.encode("after")).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    assertThatThrownBy(() -> e.encode(List.of("after"))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> e.tokenize(List.of("after"))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void close_waitsForCallsInProgress() throws Exception {
    TextEncoder e = TextEncoder.builder().nativeDirectory(NATIVE_DIR).intraOpThreads(1).build();
    List<String> batch = Encoders.productTitles();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      CountDownLatch started = new CountDownLatch(1);
      Future<List<float[]>> inFlight = pool.submit(() -> {
        started.countDown();
        return e.encode(batch);
      });
      started.await();
      Thread.sleep(20);
      e.close();
      // Either the call finished before close took the lock, or it was rejected before it began: never a
      // crash on a freed session.
      try {
        assertThat(inFlight.get()).hasSize(batch.size());
      } catch (java.util.concurrent.ExecutionException ex) {
        assertThat(ex.getCause()).isInstanceOf(IllegalStateException.class);
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void cuda_whenUnavailableFailsWithAClearMessage() {
    assumeTrue(!cudaAvailable(), "this ONNX Runtime build has CUDA; the failure path needs a CPU-only build");
    assertThatThrownBy(() -> TextEncoder.builder().nativeDirectory(NATIVE_DIR).executionProvider(ExecutionProvider.CUDA).build())
        .isInstanceOf(EncoderException.class)
        .hasMessageContaining("ExecutionProvider.CUDA is not available")
        .hasMessageContaining("onnxruntime_gpu");
  }

  @Test
  void cuda_encodesOnTheGpuLikeTheCpu() {
    assumeTrue(cudaAvailable(), "CUDA execution provider not available: this build uses the CPU-only onnxruntime "
        + "artifact (run with -Pgpu on a machine with an NVIDIA GPU and CUDA 12 to run this test)");
    try (TextEncoder gpu = TextEncoder.builder().nativeDirectory(NATIVE_DIR).executionProvider(ExecutionProvider.CUDA).build()) {
      assertThat(gpu.provider()).isEqualTo(ExecutionProvider.CUDA);
      String t = "Sony WH-1000XM5 Wireless Noise Cancelling Headphones";
      assertThat(Encoders.cosine(gpu.encode(t), Encoders.shared().encode(t))).isGreaterThan(0.999);
    }
  }

  @Test
  void auto_fallsBackToTheCpuWhenCudaIsUnavailable() {
    try (TextEncoder auto = TextEncoder.builder().nativeDirectory(NATIVE_DIR).executionProvider(ExecutionProvider.AUTO)
        .intraOpThreads(1).build()) {
      assertThat(auto.provider()).isEqualTo(cudaAvailable() ? ExecutionProvider.CUDA : ExecutionProvider.CPU);
      assertThat(auto.encode("fallback works")).hasSize(384);
    }
  }

  @Test
  void publicApi_exposesNoOnnxRuntimeOrDjlTypes() {
    for (Class<?> c : List.of(TextEncoder.class, TextEncoder.Builder.class, TokenizedBatch.class, EncoderException.class)) {
      for (Method m : c.getMethods()) {
        for (Type t : List.of(m.getGenericReturnType())) {
          assertThat(t.getTypeName()).as(m.toString()).doesNotContain("ai.onnxruntime").doesNotContain("ai.djl");
        }
        for (Type t : m.getGenericParameterTypes()) {
          assertThat(t.getTypeName()).as(m.toString()).doesNotContain("ai.onnxruntime").doesNotContain("ai.djl");
        }
      }
    }
  }
}
