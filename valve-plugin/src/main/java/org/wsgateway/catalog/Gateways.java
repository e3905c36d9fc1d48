package org.wsgateway.catalog;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.wsgateway.config.ConfigException;
import org.wsgateway.metrics.GatewayMetrics;
import org.wsgateway.policy.observe.BackendTokens;

/**
 * The gateway's live state as the rest of Tomcat sees it: the one catalog of this Tomcat and the gateways (valves)
 * running now. It lives in the valve JAR in {@code $CATALINA_BASE/lib}, so the admin webapp, whose class loader
 * delegates {@code org.wsgateway} classes to Tomcat's common loader, reaches the very same objects: a change made
 * through the REST API takes effect on live traffic at once, and deploying or undeploying the webapp touches
 * nothing here. It is also where the admin reads what the gateways share across valves: their live
 * {@link #figures() figures} and the public {@link #backendKeys() keys} of their backend JWTs.
 */
public final class Gateways {

    /** Makes the catalog service the first time a valve starts. */
    @FunctionalInterface
    public interface CatalogFactory {
        CatalogService create() throws ConfigException;
    }

    /** What a running gateway tells about itself. */
    public interface Status {
        /** The Host (or Engine) it serves. */
        String serves();

        /** Live relayed connections, by API id. */
        Map<String, Integer> connectionsByApi();

        /**
         * The webapps deployed now on the Host (or Hosts) it serves, by context path ({@code /shop}), ROOT left
         * out: the contexts an API may not take. By default none.
         */
        default Map<String, String> webapps() {
            return Map.of();
        }
    }

    private static CatalogService catalog;
    private static Path catalogFile;
    private static ScheduledExecutorService watcher;
    private static final Map<String, Status> RUNNING = new LinkedHashMap<>();

    private Gateways() {
    }

    /**
     * Registers a starting gateway and returns the catalog, creating it for the first gateway.
     *
     * @throws IllegalStateException if the name is taken, or the file differs from the other gateways' file
     */
    public static synchronized CatalogService attach(String name, Path file, Duration reloadInterval, Status status,
            CatalogFactory factory) throws ConfigException {
        if (RUNNING.containsKey(name)) {
            throw new IllegalStateException("two ws-gateway valves are named '" + name + "'; give each a name");
        }
        if (catalog == null) {
            catalog = factory.create();
            catalog.watchStore();
            catalogFile = file;
            if (!reloadInterval.isZero()) {
                watcher = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "ws-gateway-reload");
                    t.setDaemon(true);
                    t.setContextClassLoader(Gateways.class.getClassLoader());
                    return t;
                });
                CatalogService watched = catalog;
                watcher.scheduleWithFixedDelay(watched::reloadIfChanged, reloadInterval.toMillis(),
                        reloadInterval.toMillis(), TimeUnit.MILLISECONDS);
            }
        } else if (!catalogFile.equals(file)) {
            throw new IllegalStateException("all ws-gateway valves of one Tomcat share one configFile; '" + name
                    + "' names " + file + " but the others use " + catalogFile);
        }
        RUNNING.put(name, status);
        return catalog;
    }

    /** Unregisters a stopping gateway; the last one out stops the catalog. */
    public static synchronized void detach(String name) {
        RUNNING.remove(name);
        if (RUNNING.isEmpty()) {
            if (watcher != null) {
                watcher.shutdownNow();
                watcher = null;
            }
            catalog.close();
            catalog = null;
            catalogFile = null;
        }
    }

    /** The catalog, while at least one gateway runs. */
    public static synchronized Optional<CatalogService> catalog() {
        return Optional.ofNullable(catalog);
    }

    /** The running gateways by name. */
    public static synchronized Map<String, Status> running() {
        return Map.copyOf(RUNNING);
    }

    /** The live figures of every gateway of this Tomcat: per-API totals and history, and the metric families. */
    public static GatewayFigures figures() {
        return new GatewayFigures(GatewayMetrics.registry());
    }

    /**
     * The public keys that check the backend JWTs of the {@code backend-identity} policy, as a JWK Set document
     * ({@code application/jwk-set+json}). One signing key per JVM, never written anywhere; its private half never
     * leaves the valve.
     */
    public static String backendKeys() {
        return BackendTokens.publicKeys();
    }
}
