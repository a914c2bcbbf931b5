package dev.pricing.bench;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Each benchmark thread's position in a request pool whose size is a power of two, so that threads walk
 * the pool from their own place and no two share a counter. Thread-confined (JMH thread scope).
 */
@State(Scope.Thread)
public class RequestCursor {
  private int next;
  private long calls;

  /**
   * Returns the next index and moves on, wrapping at the pool size.
   *
   * @param size the pool size, a power of two
   * @return the index
   */
  int advance(int size) {
    int i = next;
    next = (i + 1) & (size - 1);
    calls++;
    return i;
  }

  /**
   * Returns how many indices this thread has taken.
   *
   * @return the count
   */
  long calls() {
    return calls;
  }
}
