package dev.pricing.core.engine;

import dev.pricing.api.PriceLadder;

/**
 * The candidate prices of a decision: the ladder points inside the bounds, or an even grid of at most
 * {@code maxCandidates} of them. Immutable and thread-safe; writes into the caller's buffers.
 */
final class CandidateGrid {
  private final PriceLadder ladder;
  private final int maxCandidates;

  CandidateGrid(PriceLadder ladder, int maxCandidates) {
    this.ladder = ladder;
    this.maxCandidates = maxCandidates;
  }

  PriceLadder ladder() {
    return ladder;
  }

  int maxCandidates() {
    return maxCandidates;
  }

  /**
   * Writes the candidate prices in [lo, hi] (minor units, ascending; {@code minor} holds at least
   * maxCandidates + 1) into {@code minor}: every ladder point
   * when there are at most maxCandidates, else an even grid of that many snapped to the ladder. Returns the
   * count, negated when the grid is not exhaustive.
   */
  int fill(long[] minor, long lo, long hi, int digits) {
    if (lo > hi) {
      return 0;
    }
    // lo is a ladder point (the bounds are snapped); one more than maxCandidates tells the grid is needed.
    int n = ladder.fill(lo, hi, digits, minor, maxCandidates + 1);
    if (n <= maxCandidates) {
      return n;
    }
    n = 0;
    long span = hi - lo;
    for (int k = 0; k < maxCandidates; k++) {
      long target = lo + Math.round(span * (k / (double) (maxCandidates - 1)));
      long c = Math.min(ladder.ceil(target, digits), hi);
      if (n == 0 || c != minor[n - 1]) {
        minor[n++] = c;
      }
    }
    return -n;
  }
}
