package org.wsgateway.catalog;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
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
 * {@link #figures() figures} and the public {@link #backendKeys() keys} of their backend JWTs. All valves of one
 * Tomcat are one node of the cluster, with one {@link #nodeName() name}; the {@link #nodes() nodes} come from a
 * pluggable {@link NodeDirectory} (by default: this node alone).
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

        /** Live relayed connections, over all its APIs. */
        default int connections() {
            return connectionsByApi().values().stream().mapToInt(Integer::intValue).sum();
        }

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
    private static String node;
    private static NodeDirectory nodeSource = NodeDirectory.SELF;

    private Gateways() {
    }

    /**
     * Registers a starting gateway of the node named after the {@link #defaultNodeName() host} and returns the
     * catalog, creating it for the first gateway.
     *
     * @throws IllegalStateException as {@link #attach(String, String, Path, Duration, Status, CatalogFactory)}
     */
    public static CatalogService attach(String name, Path file, Duration reloadInterval, Status status,
            CatalogFactory factory) throws ConfigException {
        return attach(name, defaultNodeName(), file, reloadInterval, status, factory);
    }

    /**
     * Registers a starting gateway of node {@code nodeName} and returns the catalog, creating it for the first
     * gateway.
     *
     * @throws IllegalStateException if the name is taken, or the file or the node differs from the other gateways'
     */
    public static synchronized CatalogService attach(String name, String nodeName, Path file, Duration reloadInterval,
            Status status, CatalogFactory factory) throws ConfigException {
        if (RUNNING.containsKey(name)) {
            throw new IllegalStateException("two ws-gateway valves are named '" + name + "'; give each a name");
        }
        if (node != null && !node.equals(nodeName)) {
            throw new IllegalStateException("all ws-gateway valves of one Tomcat are one node; '" + name
                    + "' names node '" + nodeName + "' but the others are node '" + node + "'");
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
        node = nodeName;
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
            node = null;
            if (nodeSource instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    // Nothing is left to give back.
                }
            }
            nodeSource = NodeDirectory.SELF;
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

    /** This node's name: the running valves' {@code node}, or, while none runs, {@link #defaultNodeName()}. */
    public static synchronized String nodeName() {
        return node == null ? defaultNodeName() : node;
    }

    /**
     * This node's status now, as a heartbeat writes it: {@value NodeStatus#UP}, its live connections over all its
     * running gateways, seen now.
     */
    public static NodeStatus self() {
        int connections = 0;
        for (Status status : running().values()) {
            connections += status.connections();
        }
        return new NodeStatus(nodeName(), NodeStatus.UP, connections, Instant.now(), true);
    }

    /** The nodes of the cluster, this one among them, as the {@link #nodeSource(NodeDirectory) source} knows them. */
    public static List<NodeStatus> nodes() {
        NodeDirectory source;
        synchronized (Gateways.class) {
            source = nodeSource;
        }
        return List.copyOf(source.nodes(self()));
    }

    /** Where {@link #nodes()} learns the nodes now. */
    public static synchronized NodeDirectory nodeSource() {
        return nodeSource;
    }

    /**
     * Sets where {@link #nodes()} learns the cluster's nodes, e.g. a store's heartbeat table; {@code null} restores
     * the default, {@link NodeDirectory#SELF}. The last gateway to stop restores it too, closing it if it is
     * {@link AutoCloseable}.
     */
    public static synchronized void nodeSource(NodeDirectory source) {
        nodeSource = source == null ? NodeDirectory.SELF : source;
    }

    /** The name of a node not named otherwise: the host's name, or {@code localhost} if it has none. */
    public static String defaultNodeName() {
        try {
            String host = InetAddress.getLocalHost().getHostName();
            return host == null || host.isBlank() ? "localhost" : host;
        } catch (UnknownHostException e) {
            return "localhost";
        }
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
