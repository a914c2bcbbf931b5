/** Runnable examples of the pricing library: the main demo and the real-data studies. */
module dev.pricing.examples {
  requires dev.pricing.core;
  requires dev.pricing.eval;
  requires dev.pricing.onnx;
  requires commons.math3;
  requires org.knowm.xchart;
  requires java.desktop;
  requires com.fasterxml.jackson.databind;

  exports dev.pricing.examples;
  exports dev.pricing.examples.realdata;
  exports dev.pricing.examples.report;
}
