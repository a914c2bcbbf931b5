package dev.pricing.core.demand;

import org.tribuo.Trainer;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;

/**
 * {@link DemandAlgorithm#CART_TREE}: Tribuo's CART classification tree on the raw features; scoring repairs each
 * candidate grid to be non-increasing in price. Thread-safe.
 */
final class CartAlgorithm extends TribuoAlgorithm {

  CartAlgorithm(DemandModelTrainer t) {
    super(t);
  }

  @Override
  Trainer<?> tribuoTrainer() {
    return new CARTClassificationTrainer(t.maxDepth, t.minLeafWeight, 0.0f, 1.0f, false, new GiniIndex(), t.seed);
  }

  @Override
  boolean linear() {
    return false;
  }
}
