package dev.pricing.core.explore;

import java.util.random.RandomGenerator;

/**
 * A reseedable SplitMix64 generator with Beta sampling. One instance per thread (held in a
 * {@link ThreadLocal}), reseeded per decision from (explorer seed, decision id) so that a decision's draws
 * are a pure function of the seed, the decision id and the posterior, whichever thread prices it. Not
 * thread-safe.
 *
 * <p>{@code nextGaussian()} is the JDK's {@link RandomGenerator} default (a ziggurat, allocation-free).
 * Gamma variates use Marsaglia and Tsang (2000), "A simple method for generating gamma variables", and
 * {@code Beta(a, b) = X / (X + Y)} with {@code X ~ Gamma(a)}, {@code Y ~ Gamma(b)}. commons-math3's samplers
 * are not used on the hot path because they need a distribution object per (a, b) pair (an allocation per
 * draw); {@code RngTest} checks these draws against commons-math3's Beta CDF.
 */
final class Rng implements RandomGenerator {
  private long state;

  Rng(long seed) {
    this.state = seed;
  }

  /** Restarts the stream at a mix of the seed and a stream id (for example a decision id). */
  void reseed(long seed, long stream) {
    this.state = mix(seed ^ mix(stream + 0x632BE59BD9B4E019L));
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  @Override
  public long nextLong() {
    state += 0x9E3779B97F4A7C15L;
    return mix(state);
  }

  /** Returns a Gamma(shape, 1) variate, shape > 0. */
  double nextGamma(double shape) {
    if (shape < 1) {
      // Gamma(a) = Gamma(a + 1) * U^(1/a)
      double u = nextDouble();
      return nextGamma(shape + 1) * Math.pow(u == 0 ? Double.MIN_VALUE : u, 1 / shape);
    }
    double d = shape - 1.0 / 3.0;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x = nextGaussian();
      double v = 1 + c * x;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = nextDouble();
      double x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) {
        return d * v;
      }
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) {
        return d * v;
      }
    }
  }

  /** Returns a Beta(a, b) variate, a, b > 0. */
  double nextBeta(double a, double b) {
    double x = nextGamma(a);
    double y = nextGamma(b);
    double s = x + y;
    return s > 0 ? x / s : a / (a + b);
  }
}
