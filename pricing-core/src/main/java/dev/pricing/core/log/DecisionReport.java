package dev.pricing.core.log;

import dev.pricing.api.FeatureContribution;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A human-readable account of one logged decision, for audits and support ("why did this customer see this
 * price?"): the price against the reference and the non-personal baseline, the reasons, the guardrail that
 * bound it, the features that moved it ({@link FeatureContribution#describe()}), the model version and
 * propensity, and the outcome if one was logged. It contains only what the log holds: the customer appears
 * as a pseudonym.
 *
 * <p>Immutable and thread-safe.
 *
 * @param decision the decision explained
 */
public record DecisionReport(LoggedDecision decision) {
  /**
   * Validates.
   *
   * @throws NullPointerException if the decision is null
   */
  public DecisionReport {
    Objects.requireNonNull(decision, "decision must not be null");
  }

  /**
   * Returns the report's lines.
   *
   * @return the lines, headline first
   */
  public List<String> lines() {
    LoggedDecision d = decision;
    String cur = d.currency().getCurrencyCode();
    List<String> out = new ArrayList<>();
    out.add(String.format(Locale.ROOT, "decision %d of run %s: product %s, customer %s", d.decisionId(), d.runId(),
        d.productId(), d.customerPseudonym()));
    out.add("market time " + d.marketTime() + ", logged at " + d.loggedAt());
    out.add(String.format(Locale.ROOT, "price %s %s (proposed %s, reference %s, baseline without personal data %s)",
        cur, d.price().toPlainString(), d.proposedPrice().toPlainString(), d.referencePrice().toPlainString(),
        d.baselinePrice().toPlainString()));
    out.add("personalised: " + (d.personalised() ? "yes (personal data changed the price)" : "no")
        + (d.fallback() ? "; fallback decision" : ""));
    out.add("reasons: " + String.join(", ", d.reasons()));
    out.add("binding guardrail: " + d.bindingGuardrail().orElse("none"));
    out.add(String.format(Locale.ROOT, "model %s, propensity %.4f", d.modelVersion(), d.propensity()));
    out.add(String.format(Locale.ROOT, "expected conversion %.4f, revenue %.4f, profit %.4f (baseline profit %.4f)",
        d.expectedConversion(), d.expectedRevenue(), d.expectedProfit(), d.baselineExpectedProfit()));
    if (d.contributions().isEmpty()) {
      out.add("contributions: none recorded");
    } else {
      out.add("contributions (largest first):");
      for (FeatureContribution c : d.contributions()) {
        out.add("  " + c.describe());
      }
    }
    out.add(d.outcome().map(o -> "outcome: " + (o.bought() ? "bought " + stripZeros(o.units()) + " units"
        : "not bought") + ", observed " + o.time())
        .orElse("outcome: none logged"));
    return List.copyOf(out);
  }

  private static String stripZeros(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  /**
   * Returns the report as text, one line per {@link #lines()} entry.
   *
   * @return the text
   */
  public String text() {
    return String.join("\n", lines()) + "\n";
  }

  @Override
  public String toString() {
    return text();
  }
}
