package dev.pricing.core.offers.internal;

import dev.pricing.api.DemandKind;
import dev.pricing.api.FeatureSchema;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.api.spi.FeatureExtractor;
import dev.pricing.core.FeaturePipeline;
import java.util.List;
import java.util.Objects;

/**
 * A conversion model bound to a list of feature extractors: P(buy | request, price) for promotions and bundles,
 * computed exactly as the engine computes features (a non-finite feature is rejected naming it).
 *
 * <p>Immutable and thread-safe when the extractors and the model are (the SPI requires both).
 */
public final class RequestScorer {
  private final DemandModel model;
  private final FeaturePipeline pipeline;
  private final FeatureSchema schema;
  private final DemandModel.Scorer scorer;

  /**
   * Binds a conversion model to extractors.
   *
   * @param model the model; its kind must be {@link DemandKind#CONVERSION_PROBABILITY}
   * @param extractors the extractors, not empty
   * @throws IllegalArgumentException if the model is not a conversion model, the extractor list is empty, or
   *     the schema lacks a feature the model needs
   */
  public RequestScorer(DemandModel model, List<? extends FeatureExtractor> extractors) {
    this.model = Objects.requireNonNull(model, "demandModel");
    Objects.requireNonNull(extractors, "extractors");
    if (extractors.isEmpty()) {
      throw new IllegalArgumentException("extractors must not be empty, found []");
    }
    if (model.kind() != DemandKind.CONVERSION_PROBABILITY) {
      throw new IllegalArgumentException("demandModel.kind must be CONVERSION_PROBABILITY, found " + model.kind());
    }
    this.pipeline = FeaturePipeline.of(extractors);
    this.schema = pipeline.schema();
    this.scorer = model.bind(schema);
  }

  /** @return the model's version */
  public String modelVersion() {
    return model.version();
  }

  /**
   * Computes the request's feature vector.
   *
   * @param request the request
   * @return the features over this scorer's schema
   * @throws IllegalArgumentException naming the feature if one is not finite
   */
  public double[] features(PricingRequest request) {
    Objects.requireNonNull(request, "request");
    return pipeline.toArray(request);
  }

  /**
   * Scores prices for precomputed features.
   *
   * @param features from {@link #features(PricingRequest)}
   * @param prices the prices
   * @return P(buy) at each price, as the model returns it (callers check validity)
   */
  public double[] score(double[] features, double[] prices) {
    double[] out = new double[prices.length];
    scorer.score(features, prices, prices.length, out);
    return out;
  }

  /**
   * Scores prices for a request.
   *
   * @param request the request
   * @param prices the prices
   * @return P(buy) at each price
   */
  public double[] score(PricingRequest request, double... prices) {
    return score(features(request), prices);
  }
}
