package dev.pricing.eval;

/** The two arms of an A/B test. Immutable and thread-safe. */
public enum Arm {
  /** The current policy. */
  CONTROL,
  /** The policy under test. */
  TREATMENT
}
