package dev.pricing.core;

import dev.pricing.api.FeatureSchema;
import dev.pricing.api.FeatureVector;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.spi.FeatureExtractor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The one feature pipeline: a list of extractors laid out over one {@link FeatureSchema}, and the only code
 * that runs extractors. The engine, the simulator, the explorers' tests, promotions and bundles, and the
 * trainer all extract through it, so that training and serving compute the same vector for the same request
 * (no training/serving skew by construction).
 *
 * <p>The schema is the concatenation of the extractors' {@link FeatureExtractor#featureNames()}, in order.
 * Every extraction rejects a non-finite value with an {@link IllegalArgumentException} naming the feature,
 * the extractor that wrote it and the product.
 *
 * <p>Immutable; thread-safe when the extractors are (the SPI requires them to be). The {@code extract}
 * methods write into a caller's buffer and allocate nothing.
 */
public final class FeaturePipeline {
  private final FeatureExtractor[] extractors;
  private final int[] from;
  private final int[] to;
  private final boolean[] personal;
  private final boolean[] customerOnly;
  private final boolean[] personalFeature;
  private final boolean anyPersonal;
  private final FeatureSchema schema;

  private FeaturePipeline(List<? extends FeatureExtractor> list, Collection<String> denied) {
    Objects.requireNonNull(list, "extractors");
    if (list.isEmpty()) {
      throw new IllegalArgumentException("extractors must not be empty, found []");
    }
    this.extractors = new FeatureExtractor[list.size()];
    this.from = new int[extractors.length];
    this.to = new int[extractors.length];
    this.personal = new boolean[extractors.length];
    this.customerOnly = new boolean[extractors.length];
    List<String> names = new ArrayList<>();
    boolean any = false;
    for (int i = 0; i < extractors.length; i++) {
      FeatureExtractor e = list.get(i);
      if (e == null) {
        throw new IllegalArgumentException("extractors[" + i + "] must not be null");
      }
      extractors[i] = e;
      List<String> own = e.featureNames();
      if (own == null || own.isEmpty()) {
        throw new IllegalArgumentException("feature extractor " + e + " declares no features");
      }
      for (String name : own) {
        if (denied.contains(name)) {
          throw new IllegalArgumentException("feature '" + name + "' declared by extractor " + e
              + " is denied and must not influence a price");
        }
      }
      from[i] = names.size();
      names.addAll(own);
      to[i] = names.size();
      personal[i] = e.personal();
      customerOnly[i] = e.customerOnly();
      any |= personal[i];
    }
    this.schema = FeatureSchema.of(names);
    this.anyPersonal = any;
    this.personalFeature = new boolean[schema.size()];
    for (int i = 0; i < extractors.length; i++) {
      for (int j = from[i]; j < to[i]; j++) {
        personalFeature[j] = personal[i];
      }
    }
  }

  /**
   * Lays out extractors over one schema.
   *
   * @param extractors the extractors, in schema order; not empty, no nulls, each declaring at least one feature
   * @return the pipeline
   * @throws IllegalArgumentException if the list is empty, holds null or an extractor without features, or
   *     two extractors declare the same feature name
   */
  public static FeaturePipeline of(List<? extends FeatureExtractor> extractors) {
    return new FeaturePipeline(extractors, Set.of());
  }

  /**
   * Lays out extractors over one schema, refusing features that must not influence a price.
   *
   * @param extractors the extractors, in schema order
   * @param denied feature names no extractor may declare
   * @return the pipeline
   * @throws IllegalArgumentException as {@link #of(List)}, or naming a denied feature that an extractor declares
   */
  public static FeaturePipeline of(List<? extends FeatureExtractor> extractors, Collection<String> denied) {
    return new FeaturePipeline(extractors, Set.copyOf(Objects.requireNonNull(denied, "denied")));
  }

  /** @return the schema: every extractor's features, in order */
  public FeatureSchema schema() {
    return schema;
  }

  /** @return the number of features */
  public int size() {
    return schema.size();
  }

  /** @return the number of extractors */
  public int extractorCount() {
    return extractors.length;
  }

  /**
   * @param i the extractor's position
   * @return the extractor
   */
  public FeatureExtractor extractor(int i) {
    return extractors[i];
  }

  /**
   * @param i the extractor's position
   * @return the first feature index it writes
   */
  public int from(int i) {
    return from[i];
  }

  /**
   * @param i the extractor's position
   * @return one past the last feature index it writes
   */
  public int to(int i) {
    return to[i];
  }

  /**
   * @param i the extractor's position
   * @return whether it reads personal data ({@link FeatureExtractor#personal()})
   */
  public boolean personal(int i) {
    return personal[i];
  }

