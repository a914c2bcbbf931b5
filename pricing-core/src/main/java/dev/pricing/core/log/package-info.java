/**
 * The decision log: an append-only, crash-safe, pseudonymised record of every decision and outcome
 * ({@link dev.pricing.core.log.DecisionLog}), its reader with human-readable "why" reports
 * ({@link dev.pricing.core.log.DecisionLogReader}, {@link dev.pricing.core.log.DecisionReport}), and periodic
 * retraining from it behind a quality gate ({@link dev.pricing.core.demand.Retrainer}). The on-disk format is
 * specified in {@code docs/decision-log.md}.
 */
package dev.pricing.core.log;
