package dev.pricing.onnx;

import static dev.pricing.onnx.Encoders.cosine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BatchingEncoderTest {
  private final TextEncoder encoder = Encoders.shared();
  private final List<String> titles = Encoders.productTitles();

  @Test
  void encodeAsync_batchesConcurrentRequestsAndEncodesEachTextOnce() throws Exception {
    try (BatchingEncoder batching = BatchingEncoder.builder(encoder).maxBatch(16).maxWait(Duration.ofMillis(20)).build()) {
      ExecutorService callers = Executors.newFixedThreadPool(8);
      List<CompletableFuture<float[]>> futures = new ArrayList<>();
      try {
        List<java.util.concurrent.Future<CompletableFuture<float[]>>> submitted = new ArrayList<>();
        for (int caller = 0; caller < 8; caller++) {
          for (String t : titles) {
            submitted.add(callers.submit(() -> batching.encodeAsync(t)));
          }
        }
        for (var s : submitted) {
          futures.add(s.get());
        }
      } finally {
        callers.shutdown();
      }
      for (int i = 0; i < futures.size(); i++) {
        float[] e = futures.get(i).get(30, TimeUnit.SECONDS);
        assertThat(cosine(e, encoder.encode(titles.get(i % titles.size())))).isGreaterThan(0.9999);
      }
      assertThat(batching.encodedTexts()).isEqualTo(titles.size());
      assertThat(batching.batches()).isLessThan(titles.size()); // really batched
      assertThat(batching.cache().size()).isEqualTo(titles.size());
      System.out.printf("%d requests -> %d texts in %d batches; %s%n", futures.size(), batching.encodedTexts(),
          batching.batches(), batching.cache());
      // Now everything is cached: answered at once.
      assertThat(batching.encodeAsync(titles.get(3))).isCompleted();
    }
  }

  @Test
  void encodeAsync_refusesWithoutBlockingWhenTheQueueIsFull() throws Exception {
    try (BatchingEncoder batching = BatchingEncoder.builder(encoder).queueCapacity(2).maxBatch(1)
        .maxWait(Duration.ZERO).build()) {
      List<CompletableFuture<float[]>> futures = new ArrayList<>();
      boolean scheduleRefused = false;
      for (int i = 0; i < 60; i++) {
        futures.add(batching.encodeAsync("queue overflow " + i));
        scheduleRefused |= !batching.schedule("scheduled overflow " + i);
      }
      int refused = 0;
      for (CompletableFuture<float[]> f : futures) {
        try {
          f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(RejectedExecutionException.class).hasMessageContaining("queue is full");
          refused++;
        }
      }
      assertThat(refused).isPositive();
      assertThat(scheduleRefused).isTrue();
      assertThat(batching.rejected()).isGreaterThanOrEqualTo(refused);
    }
  }

  @Test
  void close_finishesQueuedTextsThenRejectsNewCalls() throws Exception {
    BatchingEncoder batching = BatchingEncoder.builder(encoder).maxWait(Duration.ofMillis(50)).build();
    List<CompletableFuture<float[]>> futures = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      futures.add(batching.encodeAsync("closing " + i));
    }
    batching.close();
    batching.close();
    for (CompletableFuture<float[]> f : futures) {
      assertThat(f).isCompleted();
      assertThat(f.get()).hasSize(384);
    }
    assertThatThrownBy(() -> batching.encodeAsync("after")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> batching.schedule("after")).isInstanceOf(IllegalStateException.class);
    assertThat(encoder.isClosed()).isFalse(); // the TextEncoder belongs to the caller
  }

  @Test
  void close_racingWithCallersLeavesNoFutureHanging() throws Exception {
    BatchingEncoder batching = BatchingEncoder.builder(encoder).maxWait(Duration.ofMillis(1)).build();
    ExecutorService callers = Executors.newFixedThreadPool(4);
    List<java.util.concurrent.Future<List<CompletableFuture<float[]>>>> results = new ArrayList<>();
    try {
      for (int c = 0; c < 4; c++) {
        int caller = c;
        results.add(callers.submit(() -> {
          List<CompletableFuture<float[]>> mine = new ArrayList<>();
          for (int i = 0; i < 200; i++) {
            try {
              mine.add(batching.encodeAsync("race " + caller + " " + i));
            } catch (IllegalStateException closed) {
              break;
            }
          }
          return mine;
        }));
      }
      Thread.sleep(30);
      batching.close();
      for (var r : results) {
        for (CompletableFuture<float[]> f : r.get(30, TimeUnit.SECONDS)) {
          assertThat(f).as("every accepted request is finished by close()").isDone();
        }
      }
    } finally {
      callers.shutdown();
    }
  }

  @Test
  void encodeAsync_rejectsBlankText() {
    try (BatchingEncoder batching = BatchingEncoder.builder(encoder).build()) {
      assertThatThrownBy(() -> batching.encodeAsync(" ")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("text").hasMessageContaining("\" \"");
    }
  }

  @Test
  void builder_rejectsBadValuesAndOptionsSetTwice() {
    BatchingEncoder.Builder b = BatchingEncoder.builder(encoder);
    assertThatThrownBy(() -> b.queueCapacity(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("queueCapacity");
    assertThatThrownBy(() -> b.maxBatch(5000)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5000");
    assertThatThrownBy(() -> b.maxWait(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxWait");
    b.cacheCapacity(10);
    assertThatThrownBy(() -> b.cacheCapacity(20)).isInstanceOf(IllegalStateException.class).hasMessageContaining("cacheCapacity");
    assertThatThrownBy(() -> b.cache(EmbeddingCache.create(5))).isInstanceOf(IllegalStateException.class);
  }
}
