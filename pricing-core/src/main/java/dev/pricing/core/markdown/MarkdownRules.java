package dev.pricing.core.markdown;

import dev.pricing.api.Guardrail;
import dev.pricing.api.PriceLadder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The rules every planned price path obeys.
 *
 * <ul>
 *   <li><b>markdown only</b> (default on): the price never rises; off, it may rise again but never above the
 *       original (ticket) price;</li>
 *   <li><b>at most k changes</b> over the season (default unlimited), counted from the season's start, so a
 *       re-plan passes the changes already made;</li>
 *   <li><b>a minimum number of periods between changes</b> (default 1: consecutive periods may change);</li>
 *   <li><b>a maximum total discount</b> from the original price (default 1: none);</li>
 *   <li><b>guardrails</b>: each planned price lies inside every guardrail's interval, computed as the engine
 *       computes it ({@link dev.pricing.core.GuardrailBounds}); a {@link Guardrail.MaxChange} bounds each
 *       change relative to the price before it;</li>
 *   <li><b>the ladder</b>: every planned price lies on it (the current price is kept even when it does
 *       not).</li>
 * </ul>
 *
 * <p>{@code maxLevels} caps the candidate prices: when the ladder offers more inside the bounds, an even
 * subset of them (always with the current price) is searched, and the plan is exact over that subset.
 *
 * <p>Immutable and thread-safe. Built with {@link #builder()}, which rejects out-of-range values with an
 * {@link IllegalArgumentException} naming the field and the value.
 *
 * @param markdownOnly whether the price may never rise
 * @param maxChanges the most price changes over the season, non-negative
 * @param minPeriodsBetweenChanges the fewest periods between two changes, at least 1
 * @param maxTotalDiscount the largest discount from the original price, in [0, 1]
 * @param guardrails guardrails on every planned price (the product's own apply too)
 * @param ladder the price ladder
 * @param feeRate the payment fee as a share of the price, in [0, 1)
 * @param maxLevels the most candidate price levels, in [2, 4096]
 */
public record MarkdownRules(boolean markdownOnly, int maxChanges, int minPeriodsBetweenChanges,
    double maxTotalDiscount, List<Guardrail> guardrails, PriceLadder ladder, double feeRate, int maxLevels) {

  /** Validates and copies. */
  public MarkdownRules {
    if (maxChanges < 0) {
      throw new IllegalArgumentException("maxChanges must be non-negative, found " + maxChanges);
    }
    if (minPeriodsBetweenChanges < 1) {
      throw new IllegalArgumentException("minPeriodsBetweenChanges must be at least 1, found "
          + minPeriodsBetweenChanges);
    }
    if (!(maxTotalDiscount >= 0 && maxTotalDiscount <= 1)) {
      throw new IllegalArgumentException("maxTotalDiscount must be in [0, 1], found " + maxTotalDiscount);
    }
    guardrails = List.copyOf(Objects.requireNonNull(guardrails, "guardrails"));
    Objects.requireNonNull(ladder, "ladder");
    if (!(feeRate >= 0 && feeRate < 1)) {
      throw new IllegalArgumentException("feeRate must be in [0, 1), found " + feeRate);
    }
    if (maxLevels < 2 || maxLevels > 4096) {
      throw new IllegalArgumentException("maxLevels must be in [2, 4096], found " + maxLevels);
    }
  }

  /** @return a builder with the defaults: markdown only, no other limit, the .99 ladder, no fee, 64 levels */
  public static Builder builder() {
    return new Builder();
  }

  /** @return a builder starting from these rules */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.markdownOnly = markdownOnly;
    b.maxChanges = maxChanges;
    b.minGap = minPeriodsBetweenChanges;
    b.maxDiscount = maxTotalDiscount;
    b.guardrails.addAll(guardrails);
    b.ladder = ladder;
    b.feeRate = feeRate;
    b.maxLevels = maxLevels;
    return b;
  }

  /** Builds {@link MarkdownRules}. Not thread-safe. */
  public static final class Builder {
    private boolean markdownOnly = true;
    private int maxChanges = Integer.MAX_VALUE;
    private int minGap = 1;
    private double maxDiscount = 1;
    private final List<Guardrail> guardrails = new ArrayList<>();
    private PriceLadder ladder = PriceLadder.NINETY_NINE;
    private double feeRate;
    private int maxLevels = 64;

    private Builder() {}

    /**
     * @param on whether the price may never rise (default true)
     * @return this builder
     */
    public Builder markdownOnly(boolean on) {
      this.markdownOnly = on;
      return this;
    }

    /**
     * @param k the most price changes over the season (default unlimited)
     * @return this builder
     */
    public Builder maxChanges(int k) {
      this.maxChanges = k;
      return this;
    }

    /**
     * @param periods the fewest periods between two changes (default 1)
     * @return this builder
     */
    public Builder minPeriodsBetweenChanges(int periods) {
      this.minGap = periods;
      return this;
    }

    /**
     * @param fraction the largest discount from the original price (default 1: none)
     * @return this builder
     */
    public Builder maxTotalDiscount(double fraction) {
      this.maxDiscount = fraction;
      return this;
    }

    /**
     * @param guardrail a guardrail every planned price satisfies
     * @return this builder
     */
    public Builder guardrail(Guardrail guardrail) {
      guardrails.add(Objects.requireNonNull(guardrail, "guardrail"));
      return this;
    }

    /**
     * @param ladder the price ladder (default {@link PriceLadder#NINETY_NINE})
     * @return this builder
     */
    public Builder ladder(PriceLadder ladder) {
      this.ladder = Objects.requireNonNull(ladder, "ladder");
      return this;
    }

    /**
     * @param rate the payment fee as a share of the price (default 0)
     * @return this builder
     */
    public Builder feeRate(double rate) {
      this.feeRate = rate;
      return this;
    }

    /**
     * @param levels the most candidate prices (default 64)
     * @return this builder
     */
    public Builder maxLevels(int levels) {
      this.maxLevels = levels;
      return this;
    }

    /** @return the rules */
    public MarkdownRules build() {
      return new MarkdownRules(markdownOnly, maxChanges, minGap, maxDiscount, guardrails, ladder, feeRate, maxLevels);
    }
  }
}
