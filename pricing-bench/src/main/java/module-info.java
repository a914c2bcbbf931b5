/** JMH benchmarks of the pricing hot path. Never deployed; run from the shaded benchmarks.jar. */
module dev.pricing.bench {
  requires dev.pricing.core;
  requires jmh.core;

  exports dev.pricing.bench;
}
