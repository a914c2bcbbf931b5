/** Bundles: a bundle and its price for a customer from item demand and complementarity, with mixed bundling. */
package dev.pricing.core.bundle;
