package org.wsgateway.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.SharedMetricRegistries;
import com.codahale.metrics.jmx.JmxReporter;
import org.wsgateway.api.Api;

/**
 * The gateway's metrics: one Dropwizard registry per Tomcat ({@code SharedMetricRegistries}, named
 * {@value MetricNames#REGISTRY}), shared by every valve and by the admin webapp through Tomcat's common class loader,
 * and published over JMX (domain {@value MetricNames#REGISTRY}) while a valve runs.
 */
public final class GatewayMetrics {

    private static final Object LOCK = new Object();
    private static JmxReporter jmx;
    private static int users;

    private final MetricRegistry registry;
    private final Map<String, ApiMetrics> apis = new ConcurrentHashMap<>();

    public GatewayMetrics(MetricRegistry registry) {
        this.registry = registry;
    }

    /** The shared registry. */
    public static MetricRegistry registry() {
        return SharedMetricRegistries.getOrCreate(MetricNames.REGISTRY);
    }

    /** The metrics of an API version (made on first use). */
    public ApiMetrics of(Api api) {
        return apis.computeIfAbsent(api.name() + "\n" + api.version(), k -> new ApiMetrics(registry, api));
    }

    /** A valve starts using JMX: the reporter runs while at least one valve does. */
    public static void startJmx() {
        synchronized (LOCK) {
            if (users++ == 0) {
                jmx = JmxReporter.forRegistry(registry()).inDomain(MetricNames.REGISTRY).build();
                jmx.start();
            }
        }
    }

    public static void stopJmx() {
        synchronized (LOCK) {
            if (users > 0 && --users == 0) {
                jmx.stop();
                jmx = null;
            }
        }
    }
}
