package dev.pricing.core.engine;

import dev.pricing.api.FeatureSchema;
import dev.pricing.api.FeatureVector;
import dev.pricing.api.Outcome;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.spi.DecisionListener;
import java.util.List;

/**
 * The listeners stage: hands each decision (and, to listeners that want it, the feature vector the model
 * saw) and each outcome to the decision listeners. A listener that throws is counted and logged; the
 * decision is unaffected. Thread-safe when the listeners are.
 */
final class Listeners {
  private static final System.Logger LOG = System.getLogger(Listeners.class.getName());

  private final DecisionListener[] listeners;
  private final boolean[] wantsFeatures;
  private final boolean featureListeners;
  private final FeatureSchema schema;
  private final Telemetry telemetry;

  Listeners(List<DecisionListener> list, FeatureSchema schema, Telemetry telemetry) {
    this.listeners = list.toArray(new DecisionListener[0]);
    this.wantsFeatures = new boolean[listeners.length];
    boolean any = false;
    for (int i = 0; i < listeners.length; i++) {
      wantsFeatures[i] = listeners[i].wantsFeatures();
      any |= wantsFeatures[i];
    }
    this.featureListeners = any;
    this.schema = schema;
    this.telemetry = telemetry;
  }

  void decision(RequestContext c, PriceDecision decision) {
    if (listeners.length == 0) {
      return;
    }
    FeatureVector features = null;
    if (featureListeners && c.featuresValid) {
      features = FeatureVector.of(schema, c.x);
    }
    for (int i = 0; i < listeners.length; i++) {
      DecisionListener l = listeners[i];
      try {
        if (wantsFeatures[i]) {
          l.onDecision(c.request, decision, features);
        } else {
          l.onDecision(c.request, decision);
        }
      } catch (RuntimeException e) {
        telemetry.listenerFailure();
        LOG.log(System.Logger.Level.WARNING, "decision listener " + l + " failed; decision unaffected", e);
      }
    }
  }

  void outcome(Outcome outcome) {
    for (DecisionListener l : listeners) {
      try {
        l.onOutcome(outcome);
      } catch (RuntimeException e) {
        telemetry.listenerFailure();
        LOG.log(System.Logger.Level.WARNING, "decision listener " + l + " failed on an outcome", e);
      }
    }
  }

  /** Returns the records the listeners dropped (for example a decision log whose queue was full). */
  long dropped() {
    long drops = 0;
    for (DecisionListener l : listeners) {
      try {
        drops += l.dropped();
      } catch (RuntimeException e) {
        telemetry.listenerFailure();
      }
    }
    return drops;
  }
}
