package dev.pricing.onnx;

import static dev.pricing.onnx.Encoders.cosine;
import static dev.pricing.onnx.Encoders.norm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The bundled all-MiniLM-L6-v2 (int8) model, for real, on the CPU. */
class TextEncoderTest {
  private final TextEncoder encoder = Encoders.shared();

  @Test
  void encode_returnsUnitVectorsOf384Dimensions() {
    float[] e = encoder.encode("Sony WH-1000XM5 Wireless Noise Cancelling Headphones");
    assertThat(encoder.dimension()).isEqualTo(384);
    assertThat(encoder.provider()).isEqualTo(ExecutionProvider.CPU);
    assertThat(encoder.maxLength()).isEqualTo(256);
    assertThat(e).hasSize(384);
    assertThat(norm(e)).isCloseTo(1.0, within(1e-5));
    assertThat(encoder.modelId()).startsWith("sha256:").hasSize(7 + 64);
  }

  @Test
  void encode_paraphrasesAreCloserThanUnrelatedTitles() {
    String[][] cases = {
      {"Wireless noise cancelling over-ear headphones", "Bluetooth headphones with active noise cancellation",
        "Cast iron skillet, pre-seasoned, 10 inch"},
      {"Men's running shoes, black, size 10", "Black jogging sneakers for men", "Stainless steel electric kettle 1.7 L"},
      {"Dry dog food, chicken and rice, 15 kg bag", "Chicken & rice kibble for adult dogs", "4K OLED smart television 55 inch"},
      {"Portable phone charger power bank 10000mAh", "10000 mAh battery pack for charging phones on the go",
        "Hardcover novel about a wizard school"},
    };
    for (String[] c : cases) {
      float[] a = encoder.encode(c[0]);
      float[] paraphrase = encoder.encode(c[1]);
      float[] unrelated = encoder.encode(c[2]);
      assertThat(cosine(a, paraphrase)).as("%s ~ %s", c[0], c[1]).isGreaterThan(cosine(a, unrelated) + 0.2);
    }
  }

  @Test
  void encode_paddingInsideABatchDoesNotChangeAnEmbedding() {
    String shortText = "USB-C cable";
    String longText = "Samsung 65-Inch Class Crystal UHD 4K Smart TV with HDR, three HDMI ports and a remote with voice control";
    List<float[]> batch = encoder.encode(List.of(shortText, longText, "mug"));
    TokenizedBatch tokens = encoder.tokenize(List.of(shortText, longText, "mug"));
    assertThat(tokens.tokenCount(0)).isLessThan(tokens.sequenceLength()); // really padded
    assertThat(cosine(batch.get(0), encoder.encode(shortText))).isGreaterThan(0.9999);
    assertThat(cosine(batch.get(1), encoder.encode(longText))).isGreaterThan(0.9999);
    assertThat(cosine(batch.get(2), encoder.encode("mug"))).isGreaterThan(0.9999);
  }

  @Test
  void tokenize_padsToTheLongestAndMarksPaddingInTheMask() {
    TokenizedBatch b = encoder.tokenize(List.of("hello world", "a much longer title with many words"));
    assertThat(b.batchSize()).isEqualTo(2);
    long[] ids = b.inputIds();
    long[] mask = b.attentionMask();
    assertThat(ids).hasSize(2 * b.sequenceLength());
    // [CLS] hello world [SEP] then padding; BERT ids: CLS=101, SEP=102, PAD=0.
    assertThat(ids[0]).isEqualTo(101);
    assertThat(ids[3]).isEqualTo(102);
    assertThat(b.tokenCount(0)).isEqualTo(4);
    assertThat(mask[4]).isZero();
    assertThat(ids[4]).isZero();
    assertThat(b.tokenCount(1)).isEqualTo(b.sequenceLength());
    assertThat(b.tokenTypeIds()).containsOnly(0L);
  }

  @Test
  void encodeTokens_equalsEncodeOnTheSameTexts() {
    List<String> texts = List.of("Nintendo Switch OLED", "Lodge cast iron skillet");
    List<float[]> viaTokens = encoder.encodeTokens(encoder.tokenize(texts));
    List<float[]> direct = encoder.encode(texts);
    assertThat(viaTokens.get(0)).containsExactly(direct.get(0));
    assertThat(viaTokens.get(1)).containsExactly(direct.get(1));
  }

  @Test
  void encode_rejectsEmptyAndBlankTextNamingTheValue() {
    assertThatThrownBy(() -> encoder.encode("")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("text").hasMessageContaining("\"\"");
    assertThatThrownBy(() -> encoder.encode(" \t\n")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("text must not be empty or blank");
    assertThatThrownBy(() -> encoder.encode(List.of("ok", "  "))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("texts[1]").hasMessageContaining("\"  \"");
    assertThatThrownBy(() -> encoder.encode(List.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("texts must not be empty");
    assertThatThrownBy(() -> encoder.encode((String) null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("text");
  }

  @Test
  void encode_truncatesA100KbTextAtTheMaximumLength() {
    StringBuilder sb = new StringBuilder();
    while (sb.length() < 100_000) {
      sb.append("Stainless steel water bottle keeps drinks cold for 24 hours. ");
    }
    String huge = sb.toString();
    TokenizedBatch tokens = encoder.tokenize(List.of(huge));
    assertThat(tokens.sequenceLength()).isEqualTo(256);
    float[] e = encoder.encode(huge);
    assertThat(norm(e)).isCloseTo(1.0, within(1e-5));
    // Only the first 256 tokens count: the same as a text cut well past that point.
    assertThat(cosine(e, encoder.encode(huge.substring(0, 5_000)))).isGreaterThan(0.9999);
  }

  @Test
  void encode_handlesNonLatinScriptsAndEmoji() {
    List<String> texts = List.of("ソニー ワイヤレス ノイズキャンセリング ヘッドホン", "Беспроводные наушники с шумоподавлением",
        "سماعات لاسلكية", "耳机 🎧🔥", "🎧", "café crème brûlée");
    List<float[]> embeddings = encoder.encode(texts);
    for (int i = 0; i < texts.size(); i++) {
      float[] e = embeddings.get(i);
      assertThat(norm(e)).as(texts.get(i)).isCloseTo(1.0, within(1e-5));
      for (float v : e) {
        assertThat(Float.isFinite(v)).isTrue();
      }
    }
    // An emoji alone is a real token sequence ([CLS] [UNK] [SEP]), not an empty one.
    assertThat(encoder.tokenize(List.of("🎧")).tokenCount(0)).isEqualTo(3);
  }

  @Test
  void encode_isThreadSafeUnderConcurrentCallers() throws Exception {
    List<String> titles = Encoders.productTitles().subList(0, 16);
    List<float[]> expected = encoder.encode(titles);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<float[]>> futures = new ArrayList<>();
      for (int r = 0; r < 4; r++) {
        for (String t : titles) {
          futures.add(pool.submit(() -> encoder.encode(t)));
        }
      }
      for (int i = 0; i < futures.size(); i++) {
        assertThat(cosine(futures.get(i).get(), expected.get(i % titles.size()))).isGreaterThan(0.9999);
      }
    } finally {
      pool.shutdown();
    }
  }
}
