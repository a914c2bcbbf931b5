package dev.pricing.onnx;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * Routes the native libraries of ONNX Runtime and of the DJL tokenizer into a directory the user chose,
 * and switches off what a checkout library must not do (telemetry, downloads).
 *
 * <p>ONNX Runtime's Java loader reads {@code onnxruntime.native.path}: when set, it loads
 * {@code libonnxruntime} and {@code libonnxruntime4j_jni} (and provider libraries) from that directory
 * instead of copying them to {@code java.io.tmpdir}. We copy them there from the ONNX Runtime jar once,
 * keyed by version and platform. DJL's tokenizer copies its library into
 * {@code <ENGINE_CACHE_DIR>/tokenizers/...} (else {@code DJL_CACHE_DIR}, else {@code ~/.djl.ai}); we set
 * {@code ENGINE_CACHE_DIR}, {@code ai.djl.offline} (never download a library) and
 * {@code OPT_OUT_TRACKING} (DJL's usage reporting on cloud hosts), and {@code jna.tmpdir} (JNA, which DJL
 * uses to probe for CUDA, otherwise creates {@code ~/.cache/JNA}). All of these are JVM-wide system
 * properties read once, when the native code is first loaded, so the first encoder built in a JVM
 * decides; a property the user already set is left as it is.
 */
final class NativeLibraries {
  private static final System.Logger LOG = System.getLogger(NativeLibraries.class.getName());
  /**
   * DJL's and ONNX Runtime's java.util.logging loggers (DJL logs through SLF4J, which an application may bind
   * to java.util.logging), held strongly so their level sticks. Their INFO lines (platform detection,
   * native library extraction) stay off stderr unless the application configured a level for them or set
   * {@code pricing.logging.dependencies=inherit}.
   */
  private static final List<java.util.logging.Logger> QUIET_LOGGERS = quietDependencies();

  static final String ORT_NATIVE_PATH = "onnxruntime.native.path";
  static final String LOGGING_PROPERTY = "pricing.logging.dependencies";
  static final String DJL_ENGINE_CACHE_DIR = "ENGINE_CACHE_DIR";
  static final String DJL_OFFLINE = "ai.djl.offline";
  static final String DJL_OPT_OUT_TRACKING = "OPT_OUT_TRACKING";
  /** JNA (used by DJL to probe for CUDA) unpacks its dispatch library here; default ~/.cache/JNA/temp. */
  static final String JNA_TMPDIR = "jna.tmpdir";

  /** Libraries ONNX Runtime may ship in its jar; whichever are present are copied. */
  private static final List<String> ORT_LIBRARIES =
      List.of(
          "onnxruntime",
          "onnxruntime4j_jni",
          "onnxruntime_providers_shared",
          "onnxruntime_providers_cuda",
          "onnxruntime_providers_tensorrt",
          "onnxruntime_providers_dnnl",
          "onnxruntime_providers_openvino",
          "onnxruntime_providers_rocm");

  private static Path preparedFor;

  private NativeLibraries() {}

