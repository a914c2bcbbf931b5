/** Runnable examples of the pricing library. */
module dev.pricing.examples {
  exports dev.pricing.examples;
  requires dev.pricing.core;

}
