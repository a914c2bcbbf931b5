package dev.pricing.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hard-market study on a small log: it trains every listed model and writes its tables and charts. */
class HardMarketStudyTest {

  @Test
  void main_smallRun_writesEveryTableAndChart(@TempDir Path dir) throws Exception {
    HardMarketStudy.main(new String[] {dir.toString(), "2026", "2500", "250"});
    for (String f : new String[] {"study.md", "price-by-segment.png", "profit-by-policy.png"}) {
      assertThat(dir.resolve(f)).as(f).exists();
      assertThat(Files.size(dir.resolve(f))).as(f).isGreaterThan(500);
    }
    String md = Files.readString(dir.resolve("study.md"));
    assertThat(md).contains("| list price |", "| best uniform |", "| oracle |", "gap captured",
        "Average price paid per segment", "expected / true profit");
    for (String model : new String[] {"logistic (SGD)", "CART"}) {
      assertThat(md).contains("| engine, personal (" + model + ") |");
    }
  }
}
