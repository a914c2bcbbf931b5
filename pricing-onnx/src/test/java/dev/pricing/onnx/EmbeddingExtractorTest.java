package dev.pricing.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pricing.api.BehaviourEvent;
import dev.pricing.api.BehaviourEvent.Type;
import dev.pricing.api.BehaviourSummary;
import dev.pricing.api.Customer;
import dev.pricing.api.Market;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The title and behaviour extractors on real requests, the real model and a catalogue PCA. */
class EmbeddingExtractorTest {
  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  private static Pca pca;
  private static BatchingEncoder batching;

  @BeforeAll
  static void setUp() {
    pca = Pca.fit(Encoders.shared(), Encoders.productTitles(), 16);
    batching = BatchingEncoder.builder(Encoders.shared()).maxWait(Duration.ofMillis(2)).build();
  }

  @AfterAll
  static void tearDown() {
    batching.close();
  }

  private static PricingRequest request(String title, List<BehaviourEvent> events) {
    Product product = Product.builder("sku-1", "USD").listPrice("19.99").unitCost("11.40").category("audio")
        .title(title).build();
    Customer customer = new Customer("c-1", BehaviourSummary.empty(), events, Map.of());
    return PricingRequest.of(customer, product, Market.of(10, NOW));
  }

  private static void awaitCached(String text) throws InterruptedException {
    for (int i = 0; i < 500 && !batching.cache().contains(text); i++) {
      Thread.sleep(10);
    }
    assertThat(batching.cache().contains(text)).as("cached: " + text).isTrue();
  }

  @Test
  void title_missWritesZerosAndSchedulesThenHitWritesTheProjection() throws Exception {
    TitleEmbeddingExtractor extractor = TitleEmbeddingExtractor.create(batching, pca);
    assertThat(extractor.featureNames()).hasSize(16).startsWith("text.title.pc0").endsWith("text.title.pc15");
    assertThat(extractor.personal()).isFalse();
    String title = "Anker Soundcore Life Q30 Hybrid Active Noise Cancelling Headphones";
    PricingRequest req = request(title, List.of());
    double[] out = new double[20];
    java.util.Arrays.fill(out, 7.0);
    extractor.extract(req, out, 2);
    assertThat(out).startsWith(7.0, 7.0);
    assertThat(java.util.Arrays.copyOfRange(out, 2, 18)).containsOnly(0.0);
    assertThat(out[18]).isEqualTo(7.0);
    awaitCached(title);
    extractor.extract(req, out, 2);
    double[] expected = pca.project(Encoders.shared().encode(title));
    for (int i = 0; i < 16; i++) {
      assertThat(out[2 + i]).isCloseTo(expected[i], within(1e-6));
    }
    assertThat(out[18]).isEqualTo(7.0);
  }

  @Test
  void title_blankTitleWritesZerosWithoutScheduling() {
    TitleEmbeddingExtractor extractor = TitleEmbeddingExtractor.create(batching, pca);
    double[] out = new double[16];
    java.util.Arrays.fill(out, 3.0);
    long queuedBefore = batching.encodedTexts() + batching.queued();
    extractor.extract(request("", List.of()), out, 0);
    assertThat(out).containsOnly(0.0);
    assertThat(batching.encodedTexts() + batching.queued()).isEqualTo(queuedBefore);
  }

  @Test
  void title_cacheHitDoesNotAllocate() throws Exception {
    TitleEmbeddingExtractor extractor = TitleEmbeddingExtractor.create(batching, pca);
    String title = "Hydro Flask 32 oz Wide Mouth Water Bottle, Pacific";
    PricingRequest req = request(title, List.of());
    double[] out = new double[16];
    extractor.extract(req, out, 0);
    awaitCached(title);
    // Through reflection: the tests are compiled inside the module, which does not read jdk.management.
    Object threads = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
    java.lang.reflect.Method allocatedBytes =
        Class.forName("com.sun.management.ThreadMXBean").getMethod("getThreadAllocatedBytes", long.class);
    long tid = Thread.currentThread().getId();
    for (int i = 0; i < 20_000; i++) {
      extractor.extract(req, out, 0); // warm up the JIT
    }
    long before = (Long) allocatedBytes.invoke(threads, tid);
    for (int i = 0; i < 100_000; i++) {
      extractor.extract(req, out, 0);
    }
    long allocated = (Long) allocatedBytes.invoke(threads, tid) - before;
    System.out.printf("title extract on a cache hit: %.3f bytes/call; %s%n", allocated / 100_000.0, batching.cache());
    assertThat(allocated / 100_000.0).isLessThan(1.0);
  }

  @Test
  void behaviour_isPersonalEncodesTheRenderedEventsAndIsNeutralWhenEmpty() throws Exception {
    BehaviourEmbeddingExtractor extractor = BehaviourEmbeddingExtractor.create(batching, pca);
    assertThat(extractor.personal()).isTrue();
    assertThat(extractor.featureNames()).hasSize(16).startsWith("text.behaviour.pc0");
    List<BehaviourEvent> events = List.of(
        new BehaviourEvent(Type.VIEW, "p1", "Sony WH-1000XM5 Wireless Headphones", NOW.minusSeconds(600)),
        new BehaviourEvent(Type.CART, "p1", "Sony WH-1000XM5 Wireless Headphones", NOW.minusSeconds(300)),
        new BehaviourEvent(Type.PURCHASE, "p2", "USB-C Cable 2m", NOW.minusSeconds(60)));
    PricingRequest req = request("Bose QuietComfort Ultra Earbuds", events);
    double[] out = new double[16];
    extractor.extract(req, out, 0);
    assertThat(out).containsOnly(0.0); // not cached yet
    String rendered = BehaviourText.defaults().render(events);
    awaitCached(rendered);
    extractor.extract(req, out, 0);
    assertThat(out).isEqualTo(pca.project(batching.cache().get(rendered)));
    assertThat(out).isNotEqualTo(new double[16]);

    extractor.extractNeutral(req, out, 0);
    assertThat(out).containsOnly(0.0);
    extractor.extract(request("x", List.of()), out, 0);
    assertThat(out).containsOnly(0.0);
  }

  @Test
  void create_rejectsAPcaOfAnotherModel() {
    Pca foreign = Pca.fit("sha256:another-model", Encoders.shared().encode(Encoders.productTitles()), 4);
    assertThatThrownBy(() -> TitleEmbeddingExtractor.create(batching, foreign))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pca was fitted for another model")
        .hasMessageContaining("sha256:another-model");
  }

  @Test
  void extract_afterTheBatchingEncoderIsClosedThrowsIllegalState() {
    BatchingEncoder own = BatchingEncoder.builder(Encoders.shared()).build();
    TitleEmbeddingExtractor extractor = TitleEmbeddingExtractor.create(own, pca);
    own.close();
    assertThatThrownBy(() -> extractor.extract(request("anything", List.of()), new double[16], 0))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }
}
