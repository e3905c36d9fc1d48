package org.wsgateway.metrics;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.codahale.metrics.Histogram;
import com.codahale.metrics.LockFreeExponentiallyDecayingReservoir;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.SharedMetricRegistries;
import com.codahale.metrics.jmx.JmxReporter;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;
import org.wsgateway.api.Api;
import org.wsgateway.policy.Identity;

/**
 * The gateway's metrics: one Dropwizard registry per Tomcat ({@code SharedMetricRegistries}, named
 * {@value MetricNames#REGISTRY}), shared by every valve and by the admin webapp through Tomcat's common class loader,
 * published over JMX (domain {@value MetricNames#REGISTRY}) and sampled into each API's {@link History} while a
 * valve runs. One instance per valve: a valve with metrics off records nothing (its sessions still count their own
 * totals for the access log).
 */
public final class GatewayMetrics {

    /** The sampling step when none is set. */
    public static final int DEFAULT_SAMPLE_SECONDS = 5;
    /** How far back each API's history reaches. */
    static final int HISTORY_SECONDS = 3600;

    private static final Log log = LogFactory.getLog(GatewayMetrics.class);
    private static final Object LOCK = new Object();
    private static final Map<String, ApiMetrics> APIS = new ConcurrentHashMap<>();
    private static final Map<String, ApplicationMetrics> APPLICATIONS = new ConcurrentHashMap<>();
    private static JmxReporter jmx;
    private static ScheduledExecutorService sampler;
    private static int stepSeconds = DEFAULT_SAMPLE_SECONDS;
    private static int users;

    private final boolean enabled;

    /** @param enabled whether this valve records metrics */
    public GatewayMetrics(boolean enabled) {
        this.enabled = enabled;
    }

    /** The shared registry. */
    public static MetricRegistry registry() {
        return SharedMetricRegistries.getOrCreate(MetricNames.REGISTRY);
    }

    static Histogram histogram(MetricRegistry registry, String name) {
        return registry.histogram(name, () -> new Histogram(LockFreeExponentiallyDecayingReservoir.builder().build()));
    }

    private static ApiMetrics api(Api api) {
        return APIS.computeIfAbsent(key(api.name(), api.version()), k -> new ApiMetrics(registry(), api.name(),
                api.version(), HISTORY_SECONDS / stepSeconds + 1));
    }

    /** The metrics of an API version that has been used since Tomcat started. */
    public static Optional<ApiMetrics> find(String name, String version) {
        return Optional.ofNullable(APIS.get(key(name, version)));
    }

    private static String key(String name, String version) {
        return name + "\n" + version;
    }

    /** The step between two samples of the histories, in seconds. */
    public static int stepSeconds() {
        return stepSeconds;
    }

    // ---- recording (per valve) ----

    /** A handshake answered with {@code status} after {@code nanos}; {@code who} once the caller is known. */
    public void handshake(Api api, Identity who, int status, long nanos) {
        if (enabled) {
            api(api).handshake(status, nanos);
            if (who != null) {
                application(who).handshake(status);
            }
        }
    }

    /** A handshake a policy refused. */
    public void rejected(Api api, String policy) {
        if (enabled) {
            api(api).rejected(policy);
        }
    }

    public void backendConnected(Api api, long nanos) {
        if (enabled) {
            api(api).backendConnected(nanos);
        }
    }

    /** The counters of a new session of {@code api} opened by {@code who} ({@code null}: anonymous). */
    public SessionMetrics session(Api api, Identity who) {
        return enabled ? new SessionMetrics(api(api), who == null ? null : application(who))
                : SessionMetrics.totalsOnly();
    }

    private static ApplicationMetrics application(Identity who) {
        return APPLICATIONS.computeIfAbsent(who.applicationName(), n -> new ApplicationMetrics(registry(), n));
    }

    // ---- lifecycle ----

    /**
     * A valve starts: JMX and the sampler run while at least one valve does; the first valve's step wins.
     *
     * @param sampleSeconds the step of the histories
     */
    public static void start(int sampleSeconds) {
        synchronized (LOCK) {
            if (users++ == 0) {
                stepSeconds = sampleSeconds;
                jmx = JmxReporter.forRegistry(registry()).inDomain(MetricNames.REGISTRY).build();
                jmx.start();
                sampler = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "ws-gateway-metrics-sampler");
                    t.setDaemon(true);
                    return t;
                });
                // A fixed delay, not a fixed rate: a late sample never causes a burst of catch-up samples (and rate
                // spikes over a few milliseconds); each sample's rates are over the time since the previous one.
                sampler.scheduleWithFixedDelay(GatewayMetrics::sample, sampleSeconds, sampleSeconds, TimeUnit.SECONDS);
            }
        }
    }

    public static void stop() {
        synchronized (LOCK) {
            if (users > 0 && --users == 0) {
                jmx.stop();
                jmx = null;
                sampler.shutdownNow();
                sampler = null;
            }
        }
    }

    /** Samples every API; a failure is logged and the next step tries again (a periodic task that throws stops). */
    private static void sample() {
        try {
            long now = System.currentTimeMillis();
            for (ApiMetrics api : APIS.values()) {
                api.sample(now);
            }
        } catch (RuntimeException | LinkageError e) {
            log.error("Sampling the metrics' history failed", e);
        }
    }
}
