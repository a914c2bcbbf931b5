package dev.pricing.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pricing.core.FeatureExtractors;
import dev.pricing.core.FeaturePipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PopulationReservoirTest {
  private static final FeaturePipeline PIPELINE = FeaturePipeline.of(FeatureExtractors.standard());

  /** A feature vector whose personal features all hold {@code v} and whose other features hold -1. */
  private static double[] vector(double v) {
    double[] x = new double[PIPELINE.size()];
    for (int j = 0; j < x.length; j++) {
      x[j] = PIPELINE.personalFeature(j) ? v : -1;
    }
    return x;
  }

  private static double[][] rows(PopulationReservoir r) {
    return new double[r.size()][r.dimension()];
  }

  @Test
  void keepsOnlyThePersonalFeaturesOfTheLastSizeRequests_andEpochsAdvanceByDoublingUntilTheRingIsFull() {
    PopulationReservoir r = new PopulationReservoir(PIPELINE, 16, 4);
    assertThat(r.dimension()).isPositive().isLessThan(PIPELINE.size());
    PopulationReservoir.Group g = r.group("juice");
    List<Long> epochs = new ArrayList<>();
    for (int i = 1; i <= 40; i++) {
      r.record(g, vector(i));
      epochs.add(g.epoch());
    }
    // Nothing before 8 samples; then 8 until 16; then 16 (the ring's size) for good.
    assertThat(epochs.subList(0, 7)).containsOnly(0L);
    assertThat(epochs.subList(7, 15)).containsOnly(8L);
    assertThat(epochs.subList(15, 40)).containsOnly(16L);
    double[][] out = rows(r);
    assertThat(r.copy(g, out)).isEqualTo(16);
    List<Double> kept = new ArrayList<>();
    for (double[] row : out) {
      assertThat(row).containsOnly(row[0]);
      kept.add(row[0]);
    }
    assertThat(kept).containsExactlyInAnyOrder(25.0, 26.0, 27.0, 28.0, 29.0, 30.0, 31.0, 32.0, 33.0, 34.0, 35.0,
        36.0, 37.0, 38.0, 39.0, 40.0);
    assertThat(r.recorded()).isEqualTo(40);
  }

  @Test
  void partlyFilledRing_copiesOnlyTheSamplesItHas() {
    PopulationReservoir r = new PopulationReservoir(PIPELINE, 16, 4);
    PopulationReservoir.Group g = r.group("juice");
    for (int i = 1; i <= 5; i++) {
      r.record(g, vector(i));
    }
    assertThat(r.copy(g, rows(r))).isEqualTo(5);
    assertThat(g.epoch()).isZero();
  }

  @Test
  void categoriesBeyondTheLimitShareOneRing() {
    PopulationReservoir r = new PopulationReservoir(PIPELINE, 8, 3);
    PopulationReservoir.Group a = r.group("a");
    assertThat(r.group("a")).isSameAs(a);
    PopulationReservoir.Group b = r.group("b");
    PopulationReservoir.Group c = r.group("c");
    assertThat(List.of(a.id, b.id, c.id)).doesNotHaveDuplicates().doesNotContain(-1);
    PopulationReservoir.Group d = r.group("d");
    assertThat(d.id).isEqualTo(-1);
    assertThat(r.group("e")).isSameAs(d);
    assertThat(r.groups()).isEqualTo(3);
  }

  @Test
  void concurrentWritersAndReaders_neverSeeATornSample() throws Exception {
    PopulationReservoir r = new PopulationReservoir(PIPELINE, 32, 4);
    PopulationReservoir.Group g = r.group("juice");
    int writers = 3;
    int each = 200_000;
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger torn = new AtomicInteger();
    AtomicInteger reads = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < writers; t++) {
      int id = t;
      threads.add(new Thread(() -> {
        double[][] xs = new double[16][];
        for (int k = 0; k < xs.length; k++) {
          xs[k] = vector(id * 1000 + k + 1);
        }
        await(start);
        for (int i = 0; i < each; i++) {
          r.record(g, xs[i & 15]);
        }
      }));
    }
    Thread reader = new Thread(() -> {
      double[][] out = rows(r);
      await(start);
      while (!done.get()) {
        int m = r.copy(g, out);
        for (int i = 0; i < m; i++) {
          for (double v : out[i]) {
            if (v != out[i][0]) {
              torn.incrementAndGet();
            }
          }
        }
        reads.addAndGet(m);
      }
    });
    threads.forEach(Thread::start);
    reader.start();
    start.countDown();
    for (Thread t : threads) {
      t.join();
    }
    done.set(true);
    reader.join();
    assertThat(torn.get()).isZero();
    assertThat(reads.get()).isPositive();
    // Every sample was either recorded or dropped because another writer held its slot; none was lost
    // silently, and the ring's counter saw every one.
    assertThat(r.recorded() + r.dropped()).isEqualTo((long) writers * each);
    assertThat(g.written.get()).isEqualTo((long) writers * each);
  }

  private static void await(CountDownLatch l) {
    try {
      l.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
