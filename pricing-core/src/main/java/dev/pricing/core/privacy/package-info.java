/**
 * Privacy: keyed pseudonymisation of customer identifiers before they reach logs or models
 * ({@link dev.pricing.core.privacy.Pseudonymiser}).
 */
package dev.pricing.core.privacy;
