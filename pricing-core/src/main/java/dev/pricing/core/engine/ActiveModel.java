package dev.pricing.core.engine;

import dev.pricing.api.FeatureSchema;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.core.CustomerSplitScorer;
import java.util.Objects;

/**
 * A demand model and its scorer compiled for the engine's schema, with the check its outputs must pass:
 * swapped as one. Immutable.
 */
record ActiveModel(DemandModel model, DemandModel.Scorer scorer, String version, ModelOutputCheck check,
    CustomerSplitScorer.Split split) {

  /**
   * Binds a model to the engine's schema; {@code split} is the scorer's customer split for the pipeline's
   * customer-only features, when the scorer offers one ({@link CustomerSplitScorer}), else null.
   */
  static ActiveModel bind(DemandModel model, FeatureSchema schema, boolean[] customerOnly) {
    Objects.requireNonNull(model, "demandModel");
    String version = Objects.requireNonNull(model.version(), "demandModel.version()");
    DemandModel.Scorer scorer = Objects.requireNonNull(model.bind(schema), "demandModel.bind(schema)");
    CustomerSplitScorer.Split split = scorer instanceof CustomerSplitScorer s ? s.split(customerOnly.clone()) : null;
    return new ActiveModel(model, scorer, version, ModelOutputCheck.forModel(model), split);
  }

  /** The same model scored through another scorer (the population's average), without a customer split. */
  ActiveModel withScorer(DemandModel.Scorer other) {
    return new ActiveModel(model, other, version, check, null);
  }
}
