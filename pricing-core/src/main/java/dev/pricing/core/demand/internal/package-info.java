/**
 * Implementation of the demand models: the price-feature derivation, the compiled scorers, the metrics and
 * the artifact codec. Not exported; nothing here is public API.
 */
package dev.pricing.core.demand.internal;
