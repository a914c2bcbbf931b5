/** JMH benchmarks of the pricing hot path and the encoder. Never deployed; run from the shaded benchmarks.jar. */
module dev.pricing.bench {
  requires dev.pricing.core;
  requires dev.pricing.onnx;
  requires com.microsoft.onnxruntime;
  requires jmh.core;

  exports dev.pricing.bench;
}
