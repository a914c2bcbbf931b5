package dev.pricing.bench;

import dev.pricing.api.spi.FeatureExtractor;
import dev.pricing.onnx.BatchingEncoder;
import dev.pricing.onnx.Pca;
import dev.pricing.onnx.TextEncoder;
import dev.pricing.onnx.TitleEmbeddingExtractor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The real title-embedding features for the hot-path benchmarks: all-MiniLM-L6-v2 on ONNX Runtime, 16 PCA
 * components fitted on the benchmark's titles, and every title encoded up front so the extractor always
 * reads a warm cache (the steady state of a catalogue). One per benchmark JVM.
 */
final class BenchText {
  static final int COMPONENTS = 16;
  static final int TITLES = 256;

  private static final class Holder {
    static final BenchText INSTANCE = new BenchText();
  }

  final List<String> titles;
  final FeatureExtractor title;

  private BenchText() {
    TextEncoder encoder = TextEncoder.builder().nativeDirectory(Path.of("target", "bench-native")).build();
    BatchingEncoder batching = BatchingEncoder.builder(encoder).maxBatch(32).maxWait(Duration.ofMillis(2))
        .cacheCapacity(4 * TITLES).build();
    titles = BenchData.titles(TITLES);
    CompletableFuture.allOf(titles.stream().map(batching::encodeAsync).toArray(CompletableFuture[]::new)).join();
    Pca pca = Pca.fit(encoder, titles, COMPONENTS);
    title = TitleEmbeddingExtractor.create(batching, pca);
    // The encoder lives as long as the benchmark JVM: its worker is a daemon thread and the OS frees the
    // native session at exit.
  }

  static BenchText get() {
    return Holder.INSTANCE;
  }
}
