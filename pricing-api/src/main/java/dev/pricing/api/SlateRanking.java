package dev.pricing.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Orders a priced slate ({@link PricingEngine#priceAll}) for a recommender page: by expected profit, or by a
 * blend of expected profit and a relevance score supplied per item.
 *
 * <p>The blend is {@code (1 - w) * profit_i / max_j |profit_j| + w * relevance_i}, with relevance in [0, 1]:
 * profit is scaled by the slate's largest absolute expected profit so that both terms are of order one, and
 * {@code w = 0} is pure profit, {@code w = 1} pure relevance. Ties keep the slate's order. A fallback
 * decision expects no profit (0) and so ranks by its relevance share only.
 *
 * <p>Stateless and thread-safe.
 */
public final class SlateRanking {
  private SlateRanking() {}

  /**
   * Orders decisions by expected profit, highest first.
   *
   * @param decisions the slate's decisions
   * @return a new unmodifiable list, highest expected profit first (ties in slate order)
   * @throws NullPointerException if the list is null
   * @throws IllegalArgumentException if an element is null
   */
  public static List<PriceDecision> byExpectedProfit(List<PriceDecision> decisions) {
    Checks.notNull(decisions, "decisions");
    double[] relevance = new double[decisions.size()];
    return blend(decisions, relevance, 0);
  }

  /**
   * Orders decisions by a blend of expected profit and relevance (see the class description).
   *
   * @param decisions the slate's decisions
   * @param relevance one score per decision, in [0, 1], in slate order
   * @param relevanceWeight the weight {@code w} of relevance, in [0, 1]
   * @return a new unmodifiable list, best first (ties in slate order)
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if an element is null, the lengths differ, or a score or the weight is
   *     outside [0, 1], naming the field and value
   */
  public static List<PriceDecision> blend(List<PriceDecision> decisions, double[] relevance,
      double relevanceWeight) {
    Checks.notNull(decisions, "decisions");
    Checks.notNull(relevance, "relevance");
    if (relevance.length != decisions.size()) {
      throw new IllegalArgumentException("relevance must have one score per decision (" + decisions.size()
          + "), found " + relevance.length);
    }
    if (!(relevanceWeight >= 0 && relevanceWeight <= 1)) {
      throw new IllegalArgumentException("relevanceWeight must be in [0, 1], found " + relevanceWeight);
    }
    double scale = 0;
    for (int i = 0; i < relevance.length; i++) {
      if (!(relevance[i] >= 0 && relevance[i] <= 1)) {
        throw new IllegalArgumentException("relevance[" + i + "] must be in [0, 1], found " + relevance[i]);
      }
      PriceDecision d = decisions.get(i);
      if (d == null) {
        throw new IllegalArgumentException("decisions[" + i + "] must not be null");
      }
      scale = Math.max(scale, Math.abs(d.expectedProfit()));
    }
    double[] score = new double[relevance.length];
    List<Integer> order = new ArrayList<>(relevance.length);
    for (int i = 0; i < relevance.length; i++) {
      double profit = scale > 0 ? decisions.get(i).expectedProfit() / scale : 0;
      score[i] = (1 - relevanceWeight) * profit + relevanceWeight * relevance[i];
      order.add(i);
    }
    order.sort(Comparator.comparingDouble((Integer i) -> -score[i]));
    List<PriceDecision> out = new ArrayList<>(order.size());
    for (int i : order) {
      out.add(decisions.get(i));
    }
    return Collections.unmodifiableList(out);
  }
}
