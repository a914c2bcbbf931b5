/** The transformer text encoder on ONNX Runtime, as pricing features. */
module dev.pricing.onnx {
  requires transitive dev.pricing.api;

}
