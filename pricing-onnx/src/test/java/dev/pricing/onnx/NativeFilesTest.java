package dev.pricing.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Loading the encoder writes nothing outside the directory the user configured: no native library left in
 * the temp directory, no {@code ~/.djl.ai} cache, no telemetry files under the home directory.
 *
 * <p>Runs in a fresh child JVM (native libraries load once per JVM) whose home and temp directories, both
 * as Java properties and as {@code HOME}/{@code TMPDIR} for native code, are empty sandboxes under
 * {@code target/}; afterwards both must still be empty, and while it ran nothing may have appeared in them
 * except ONNX Runtime's own empty, at once deleted, {@code onnxruntime-java*} loader directory.
 */
class NativeFilesTest {

  private static List<String> tree(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString()).sorted().collect(Collectors.toList());
    }
  }

  @Test
  void build_writesOnlyUnderTheConfiguredNativeDirectory() throws Exception {
    Path sandbox = Files.createDirectories(Path.of("target", "sandbox").toAbsolutePath());
    Path run = Files.createTempDirectory(sandbox, "run");
    Path home = Files.createDirectories(run.resolve("home"));
    Path tmp = Files.createDirectories(run.resolve("tmp"));
    Path nativeDir = run.resolve("native");

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Duser.home=" + home, "-Djava.io.tmpdir=" + tmp,
        "-cp", System.getProperty("java.class.path"), NativeFilesProbe.class.getName(), nativeDir.toString());
    pb.environment().put("HOME", home.toString());
    pb.environment().put("TMPDIR", tmp.toString());
    pb.environment().remove("ENGINE_CACHE_DIR");
    pb.environment().remove("DJL_CACHE_DIR");
    pb.redirectErrorStream(true);
    List<String> transientEntries = new ArrayList<>();
    Process p;
    String output;
    try (WatchService watch = FileSystems.getDefault().newWatchService()) {
      home.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
      tmp.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
      p = pb.start();
      output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      WatchKey key;
      while ((key = watch.poll()) != null) {
        for (WatchEvent<?> e : key.pollEvents()) {
          transientEntries.add(key.watchable() + "/" + e.context());
        }
        key.reset();
      }
    }
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).contains("encoded 384 dims, batch of 2 on CPU")
        .contains("onnxruntime.native.path=" + nativeDir.resolve("onnxruntime-"))
        .contains("ENGINE_CACHE_DIR=" + nativeDir.resolve("djl"))
        .contains("jna.tmpdir=" + nativeDir.resolve("jna"))
        .contains("ai.djl.offline=true")
        .contains("OPT_OUT_TRACKING=true");
    // ONNX Runtime 1.28's loader always creates an empty "onnxruntime-java*" directory in java.io.tmpdir and
    // deletes it at once, even when onnxruntime.native.path is set; nothing else may appear, even briefly.
    System.out.println("created and removed during the run: " + transientEntries);
    assertThat(transientEntries).allMatch(e -> e.startsWith(tmp + "/onnxruntime-java"));

    assertThat(tree(home)).as("files under user.home / HOME").isEmpty();
    assertThat(tree(tmp)).as("files under java.io.tmpdir / TMPDIR").isEmpty();
    List<String> nativeFiles = tree(nativeDir);
    assertThat(nativeFiles).anyMatch(f -> f.endsWith(System.mapLibraryName("onnxruntime")))
        .anyMatch(f -> f.endsWith(System.mapLibraryName("onnxruntime4j_jni")))
        .anyMatch(f -> f.startsWith("djl") && f.contains(System.mapLibraryName("tokenizers")))
        .noneMatch(f -> f.endsWith(".part"));
    System.out.println("native directory: " + nativeFiles);
  }
}
