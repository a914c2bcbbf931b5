package dev.pricing.core.explore;

import dev.pricing.api.spi.PriceExplorer;

/** A fixed candidate set for unit tests: prices in cents, demand per candidate, profit objective. */
final class TestCandidates implements PriceExplorer.Candidates {
  final long[] minor;
  final double[] demand;
  final double cost;
  private final dev.pricing.api.FeatureSchema schema;
  private final double[] x;

  TestCandidates(long[] minor, double[] demand, double cost) {
    this(minor, demand, cost, null, null);
  }

  private TestCandidates(long[] minor, double[] demand, double cost, dev.pricing.api.FeatureSchema schema,
      double[] x) {
    this.minor = minor;
    this.demand = demand;
    this.cost = cost;
    this.schema = schema;
    this.x = x;
  }

  /** The same candidates carrying a request's feature vector, extracted as the engine would. */
  TestCandidates seeing(dev.pricing.core.FeaturePipeline pipeline, dev.pricing.api.PricingRequest request) {
    return new TestCandidates(minor, demand, cost, pipeline.schema(), pipeline.toArray(request));
  }

  @Override
  public dev.pricing.api.FeatureSchema featureSchema() {
    if (schema == null) {
      throw new UnsupportedOperationException("these candidates carry no feature vector");
    }
    return schema;
  }

  @Override
  public double feature(int index) {
    return x[index];
  }

  @Override
  public int count() {
    return minor.length;
  }

  @Override
  public long priceMinor(int i) {
    return minor[i];
  }

  @Override
  public double price(int i) {
    return minor[i] / 100.0;
  }

  @Override
  public double demand(int i) {
    return demand[i];
  }

  @Override
  public double value(int i) {
    return Double.isFinite(demand[i]) && demand[i] >= 0 ? (price(i) - cost) * demand[i] : Double.NEGATIVE_INFINITY;
  }

  @Override
  public int greedy() {
    int g = 0;
    for (int i = 1; i < minor.length; i++) {
      if (value(i) > value(g)) {
        g = i;
      }
    }
    return g;
  }

  @Override
  public double unitCost() {
    return cost;
  }
}
