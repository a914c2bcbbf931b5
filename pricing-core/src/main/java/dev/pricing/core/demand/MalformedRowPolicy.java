package dev.pricing.core.demand;

/** What an {@link OfferLogCsv} reader does with a row it cannot parse. Immutable and thread-safe (an enum). */
public enum MalformedRowPolicy {
  /** Throw a {@link MalformedOfferException} naming the line and the column (the default). */
  FAIL,
  /** Skip the row and count it; see {@link OfferLogCsv#malformedRows()}. */
  SKIP_AND_COUNT
}
