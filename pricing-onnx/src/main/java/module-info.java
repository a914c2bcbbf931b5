/** The transformer text encoder on ONNX Runtime, as pricing features. */
module dev.pricing.onnx {
  requires transitive dev.pricing.api;
  requires com.microsoft.onnxruntime;
  requires ai.djl.tokenizers;
  requires commons.math3;
  requires java.logging;

  exports dev.pricing.onnx;
}
