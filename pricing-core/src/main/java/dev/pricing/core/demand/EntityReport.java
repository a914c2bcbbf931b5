package dev.pricing.core.demand;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a GLM with {@link EntityEffects} learnt about its entities: the level counts and, for the slope entity, the
 * pooled slope and every level's raw and shrunk slope with intervals.
 *
 * <p>Immutable and thread-safe.
 *
 * @param levelCounts per entity feature (in {@link EntityEffects#features()} order), its number of levels
 * @param slopeFeature the slope entity, or empty text without per-level slopes
 * @param pooling the pooling of the slopes
 * @param pooled the pooled slope (the primary price feature's, at the training mean of the slope inputs)
 * @param pooledLower the lower end of its Wald interval
 * @param pooledUpper the upper end
 * @param mean the mean of the level slopes that the shrinkage pulls toward
 * @param betweenVariance the estimated between-level variance {@code tau^2} of the slopes (NaN without pooling)
 * @param confidenceLevel the intervals' level
 * @param levels one entry per level of the slope entity, in code order
 */
public record EntityReport(List<Integer> levelCounts, String slopeFeature, EntityEffects.SlopePooling pooling,
    double pooled, double pooledLower, double pooledUpper, double mean, double betweenVariance,
    double confidenceLevel, List<EntityElasticity> levels) {

  /**
   * Validates and copies.
   *
   * @throws NullPointerException if a component is null
   */
  public EntityReport {
    levelCounts = List.copyOf(levelCounts);
    Objects.requireNonNull(slopeFeature, "slopeFeature must not be null");
    Objects.requireNonNull(pooling, "pooling must not be null");
    levels = List.copyOf(levels);
  }

  /**
   * Summarises.
   *
   * @return a few lines
   */
  public String report() {
    StringBuilder b = new StringBuilder();
    b.append("entity levels ").append(levelCounts).append('\n');
    if (!slopeFeature.isEmpty()) {
      long bounded = levels.stream().filter(EntityElasticity::bounded).count();
      long raw = levels.stream().filter(e -> Double.isFinite(e.raw())).count();
      b.append(String.format(Locale.ROOT, "slopes per %s (%s pooling): pooled %.4f [%.4f, %.4f], mean %.4f, "
          + "between-level sd %.4f; %d of %d levels with a raw estimate, %d bounded at 0%n", slopeFeature,
          pooling.name().toLowerCase(Locale.ROOT), pooled, pooledLower, pooledUpper, mean, Math.sqrt(betweenVariance),
          raw, levels.size(), bounded));
    }
    return b.toString();
  }
}
