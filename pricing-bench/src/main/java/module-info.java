/** JMH benchmarks of the pricing hot path. Never deployed. */
module dev.pricing.bench {
  requires dev.pricing.core;

}
