/** Promotions: which discount (or none) for whom, by incremental profit, under budgets, stacking rules and guardrails. */
package dev.pricing.core.promo;
