package dev.pricing.redis;

import dev.pricing.core.budget.BudgetSnapshot;
import dev.pricing.core.budget.BudgetStore;
import dev.pricing.core.budget.BudgetStoreException;
import dev.pricing.core.budget.CounterTotals;
import dev.pricing.core.budget.LeaseGrant;
import dev.pricing.core.explore.CellStats;
import dev.pricing.core.explore.CellStatsStore;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A budget store on Redis: each operation is one Lua script ({@code lease.lua}, {@code define.lua} in this
 * package) run atomically by the server, with lease expiry by the server's clock. Per budget id it keeps three
 * keys with one hash tag (so a Redis Cluster keeps them in one slot): {@code <prefix>{<id>}} (limit, spent,
 * outstanding, expired), {@code <prefix>{<id>}:held} (holder to held quota) and {@code <prefix>{<id>}:exp}
 * (holder to lease expiry).
 *
 * <p>Connects lazily on the first operation (so a JVM can start while Redis is down) and reconnects by itself
 * (Lettuce's auto-reconnect); while disconnected, commands fail at once with a {@link BudgetStoreException}
 * instead of queueing, and every command has a timeout, so the lease thread notices an outage within the timeout;
 * reconnect attempts back off from 10 ms to at most 1 s, so service resumes within about a second of Redis.
 * A budget's units must stay below 2<sup>53</sup> (Lua's numbers are doubles): 9.0e9 currency units in
 * micro-units. For the overspend bound to hold across a Redis restart, Redis must persist its data
 * ({@code appendonly yes}; {@code appendfsync always} loses nothing, {@code everysec} up to a second of grants).
 *
 * <p>A budget's counters ({@link #addToCounters}, {@code counters.lua}; a per-customer coupon cap counts in them)
 * live in one hash per window, {@code <prefix>{<id>}:n:<window>}, which expires a time to live after its first
 * addition.
 *
 * <p>It is also the fleet's {@link CellStatsStore} ({@code stats.lua}): a pool's cell counts live in the hash
 * {@code <prefix>stats:{<pool>}}.
 *
 * <p>Thread-safe (one Lettuce connection, which is thread-safe). {@link #close()} is idempotent.
 */
public final class RedisBudgetStore implements BudgetStore, CellStatsStore {
  /** The largest limit: 2^53, the largest integer a Lua number holds exactly. */
  public static final long MAX_LIMIT = 1L << 53;

  private static final String LEASE = script("lease.lua");
  private static final String DEFINE = script("define.lua");
  private static final String STATS = script("stats.lua");
  private static final String COUNTERS = script("counters.lua");

  private final ClientResources resources;
  private final RedisClient client;
  private final String prefix;
  private final Object lock = new Object();
  private StatefulRedisConnection<String, String> connection;
  private final java.util.Map<String, String> shas = new java.util.HashMap<>();
  private volatile boolean closed;

  private RedisBudgetStore(Builder b) {
    RedisURI uri = RedisURI.builder().withHost(b.host).withPort(b.port).withTimeout(b.timeout).build();
    // two I/O threads are plenty for one lease thread; reconnect attempts back off from 10 ms to 1 s
    this.resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
        .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
        .build();
    this.client = RedisClient.create(resources, uri);
    client.setOptions(ClientOptions.builder().autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(b.timeout))
        .socketOptions(SocketOptions.builder().connectTimeout(b.timeout).build()).build());
    this.prefix = b.prefix;
  }

  /**
   * A store on a Redis server with the defaults (500 ms timeouts, key prefix {@code pricing:budget:}).
   *
   * @param host the host
   * @param port the port, 1 to 65535
   * @return the store (not yet connected)
   */
  public static RedisBudgetStore connect(String host, int port) {
    return builder().host(host).port(port).build();
  }

  /** @return a builder */
  public static Builder builder() {
    return new Builder();
  }

  private static String script(String name) {
    try (InputStream in = RedisBudgetStore.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource dev/pricing/redis/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private RedisCommands<String, String> commands() {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("RedisBudgetStore is closed");
      }
      if (connection == null) {
        try {
          connection = client.connect();
        } catch (RedisException e) {
          throw new BudgetStoreException("cannot connect to Redis: " + e.getMessage(), e);
        }
      }
      return connection.sync();
    }
  }

  private Object eval(String body, ScriptOutputType type, String[] keys, String... args) {
    RedisCommands<String, String> c = commands();
    try {
      String sha;
      synchronized (lock) {
        sha = shas.get(body);
      }
      if (sha == null) {
        sha = c.scriptLoad(body);
        synchronized (lock) {
          shas.put(body, sha);
        }
      }
      try {
        return c.evalsha(sha, type, keys, args);
      } catch (RedisNoScriptException e) { // the server restarted and lost its script cache
        return c.eval(body, type, keys, args);
      }
    } catch (RedisException e) {
      throw new BudgetStoreException("Redis operation failed: " + e.getMessage(), e);
    }
  }

  private String[] keys(String budgetId) {
    String base = prefix + "{" + BudgetStore.checkId(budgetId) + "}";
    return new String[] {base, base + ":held", base + ":exp"};
  }

  @Override
  public long define(String budgetId, long limit) {
    if (limit < 0 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be in [0, 2^53], found " + limit);
    }
    Object r = eval(DEFINE, ScriptOutputType.INTEGER, new String[] {keys(budgetId)[0]}, Long.toString(limit));
    return (Long) r;
  }

  @Override
  public LeaseGrant sync(String budgetId, String holderId, long spent, long want, long ttlMillis) {
    BudgetStore.checkHolder(holderId);
    BudgetStore.checkAmounts(spent, want);
    if (ttlMillis <= 0) {
      throw new IllegalArgumentException("ttlMillis must be positive, found " + ttlMillis);
    }
    return grant(eval(LEASE, ScriptOutputType.MULTI, keys(budgetId), "sync", holderId, Long.toString(spent), Long.toString(want),
        Long.toString(ttlMillis)));
  }

  @Override
  public LeaseGrant release(String budgetId, String holderId, long spent) {
    BudgetStore.checkHolder(holderId);
    BudgetStore.checkAmounts(spent, 0);
    return grant(eval(LEASE, ScriptOutputType.MULTI, keys(budgetId), "release", holderId, Long.toString(spent), "0", "1"));
  }

  @Override
  public CounterTotals addToCounters(String budgetId, long window, List<String> keys, long[] deltas,
      long ttlMillis) {
    BudgetStore.checkCounters(budgetId, window, keys, deltas, ttlMillis);
    String base = keys(budgetId)[0];
    String[] args = new String[2 + 2 * keys.size()];
    args[0] = Long.toString(ttlMillis);
    args[1] = Integer.toString(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      args[2 + 2 * i] = keys.get(i);
      args[3 + 2 * i] = Long.toString(deltas[i]);
    }
    List<?> r = (List<?>) eval(COUNTERS, ScriptOutputType.MULTI, new String[] {base, base + ":n:" + window}, args);
    if (r.isEmpty() || !(r.get(0) instanceof Long)) {
      throw new BudgetStoreException("unexpected reply from counters.lua: " + r, null);
    }
    if ((Long) r.get(0) == 0) {
      return CounterTotals.UNKNOWN;
    }
    if (r.size() != 2 + keys.size()) {
      throw new BudgetStoreException("unexpected reply from counters.lua: " + r, null);
    }
    List<Long> totals = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      totals.add((Long) r.get(2 + i));
    }
    return new CounterTotals(true, (Long) r.get(1), totals);
  }

  @Override
  public BudgetSnapshot snapshot(String budgetId) {
    List<Long> r = longs(eval(LEASE, ScriptOutputType.MULTI, keys(budgetId), "snapshot", "-", "0", "0", "1"));
    if (r.get(0) == 0) {
      return new BudgetSnapshot(false, 0, 0, 0, 0, 0);
    }
    return new BudgetSnapshot(true, r.get(4), r.get(3), r.get(5), r.get(6), r.get(7));
  }

  @Override
  public List<CellStats> addAndGet(String poolId, List<CellStats> deltas) {
    BudgetStore.checkId(poolId);
    Objects.requireNonNull(deltas, "deltas");
    List<String> args = new ArrayList<>(1 + 3 * deltas.size());
    args.add(Integer.toString(deltas.size()));
    for (CellStats d : deltas) {
      if (d.trials() < 0 || d.conversions() < 0 || d.conversions() > d.trials()) {
        throw new IllegalArgumentException("deltas must have 0 <= conversions <= trials, found trials="
            + d.trials() + ", conversions=" + d.conversions() + " for " + d.productId() + " at " + d.priceMinor());
      }
      args.add(d.priceMinor() + ":" + d.productId());
      args.add(Long.toString(d.trials()));
      args.add(Long.toString(d.conversions()));
    }
    Object r = eval(STATS, ScriptOutputType.MULTI, new String[] {prefix + "stats:{" + poolId + "}"},
        args.toArray(new String[0]));
    java.util.Map<String, long[]> cells = new java.util.TreeMap<>();
    List<?> flat = (List<?>) r;
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      String field = String.valueOf(flat.get(i));
      long v = Long.parseLong(String.valueOf(flat.get(i + 1)));
      String cell = field.substring(0, field.length() - 2);
      long[] tc = cells.computeIfAbsent(cell, k -> new long[2]);
      tc[field.endsWith("|t") ? 0 : 1] = v;
    }
    List<CellStats> out = new ArrayList<>(cells.size());
    for (java.util.Map.Entry<String, long[]> e : cells.entrySet()) {
      String cell = e.getKey();
      int colon = cell.indexOf(':');
      out.add(new CellStats(cell.substring(colon + 1), Long.parseLong(cell.substring(0, colon)), e.getValue()[0],
          e.getValue()[1]));
    }
    return out;
  }

  private static LeaseGrant grant(Object o) {
    List<Long> r = longs(o);
    if (r.get(0) == 0) {
      return LeaseGrant.UNKNOWN;
    }
    return new LeaseGrant(true, r.get(1), r.get(2), r.get(3), r.get(4));
  }

  @SuppressWarnings("unchecked")
  private static List<Long> longs(Object o) {
    List<Object> l = (List<Object>) o;
    if (l.size() != 8) {
      throw new BudgetStoreException("unexpected reply from lease.lua: " + l, null);
    }
    for (Object v : l) {
      if (!(v instanceof Long)) {
        throw new BudgetStoreException("unexpected reply from lease.lua: " + l, null);
      }
    }
    return (List<Long>) (List<?>) l;
  }

  /** Closes the connection and the client's threads. Idempotent. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      if (connection != null) {
        connection.close();
      }
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }

  @Override
  public String toString() {
    return "RedisBudgetStore{prefix=" + prefix + "}";
  }

  /** Builds a {@link RedisBudgetStore}. Not thread-safe. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 6379;
    private Duration timeout = Duration.ofMillis(500);
    private String prefix = "pricing:budget:";

    private Builder() {}

    /**
     * @param host the Redis host (default 127.0.0.1)
     * @return this builder
     */
    public Builder host(String host) {
      Objects.requireNonNull(host, "host");
      if (host.isBlank()) {
        throw new IllegalArgumentException("host must not be blank, found '" + host + "'");
      }
      this.host = host;
      return this;
    }

    /**
     * @param port the port, 1 to 65535 (default 6379)
     * @return this builder
     */
    public Builder port(int port) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port must be in [1, 65535], found " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * @param timeout the connect and command timeout, positive and at most 1 minute (default 500 ms); keep it well
     *     under the leases' time to live
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new IllegalArgumentException("timeout must be in (0, 1 min], found " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * @param prefix the key prefix (default {@code pricing:budget:}), without braces
     * @return this builder
     */
    public Builder keyPrefix(String prefix) {
      Objects.requireNonNull(prefix, "prefix");
      if (prefix.contains("{") || prefix.contains("}")) {
        throw new IllegalArgumentException("keyPrefix must not contain braces, found '" + prefix + "'");
      }
      this.prefix = prefix;
      return this;
    }

    /** @return the store (connects on first use) */
    public RedisBudgetStore build() {
      return new RedisBudgetStore(this);
    }
  }
}
