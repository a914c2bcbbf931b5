package dev.pricing.core;

import dev.pricing.api.BehaviourSummary;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.spi.FeatureExtractor;
import java.util.List;

/** Behaviour features (personal): engagement counts, RFM and past discount response. */
final class BehaviourFeatures implements FeatureExtractor {
  static final List<String> NAMES = List.of(
      "behaviour.views_log1p",
      "behaviour.clicks_log1p",
      "behaviour.carts_log1p",
      "behaviour.purchases_log1p",
      "behaviour.cart_rate",
      "behaviour.purchase_rate",
      "behaviour.recency",
      "behaviour.monetary_log1p",
      "behaviour.discount_response",
      "behaviour.discount_response_known");

  /** Recency halves its weight every this many days. */
  private static final double RECENCY_HALF_LIFE_DAYS = 30;

  /** The neutral summary's features, computed once (the same values {@link #write} gives for it). */
  private final double[] neutral;

  BehaviourFeatures(BehaviourSummary neutral) {
    this.neutral = new double[NAMES.size()];
    write(neutral, this.neutral, 0);
  }

  @Override
  public List<String> featureNames() {
    return NAMES;
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
    write(request.customer().behaviour(), out, offset);
  }

  @Override
  public void extractNeutral(PricingRequest request, double[] out, int offset) {
    System.arraycopy(neutral, 0, out, offset, neutral.length);
  }

  static void write(BehaviourSummary b, double[] out, int o) {
    out[o] = Stats.log1p(b.views());
    out[o + 1] = Stats.log1p(b.clicks());
    out[o + 2] = Stats.log1p(b.carts());
    out[o + 3] = Stats.log1p(b.purchases());
    out[o + 4] = b.carts() / (b.views() + 1.0);
    out[o + 5] = b.purchases() / (b.views() + 1.0);
    // exp(-inf) = 0: a customer who never bought has recency 0.
    out[o + 6] = Math.exp(-b.daysSinceLastPurchase() * Math.log(2) / RECENCY_HALF_LIFE_DAYS);
    out[o + 7] = Math.log1p(b.monetaryValue());
    boolean known = !Double.isNaN(b.discountResponseRate());
    out[o + 8] = known ? b.discountResponseRate() : 0.0;
    out[o + 9] = known ? 1.0 : 0.0;
  }

  @Override
  public String toString() {
    return "BehaviourFeatures";
  }
}
