package dev.pricing.redis;

import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * Skips a jqwik property, and says why, when no Redis server can be reached or started: neither the one
 * {@code .ci/run} started ({@code PRICING_REDIS_PORT}) nor a {@code redis-server} binary to start one. Without it a
 * property whose every try is rejected by the missing server fails as "exhausted" instead of skipping, as the
 * JUnit tests do.
 */
public final class SkipWithoutRedis implements SkipExecutionHook {
  @Override
  public SkipResult shouldBeSkipped(LifecycleContext context) {
    if (RedisProcess.externalPort() > 0 || RedisProcess.binary() != null) {
      return SkipResult.doNotSkip();
    }
    String why = "SKIPPED: no redis-server on PATH or in /usr/bin and no PRICING_REDIS_PORT, so the Redis "
        + "properties cannot run (.ci/run installs and starts one)";
    System.err.println(why + ": " + context.label());
    return SkipResult.skip(why);
  }
}
