package org.wsgateway.cluster;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;
import org.wsgateway.metrics.GatewayMetrics;
import org.wsgateway.metrics.MetricNames;
import org.wsgateway.policy.Limiter;
import org.wsgateway.policy.LocalCounts;
import org.wsgateway.policy.SharedCounts;

/**
 * {@link SharedCounts} in Redis, so that the nodes of a cluster count their limits together (valve attribute
 * {@code redis}).
 *
 * <ul>
 * <li><b>Buckets</b> (business plans, handshake rates) are Bucket4j buckets in Redis through its Lettuce
 * integration, with its delaying optimization: a node takes up to a twentieth of a bucket's capacity locally
 * before it synchronises (and at least every {@value #SYNC_MILLIS} ms), so most messages cost no round trip; buckets
 * of fewer than {@value #EXACT_BELOW} tokens synchronise on every take and are exact.</li>
 * <li><b>Connection counts</b> are per-node leases: one hash per key holds each node's count under the node's
 * field, and a sorted set holds each node's lease, renewed every second and lapsing after {@code leaseTtl}. A script
 * adds one only if the counts of the nodes whose lease holds stay under the cap, and drops the counts of lapsed
 * nodes, so a node killed with {@code kill -9} frees its counts within the lease. Each start of a node is a field
 * of its own ({@code <node>/<random>}), so a node restarting under its name does not inherit its dead self's counts.
 * This node's counts are also kept here; when Redis answers after an outage (or came back empty) they are written
 * back.</li>
 * <li><b>Outages.</b> Every command a handshake or a message waits for has a short timeout
 * ({@value #TIMEOUT_MILLIS} ms; the lease and write-backs of this class's own thread:
 * {@value #SLOW_TIMEOUT_MILLIS} ms). The first failure marks Redis down: logged once, counted in
 * {@code ws-gateway.gateway.<name>.redis.outages}, and from then on nothing waits for it; the limits are counted
 * per node as {@link RedisFallback} says, each divided by the nodes that were
 * alive when Redis was last seen. A thread checks every second and brings it back (logged once).</li>
 * </ul>
 *
 * <p>Keys are {@code wsg:<gateway>:...}: the gateways of one name share their counts across the cluster.
 */
public final class RedisCounts implements SharedCounts {

    /** The timeout of each command a handshake or a message waits for. */
    static final long TIMEOUT_MILLIS = 250;
    /** The timeout of the commands of this class's own thread (lease, writing counts back), and of any command. */
    static final long SLOW_TIMEOUT_MILLIS = 2000;
    /** The longest a node takes tokens locally before it synchronises a bucket. */
    static final long SYNC_MILLIS = 100;
    /** Buckets smaller than this synchronise on every take. */
    static final long EXACT_BELOW = 1000;
    /**
     * The proxies a large bucket has on each node, taken from by thread: each may take a twentieth of its share
     * locally, so a node's overshoot stays a twentieth of the capacity.
     */
    static final int SHARDS = 4;
    /** How long a node's lease lasts without renewal, by default. */
    public static final Duration LEASE_TTL = Duration.ofSeconds(15);
    /** How often the lease is renewed and an unreachable Redis tried again. */
    static final long TICK_MILLIS = 1000;

    private static final Log log = LogFactory.getLog(RedisCounts.class);
    /**
     * Lettuce logs every reconnection attempt (a warning each second of an outage); an outage is logged here once
     * instead, so its lines below {@code WARNING}, and its reconnection lines below {@code SEVERE}, are left out
     * unless the operator's logging configuration sets their levels. (Held: java.util.logging keeps loggers weakly.)
     */
    private static final java.util.logging.Logger LETTUCE_LOG = quiet(RedisClient.class.getPackageName(),
            java.util.logging.Level.WARNING);
    private static final java.util.logging.Logger LETTUCE_RECONNECT_LOG = quiet(
            io.lettuce.core.protocol.ConnectionWatchdog.class.getPackageName(), java.util.logging.Level.SEVERE);

