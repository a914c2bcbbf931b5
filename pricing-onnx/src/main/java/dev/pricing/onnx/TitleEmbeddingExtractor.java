package dev.pricing.onnx;

import dev.pricing.api.PricingRequest;
import dev.pricing.api.spi.FeatureExtractor;
import java.util.List;

/**
 * Features {@code text.title.pc0 .. text.title.pc<k-1>}: the product title's embedding, projected by a
 * {@link Pca} fitted on the catalogue.
 *
 * <p>Never blocks a pricing call on inference: it reads the {@link BatchingEncoder}'s cache; on a miss it
 * writes the neutral value, <b>zeros</b> (the catalogue mean after centring), and schedules the title, so
 * a later request for the same product gets its real features. A blank title writes zeros and schedules
 * nothing. A hit does not allocate; a miss allocates only to queue the title.
 *
 * <p>Not personal. Thread-safe. After the {@link BatchingEncoder} is closed, {@link #extract} throws
 * {@link IllegalStateException}.
 */
public final class TitleEmbeddingExtractor implements FeatureExtractor {
  /** The prefix of the feature names. */
  public static final String PREFIX = "text.title.pc";

  private final EmbeddingFeatures features;

  private TitleEmbeddingExtractor(EmbeddingFeatures features) {
    this.features = features;
  }

  /**
   * Creates the extractor.
   *
   * @param encoder the batching encoder whose cache it reads
   * @param pca the projection, fitted for the encoder's model
   * @return the extractor
   * @throws IllegalArgumentException if the projection was fitted for another model or dimension
   */
  public static TitleEmbeddingExtractor create(BatchingEncoder encoder, Pca pca) {
    return new TitleEmbeddingExtractor(new EmbeddingFeatures(encoder, pca, PREFIX));
  }

  @Override
  public List<String> featureNames() {
    return features.names();
  }

  @Override
  public void extract(PricingRequest request, double[] out, int offset) {
    features.write(request.product().title(), out, offset);
  }

  @Override
  public String toString() {
    return "TitleEmbeddingExtractor[" + features.names().size() + " components]";
  }
}
