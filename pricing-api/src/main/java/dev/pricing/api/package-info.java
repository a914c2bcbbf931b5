/**
 * The public API of the pricing library.
 *
 * <p>A checkout builds one {@link dev.pricing.api.PricingEngine} with
 * {@link dev.pricing.api.PricingEngine#builder()} and calls {@link dev.pricing.api.PricingEngine#price}
 * with a {@link dev.pricing.api.PricingRequest} (customer, product, market) from many threads. Each
 * {@link dev.pricing.api.PriceDecision} says the price (an exact decimal in the currency's minor unit), why
 * ({@link dev.pricing.api.ReasonCode}, the binding {@link dev.pricing.api.Guardrail}), and what it expects.
 *
 * <p>All value types here are immutable and thread-safe, reject bad input with an
 * {@link java.lang.IllegalArgumentException} naming the field and value, and never accept or return null.
 */
package dev.pricing.api;
