package dev.pricing.core.demand;

import org.tribuo.Trainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.math.optimisers.ParameterAveraging;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

/**
 * {@link DemandAlgorithm#LOGISTIC_SGD} and {@link DemandAlgorithm#LOG_LOG_SGD}: Tribuo's linear SGD (AdaGrad with
 * parameter averaging) for the configured number of epochs. Thread-safe.
 */
final class SgdAlgorithm extends TribuoAlgorithm {

  SgdAlgorithm(DemandModelTrainer t) {
    super(t);
  }

  @Override
  Trainer<?> tribuoTrainer() {
    ParameterAveraging optimiser = new ParameterAveraging(new AdaGrad(t.learningRate, 1e-6));
    if (t.algorithm == DemandAlgorithm.LOGISTIC_SGD) {
      return new org.tribuo.classification.sgd.linear.LinearSGDTrainer(new LogMulticlass(), optimiser, t.epochs, -1, 1,
          t.seed);
    }
    return new org.tribuo.regression.sgd.linear.LinearSGDTrainer(new SquaredLoss(), optimiser, t.epochs, -1, 1,
        t.seed);
  }

  @Override
  boolean linear() {
    return true;
  }
}
