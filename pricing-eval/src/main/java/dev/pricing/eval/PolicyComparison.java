package dev.pricing.eval;

import dev.pricing.api.PricingEngine;
import dev.pricing.api.spi.DemandModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Policies compared on the same simulated requests against the truth: one {@link PolicyResult} per policy
 * and one for the oracle, with a Markdown table and JSON.
 *
 * <p>Rejects a null oracle, an empty or null policy list and segments that are null. Immutable and
 * thread-safe.
 *
 * @param oracle the oracle's result
 * @param policies the compared policies' results, in the order given
 * @param segments the segment ids, in the order of the table columns
 */
public record PolicyComparison(PolicyResult oracle, List<PolicyResult> policies, List<String> segments) {

  /** Validates and copies every component. */
  public PolicyComparison {
    Objects.requireNonNull(oracle, "oracle");
    policies = List.copyOf(Objects.requireNonNull(policies, "policies"));
    if (policies.isEmpty()) {
      throw new IllegalArgumentException("policies must not be empty");
    }
    segments = List.copyOf(Objects.requireNonNull(segments, "segments"));
  }

  /**
   * Evaluates policies on the same requests, with the oracle as the yardstick.
   *
   * @param simulator the market
   * @param requests the requests, not empty
   * @param policies the policies, not empty
   * @return the comparison
   */
  public static PolicyComparison compare(MarketSimulator simulator, List<SimulatedRequest> requests,
      List<? extends PricingPolicy> policies) {
    Objects.requireNonNull(simulator, "simulator");
    if (requests == null || requests.isEmpty()) {
      throw new IllegalArgumentException("requests must not be empty");
    }
    if (policies == null || policies.isEmpty()) {
      throw new IllegalArgumentException("policies must not be empty");
    }
    MarketSimulator.Totals oracleTotals = simulator.totals(simulator.oracle(), requests);
    double oracleProfit = oracleTotals.profit;
    PolicyResult oracle = oracleTotals.result("oracle", requests.size(), oracleProfit);
    List<PolicyResult> results = new ArrayList<>();
    for (PricingPolicy p : policies) {
      results.add(simulator.totals(p, requests).result(p.name(), requests.size(), oracleProfit));
    }
    return new PolicyComparison(oracle, results,
        simulator.segments().stream().map(Segment::id).toList());
  }

  /**
   * Compares the four standard policies: the list price, the best uniform price per product, the engine in
   * uniform mode and the engine with personal features, both engines using {@code model} and configured
   * like the market ({@link MarketSimulator#engineBuilder()}). The engines are closed before returning.
   *
   * @param simulator the market
   * @param requests the requests, not empty
   * @param model the demand model the engines use (for example the true one, or a trained one)
   * @return the comparison
   */
  public static PolicyComparison standard(MarketSimulator simulator, List<SimulatedRequest> requests,
      DemandModel model) {
    Objects.requireNonNull(simulator, "simulator");
    Objects.requireNonNull(model, "model");
    try (PricingEngine uniform = simulator.engineBuilder().demandModel(model).uniformPricing(true).build();
        PricingEngine personal = simulator.engineBuilder().demandModel(model).build()) {
      return compare(simulator, requests, List.of(
          Policies.listPrice(),
          simulator.bestUniform(requests),
          Policies.engine("engine, uniform (" + model.version() + ")", uniform),
          Policies.engine("engine, personal (" + model.version() + ")", personal)));
    }
  }

  /**
   * Returns the result of the named policy.
   *
   * @param name the policy's name (or "oracle")
   * @return the result
   * @throws IllegalArgumentException if no policy has that name
   */
  public PolicyResult result(String name) {
    if (oracle.policy().equals(name)) {
      return oracle;
    }
    return policies.stream().filter(p -> p.policy().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no policy named '" + name + "' among "
            + policies.stream().map(PolicyResult::policy).toList()));
  }

  /** @return a Markdown table: one row per policy, the oracle last */
  public String toMarkdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("| policy | profit/request | share of oracle | revenue/request | conversion | avg price paid |");
    for (String s : segments) {
      sb.append(" paid: ").append(s).append(" |");
    }
    sb.append(" bought below list |\n|---|---:|---:|---:|---:|---:|");
    sb.append("---:|".repeat(segments.size())).append("---:|\n");
    List<PolicyResult> rows = new ArrayList<>(policies);
    rows.add(oracle);
    for (PolicyResult r : rows) {
      sb.append("| ").append(r.policy()).append(" | ").append(f(r.profitPerRequest(), 4))
          .append(" | ").append(pct(r.shareOfOracleProfit()))
          .append(" | ").append(f(r.revenuePerRequest(), 4))
          .append(" | ").append(pct(r.conversion()))
          .append(" | ").append(f(r.averagePricePaid(), 2)).append(" |");
      for (String s : segments) {
        Double v = r.averagePricePaidBySegment().get(s);
        sb.append(' ').append(v == null ? "-" : f(v, 2)).append(" |");
      }
      sb.append(' ').append(pct(r.shareBelowList())).append(" |\n");
    }
    return sb.toString();
  }

  /** @return the comparison as a JSON object */
  public String toJson() {
    StringBuilder sb = new StringBuilder("{\"oracle\":");
    json(sb, oracle);
    sb.append(",\"policies\":[");
    for (int i = 0; i < policies.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      json(sb, policies.get(i));
    }
    return sb.append("]}").toString();
  }

  private void json(StringBuilder sb, PolicyResult r) {
    sb.append("{\"policy\":\"").append(r.policy().replace("\\", "\\\\").replace("\"", "\\\""))
        .append("\",\"requests\":").append(r.requests())
        .append(",\"profitPerRequest\":").append(r.profitPerRequest())
        .append(",\"revenuePerRequest\":").append(r.revenuePerRequest())
        .append(",\"conversion\":").append(r.conversion())
        .append(",\"averagePricePaid\":").append(r.averagePricePaid())
        .append(",\"averagePricePaidBySegment\":{");
    boolean first = true;
    for (String s : segments) {
      Double v = r.averagePricePaidBySegment().get(s);
      if (v != null) {
        sb.append(first ? "" : ",").append('"').append(s).append("\":").append(v);
        first = false;
      }
    }
    sb.append("},\"shareBelowList\":").append(r.shareBelowList())
        .append(",\"shareOfOracleProfit\":").append(r.shareOfOracleProfit()).append('}');
  }

  private static String f(double v, int digits) {
    return String.format(Locale.ROOT, "%." + digits + "f", v);
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * v);
  }
}
