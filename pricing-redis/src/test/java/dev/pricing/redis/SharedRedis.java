package dev.pricing.redis;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One Redis server for the store tests of this test JVM: the one {@code .ci/run} started
 * ({@code PRICING_REDIS_PORT}) if it answers, otherwise a redis-server child started here and stopped when the
 * JVM exits. Each test uses its own key prefix, so a shared server is safe.
 */
final class SharedRedis {
  private static int port = -1;
  private static int counter;

  private SharedRedis() {}

  static synchronized int port() throws Exception {
    if (port > 0) {
      return port;
    }
    int external = RedisProcess.externalPort();
    if (external > 0) {
      port = external;
      return port;
    }
    Path dir = Files.createTempDirectory("pricing-redis-test");
    RedisProcess p = RedisProcess.start(dir, false);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        p.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    port = p.port();
    return port;
  }

  /** A store on the shared server with a key prefix no other test uses. */
  static RedisBudgetStore store() throws Exception {
    int n;
    synchronized (SharedRedis.class) {
      n = counter++;
    }
    return RedisBudgetStore.builder().port(port()).timeout(java.time.Duration.ofSeconds(2)).keyPrefix("test:" + ProcessHandle.current().pid() + ":"
        + System.nanoTime() + ":" + n + ":").build();
  }
}
