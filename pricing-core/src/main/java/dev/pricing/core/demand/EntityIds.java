package dev.pricing.core.demand;

import dev.pricing.api.PricingRequest;
import dev.pricing.api.spi.FeatureExtractor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * An entity-id feature for high-cardinality categorical inputs (product, store, brand, segment, a cross such as
 * store x brand): writes one feature, {@code entity.<spec>}, whose value is the request's level code in a fixed
 * vocabulary: {@code 1..K} for a level seen in training, {@code 0} for any other. A GLM trained with
 * {@link EntityEffects} reads the code as an index into a table of per-level effects (and, optionally, per-level
 * price slopes): no one-hot columns are materialised, in training or in the hot path, however many levels there
 * are. Code 0 gets no level effect: the pooled (average) entity.
 *
 * <p><b>No silent lumping.</b> {@link #learn(EntityKey, Iterable)} gives every level seen in the log its own code.
 * A cap is explicit ({@link #learn(EntityKey, Iterable, int)}): the rarest levels beyond it share code 0 with
 * unseen levels, and {@link #lumpedLevels()}, {@link #lumpedOffers()} and {@link #report()} say how many. The
 * trainer copies the vocabulary into the model artifact; {@link #fromModel} rebuilds the serving extractor from
 * it, so the codes cannot drift between training and serving.
 *
 * <p>Immutable apart from the counter of unseen levels; thread-safe. {@link #extract} does one hash lookup.
 */
public final class EntityIds implements FeatureExtractor {
  /** The feature-name prefix. */
  public static final String PREFIX = "entity.";

  private final EntityKey key;
  private final List<String> levels;
  private final Map<String, Integer> code;
  private final List<String> names;
  private final int lumpedLevels;
  private final long lumpedOffers;
  private final LongAdder unseen = new LongAdder();

  private EntityIds(EntityKey key, List<String> levels, int lumpedLevels, long lumpedOffers) {
    this.key = key;
    this.levels = List.copyOf(levels);
    Map<String, Integer> c = new HashMap<>();
    for (int i = 0; i < this.levels.size(); i++) {
      if (c.put(this.levels.get(i), i + 1) != null) {
        throw new IllegalArgumentException("entity " + key + ": level '" + this.levels.get(i) + "' appears twice");
      }
    }
    this.code = c;
    this.names = List.of(PREFIX + key.spec());
    this.lumpedLevels = lumpedLevels;
    this.lumpedOffers = lumpedOffers;
  }

  /**
   * Returns an extractor over a given vocabulary (for serving, or to fix the codes by hand).
   *
   * @param key the entity key
   * @param levels the levels; level {@code i} (0-based) gets code {@code i + 1}
   * @return the extractor
   * @throws IllegalArgumentException if a level repeats
   */
  public static EntityIds of(EntityKey key, List<String> levels) {
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(levels, "levels must not be null");
    return new EntityIds(key, levels, 0, 0);
  }

  /**
   * Learns the vocabulary from a log: every level seen gets its own code (sorted by name), none is lumped.
   *
   * @param key the entity key
   * @param log the offers, iterated once
   * @return the extractor
   */
  public static EntityIds learn(EntityKey key, Iterable<OfferRecord> log) {
    return learn(key, log, Integer.MAX_VALUE);
  }

  /**
   * Learns the vocabulary with an explicit cap: the {@code maxLevels} most frequent levels (ties by name) get
   * codes, sorted by name; the rest are lumped with unseen levels into code 0 and reported.
   *
   * @param key the entity key
   * @param log the offers, iterated once
   * @param maxLevels the cap, at least 1
   * @return the extractor
   * @throws IllegalArgumentException if {@code maxLevels} is below 1
   */
  public static EntityIds learn(EntityKey key, Iterable<OfferRecord> log, int maxLevels) {
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(log, "log must not be null");
    if (maxLevels < 1) {
      throw new IllegalArgumentException("maxLevels must be at least 1, found " + maxLevels);
    }
    Map<String, Long> counts = new HashMap<>();
    for (OfferRecord r : log) {
      counts.merge(key.of(r.context()), 1L, Long::sum);
    }
    List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
    entries.sort(Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue).reversed()
        .thenComparing(Map.Entry::getKey));
    List<String> kept = new ArrayList<>();
    long lumped = 0;
    for (Map.Entry<String, Long> e : entries) {
      if (kept.size() < maxLevels) {
        kept.add(e.getKey());
      } else {
        lumped += e.getValue();
      }
    }
    kept.sort(Comparator.naturalOrder());
    return new EntityIds(key, kept, entries.size() - kept.size(), lumped);
  }

  /**
   * Rebuilds the serving extractor from the vocabulary a trained model stores.
   *
   * @param model a model trained with {@link EntityEffects}
   * @param feature the entity feature name, {@code entity.<spec>}
   * @return the extractor with the model's vocabulary
   * @throws IllegalArgumentException if the model has no entity table for that feature
   */
  public static EntityIds fromModel(TrainedDemandModel model, String feature) {
    Objects.requireNonNull(model, "model must not be null");
    Objects.requireNonNull(feature, "feature must not be null");
    List<String> levels = model.entityLevels(feature);
    if (levels == null) {
      throw new IllegalArgumentException("model " + model.version() + " has no entity table for feature '" + feature
          + "'");
    }
    return of(EntityKey.parse(feature.substring(PREFIX.length())), levels);
  }

  /**
   * Returns the key.
   *
   * @return the entity key
   */
  public EntityKey key() {
    return key;
  }

  /**
   * Returns the feature name.
   *
   * @return {@code entity.<spec>}
   */
  public String featureName() {
    return names.get(0);
  }

  /**
   * Returns the vocabulary.
   *
   * @return the levels; level {@code i} has code {@code i + 1}
   */
  public List<String> levels() {
    return levels;
  }

  /**
   * Returns a level's code.
   *
   * @param level the level
   * @return its code, or 0 when it is not in the vocabulary
   */
  public int codeOf(String level) {
    Integer c = code.get(level);
    return c == null ? 0 : c;
  }

  /**
   * Returns how many levels seen when learning were lumped into code 0 by the cap.
   *
   * @return the count (0 without a cap)
   */
  public int lumpedLevels() {
    return lumpedLevels;
  }

  /**
   * Returns how many offers of the learning log had a lumped level.
   *
   * @return the count
   */
  public long lumpedOffers() {
    return lumpedOffers;
  }

  /**
   * Returns how many extracted requests had a level outside the vocabulary.
   *
   * @return the count
   */
  public long unseenLevels() {
    return unseen.sum();
  }

  /**
   * Describes the vocabulary.
   *
   * @return for example {@code entity.customer.id*product.category: 913 levels, 0 lumped}
   */
  public String report() {
    return String.format(Locale.ROOT, "%s: %d levels, %d lumped into the pooled level (%d offers) by an explicit cap; "
        + "%d requests with an unseen level since", featureName(), levels.size(), lumpedLevels, lumpedOffers,
        unseen.sum());
  }

  @Override
  public List<String> featureNames() {
    return names;
  }

  /**
   * {@inheritDoc}
   *
   * <p>True when the key reads the customer ({@link EntityKey#readsCustomer()}): a customer's or household's own
   * level effect and slope are personal data, so the engine's non-personal baseline and uniform mode score such a
   * request at the neutral code 0, the pooled level (for a cross such as {@code customer.id*product.category}, the
   * pooled level of the whole cross). A store panel whose "customer" is a store gets the same treatment: declare the
   * store as a product or market attribute instead if its prices are not personal.
   */
  @Override
  public boolean personal() {
    return key.readsCustomer();
  }

  @Override
  public boolean customerOnly() {
    return key.customerOnly();
  }

  @Override
  public void extract(PricingRequest request, double[] out, int offset) {
    Integer c = code.get(key.of(request));
    if (c == null) {
      unseen.increment();
      out[offset] = 0;
    } else {
      out[offset] = c;
    }
  }

  @Override
  public String toString() {
    return report();
  }
}
