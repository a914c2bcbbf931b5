package dev.pricing.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's main job, end to end: it writes the whole report and the engine beats the baselines. */
class DemoTest {

  @Test
  void main_writesReportAndPersonalEngineNearOracle(@TempDir Path dir) throws Exception {
    // The hard-market half has its own smoke test (HardMarketStudyTest); here the default market end to end.
    System.setProperty("demo.skipHardMarket", "true");
    try {
      Demo.main(new String[] {dir.toString()});
    } finally {
      System.clearProperty("demo.skipHardMarket");
    }
    for (String f : new String[] {"report.md", "report.html", "summary.json", "demand-curves.png",
        "price-by-segment.png", "profit-by-policy.png"}) {
      assertThat(dir.resolve(f)).as(f).exists();
      assertThat(Files.size(dir.resolve(f))).as(f).isGreaterThan(500);
    }
    JsonNode summary = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
    double personal = Double.NaN;
    double uniform = Double.NaN;
    for (JsonNode p : summary.get("policies")) {
      String name = p.get("policy").asText();
      if (name.equals("engine, personal (logistic)")) {
        personal = p.get("shareOfOracleProfit").asDouble();
      } else if (name.equals("best uniform")) {
        uniform = p.get("shareOfOracleProfit").asDouble();
      }
    }
    assertThat(personal).isGreaterThanOrEqualTo(0.90);
    assertThat(personal).isGreaterThan(uniform);
    assertThat(summary.get("models").get("demo-logistic_sgd").get("auc").asDouble()).isGreaterThan(0.75);
    assertThat(summary.get("stream").get("titleCacheHits").asLong()).isPositive();
  }
}