    /**
     * KEYS: counts hash, leases; ARGV: this node's field, the cap (negative: only count), how many to count at most.
     * Returns how many it counted (0: the cap is reached), or the count.
     */
    private static final String ACQUIRE = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local fields = redis.call('HGETALL', KEYS[1])
            local total = 0
            for i = 1, #fields, 2 do
              local f = fields[i]
              local lease = redis.call('ZSCORE', KEYS[2], f)
              if f == ARGV[1] or (lease and tonumber(lease) > now) then
                total = total + tonumber(fields[i + 1])
              else
                redis.call('HDEL', KEYS[1], f)
              end
            end
            local max = tonumber(ARGV[2])
            if max < 0 then return total end
            local grant = math.min(tonumber(ARGV[3]), max - total)
            if grant <= 0 then return 0 end
            redis.call('HINCRBY', KEYS[1], ARGV[1], grant)
            return grant
            """;
    /** KEYS: counts hash; ARGV: this node's field, how many it gives back. */
    private static final String RELEASE = """
            local n = redis.call('HINCRBY', KEYS[1], ARGV[1], -tonumber(ARGV[2]))
            if n <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
            return n
            """;
    /** KEYS: counts hash; ARGV: this node's field, its count. */
    private static final String WRITE = """
            if tonumber(ARGV[2]) > 0 then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            else redis.call('HDEL', KEYS[1], ARGV[1]) end
            return 1
            """;
    /**
     * KEYS: leases; ARGV: this node's field, the lease in ms. Returns the nodes whose lease holds, times two, plus 1
     * if this node's lease was not there (Redis restarted empty, or the lease lapsed: the counts must be written
     * back).
     */
    private static final String RENEW = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            local added = redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
            return redis.call('ZCARD', KEYS[1]) * 2 + added
            """;

    private final RedisURI uri;
    private final String described;
    private final RedisFallback fallback;
    private final String gateway;
    private final String prefix;
    private final String leases;
    private final String field;
    private final Duration leaseTtl;
    private final LocalCounts local;
    /** This node's connections by key, and what Redis counts for it (entries at 0 wait to be written back). */
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final Map<String, RedisLimiter> limiters = new ConcurrentHashMap<>();
    private final Counter upMetric;
    private final Counter outageMetric;
    private final String upName;
    private final String outagesName;
    private final ScheduledExecutorService ticker;
    /** Held while connecting (which may take a second); never by the callers of the limits. */
    private final Object connecting = new Object();
    /** Held while Redis is marked up or down. */
    private final Object state = new Object();

    private ClientResources resources;
    private RedisClient client;
    private volatile StatefulRedisConnection<String, String> commands;
    private volatile ProxyManager<byte[]> proxies;
    private volatile boolean up;
    private volatile boolean closed;
    /** Counts outages, so that a limiter knows when its local stand-in is from an earlier one. */
    private volatile long outage;
    private volatile int liveNodes = 1;
    private long downSince;

