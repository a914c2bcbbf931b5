/**
 * Implementation shared by promotions and bundles (not exported): a demand model bound to feature extractors
 * and the guardrail floor of a request.
 */
package dev.pricing.core.offers.internal;
