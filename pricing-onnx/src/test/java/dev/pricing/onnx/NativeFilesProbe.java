package dev.pricing.onnx;

import java.nio.file.Path;
import java.util.List;

/**
 * Run in a child JVM by {@link NativeFilesTest}: builds and uses an encoder with a configured native
 * directory, then closes it. Exits non-zero on failure.
 */
public final class NativeFilesProbe {
  private NativeFilesProbe() {}

  /**
   * Entry point.
   *
   * @param args the native directory
   */
  public static void main(String[] args) {
    try (TextEncoder encoder = TextEncoder.builder().nativeDirectory(Path.of(args[0])).intraOpThreads(1)
        .executionProvider(ExecutionProvider.AUTO).build()) {
      float[] one = encoder.encode("Sony WH-1000XM5 Wireless Noise Cancelling Headphones");
      List<float[]> batch = encoder.encode(List.of("mug", "Lodge cast iron skillet"));
      encoder.tokenize(List.of("tokenize only"));
      for (String property : List.of("onnxruntime.native.path", "ENGINE_CACHE_DIR", "ai.djl.offline",
          "OPT_OUT_TRACKING", "jna.tmpdir")) {
        System.out.println(property + "=" + System.getProperty(property));
      }
      System.out.println("encoded " + one.length + " dims, batch of " + batch.size() + " on " + encoder.provider());
    }
  }
}
