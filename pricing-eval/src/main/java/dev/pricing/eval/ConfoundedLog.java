package dev.pricing.eval;

import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A simulated weekly store panel whose prices were not randomised: the retailer raised prices in the weeks
 * it expected high demand (holidays, summer, large stores in season), so price and demand move together for
 * reasons other than the price. The true elasticity is known, so an estimator's bias and coverage can be
 * measured.
 *
 * <p>Per store {@code s} and week {@code w}, with {@code g} the demand level the features determine
 * (non-linear: a holiday step, a squared summer peak, a store-size effect that grows with the season):
 * <pre>
 *   ln p = ln 3 + 0.12 g + 0.05 size_s + promo + N(0, 0.06^2)       (promo: -0.2 in 15% of weeks, at random)
 *   ln q = 4 + elasticity * ln p + g + N(0, 0.25^2)
 * </pre>
 * The features are what the retailer's analyst has: the week's seasonality (sine, cosine), a holiday flag,
 * the store's size, and two unrelated store attributes.
 *
 * <p>Immutable and thread-safe (the arrays are the caller's once returned; nothing else holds them).
 *
 * @param x the features, one row per store-week, columns named by {@code featureNames}
 * @param lnPrice the log price of each row
 * @param lnUnits the log units sold of each row
 * @param trueElasticity the elasticity the log was generated with
 * @param featureNames the columns of {@code x}
 */
public record ConfoundedLog(double[][] x, double[] lnPrice, double[] lnUnits, double trueElasticity,
    List<String> featureNames) {

  /** The columns of {@link #x()}. */
  public static final List<String> FEATURES = List.of("season_sin", "season_cos", "holiday", "store_size",
      "store_attr_1", "store_attr_2");

  /**
   * Validates.
   *
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if the lengths differ
   */
  public ConfoundedLog {
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(lnPrice, "lnPrice");
    Objects.requireNonNull(lnUnits, "lnUnits");
    featureNames = List.copyOf(featureNames);
    if (lnPrice.length != x.length || lnUnits.length != x.length) {
      throw new IllegalArgumentException("x, lnPrice and lnUnits must have one row each, found " + x.length + ", "
          + lnPrice.length + ", " + lnUnits.length);
    }
  }

  /**
   * Generates a log.
   *
   * @param stores stores, in [1, 10000]
   * @param weeks weeks per store, in [1, 1000]
   * @param elasticity the true elasticity, finite and negative
   * @param seed the seed
   * @return the log, {@code stores * weeks} rows
   * @throws IllegalArgumentException naming the argument and value if out of range
   */
  public static ConfoundedLog generate(int stores, int weeks, double elasticity, long seed) {
    if (stores < 1 || stores > 10_000) {
      throw new IllegalArgumentException("stores must be in [1, 10000], found " + stores);
    }
    if (weeks < 1 || weeks > 1000) {
      throw new IllegalArgumentException("weeks must be in [1, 1000], found " + weeks);
    }
    if (!(elasticity < 0) || Double.isInfinite(elasticity)) {
      throw new IllegalArgumentException("elasticity must be finite and negative, found " + elasticity);
    }
    SplittableRandom r = new SplittableRandom(seed);
    int n = stores * weeks;
    double[][] x = new double[n][];
    double[] lnP = new double[n];
    double[] lnQ = new double[n];
    double[] size = new double[stores];
    double[] a1 = new double[stores];
    double[] a2 = new double[stores];
    for (int s = 0; s < stores; s++) {
      size[s] = gaussian(r);
      a1[s] = gaussian(r);
      a2[s] = r.nextDouble();
    }
    int i = 0;
    for (int s = 0; s < stores; s++) {
      for (int w = 0; w < weeks; w++) {
        double angle = 2 * Math.PI * (w % 52) / 52.0;
        double sin = Math.sin(angle);
        double cos = Math.cos(angle);
        int wy = w % 52;
        double holiday = wy >= 46 || wy == 0 || wy == 21 || wy == 26 ? 1 : 0;
        double summer = Math.max(-cos, 0);
        double g = 0.8 * holiday + 1.2 * summer * summer + 0.3 * size[s] + 0.4 * Math.tanh(2 * size[s] * summer);
        double promo = r.nextDouble() < 0.15 ? -0.2 : 0;
        lnP[i] = Math.log(3) + 0.12 * g + 0.05 * size[s] + promo + 0.06 * gaussian(r);
        lnQ[i] = 4 + elasticity * lnP[i] + g + 0.25 * gaussian(r);
        x[i] = new double[] {sin, cos, holiday, size[s], a1[s], a2[s]};
        i++;
      }
    }
    return new ConfoundedLog(x, lnP, lnQ, elasticity, FEATURES);
  }

  private static double gaussian(SplittableRandom r) {
    // Box-Muller; one value per call keeps the stream simple and reproducible.
    double u = 1 - r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