  /**
   * Prepares the native libraries under {@code directory}. Idempotent; a second call with another
   * directory logs that the first one stays in effect.
   *
   * @param directory the user-configured directory, created if missing
   * @throws UncheckedIOException if the directory cannot be created or written
   */
  static synchronized void prepare(Path directory) {
    Path dir = directory.toAbsolutePath().normalize();
    if (preparedFor != null) {
      if (!preparedFor.equals(dir)) {
        LOG.log(
            Level.WARNING,
            "Native libraries were already prepared under {0}; ignoring {1} (one directory per JVM)",
            preparedFor,
            dir);
      }
      return;
    }
    try {
      Files.createDirectories(dir);
      routeOnnxRuntime(dir);
      routeDjl(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare native libraries under " + dir, e);
    }
    preparedFor = dir;
  }

  private static void routeOnnxRuntime(Path dir) throws IOException {
    String existing = System.getProperty(ORT_NATIVE_PATH);
    if (existing != null) {
      LOG.log(Level.DEBUG, "{0} already set to {1}; leaving it", ORT_NATIVE_PATH, existing);
      return;
    }
    String platform = ortPlatform();
    if (platform == null) {
      LOG.log(
          Level.WARNING,
          "Unknown platform {0}/{1}: ONNX Runtime will use its default native loading",
          System.getProperty("os.name"),
          System.getProperty("os.arch"));
      return;
    }
    // Class literal only: does not initialise ONNX Runtime (which would load the libraries now).
    Package pkg = OrtEnvironment.class.getPackage();
    String version = pkg == null ? null : pkg.getImplementationVersion();
    String resourceDir = "/ai/onnxruntime/native/" + platform + "/";
    boolean gpu =
        OrtEnvironment.class.getResource(resourceDir + libraryFile("onnxruntime_providers_cuda")) != null;
    Path target =
        dir.resolve("onnxruntime-" + (version == null ? "unknown" : version) + (gpu ? "-gpu" : ""))
            .resolve(platform);
    Files.createDirectories(target);
    int copied = 0;
    for (String lib : ORT_LIBRARIES) {
      String file = libraryFile(lib);
      if (copyIfNeeded(OrtEnvironment.class, resourceDir + file, target.resolve(file))) {
        copied++;
      }
    }
    if (!Files.exists(target.resolve(libraryFile("onnxruntime")))) {
      LOG.log(
          Level.WARNING,
          "The ONNX Runtime jar has no native library for {0}; using its default loading",
          platform);
      return;
    }
    System.setProperty(ORT_NATIVE_PATH, target.toString());
    LOG.log(Level.DEBUG, "ONNX Runtime natives in {0} ({1} copied now)", target, copied);
  }

  private static void routeDjl(Path dir) throws IOException {
    if (System.getenv(DJL_ENGINE_CACHE_DIR) == null && System.getProperty(DJL_ENGINE_CACHE_DIR) == null) {
      Path djl = dir.resolve("djl");
      Files.createDirectories(djl);
      System.setProperty(DJL_ENGINE_CACHE_DIR, djl.toString());
    }
    if (System.getProperty(JNA_TMPDIR) == null) {
      Path jna = dir.resolve("jna");
      Files.createDirectories(jna);
      System.setProperty(JNA_TMPDIR, jna.toString());
    }
    if (System.getenv("DJL_OFFLINE") == null && System.getProperty(DJL_OFFLINE) == null) {
      System.setProperty(DJL_OFFLINE, "true");
    }
    if (System.getenv(DJL_OPT_OUT_TRACKING) == null && System.getProperty(DJL_OPT_OUT_TRACKING) == null) {
      System.setProperty(DJL_OPT_OUT_TRACKING, "true");
    }
  }

  /** Copies a class-path resource to {@code target} unless a file of the same size is already there. */
  private static boolean copyIfNeeded(Class<?> anchor, String resource, Path target) throws IOException {
    var url = anchor.getResource(resource);
    if (url == null) {
      return false;
    }
    var connection = url.openConnection();
    connection.setUseCaches(false);
    long expected = connection.getContentLengthLong();
    if (expected >= 0 && Files.exists(target) && Files.size(target) == expected) {
      return false;
    }
    Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
    try (InputStream in = connection.getInputStream()) {
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return true;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  static String libraryFile(String name) {
    return System.mapLibraryName(name).replace(".jnilib", ".dylib");
  }

  /** The platform folder name ONNX Runtime's jar uses, or null if unknown. */
  static String ortPlatform() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String o;
    if (os.contains("linux")) {
      o = "linux";
    } else if (os.contains("mac") || os.contains("darwin")) {
      o = "osx";
    } else if (os.contains("win")) {
      o = "win";
    } else {
      return null;
    }
    String a;
    if (arch.equals("amd64") || arch.equals("x86_64")) {
      a = "x64";
    } else if (arch.equals("aarch64") || arch.equals("arm64")) {
      a = "aarch64";
    } else {
      return null;
    }
    return o + "-" + a;
  }

  private static List<java.util.logging.Logger> quietDependencies() {
    if ("inherit".equalsIgnoreCase(System.getProperty(LOGGING_PROPERTY, ""))) {
      return List.of();
    }
    java.util.logging.LogManager manager = java.util.logging.LogManager.getLogManager();
    List<java.util.logging.Logger> out = new java.util.ArrayList<>();
    for (String name : List.of("ai.djl", "ai.onnxruntime")) {
      java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
      if (logger.getLevel() == null && manager.getProperty(name + ".level") == null) {
        logger.setLevel(java.util.logging.Level.WARNING);
      }
      out.add(logger);
    }
    return List.copyOf(out);
  }
}
