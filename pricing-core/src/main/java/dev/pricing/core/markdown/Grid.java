package dev.pricing.core.markdown;

import java.math.BigDecimal;
import java.util.Arrays;

/**
 * The finite model a plan is solved on: candidate price levels (one price per product per level, ascending),
 * which levels each period's guardrails allow, which changes the rules allow, and the indexing of rule
 * states {@code (changes left, periods since the last change)}. Immutable once built; package-private.
 */
final class Grid {
  final int products;
  final int digits;
  final long[][] minor;
  final double[][] price;
  final int n;
  final int periods;
  final int stock;
  /** Minimum periods between changes; d in [0, m] is the capped count of periods since the last change. */
  final int m;
  /** Changes left at the plan's start; when at least the periods left, the limit cannot bind (unlimited). */
  final int changesLeft;
  final boolean unlimitedChanges;
  /** Size of the changes-left dimension of the rule state (1 when unlimited). */
  final int cDim;
  final int ruleStates;
  final boolean[][] allowed;
  /** canChange[j * n + j2]: whether one change may go from level j to level j2; null on the fast path. */
  final boolean[] canChange;
  /** Markdown only and no change limit from a MaxChange guardrail: a change may go to any lower level. */
  final boolean fastPath;
  final double[] cost;
  final double feeRate;

  Grid(int products, int digits, long[][] minor, int periods, int stock, int m, int changesLeft, boolean[][] allowed,
      boolean[] canChange, boolean fastPath, double[] cost, double feeRate) {
    this.products = products;
    this.digits = digits;
    this.minor = minor;
    this.n = minor[0].length;
    this.price = new double[products][n];
    double scale = Math.pow(10, digits);
    for (int i = 0; i < products; i++) {
      for (int j = 0; j < n; j++) {
        price[i][j] = minor[i][j] / scale;
      }
    }
    this.periods = periods;
    this.stock = stock;
    this.m = m;
    this.unlimitedChanges = changesLeft >= periods;
    this.changesLeft = unlimitedChanges ? periods : changesLeft;
    this.cDim = unlimitedChanges ? 1 : changesLeft + 1;
    this.ruleStates = cDim * (m + 1);
    this.allowed = allowed;
    this.canChange = canChange;
    this.fastPath = fastPath;
    this.cost = cost;
    this.feeRate = feeRate;
  }

  BigDecimal price(int product, int level) {
    return BigDecimal.valueOf(minor[product][level], digits);
  }

  int levelOf(BigDecimal leadPrice) {
    BigDecimal scaled = leadPrice.movePointRight(digits);
    if (scaled.stripTrailingZeros().scale() > 0) {
      return -1;
    }
    int j = Arrays.binarySearch(minor[0], scaled.longValueExact());
    return j >= 0 ? j : -1;
  }

  /** The rule state of a season that has used {@code changesUsed} changes (the plan started at {@code base}). */
  int ruleState(int changesUsed, int periodsSinceLastChange, int base) {
    int left = changesLeft - (changesUsed - base);
    if (changesUsed < base || left < 0) {
      throw new IllegalArgumentException("changesUsed must be in [" + base + ", " + (base + changesLeft)
          + "] for this plan, found " + changesUsed);
    }
    return normal(unlimitedChanges ? 0 : left, Math.min(periodsSinceLastChange, m));
  }

  /** With no change left the gap no longer matters: those states are merged into d = m. */
  private int normal(int c, int d) {
    return c * (m + 1) + (c == 0 && !unlimitedChanges ? m : d);
  }

  int stay(int r) {
    int d = r % (m + 1);
    return normal(r / (m + 1), Math.min(d + 1, m));
  }

  /** The rule state after a change, or -1 when the rules allow none from {@code r}. */
  int change(int r) {
    int c = r / (m + 1);
    int d = r % (m + 1);
    if ((c == 0 && !unlimitedChanges) || d < m) {
      return -1;
    }
    return normal(unlimitedChanges ? 0 : c - 1, Math.min(1, m));
  }

  /**
   * Returns, per period {@code t = 0 .. periods}, which (rule state, level) pairs {@code r * n + j} some
   * rule-abiding path from the start reaches; the planner solves only those.
   */
  boolean[][] reachable(int r0, int j0) {
    boolean[][] reach = new boolean[periods + 1][ruleStates * n];
    reach[0][r0 * n + j0] = true;
    for (int t = 0; t < periods; t++) {
      boolean[] from = reach[t];
      boolean[] to = reach[t + 1];
      for (int r = 0; r < ruleStates; r++) {
        int rs = stay(r);
        int rc = change(r);
        for (int j = 0; j < n; j++) {
          if (!from[r * n + j]) {
            continue;
          }
          // Stock 0 keeps the price whatever the guardrails say (the price no longer matters).
          to[rs * n + j] = true;
          if (rc >= 0) {
            for (int j2 = 0; j2 < n; j2++) {
              if (j2 != j && allowed[t][j2] && (fastPath ? j2 < j : canChange[j * n + j2])) {
                to[rc * n + j2] = true;
              }
            }
          }
        }
      }
    }
    return reach;
  }

  int states() {
    return ruleStates * n * (stock + 1);
  }

  int index(int t, int r, int j, int s) {
    return ((t * ruleStates + r) * n + j) * (stock + 1) + s;
  }
}
