package dev.pricing.onnx;

import static dev.pricing.onnx.Encoders.NATIVE_DIR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * 100,000 encodes do not grow resident memory without bound: every tensor, result and session is
 * released. Reads VmRSS from /proc/self/status (Linux), so it measures native memory too.
 */
class NativeMemoryTest {
  private static final int TOTAL = 100_000;
  private static final int BATCH = 250;

  private static long rssKb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS");
  }

  @Test
  void encode_100kTextsKeepsResidentMemoryBounded() throws IOException {
    assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "needs Linux /proc/self/status to read VmRSS");
    // Short texts in padded batches keep this to a few tens of seconds on two cores; each batch still
    // allocates and frees three input tensors and a [250, seq, 384] output.
    List<String> texts = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      texts.add(Character.toString('a' + i % 26));
    }
    try (TextEncoder encoder = TextEncoder.builder().nativeDirectory(NATIVE_DIR).batchExecution(BatchExecution.PADDED)
        .intraOpThreads(2).build()) {
      long start = System.nanoTime();
      long warmRss = 0;
      long[] samples = new long[TOTAL / BATCH];
      for (int b = 0; b < TOTAL / BATCH; b++) {
        assertThat(encoder.encode(texts)).hasSize(BATCH);
        samples[b] = rssKb();
        if (b == TOTAL / BATCH / 5) {
          System.gc();
          warmRss = rssKb(); // after 20,000: arenas and JIT warmed up
        }
      }
      // One text at a time too: 2,000 more runs, the path PER_TEXT takes.
      for (int i = 0; i < 2_000; i++) {
        encoder.encode(texts.get(i % BATCH) + " " + i);
      }
      System.gc();
      long endRss = rssKb();
      double seconds = (System.nanoTime() - start) / 1e9;
      long peak = 0;
      for (long s : samples) {
        peak = Math.max(peak, s);
      }
      System.out.printf("RSS after 20k: %d MB, after 100k + 2k singles: %d MB (peak %d MB), %.1f s, %.0f texts/s%n",
          warmRss / 1024, endRss / 1024, peak / 1024, seconds, (TOTAL + 2_000) / seconds);
      assertThat(endRss - warmRss).as("RSS growth from 20k to 100k encodes, kB").isLessThan(64 * 1024);
    }
  }
}
