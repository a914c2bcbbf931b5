package dev.pricing.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EmbeddingCacheTest {
  @Test
  void get_countsHitsAndMissesAndReturnsCopies() {
    EmbeddingCache cache = EmbeddingCache.create(10);
    assertThat(cache.get("a")).isNull();
    float[] e = {1f, 2f};
    cache.put("a", e);
    e[0] = 99f; // the cache took a copy
    float[] got = cache.get("a");
    assertThat(got).containsExactly(1f, 2f);
    got[1] = 42f; // and hands out copies
    assertThat(cache.get("a")).containsExactly(1f, 2f);
    assertThat(cache.hits()).isEqualTo(2);
    assertThat(cache.misses()).isEqualTo(1);
    assertThat(cache.hitRate()).isEqualTo(2.0 / 3.0);
    assertThat(cache.contains("a")).isTrue();
    assertThat(cache.hits()).isEqualTo(2); // contains does not count
  }

  @Test
  void put_evictsTheOldestBeyondTheCapacity() {
    EmbeddingCache cache = EmbeddingCache.create(3);
    for (int i = 0; i < 5; i++) {
      cache.put("t" + i, new float[] {i});
    }
    assertThat(cache.size()).isEqualTo(3);
    assertThat(cache.evictions()).isEqualTo(2);
    assertThat(cache.contains("t0")).isFalse();
    assertThat(cache.contains("t1")).isFalse();
    assertThat(cache.contains("t4")).isTrue();
    cache.put("t4", new float[] {7});
    assertThat(cache.get("t4")).containsExactly(4f); // first value kept
  }

  @Test
  void create_rejectsACapacityBelowOne() {
    assertThatThrownBy(() -> EmbeddingCache.create(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("capacity").hasMessageContaining("0");
  }
}