  /**
   * @param i the extractor's position
   * @return whether its output depends on the customer only ({@link FeatureExtractor#customerOnly()})
   */
  public boolean customerOnly(int i) {
    return customerOnly[i];
  }

  /**
   * @param feature a feature index
   * @return whether a personal extractor writes it
   */
  public boolean personalFeature(int feature) {
    return personalFeature[feature];
  }

  /** @return whether any extractor is personal */
  public boolean anyPersonal() {
    return anyPersonal;
  }

  /**
   * Writes every feature of a request.
   *
   * @param request the request
   * @param x the buffer, at least {@link #size()} long
   * @throws IllegalArgumentException naming the feature if an extractor writes a non-finite value
   */
  public void extract(PricingRequest request, double[] x) {
    extract(request, x, false);
  }

  /**
   * Writes every feature of a request, personal extractors writing their neutral values when asked (the
   * engine's uniform-price mode).
   *
   * @param request the request
   * @param x the buffer, at least {@link #size()} long
   * @param neutralPersonal whether personal extractors write {@link FeatureExtractor#extractNeutral} values
   * @throws IllegalArgumentException naming the feature if an extractor writes a non-finite value
   */
  public void extract(PricingRequest request, double[] x, boolean neutralPersonal) {
    for (int i = 0; i < extractors.length; i++) {
      extractOne(i, request, x, neutralPersonal && personal[i]);
    }
  }

  /**
   * Runs one extractor and checks what it wrote.
   *
   * @param i the extractor's position
   * @param request the request
   * @param x the buffer
   * @param neutral whether it writes its neutral values
   * @throws IllegalArgumentException naming the feature if it writes a non-finite value
   */
  public void extractOne(int i, PricingRequest request, double[] x, boolean neutral) {
    if (neutral) {
      extractors[i].extractNeutral(request, x, from[i]);
    } else {
      extractors[i].extract(request, x, from[i]);
    }
    int j = firstNonFinite(x, from[i], to[i]);
    if (j >= 0) {
      throw nonFinite(request, x, j, neutral);
    }
  }

  /**
   * Returns a request's features as a new vector.
   *
   * @param request the request
   * @return the vector over {@link #schema()}
   * @throws IllegalArgumentException naming the feature if an extractor writes a non-finite value
   */
  public FeatureVector vector(PricingRequest request) {
    Objects.requireNonNull(request, "request");
    double[] x = new double[schema.size()];
    extract(request, x, false);
    return FeatureVector.of(schema, x);
  }

  /**
   * Returns a request's features as a new array.
   *
   * @param request the request
   * @return the features over {@link #schema()}
   * @throws IllegalArgumentException naming the feature if an extractor writes a non-finite value
   */
  public double[] toArray(PricingRequest request) {
    Objects.requireNonNull(request, "request");
    double[] x = new double[schema.size()];
    extract(request, x, false);
    return x;
  }

  /**
   * Writes the non-personal view of a request: {@code x} copied into {@code base}, then every personal
   * extractor's neutral values over it. Non-personal extractors are not run again.
   *
   * @param request the request
   * @param x the request's extracted features
   * @param base the buffer for the neutral vector
   * @throws IllegalArgumentException naming the feature if a neutral value is not finite
   */
  public void neutralise(PricingRequest request, double[] x, double[] base) {
    System.arraycopy(x, 0, base, 0, schema.size());
    for (int i = 0; i < extractors.length; i++) {
      if (personal[i]) {
        extractOne(i, request, base, true);
      }
    }
  }

  /**
   * Returns the first index in {@code [from, to)} whose value is not finite.
   *
   * @param x the buffer
   * @param from first index
   * @param to one past the last index
   * @return the index, or -1 if all are finite
   */
  public static int firstNonFinite(double[] x, int from, int to) {
    for (int j = from; j < to; j++) {
      if (!Double.isFinite(x[j])) {
        return j;
      }
    }
    return -1;
  }

  /**
   * Returns the error for a non-finite feature, naming it, its extractor and the product.
   *
   * @param request the request
   * @param x the buffer
   * @param j the feature index
   * @param neutral whether the value was a neutral value
   * @return the exception (not thrown)
   */
  public IllegalArgumentException nonFinite(PricingRequest request, double[] x, int j, boolean neutral) {
    return new IllegalArgumentException((neutral ? "neutral value of feature '" : "feature '") + schema.name(j)
        + "' written by extractor " + extractors[extractorOf(j)] + " must be finite, found " + x[j]
        + " (product " + request.product().id() + ")");
  }

  private int extractorOf(int feature) {
    for (int i = 0; i < extractors.length; i++) {
      if (feature < to[i]) {
        return i;
      }
    }
    return extractors.length - 1;
  }

  @Override
  public String toString() {
    return "FeaturePipeline{extractors=" + extractors.length + ", features=" + schema.size() + "}";
  }
}
