package dev.pricing.core.demand;

import java.util.List;

/**
 * A model feature computed for each candidate price {@code p} from {@code p} and the request's own features, by
 * one derivation used both in training (with the offered price) and in scoring (with every candidate price): for
 * example {@code p / L}, {@code ln(p / L)}, the loss part {@code max(0, ln(p / R))} above a reference price
 * {@code R}, or the gap above the cheapest competitor. Extractors never see the candidate price; these features
 * are how a model sees kinks at the customer's reference price or at a competitor's price.
 *
 * <p>Each feature declares how its value moves as the price rises ({@link #direction()}); the models use it to
 * stay non-increasing in price for every input (the GLM bounds the sign of each feature's total slope, the
 * boosted trees train under a monotone constraint per feature).
 *
 * <p>Users add their own by implementing this interface; the model artifact records each feature by
 * {@link #name()}, and loading a model whose price features the engine cannot compute is refused (see
 * {@link TrainedDemandModel#fromBytes(byte[], List)}).
 *
 * <p><b>Contract:</b> implementations are immutable, thread-safe and allocation-free in {@link #value}; the value
 * is finite for any positive price and finite inputs, and monotone in the price as declared.
 */
public interface CandidatePriceFeature {

  /** How a feature's value moves as the candidate price rises (non-strictly). */
  enum Direction {
    /** The value never falls as the price rises (for example {@code p / L}). */
    INCREASING,
    /** The value never rises as the price rises (for example the gain {@code max(0, ln(R / p))}). */
    DECREASING
  }

  /**
   * Returns the stable name, unique within a model, recorded in artifacts.
   *
   * @return for example {@code ratio} or {@code reference_loss}
   */
  String name();

  /**
   * Returns the schema features the value reads, in the order {@link #value} receives them.
   *
   * @return feature names produced by the extractors, not empty
   */
  List<String> inputs();

  /**
   * Returns how the value moves as the price rises.
   *
   * @return the direction
   */
  Direction direction();

  /**
   * Computes the feature at one candidate price.
   *
   * @param price the candidate price, positive
   * @param inputs the values of {@link #inputs()} for the request, finite (a list price is positive)
   * @param offset where the inputs start in {@code inputs}
   * @return the value, finite
   */
  double value(double price, double[] inputs, int offset);
}
