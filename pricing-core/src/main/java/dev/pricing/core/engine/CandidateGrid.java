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
   * Writes the candidate prices in [lo, hi] (minor units, ascending) into {@code minor}: every ladder point
   * when there are at most maxCandidates, else an even grid of that many snapped to the ladder. Returns the
   * count, negated when the grid is not exhaustive.
   */
  int fill(long[] minor, long lo, long hi, int digits) {
    int n = 0;
    long p = lo;
    while (p <= hi && n < maxCandidates) {
      minor[n++] = p;
      p = ladder.ceil(p + 1, digits);
    }
    if (p > hi) {
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