    /**
     * Connects at once if it can (otherwise it starts down and keeps trying).
     *
     * @param url      {@code redis://[:password@]host:port[/db]} or {@code rediss://...}
     * @param fallback what to do while Redis cannot be reached
     * @param gateway  the gateway's name (its keys' prefix)
     * @param node     this node's name
     * @param clock    for the buckets
     * @param leaseTtl how long this node's connection counts outlive it
     */
    public RedisCounts(String url, RedisFallback fallback, String gateway, String node, TimeMeter clock,
            Duration leaseTtl) {
        this.uri = parse(url);
        this.described = describe(url);
        this.fallback = fallback;
        this.gateway = gateway;
        this.prefix = "wsg:" + gateway + ":";
        this.leases = prefix + "leases";
        this.field = node + "/" + UUID.randomUUID().toString().substring(0, 8);
        this.leaseTtl = leaseTtl;
        this.local = new LocalCounts(clock);
        MetricRegistry registry = GatewayMetrics.registry();
        this.upName = MetricNames.ofGateway(gateway, MetricNames.Family.REDIS_UP);
        this.outagesName = MetricNames.ofGateway(gateway, MetricNames.Family.REDIS_OUTAGES);
        this.upMetric = registry.counter(upName);
        this.outageMetric = registry.counter(outagesName);
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ws-gateway-redis-" + gateway);
            t.setDaemon(true);
            return t;
        });
        uri.setTimeout(Duration.ofMillis(TIMEOUT_MILLIS));
        if (!tryConnect()) {
            down(null);
        }
        ticker.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static java.util.logging.Logger quiet(String name, java.util.logging.Level level) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        if (logger.getLevel() == null) {
            logger.setLevel(level);
        }
        return logger;
    }

    /**
     * Checks a Redis URL as the valve attribute takes it.
     *
     * @throws IllegalArgumentException saying what is wrong, with the password left out
     */
    public static RedisURI parse(String url) {
        String shown = describe(url);
        if (url == null || !(url.startsWith("redis://") || url.startsWith("rediss://"))) {
            throw new IllegalArgumentException("redis must be a URL such as redis://127.0.0.1:6379 or "
                    + "rediss://:password@host:6380/0, not '" + shown + "'");
        }
        try {
            URI u = URI.create(url);
            if (u.getHost() == null || u.getHost().isBlank()) {
                throw new IllegalArgumentException("no host");
            }
            return RedisURI.create(url);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("redis is not a valid Redis URL: '" + shown + "' ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replace(url, shown))
                    + ")", e);
        }
    }

    /** The URL with its password (if any) as {@code ***}, for logs and messages. */
    public static String describe(String url) {
        if (url == null) {
            return "";
        }
        return url.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)([^@/]*)@", "$1***@");
    }

    /** Whether Redis answered the last command. */
    public boolean up() {
        return up;
    }

    /** The nodes whose lease held when Redis was last seen (at least 1). */
    int liveNodes() {
        return liveNodes;
    }

    // ---- connection counts ----

    /**
     * This node's share of one counted key.
     *
     * @param inUse   the connections it holds
     * @param counted what Redis counts for it: {@code inUse}, or more for a large cap, whose room is taken in blocks
     * @param block   how many it takes at once ({@code 1}: exactly what it uses)
     */
    private record Held(int inUse, int counted, int block) {
    }

    /**
     * How many of a cap a node counts at once: one below {@value #EXACT_BELOW} (exact), else a twentieth of its share
     * of the cap, so that most handshakes take room the node counted before and cost no round trip (the cap may then
     * refuse a little early, by what the other nodes counted and do not use: at most a tenth of it).
     */
    private int block(int max) {
        return max < EXACT_BELOW ? 1 : Math.max(1, max / (20 * liveNodes));
    }

    @Override
    public boolean tryAcquire(String key, int max) {
        if (up) {
            int block = block(max);
            if (block > 1 && takeCounted(key)) {
                return true;
            }
            try {
                int granted = (int) eval(ACQUIRE, new String[] {counts(key), leases}, field, String.valueOf(max),
                        String.valueOf(block));
                if (granted > 0) {
                    held.merge(key, new Held(1, granted, block),
                            (h, n) -> new Held(h.inUse() + 1, h.counted() + granted, block));
                }
                return granted > 0;
            } catch (RuntimeException e) {
                down(e);
            }
        }
        if (fallback == RedisFallback.REFUSE) {
            return false;
        }
        int share = Math.max(1, max / liveNodes);
        boolean[] taken = new boolean[1];
        held.compute(key, (k, h) -> {
            int inUse = h == null ? 0 : h.inUse();
            taken[0] = inUse < share;
            return taken[0] ? new Held(inUse + 1, h == null ? 0 : h.counted(), h == null ? 1 : h.block()) : h;
        });
        return taken[0];
    }

    /** Takes one of the room this node counted before and does not use, if there is any. */
    private boolean takeCounted(String key) {
        boolean[] taken = new boolean[1];
        held.computeIfPresent(key, (k, h) -> {
            taken[0] = h.inUse() < h.counted();
            return taken[0] ? new Held(h.inUse() + 1, h.counted(), h.block()) : h;
        });
        return taken[0];
    }

    /**
     * Gives one back without waiting for Redis: a connection ends on an event loop that other connections share,
     * so the script is sent and its answer handled when it comes (Redis runs one connection's commands in order, so
     * a later acquire sees it). A large cap's room goes back to Redis only beyond two blocks unused.
     */
    @Override
    public void release(String key) {
        boolean redis = up;
        int[] back = new int[1];
        Held after = held.computeIfPresent(key, (k, h) -> {
            int inUse = Math.max(0, h.inUse() - 1);
            int spare = h.counted() - inUse;
            back[0] = !redis ? 0 : h.block() <= 1 ? spare : spare > 2 * h.block() ? spare - h.block() : 0;
            return new Held(inUse, h.counted() - Math.max(0, back[0]), h.block());
        });
        StatefulRedisConnection<String, String> c = commands;
        if (after == null || back[0] <= 0 || c == null) {
            // Nothing to give back now, or written back when Redis answers again.
            return;
        }
        Held empty = new Held(0, 0, after.block());
        try {
            c.async().eval(RELEASE, ScriptOutputType.INTEGER, new String[] {counts(key)}, field,
                    String.valueOf(back[0])).whenComplete((n, failure) -> {
                        if (failure == null) {
                            held.remove(key, empty);
                        } else {
                            down(failure instanceof RuntimeException r ? r : new IllegalStateException(failure));
                        }
                    });
        } catch (RuntimeException e) {
            down(e);
        }
    }

    @Override
    public int count(String key) {
        if (up) {
            try {
                return (int) eval(ACQUIRE, new String[] {counts(key), leases}, field, "-1", "0");
            } catch (RuntimeException e) {
                down(e);
            }
        }
        Held h = held.get(key);
        return h == null ? 0 : h.inUse();
    }

    @Override
    public boolean refusing() {
        return !up && fallback == RedisFallback.REFUSE;
    }

    private String counts(String key) {
        return prefix + "conn:" + key;
    }

    /** A script run from this class's own thread: it may wait longer than a handshake would. */
    private static Long slowly(StatefulRedisConnection<String, String> c, String script, String[] keys,
            String... args) {
        try {
            return c.async().<Long>eval(script, ScriptOutputType.INTEGER, keys, args).get(SLOW_TIMEOUT_MILLIS,
                    TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("no answer within " + SLOW_TIMEOUT_MILLIS + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private long eval(String script, String[] keys, String... args) {
        StatefulRedisConnection<String, String> c = commands;
        if (c == null) {
            throw new IllegalStateException("not connected");
        }
        Long result = c.sync().eval(script, ScriptOutputType.INTEGER, keys, args);
        return result == null ? 0 : result;
    }

    // ---- buckets ----

    @Override
    public Limiter bucket(String key, long capacity, long refill, Duration period, boolean greedy) {
        return limiters.computeIfAbsent(key, k -> new RedisLimiter(this, k, capacity, refill, period, greedy));
    }

    /**
     * A proxy of the bucket in Redis, or {@code null} while Redis is down.
     *
     * @param unsynced the tokens it may take before it synchronises; 0: every take goes to Redis (exact)
     */
    BucketProxy remote(String key, BucketConfiguration configuration, long unsynced) {
        ProxyManager<byte[]> p = proxies;
        if (!up || p == null) {
            return null;
        }
        return p.builder()
                .withOptimization(unsynced <= 0 ? Optimizations.batching()
                        : Optimizations.delaying(new DelayParameters(unsynced, Duration.ofMillis(SYNC_MILLIS))))
                .build((prefix + "bucket:" + key).getBytes(StandardCharsets.UTF_8), () -> configuration);
    }

    /** The stand-in for a bucket while Redis is down: on this node, its limits divided by the live nodes. */
    Limiter standIn(String key, long capacity, long refill, Duration period, boolean greedy) {
        int nodes = liveNodes;
        return local.bucket(key + "@" + outage + "/" + nodes, Math.max(1, capacity / nodes),
                Math.max(1, refill / nodes), period, greedy);
    }

    @Override
    public void sweep() {
        limiters.values().removeIf(RedisLimiter::idle);
        local.sweep();
    }

    @Override
    public int bucketCount() {
        return limiters.size();
    }

    // ---- health ----

    /** Marks Redis down after a failed command (or a failed connect, with {@code cause} null); logged once. */
    void down(RuntimeException cause) {
        synchronized (state) {
            if (!up && downSince != 0) {
                return;
            }
            up = false;
            downSince = System.nanoTime();
            outage++;
            upMetric.dec(upMetric.getCount());
            outageMetric.inc();
        }
        String why = cause == null ? "cannot connect" : cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        log.warn("ws-gateway '" + gateway + "': Redis at " + described + " is unreachable (" + why + "): "
                + (fallback == RedisFallback.REFUSE
                        ? "handshakes a connection cap counts are refused with 503, and rates are counted on this "
                        : "connection caps and rates are counted on this ")
                + "node, each divided by " + liveNodes + " live node(s), until it answers again (tried every "
                + "second)");
    }

    /** Marks Redis up (after its counts were written back); the end of an outage is logged once. */
    private void markUp() {
        long downFor;
        synchronized (state) {
            downFor = downSince == 0 ? -1 : System.nanoTime() - downSince;
            downSince = 0;
            up = true;
            upMetric.inc(1 - upMetric.getCount());
        }
        if (downFor >= 0) {
            log.info("ws-gateway '" + gateway + "': Redis at " + described + " answers again after "
                    + TimeUnit.NANOSECONDS.toSeconds(downFor) + " s: limits are counted across the cluster ("
                    + liveNodes + " live node(s))");
        }
    }

    private void tick() {
        if (closed) {
            return;
        }
        try {
            if (commands == null && !tryConnect()) {
                return;
            }
            boolean lost = renew(commands);
            if (up && lost) {
                // Redis restarted (empty) between two renewals, or this node's lease lapsed: its counts go back.
                writeBack();
                log.info("ws-gateway '" + gateway + "': Redis at " + described + " had lost this node's lease; "
                        + "its connection counts were written back");
            }
            if (!up) {
                writeBack();
                markUp();
            }
        } catch (RuntimeException e) {
            if (up) {
                down(e);
            }
        }
    }

    /** Renews this node's lease and learns the live nodes; whether the lease had been lost. */
    private boolean renew(StatefulRedisConnection<String, String> c) {
        Long answer = slowly(c, RENEW, new String[] {leases}, field, String.valueOf(leaseTtl.toMillis()));
        long a = answer == null ? 2 : answer;
        liveNodes = (int) Math.max(1, a / 2);
        return a % 2 == 1;
    }

    /**
     * Writes this node's connection counts back (after an outage, or into a Redis that came back empty): what it
     * uses, no more.
     */
    private void writeBack() {
        for (String key : new ArrayList<>(held.keySet())) {
            held.computeIfPresent(key, (k, h) -> {
                slowly(commands, WRITE, new String[] {counts(k)}, field, String.valueOf(h.inUse()));
                return h.inUse() == 0 ? null : new Held(h.inUse(), h.inUse(), h.block());
            });
        }
    }

    private boolean tryConnect() {
        synchronized (connecting) {
            if (closed) {
                return false;
            }
            try {
                if (client == null) {
                    resources = DefaultClientResources.builder().ioThreadPoolSize(1).computationThreadPoolSize(1)
                            .reconnectDelay(Delay.constant(Duration.ofMillis(TICK_MILLIS))).build();
                    client = RedisClient.create(resources, uri);
                    client.setOptions(ClientOptions.builder()
                            .autoReconnect(true)
                            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                            .timeoutOptions(TimeoutOptions.enabled(Duration.ofMillis(SLOW_TIMEOUT_MILLIS)))
                            .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofMillis(1000)).build())
                            .build());
                }
                StatefulRedisConnection<String, String> c = null;
                StatefulRedisConnection<byte[], byte[]> b = null;
                try {
                    c = client.connect();
                    b = client.connect(ByteArrayCodec.INSTANCE);
                    renew(c);
                } catch (RuntimeException e) {
                    if (c != null) {
                        c.closeAsync();
                    }
                    if (b != null) {
                        b.closeAsync();
                    }
                    throw e;
                }
                proxies = Bucket4jLettuce.casBasedBuilder(b)
                        .expirationAfterWrite(ExpirationAfterWriteStrategy
                                .basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                        .requestTimeout(Duration.ofMillis(TIMEOUT_MILLIS))
                        .build();
                commands = c;
                writeBack();
                markUp();
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        }
    }

    /** Gives this node's counts and lease back (a clean stop), then closes the client. */
    @Override
    public void close() {
        closed = true;
        ticker.shutdownNow();
        StatefulRedisConnection<String, String> c = commands;
        if (up && c != null) {
            try {
                for (String key : held.keySet()) {
                    slowly(c, WRITE, new String[] {counts(key)}, field, "0");
                }
                c.sync().zrem(leases, field);
            } catch (RuntimeException e) {
                log.debug("ws-gateway '" + gateway + "' could not give its Redis counts back; they lapse with its "
                        + "lease", e);
            }
        }
        halt();
    }

    /** Stops as a node killed with {@code kill -9} would: nothing is given back (tests; and the end of close). */
    void halt() {
        closed = true;
        ticker.shutdownNow();
        synchronized (connecting) {
            if (client == null && commands == null) {
                return;
            }
            synchronized (state) {
                up = false;
            }
            if (client != null) {
                // Closes its connections too.
                client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
                resources.shutdown(0, 1, TimeUnit.SECONDS);
            }
            commands = null;
            client = null;
        }
        MetricRegistry registry = GatewayMetrics.registry();
        registry.remove(upName);
        registry.remove(outagesName);
    }

    @Override
    public String toString() {
        return "Redis at " + described;
    }
}
