package dev.pricing.spark;

import dev.pricing.api.spi.FeatureExtractor;
import java.io.Serializable;
import java.util.List;

/**
 * Builds the engine's feature extractors on an executor. Feature extractors are not serialisable (they may
 * hold caches and native sessions), so Spark ships this recipe instead and each partition calls
 * {@link #create()} once. It must return the same extractors, in the same order, as the checkout engine
 * uses: that is what keeps training and serving free of skew.
 *
 * <p>Implementations must be serialisable (a lambda cast to this interface is) and may be called from
 * several executor threads at once; each call returns fresh extractors.
 */
@FunctionalInterface
public interface ExtractorFactory extends Serializable {
  /**
   * Creates the extractors.
   *
   * @return the extractors, in the engine's order
   */
  List<FeatureExtractor> create();
}
