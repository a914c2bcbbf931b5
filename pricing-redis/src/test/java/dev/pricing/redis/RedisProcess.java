package dev.pricing.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A redis-server child process on 127.0.0.1 and a free port, for the tests; or the server that {@code .ci/run}
 * started ({@code PRICING_REDIS_PORT}). Tests that need one skip, saying why, when no server can be had.
 */
final class RedisProcess implements AutoCloseable {
  private final Path dir;
  private final int port;
  private final boolean persistent;
  private Process process;

  private RedisProcess(Path dir, int port, boolean persistent) {
    this.dir = dir;
    this.port = port;
    this.persistent = persistent;
  }

  /** @return the redis-server binary, or null when none is installed */
  static String binary() {
    for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/usr/local/bin").split(":")) {
      Path p = Path.of(d, "redis-server");
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    Path p = Path.of("/usr/bin/redis-server");
    return Files.isExecutable(p) ? p.toString() : null;
  }

  /** Skips the calling test, saying so, when no redis-server binary is installed. */
  static String requireBinary() {
    String b = binary();
    Assumptions.assumeTrue(b != null, "SKIPPED: no redis-server on PATH or in /usr/bin, so the Redis tests cannot "
        + "run (install it: apt-get install -y redis-server; .ci/run does)");
    return b;
  }

  /**
   * Starts a fresh server.
   *
   * @param dir its working directory (the append-only file lives there)
   * @param persistent whether it persists every write ({@code appendonly yes, appendfsync always})
   */
  static RedisProcess start(Path dir, boolean persistent) throws IOException, InterruptedException {
    requireBinary();
    RedisProcess r = new RedisProcess(dir, freePort(), persistent);
    r.launch();
    return r;
  }

  /** The port of the server {@code .ci/run} started, or -1. */
  static int externalPort() {
    String p = System.getenv("PRICING_REDIS_PORT");
    if (p == null || p.isBlank()) {
      return -1;
    }
    int port = Integer.parseInt(p.trim());
    return ping(port) ? port : -1;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    }
  }

  int port() {
    return port;
  }

  /** (Re)starts the server on the same port and directory; waits until it answers PING (at most 10 s). */
  void launch() throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(binary(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--dir", dir.toString(), "--save", "", "--daemonize", "no", "--protected-mode", "yes", "--loglevel",
        "warning"));
    if (persistent) {
      cmd.addAll(List.of("--appendonly", "yes", "--appendfsync", "always"));
    } else {
      cmd.addAll(List.of("--appendonly", "no"));
    }
    Files.createDirectories(dir);
    process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile())
        .start();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!ping(port)) {
      if (!process.isAlive() || System.nanoTime() > end) {
        throw new IOException("redis-server did not start on 127.0.0.1:" + port + ": "
            + Files.readString(dir.resolve("redis.log")));
      }
      Thread.sleep(20);
    }
  }

  /** Kills the server with SIGKILL and waits for it to go. */
  void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** @return whether a Redis server answers PING on 127.0.0.1:port within 200 ms */
  static boolean ping(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      s.setSoTimeout(200);
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] b = new byte[7];
      int n = in.readNBytes(b, 0, 7);
      return n == 7 && new String(b, StandardCharsets.US_ASCII).equals("+PONG\r\n");
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
