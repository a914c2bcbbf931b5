package dev.pricing.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pricing.api.BehaviourEvent;
import dev.pricing.api.BehaviourEvent.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BehaviourTextTest {
  private static BehaviourEvent event(Type type, String title) {
    return new BehaviourEvent(type, "p-" + Math.abs(title.hashCode()), title, Instant.parse("2026-11-01T10:00:00Z"));
  }

  @Test
  void render_writesVerbsAndTitlesOldestFirst() {
    String text = BehaviourText.defaults().render(List.of(
        event(Type.VIEW, "Sony WH-1000XM5 Headphones"),
        event(Type.CLICK, "Bose QC Ultra"),
        event(Type.CART, "  Sony   WH-1000XM5\tHeadphones "),
        event(Type.PURCHASE, "USB-C Cable")));
    assertThat(text).isEqualTo("viewed Sony WH-1000XM5 Headphones; clicked Bose QC Ultra; "
        + "added to cart Sony WH-1000XM5 Headphones; purchased USB-C Cable");
  }

  @Test
  void render_keepsTheLastEventsSkipsBlankTitlesAndRepeats() {
    List<BehaviourEvent> events = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      events.add(event(Type.VIEW, "item " + i));
    }
    events.add(event(Type.VIEW, "item 14"));
    events.add(event(Type.VIEW, " "));
    // The window is the last 4 events as recorded (item 13, item 14, item 14 again, a blank title).
    String text = BehaviourText.lastEvents(4).render(events);
    assertThat(text).isEqualTo("viewed item 13; viewed item 14");
  }

  @Test
  void render_ofNoEventsIsEmptyAndLongTitlesAreCut() {
    assertThat(BehaviourText.defaults().render(List.of())).isEmpty();
    String text = BehaviourText.defaults().render(List.of(event(Type.PURCHASE, "x".repeat(500))));
    assertThat(text).hasSize("purchased ".length() + BehaviourText.MAX_TITLE_CHARS);
  }

  @Test
  void lastEvents_rejectsOutOfRange() {
    assertThatThrownBy(() -> BehaviourText.lastEvents(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxEvents").hasMessageContaining("0");
  }
}
