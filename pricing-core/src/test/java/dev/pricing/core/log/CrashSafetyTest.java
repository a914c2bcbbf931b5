package dev.pricing.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real JVM with {@code destroyForcibly()} (SIGKILL) while it writes a decision log, three times into
 * the same directory, then reads the log: every record each child reported flushed is there and
 * byte-for-byte what it wrote, no earlier run's segment is damaged, and the only damage a kill may leave is
 * one torn tail per run, which the reader skips.
 */
class CrashSafetyTest {
  private static final int RUNS = 3;
  private static final long FLUSHED_BEFORE_KILL = 20_000;

  @Test
  void killedWriter_losesOnlyUnflushedRecords_andCorruptsNothingEarlier(@TempDir Path dir) throws Exception {
    Map<UUID, Long> reportedFlushed = new HashMap<>();
    for (int run = 0; run < RUNS; run++) {
      String java = ProcessHandle.current().info().command()
          .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          CrashWriterMain.class.getName(), dir.toString()).redirectErrorStream(true).start();
      UUID runId = null;
      long flushed = -1;
      StringBuilder other = new StringBuilder();
      try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.startsWith("RUN ")) {
            runId = UUID.fromString(line.substring(4));
          } else if (line.startsWith("FLUSHED ")) {
            String[] f = line.split(" ");
            flushed = Long.parseLong(f[1]);
            assertThat(Long.parseLong(f[3])).as("child dropped records").isZero();
            if (flushed >= FLUSHED_BEFORE_KILL) {
              child.destroyForcibly(); // mid-write: the child never stops writing on its own
              break;
            }
          } else {
            other.append(line).append('\n');
          }
        }
      }
      child.waitFor();
      assertThat(flushed).as("child output:%n%s", other).isGreaterThanOrEqualTo(FLUSHED_BEFORE_KILL);
      assertThat(child.exitValue()).as("killed, not exited").isNotZero();
      reportedFlushed.put(runId, flushed);
    }

    DecisionLogReader reader = DecisionLogReader.open(dir);
    LogReadStats stats = reader.stats();
    assertThat(stats.unreadableSegments()).as("%s", stats).isZero();
    assertThat(stats.corruptRegions()).as("%s", stats).isZero();
    assertThat(stats.undecodableRecords()).as("%s", stats).isZero();
    assertThat(stats.tornTails()).as("at most one torn tail per killed run: %s", stats).isLessThanOrEqualTo(RUNS);
    assertThat(reader.segments()).hasSizeGreaterThan(3 * RUNS);

    Map<UUID, List<Long>> idsByRun = new HashMap<>();
    for (LoggedDecision d : reader.decisions()) {
      assertThat(LogFixtures.mismatch(d)).isNull();
      idsByRun.computeIfAbsent(d.runId(), k -> new ArrayList<>()).add(d.decisionId());
    }
    assertThat(idsByRun.keySet()).isEqualTo(reportedFlushed.keySet());
    for (UUID run : reportedFlushed.keySet()) {
      System.out.printf("crash test: run %s reported %d flushed, %d read back%n", run, reportedFlushed.get(run),
          idsByRun.get(run).size());
    }
    System.out.println("crash test: " + stats);
    for (Map.Entry<UUID, Long> e : reportedFlushed.entrySet()) {
      List<Long> ids = idsByRun.get(e.getKey());
      // Every record reported flushed is present, and the run's records are exactly 0..n-1 in order:
      // nothing before the kill point is missing or damaged.
      assertThat((long) ids.size()).as("run %s", e.getKey()).isGreaterThanOrEqualTo(e.getValue());
      for (int k = 0; k < ids.size(); k++) {
        assertThat(ids.get(k)).isEqualTo(k);
      }
    }
  }
}
