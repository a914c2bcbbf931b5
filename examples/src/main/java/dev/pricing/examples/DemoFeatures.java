package dev.pricing.examples;

import dev.pricing.api.Product;
import dev.pricing.api.spi.FeatureExtractor;
import dev.pricing.core.FeatureExtractors;
import dev.pricing.onnx.BatchingEncoder;
import dev.pricing.onnx.Pca;
import dev.pricing.onnx.TextEncoder;
import dev.pricing.onnx.TitleEmbeddingExtractor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The feature extractors the demo trains and serves with: the standard behaviour, product and market
 * features, plus the product title embedded by the pretrained all-MiniLM-L6-v2 transformer (ONNX Runtime,
 * CPU) and reduced by PCA fitted on the catalogue. The catalogue's titles are encoded once up front, so the
 * title extractor always reads a warm cache on the pricing path. Closing releases the native session.
 */
final class DemoFeatures implements AutoCloseable {
  /** The catalogue has a few dozen titles, so a few components carry most of their variance. */
  static final int COMPONENTS = 8;

  private final TextEncoder encoder;
  private final BatchingEncoder batching;
  private final List<FeatureExtractor> extractors;
  private final Pca pca;

  DemoFeatures(List<Product> catalogue, Path nativeDirectory) {
    this.encoder = TextEncoder.builder().nativeDirectory(nativeDirectory).build();
    this.batching = BatchingEncoder.builder(encoder).maxBatch(32).maxWait(Duration.ofMillis(2)).build();
    List<String> titles = catalogue.stream().map(Product::title).distinct().toList();
    CompletableFuture.allOf(titles.stream().map(batching::encodeAsync).toArray(CompletableFuture[]::new)).join();
    this.pca = Pca.fit(encoder, titles, COMPONENTS);
    List<FeatureExtractor> xs = new ArrayList<>(FeatureExtractors.standard());
    xs.add(TitleEmbeddingExtractor.create(batching, pca));
    this.extractors = List.copyOf(xs);
  }

  List<FeatureExtractor> extractors() {
    return extractors;
  }

  String describe() {
    return String.format("behaviour, product, market, and %d title-embedding components from all-MiniLM-L6-v2"
        + " (PCA keeps %.0f%% of the catalogue's variance)", COMPONENTS, 100 * pca.explainedVariance());
  }

  long cacheHits() {
    return batching.cache().hits();
  }

  long cacheMisses() {
    return batching.cache().misses();
  }

  @Override
  public void close() {
    batching.close();
    encoder.close();
  }
}
