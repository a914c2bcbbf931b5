package dev.pricing.core.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PseudonymiserTest {
  private static final byte[] KEY = "an example key of at least 32 bytes!!".getBytes(StandardCharsets.US_ASCII);

  @Test
  void pseudonym_isKeyIdAndBase64UrlOfTheHmac() throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
    String expected = "k1." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(mac.doFinal("alice@example.com".getBytes(StandardCharsets.UTF_8)));
    Pseudonymiser p = Pseudonymiser.of("k1", KEY);
    assertThat(p.pseudonymise("alice@example.com")).isEqualTo(expected).matches("k1\\.[A-Za-z0-9_-]{43}");
    assertThat(p.pseudonymise("alice@example.com")).isEqualTo(expected); // stable
    assertThat(p.pseudonymise("bob@example.com")).isNotEqualTo(expected);
    assertThat(p.toString()).doesNotContain(new String(KEY, StandardCharsets.US_ASCII));
  }

  @Test
  void rotatedKey_givesUnrelatedPseudonymsUnderItsOwnId() {
    byte[] other = KEY.clone();
    other[0] ^= 1;
    String a = Pseudonymiser.of("k1", KEY).pseudonymise("alice@example.com");
    String b = Pseudonymiser.of("k2", other).pseudonymise("alice@example.com");
    assertThat(b).startsWith("k2.");
    assertThat(b.substring(3)).isNotEqualTo(a.substring(3));
  }

  @Test
  void callerMutatingTheKeyArrayAfterwards_changesNothing() {
    byte[] key = KEY.clone();
    Pseudonymiser p = Pseudonymiser.of("k1", key);
    String before = p.pseudonymise("x");
    java.util.Arrays.fill(key, (byte) 7);
    assertThat(p.pseudonymise("x")).isEqualTo(before);
  }

  @Test
  void badKeys_areRefusedNamingTheFieldButNeverTheKey() {
    assertThatThrownBy(() -> Pseudonymiser.of("k1", new byte[16])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key must be at least 32 bytes").hasMessageContaining("16 bytes");
    assertThatThrownBy(() -> Pseudonymiser.of("k1", new byte[40])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("random key material");
    assertThatThrownBy(() -> Pseudonymiser.of("bad id!", KEY)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keyId").hasMessageContaining("bad id!");
    assertThatThrownBy(() -> Pseudonymiser.of("", KEY)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keyId");
    assertThatThrownBy(() -> Pseudonymiser.fromEnvironment("k1", "PRICING_TEST_SURELY_UNSET_VARIABLE_42"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PRICING_TEST_SURELY_UNSET_VARIABLE_42");
  }

  @Test
  void keyFile_holdsBase64_standardOrUrlSafe(@TempDir Path dir) throws Exception {
    Path standard = dir.resolve("key.b64");
    Files.writeString(standard, Base64.getEncoder().encodeToString(KEY) + "\n");
    Path urlSafe = dir.resolve("key.b64url");
    Files.writeString(urlSafe, Base64.getUrlEncoder().withoutPadding().encodeToString(KEY));
    String expected = Pseudonymiser.of("k1", KEY).pseudonymise("alice");
    assertThat(Pseudonymiser.fromKeyFile("k1", standard).pseudonymise("alice")).isEqualTo(expected);
    assertThat(Pseudonymiser.fromKeyFile("k1", urlSafe).pseudonymise("alice")).isEqualTo(expected);
    Path shortKey = dir.resolve("short");
    Files.writeString(shortKey, Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
    assertThatThrownBy(() -> Pseudonymiser.fromKeyFile("k1", shortKey)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("8 bytes");
    Path notBase64 = dir.resolve("text");
    Files.writeString(notBase64, "this is not base64 at all!");
    assertThatThrownBy(() -> Pseudonymiser.fromKeyFile("k1", notBase64))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(notBase64.toString())
        .hasMessageContaining("base64");
  }

  @Test
  void concurrentUse_givesTheSameAnswersAsSequentialUse() throws Exception {
    Pseudonymiser p = Pseudonymiser.of("k1", KEY);
    List<String> expected = new java.util.ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      expected.add(p.pseudonymise("customer-" + i));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<List<String>>> results = new java.util.ArrayList<>();
      for (int t = 0; t < 8; t++) {
        results.add(pool.submit(() -> {
          List<String> out = new java.util.ArrayList<>();
          for (int i = 0; i < 2_000; i++) {
            out.add(p.pseudonymise("customer-" + i));
          }
          return out;
        }));
      }
      for (Future<List<String>> f : results) {
        assertThat(f.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdown();
    }
    Set<String> distinct = new HashSet<>(expected);
    assertThat(distinct).hasSize(2_000);
  }
}
