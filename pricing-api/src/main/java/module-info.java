/**
 * The public API of the pricing library: the types a checkout service touches
 * ({@link dev.pricing.api.PricingEngine}, {@link dev.pricing.api.PricingRequest},
 * {@link dev.pricing.api.PriceDecision}) and the SPI that backends implement.
 *
 * <p>This module depends on the JDK only.
 */
module dev.pricing.api {
  exports dev.pricing.api;
  exports dev.pricing.api.spi;

  uses dev.pricing.api.spi.EngineProvider;
}
