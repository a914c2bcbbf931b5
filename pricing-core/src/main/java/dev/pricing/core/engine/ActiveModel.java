package dev.pricing.core.engine;

import dev.pricing.api.FeatureSchema;
import dev.pricing.api.spi.DemandModel;
import java.util.Objects;

/**
 * A demand model and its scorer compiled for the engine's schema, with the check its outputs must pass:
 * swapped as one. Immutable.
 */
record ActiveModel(DemandModel model, DemandModel.Scorer scorer, String version, ModelOutputCheck check) {

  static ActiveModel bind(DemandModel model, FeatureSchema schema) {
    Objects.requireNonNull(model, "demandModel");
    String version = Objects.requireNonNull(model.version(), "demandModel.version()");
    DemandModel.Scorer scorer = Objects.requireNonNull(model.bind(schema), "demandModel.bind(schema)");
    return new ActiveModel(model, scorer, version, ModelOutputCheck.forModel(model));
  }
}
