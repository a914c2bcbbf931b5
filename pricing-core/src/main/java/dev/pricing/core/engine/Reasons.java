package dev.pricing.core.engine;

import dev.pricing.api.ReasonCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Reason codes as bits while a decision forms, and the immutable list of each distinct set, built once, so
 * that decisions share their reason lists. Thread-safe (lists are published through an atomic array).
 */
final class Reasons {
  private static final ReasonCode[] ORDER = {
      ReasonCode.SHADOW_MODE, ReasonCode.INVALID_REQUEST, ReasonCode.COMPONENT_FAILED, ReasonCode.TIME_BUDGET_EXCEEDED, ReasonCode.CIRCUIT_OPEN,
      ReasonCode.INFEASIBLE_GUARDRAILS, ReasonCode.MODEL_OUTPUT_INVALID, ReasonCode.GUARDRAIL_BINDING,
      ReasonCode.PERSONALISATION_CAP, ReasonCode.SEARCH_LIMIT, ReasonCode.EXPLORED, ReasonCode.DEGRADED,
      ReasonCode.PERSONALISED, ReasonCode.UNIFORM_MODE, ReasonCode.OPTIMISED, ReasonCode.REFINED,
      ReasonCode.NO_COMPETITOR_DATA, ReasonCode.MARKDOWN_PLAN};
  /** The bits of every reason that makes a decision a fallback. */
  static final int FALLBACK_BITS;

  static {
    int f = 0;
    for (ReasonCode r : ReasonCode.values()) {
      if (r.fallback()) {
        f |= 1 << r.ordinal();
      }
    }
    FALLBACK_BITS = f;
    if (java.util.EnumSet.copyOf(List.of(ORDER)).size() != ReasonCode.values().length
        || ORDER.length != ReasonCode.values().length) {
      throw new ExceptionInInitializerError("Reasons.ORDER must list every ReasonCode once");
    }
  }

  private final AtomicReferenceArray<List<ReasonCode>> lists =
      new AtomicReferenceArray<>(1 << ReasonCode.values().length);

  static int bit(ReasonCode r) {
    return 1 << r.ordinal();
  }

  /** Returns the immutable reason list for a set of reasons, most important first. */
  List<ReasonCode> list(int bits) {
    List<ReasonCode> list = lists.get(bits);
    if (list == null) {
      List<ReasonCode> built = new ArrayList<>();
      for (ReasonCode r : ORDER) {
        if ((bits & bit(r)) != 0) {
          built.add(r);
        }
      }
      list = List.copyOf(built);
      lists.compareAndSet(bits, null, list);
    }
    return list;
  }
}
