package dev.pricing.onnx;

import dev.pricing.api.PricingRequest;
import dev.pricing.api.spi.FeatureExtractor;
import java.util.List;
import java.util.Objects;

/**
 * Features {@code text.behaviour.pc0 .. text.behaviour.pc<k-1>}: the customer's recent events rendered by
 * {@link BehaviourText}, embedded by the same encoder as titles and projected by a {@link Pca}.
 *
 * <p>Personal: in uniform-price mode and for the non-personal baseline the engine calls
 * {@link #extractNeutral}, which writes zeros. Never blocks on inference: a rendering not yet cached writes
 * zeros and is scheduled; no events (or none with a title) write zeros. Rendering allocates the text (a few
 * hundred bytes per call); a cache hit allocates nothing else.
 *
 * <p>Thread-safe. After the {@link BatchingEncoder} is closed, {@link #extract} throws
 * {@link IllegalStateException}.
 */
public final class BehaviourEmbeddingExtractor implements FeatureExtractor {
  /** The prefix of the feature names. */
  public static final String PREFIX = "text.behaviour.pc";

  private final EmbeddingFeatures features;
  private final BehaviourText rendering;

  private BehaviourEmbeddingExtractor(EmbeddingFeatures features, BehaviourText rendering) {
    this.features = features;
    this.rendering = rendering;
  }

  /**
   * Creates the extractor with the {@link BehaviourText#defaults() default rendering}.
   *
   * @param encoder the batching encoder whose cache it reads
   * @param pca the projection, fitted for the encoder's model
   * @return the extractor
   * @throws IllegalArgumentException if the projection was fitted for another model or dimension
   */
  public static BehaviourEmbeddingExtractor create(BatchingEncoder encoder, Pca pca) {
    return create(encoder, pca, BehaviourText.defaults());
  }

  /**
   * Creates the extractor.
   *
   * @param encoder the batching encoder whose cache it reads
   * @param pca the projection, fitted for the encoder's model
   * @param rendering how events become text
   * @return the extractor
   * @throws IllegalArgumentException if the projection was fitted for another model or dimension
   */
  public static BehaviourEmbeddingExtractor create(BatchingEncoder encoder, Pca pca, BehaviourText rendering) {
    return new BehaviourEmbeddingExtractor(new EmbeddingFeatures(encoder, pca, PREFIX),
        Objects.requireNonNull(rendering, "rendering"));
  }

  @Override
  public List<String> featureNames() {
    return features.names();
  }

  @Override
  public boolean personal() {
    return true;
  }

  /** Reads {@code request.customer()} only, so a slate extracts it once. */
  @Override
  public boolean customerOnly() {
    return true;
  }

  @Override
  public void extract(PricingRequest request, double[] out, int offset) {
    features.write(rendering.render(request.customer().recentEvents()), out, offset);
  }

  @Override
  public String toString() {
    return "BehaviourEmbeddingExtractor[" + features.names().size() + " components, " + rendering + "]";
  }
}
