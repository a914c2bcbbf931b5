package dev.pricing.core.markdown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pricing.api.Guardrail;
import dev.pricing.api.Product;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CataloguePlannerTest {

  private static MarkdownProblem problem(String id, MarkdownRules rules) {
    Product p = TestDemand.product(id, "29.99", "12.00");
    return MarkdownProblem.builder(p).stock(30).periods(6).keepPolicy(false).demand(TestDemand.of(4, 0.85, 2.5, 29.99))
        .rules(rules).build();
  }

  @Test
  void failures_areCountedWithTheirMessage_andTheRunGoesOn() {
    MarkdownRules ok = MarkdownRules.builder().maxChanges(2).build();
    MarkdownRules impossible = MarkdownRules.builder().maxChanges(0).guardrail(Guardrail.ceiling("19.99")).build();
    List<MarkdownProblem> problems = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      problems.add(problem("sku-" + i, i == 7 ? impossible : ok));
    }
    AtomicInteger sunk = new AtomicInteger();
    CataloguePlanner.Summary s = CataloguePlanner.of(2, 2).planAll(problems.iterator(), problems.size(),
        plan -> {
          if (plan.problem().products().get(0).id().equals("sku-3")) {
            throw new IllegalStateException("sink refused sku-3");
          }
          sunk.incrementAndGet();
        }, null);
    assertThat(s.planned()).isEqualTo(18);
    assertThat(s.failed()).isEqualTo(2);
    assertThat(sunk.get()).isEqualTo(18);
    assertThat(s.failures()).anySatisfy(m -> assertThat(m).startsWith("sku-7: no price path"))
        .anySatisfy(m -> assertThat(m).isEqualTo("sku-3: sink refused sku-3"));
  }

  @Test
  void badSettings_areRejectedNamingTheField() {
    assertThatThrownBy(() -> CataloguePlanner.of(0, 4)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threads");
    assertThatThrownBy(() -> CataloguePlanner.of(4, 2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxInFlight");
  }
}
