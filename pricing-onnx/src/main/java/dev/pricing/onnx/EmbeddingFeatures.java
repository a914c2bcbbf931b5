package dev.pricing.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** What the title and behaviour extractors share: cache lookup, projection, neutral value, scheduling. */
final class EmbeddingFeatures {
  private final BatchingEncoder encoder;
  private final EmbeddingCache cache;
  private final Pca pca;
  private final List<String> names;
  /**
   * Projected features by text. The projection (dimension x k multiply-adds) costs more than everything
   * else on the pricing path, and a text's projection never changes for one model and one PCA, so it is
   * computed once per text; bounded by the embedding cache's capacity.
   */
  private final ConcurrentHashMap<String, double[]> projected = new ConcurrentHashMap<>();

  EmbeddingFeatures(BatchingEncoder encoder, Pca pca, String prefix) {
    this.encoder = Objects.requireNonNull(encoder, "encoder");
    this.pca = Objects.requireNonNull(pca, "pca");
    TextEncoder text = encoder.encoder();
    if (!pca.modelId().equals(text.modelId())) {
      throw new IllegalArgumentException("pca was fitted for another model: pca.modelId " + pca.modelId()
          + ", encoder.modelId " + text.modelId());
    }
    if (pca.dimension() != text.dimension()) {
      throw new IllegalArgumentException("pca.dimension " + pca.dimension() + " does not match encoder.dimension "
          + text.dimension());
    }
    this.cache = encoder.cache();
    List<String> n = new ArrayList<>(pca.components());
    for (int i = 0; i < pca.components(); i++) {
      n.add(prefix + i);
    }
    this.names = List.copyOf(n);
  }

  List<String> names() {
    return names;
  }

  /** Writes the projection of a cached text, or zeros and schedules it. Never blocks. */
  void write(String text, double[] out, int offset) {
    if (encoder.isClosed()) {
      throw new IllegalStateException("BatchingEncoder is closed");
    }
    if (text.isBlank()) {
      Arrays.fill(out, offset, offset + names.size(), 0.0);
      return;
    }
    double[] p = projected.get(text);
    if (p != null) {
      System.arraycopy(p, 0, out, offset, p.length);
      return;
    }
    float[] e = cache.peek(text);
    if (e != null) {
      pca.project(e, out, offset);
      if (projected.size() < cache.capacity()) {
        projected.put(text, Arrays.copyOfRange(out, offset, offset + names.size()));
      }
      return;
    }
    Arrays.fill(out, offset, offset + names.size(), 0.0);
    encoder.schedule(text); // false when the queue is full: the text is retried on its next request
  }
}
