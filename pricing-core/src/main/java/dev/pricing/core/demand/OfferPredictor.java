package dev.pricing.core.demand;

import dev.pricing.api.DemandKind;
import dev.pricing.api.FeatureSchema;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.api.spi.FeatureExtractor;
import dev.pricing.core.FeaturePipeline;
import java.util.List;
import java.util.Objects;

/**
 * Per-offer predictions of a trained model, through the one {@link FeaturePipeline} the trainer and the engine
 * extract with, so that an evaluation never re-implements the extractors: {@link #demand} is the model's demand at
 * the offer's own price (P(buy) or expected units, exactly what the engine's scorer returns), {@link #logDemand}
 * for a units model its prediction of {@code ln(units + smoothing)}: the linear predictor, whose mean over offers
 * matches the mean log outcome (the right prediction for an R^2 on log units; the log of the expected units is
 * larger by the log of the smearing factor).
 *
 * <p>Thread-safe: each call uses its own buffers (an offline tool, not the hot path).
 */
public final class OfferPredictor {
  private final TrainedDemandModel model;
  private final FeaturePipeline pipeline;
  private final DemandModel.Scorer scorer;

  private OfferPredictor(TrainedDemandModel model, List<FeatureExtractor> extractors) {
    this.model = model;
    this.pipeline = FeaturePipeline.of(extractors);
    FeatureSchema schema = pipeline.schema();
    this.scorer = model.bind(schema);
  }

  /**
   * Binds a model to extractors (those it was trained with, or any producing the features it reads).
   *
   * @param model the model
   * @param extractors the extractors
   * @return the predictor
   * @throws IllegalArgumentException if the extractors lack a feature the model reads
   */
  public static OfferPredictor of(TrainedDemandModel model, List<FeatureExtractor> extractors) {
    Objects.requireNonNull(model, "model must not be null");
    Objects.requireNonNull(extractors, "extractors must not be null");
    return new OfferPredictor(model, extractors);
  }

  /**
   * Returns the model's demand at the offer's price.
   *
   * @param offer the offer
   * @return P(buy) or expected units (NaN above a units model's sanity cap)
   */
  public double demand(OfferRecord offer) {
    Objects.requireNonNull(offer, "offer must not be null");
    double[] x = new double[pipeline.schema().size()];
    pipeline.extract(offer.context(), x);
    double[] out = new double[1];
    scorer.score(x, new double[] {offer.offeredPrice().doubleValue()}, 1, out);
    return out[0];
  }

  /**
   * Returns a units model's prediction of {@code ln(units + smoothing)} at the offer's price: the linear
   * predictor, {@code ln((demand + smoothing) / smear)}.
   *
   * @param offer the offer
   * @return the log prediction
   * @throws IllegalStateException if the model predicts conversion, not units
   */
  public double logDemand(OfferRecord offer) {
    if (model.kind() != DemandKind.EXPECTED_UNITS) {
      throw new IllegalStateException("logDemand needs a units model; " + model.algorithm().id()
          + " predicts a conversion probability");
    }
    return Math.log((demand(offer) + model.smoothing()) / model.smear());
  }

  /**
   * Returns the demand of every offer, in order.
   *
   * @param offers the offers
   * @return one prediction per offer
   */
  public double[] demand(List<OfferRecord> offers) {
    double[] out = new double[offers.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = demand(offers.get(i));
    }
    return out;
  }

  /**
   * Returns the log prediction of every offer, in order (units models).
   *
   * @param offers the offers
   * @return one log prediction per offer
   * @throws IllegalStateException if the model predicts conversion
   */
  public double[] logDemand(List<OfferRecord> offers) {
    double[] out = new double[offers.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = logDemand(offers.get(i));
    }
    return out;
  }
}
