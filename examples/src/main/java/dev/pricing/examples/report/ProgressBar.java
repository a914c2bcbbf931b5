package dev.pricing.examples.report;

import java.io.PrintStream;

/**
 * A one-line text progress bar for long steps, redrawn in place with a carriage return on a terminal; when
 * the output is not a terminal (a log file, CI) it prints one line when the step completes. Not thread-safe.
 */
public final class ProgressBar {
  private static final int WIDTH = 30;
  private final PrintStream out;
  private final String label;
  private final long total;
  private final long start = System.nanoTime();
  private final boolean interactive = System.console() != null;
  private int lastDrawn = -1;

  /**
   * Starts a bar.
   *
   * @param out where to draw
   * @param label what is being done
   * @param total the number of steps, positive
   * @throws IllegalArgumentException if total is not positive
   */
  public ProgressBar(PrintStream out, String label, long total) {
    if (total <= 0) {
      throw new IllegalArgumentException("total must be positive, found " + total);
    }
    this.out = out;
    this.label = label;
    this.total = total;
  }

  /**
   * Reports progress; redraws only when the percentage changes.
   *
   * @param done steps done so far
   */
  public void update(long done) {
    int pct = (int) Math.min(100, done * 100 / total);
    if (pct == lastDrawn || (!interactive && pct < 100)) {
      return;
    }
    lastDrawn = pct;
    int filled = pct * WIDTH / 100;
    double secs = (System.nanoTime() - start) / 1e9;
    out.printf((interactive ? "\r" : "") + "  %-34s [%s%s] %3d%% %5.1fs", label, "#".repeat(filled), ".".repeat(WIDTH - filled), pct, secs);
    if (pct == 100) {
      out.println();
    }
    out.flush();
  }

  /** Marks the bar complete. */
  public void finish() {
    update(total);
  }
}
