package dev.pricing.core.demand;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Entity effects for {@link DemandAlgorithm#LOGISTIC_GLM} and {@link DemandAlgorithm#LOG_LOG_GLM}
 * ({@link DemandModelTrainer.Builder#entities}): each level of each named {@link EntityIds} feature gets its own
 * additive effect on the linear predictor, under a ridge penalty {@code (levelRidge / 2) alpha^2} on the raw scale
 * (for a units model, whose loss is half the squared log residual, a level seen in {@code n} offers keeps about
 * {@code n / (n + levelRidge)} of its own mean residual); an unseen level (code 0) gets the pooled effect, none. Optionally one
 * of them also gets its own primary price slope (for units models, its own elasticity), with partial pooling:
 *
 * <ol>
 *   <li>the pooled model (level effects, one price response) is fitted to convergence;</li>
 *   <li>each level's raw slope is fitted on its own offers, everything else held at the pooled fit (an offset):
 *     an unpenalised two-parameter fit (the level's intercept and slope) with a Wald standard error;</li>
 *   <li>the between-level variance {@code tau^2} of the slopes is estimated by REML ({@code EmpiricalBayes});</li>
 *   <li>each level's slope is shrunk toward the mean by {@code tau^2 / (tau^2 + se^2)}, with a posterior interval,
 *     and bounded to the side that keeps demand non-increasing in price; the level's intercept is refitted at
 *     that slope.</li>
 * </ol>
 *
 * <p>{@link SlopePooling#NONE} skips the shrinkage (each level keeps its raw slope, bounded): the unpooled
 * comparison. The training result lists the pooled, raw and shrunk estimate of every level
 * ({@link TrainingResult#entities()}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param features the {@link EntityIds} feature names ({@code entity.<spec>}) whose levels get effects
 * @param slopes the one of them whose levels also get their own price slope, if any
 * @param pooling how the per-level slopes are pooled
 * @param levelRidge the ridge penalty of the level effects, non-negative
 */
public record EntityEffects(List<String> features, Optional<String> slopes, SlopePooling pooling, double levelRidge) {

  /** How per-level slopes are pooled. */
  public enum SlopePooling {
    /** Empirical Bayes: shrunk toward the mean by the estimated between-level variance. */
    PARTIAL,
    /** None: each level's raw slope (bounded to the monotone side). */
    NONE
  }

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if no feature is named, a name repeats or lacks the {@code entity.} prefix,
   *     the slope feature is not among them, or the ridge is negative or not finite
   */
  public EntityEffects {
    Objects.requireNonNull(features, "features must not be null");
    Objects.requireNonNull(slopes, "slopes must not be null");
    Objects.requireNonNull(pooling, "pooling must not be null");
    features = List.copyOf(features);
    if (features.isEmpty()) {
      throw new IllegalArgumentException("entity effects need at least one entity feature");
    }
    for (String f : features) {
      if (!f.startsWith(EntityIds.PREFIX)) {
        throw new IllegalArgumentException("entity feature '" + f + "' must be an EntityIds feature, named "
            + EntityIds.PREFIX + "<spec>");
      }
    }
    if (features.stream().distinct().count() != features.size()) {
      throw new IllegalArgumentException("entity features repeat: " + features);
    }
    if (slopes.isPresent() && !features.contains(slopes.get())) {
      throw new IllegalArgumentException("slope entity '" + slopes.get() + "' must be one of the entity features "
          + features);
    }
    if (!(levelRidge >= 0) || !Double.isFinite(levelRidge)) {
      throw new IllegalArgumentException("levelRidge must be finite and >= 0, found " + levelRidge);
    }
  }

  /**
   * Returns level effects for the given features (ridge 1, no per-level slopes).
   *
   * @param features {@code entity.<spec>} names
   * @return the options
   */
  public static EntityEffects of(String... features) {
    return new EntityEffects(List.of(features), Optional.empty(), SlopePooling.PARTIAL, 1.0);
  }

  /**
   * Returns a copy whose given entity also gets its own price slope, partially pooled; the feature is added to the
   * level effects if absent.
   *
   * @param feature the {@code entity.<spec>} name
   * @return the options
   */
  public EntityEffects withSlopes(String feature) {
    return withSlopes(feature, SlopePooling.PARTIAL);
  }

  /**
   * Returns a copy whose given entity also gets its own price slope.
   *
   * @param feature the {@code entity.<spec>} name
   * @param pooling how the slopes are pooled
   * @return the options
   */
  public EntityEffects withSlopes(String feature, SlopePooling pooling) {
    Objects.requireNonNull(feature, "feature must not be null");
    List<String> f = new ArrayList<>(features);
    if (!f.contains(feature)) {
      f.add(feature);
    }
    return new EntityEffects(f, Optional.of(feature), pooling, levelRidge);
  }

  /**
   * Returns a copy with another level ridge.
   *
   * @param ridge non-negative
   * @return the options
   */
  public EntityEffects withLevelRidge(double ridge) {
    return new EntityEffects(features, slopes, pooling, ridge);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "entities %s, slopes %s (%s pooling), level ridge %s", features,
        slopes.orElse("none"), pooling.name().toLowerCase(Locale.ROOT), levelRidge);
  }
}
