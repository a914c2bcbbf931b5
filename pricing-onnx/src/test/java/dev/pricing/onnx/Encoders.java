package dev.pricing.onnx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Shared test fixtures: one encoder of the bundled model per test JVM, and real product titles. */
final class Encoders {
  /** Native libraries go under the build directory, never the home or temp directory. */
  static final Path NATIVE_DIR = Path.of("target", "native").toAbsolutePath();

  private static TextEncoder shared;

  private Encoders() {}

  /** The bundled int8 model on the CPU with two threads; never closed (the JVM exit frees it). */
  static synchronized TextEncoder shared() {
    if (shared == null) {
      shared = TextEncoder.builder().nativeDirectory(NATIVE_DIR).intraOpThreads(2).interOpThreads(1).build();
    }
    return shared;
  }

  static List<String> productTitles() {
    try (var in = Encoders.class.getResourceAsStream("/product-titles.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(s -> !s.isBlank()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }

  static double norm(float[] a) {
    double s = 0;
    for (float v : a) {
      s += (double) v * v;
    }
    return Math.sqrt(s);
  }
}
