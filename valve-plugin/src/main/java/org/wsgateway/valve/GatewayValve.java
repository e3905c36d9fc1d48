package org.wsgateway.valve;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import javax.sql.DataSource;

import io.github.bucket4j.TimeMeter;
import jakarta.servlet.ServletException;
import org.apache.catalina.Container;
import org.apache.catalina.Context;
import org.apache.catalina.Engine;
import org.apache.catalina.Host;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;
import org.wsgateway.accesslog.AccessLogPattern;
import org.wsgateway.accesslog.WebSocketAccessLog;
import org.wsgateway.api.Api;
import org.wsgateway.api.ApiMatch;
import org.wsgateway.api.ApiRegistry;
import org.wsgateway.api.ApiTable;
import org.wsgateway.api.Catalog;
import org.wsgateway.api.ConfigValues;
import org.wsgateway.api.GatewayDef;
import org.wsgateway.api.Lifecycle;
import org.wsgateway.catalog.AuditLog;
import org.wsgateway.catalog.CatalogService;
import org.wsgateway.catalog.Etags;
import org.wsgateway.catalog.Gateways;
import org.wsgateway.config.ConfigException;
import org.wsgateway.metrics.GatewayMetrics;
import org.wsgateway.policy.Directory;
import org.wsgateway.policy.PolicyState;
import org.wsgateway.policy.UpgradeRequest;
import org.wsgateway.policy.registry.PolicyChains;
import org.wsgateway.policy.registry.PolicyRegistry;
import org.wsgateway.relay.RelayTracker;
import org.wsgateway.relay.backend.BackendClient;
import org.wsgateway.relay.frame.CloseCodes;
import org.wsgateway.catalog.HeartbeatNodes;
import org.wsgateway.catalog.NodeDirectory;
import org.wsgateway.cluster.RedisCounts;
import org.wsgateway.cluster.RedisFallback;
import org.wsgateway.store.CatalogXml;
import org.wsgateway.store.NodeHeartbeats;

/**
 * A valve that serves WebSocket APIs at {@code /<context>/<version>} on its Host (or, on an Engine, on every Host),
 * whether or not a webapp is deployed there, and relays every frame to each API's backend. Requests for paths that
 * are not an API's pass to the next valve untouched, and so do requests Tomcat mapped to a webapp whose context the
 * API's context equals or holds: an API never shadows a webapp (an API inside a webapp's path, such as
 * {@code /app/api} in {@code /app}, is served). The webapps it serves beside are told to the catalog
 * ({@link Gateways.Status#webapps()}), which refuses such contexts. The valve is one named gateway: it serves the catalog's APIs
 * deployed to its name (or to every gateway), and applies every catalog change to live traffic at once.
 *
 * <p>Configured in {@code server.xml}; each attribute is a validated setter:
 * <ul>
 * <li>{@code name}: the gateway's name; default {@value GatewayDef#DEFAULT_NAME}</li>
 * <li>{@code node}: the name of this node (this Tomcat) in the cluster, the same for every valve of one Tomcat;
 * default the Engine's {@code jvmRoute} if set, else the host name</li>
 * <li>{@code configFile}: the catalog file, relative to {@code $CATALINA_BASE}; default
 * {@value #DEFAULT_CONFIG_FILE}</li>
 * <li>{@code dataSource}: the JNDI name of a global DataSource holding the catalog (PostgreSQL), shared by the nodes
 * of a cluster; default none (the catalog is {@code configFile})</li>
 * <li>{@code redis}: a Redis URL ({@code redis://host:6379}, {@code rediss://:password@host:6380/0}) where the
 * gateway counts its limits with the other nodes of its cluster (plans, handshake rates, connection caps); default
 * none (each node counts its own)</li>
 * <li>{@code redisFallback}: while that Redis is unreachable, {@code local} (count per node, each limit divided by the
 * live nodes) or {@code refuse} ({@code 503} for handshakes a connection cap counts); default {@code local}</li>
 * <li>{@code reloadInterval}: how often the file is checked for changes, e.g. {@code 2s}; {@code 0} disables
 * reloading; default {@value #DEFAULT_RELOAD_INTERVAL}</li>
 * <li>{@code backendThreads}: event loop threads for backend connections; default 0, meaning one per core</li>
 * <li>{@code drainTimeout}: on stop, how long live connections get to finish their close handshakes; default
 * {@value #DEFAULT_DRAIN_TIMEOUT}</li>
 * <li>{@code maxPendingHandshakes}: upgrades of one API that may wait for its backend at once (beyond: {@code 503}
 * with {@code Retry-After}); default {@value #DEFAULT_MAX_PENDING_HANDSHAKES}</li>
 * <li>{@code takeOverSockets}: drive an upgraded plain NIO socket from its backend connection's event loop, both legs
 * on one thread; default {@code true} (TLS connectors always stay on Tomcat's threads)</li>
 * </ul>
 */
public class GatewayValve extends ValveBase {

    public static final String DEFAULT_CONFIG_FILE = "conf/ws-gateway.xml";
    public static final String DEFAULT_RELOAD_INTERVAL = "2s";
    public static final String DEFAULT_DRAIN_TIMEOUT = "5s";
    public static final int DEFAULT_MAX_PENDING_HANDSHAKES = 1000;
    /** Where catalog changes are recorded, relative to {@code $CATALINA_BASE}. */
    public static final String AUDIT_LOG = "logs/ws-gateway-audit.log";
    /** The access log's file names start so, then the date and {@code .log}. */
    public static final String DEFAULT_ACCESS_LOG_PREFIX = "ws-gateway-access.";

    private static final Log log = LogFactory.getLog(GatewayValve.class);

    private String name = GatewayDef.DEFAULT_NAME;
    /** The node's name as set, or {@code null}: the Engine's jvmRoute or the host name when it starts. */
    private String node;
    private String configFile = DEFAULT_CONFIG_FILE;
    private Duration reloadInterval = ConfigValues.duration(DEFAULT_RELOAD_INTERVAL);
    private String dataSource;
    private String redis;
    private RedisFallback redisFallback = RedisFallback.LOCAL;
    private int backendThreads;
    private Duration drainTimeout = ConfigValues.duration(DEFAULT_DRAIN_TIMEOUT);
    private int maxPendingHandshakes = DEFAULT_MAX_PENDING_HANDSHAKES;
    private boolean takeOverSockets = true;
    /** The Connector's {@code maxConnections} the README's Tuning section recommends for 9,000+ connections. */
    static final int RECOMMENDED_MAX_CONNECTIONS = 10_000;
    private boolean metricsEnabled = true;
    private int metricsSampleSeconds = GatewayMetrics.DEFAULT_SAMPLE_SECONDS;
    private boolean accessLogEnabled = true;
    private String accessLogPattern = "default";
    private String accessLogDirectory = "logs";
    private String accessLogPrefix = DEFAULT_ACCESS_LOG_PREFIX;
    private String accessLogSuffix = ".log";
    private int accessLogMaxDays = -1;

    /** The attributes whose value was refused, with why; the valve does not start while there is one. */
    private final Map<String, String> problems = new java.util.LinkedHashMap<>();
    private final ApiRegistry registry = new ApiRegistry();
    private final RelayTracker tracker = new RelayTracker();
    /** The policy chains and their state; made again at start, on Redis when {@code redis} is set. */
    private PolicyChains policies = new PolicyChains(new PolicyState());
    private GatewayMetrics metrics;
    private WebSocketAccessLog accessLog;
    private final CatalogService.Listener listener = this::apply;
    private CatalogService catalog;
    private BackendClient backends;
    private UpgradeProcedure upgrades;
    private HandshakeRecorder recorder;

    public GatewayValve() {
        super(true);
    }

    // ---- attributes ----

    /**
     * Runs a setter's check. A refused value is kept as a problem as well as thrown: Tomcat only logs what a setter
     * throws and goes on with the default, so the valve refuses to start instead (a gateway on a silent default,
     * such as limits counted per node when {@code redis} was meant, is worse than one that does not start).
     */
    private void check(String attribute, Runnable set) {
        try {
            set.run();
            problems.remove(attribute);
        } catch (IllegalArgumentException e) {
            problems.put(attribute, e.getMessage());
            throw e;
        }
    }

    public String getName() {
        return name;
    }

    /** The gateway's name: APIs deployed to this name (or to every gateway) are served here. */
    public void setName(String name) {
        check("name", () -> this.name = ConfigValues.name(name == null ? "" : name));
    }

    /** The node's name as set, or {@code null} when it is the default (see {@link #nodeName()}). */
    public String getNode() {
        return node;
    }

    /**
     * The name of this node (this Tomcat) in the cluster; every valve of one Tomcat must give the same. Empty or
     * unset: the Engine's {@code jvmRoute} if it has one, else the host name.
     */
    public void setNode(String node) {
        check("node", () -> this.node = node == null || node.isBlank() ? null : ConfigValues.name(node));
    }

    /** The node's name this valve runs as: as set, else the Engine's {@code jvmRoute}, else the host name. */
    public String nodeName() {
        if (node != null) {
            return node;
        }
        Engine engine = CatalogStores.engine(getContainer());
        String jvmRoute = engine == null ? null : engine.getJvmRoute();
        return jvmRoute == null || jvmRoute.isBlank() ? Gateways.defaultNodeName() : jvmRoute.trim();
    }

    public String getConfigFile() {
        return configFile;
    }

    /** The catalog file, relative to {@code $CATALINA_BASE} unless absolute. */
    public void setConfigFile(String configFile) {
        check("configFile", () -> {
            if (configFile == null || configFile.isBlank()) {
                throw new IllegalArgumentException("configFile must name a file, e.g. " + DEFAULT_CONFIG_FILE);
            }
            this.configFile = configFile.trim();
        });
    }

    public String getDataSource() {
        return dataSource;
    }

    /**
     * The JNDI name of a DataSource in {@code GlobalNamingResources} (e.g. {@code jdbc/wsgateway}) that holds the
     * catalog, shared by every node naming it; the catalog file is then imported once into an empty database. By
     * default none: the catalog is the file.
     */
    public void setDataSource(String dataSource) {
        this.dataSource = dataSource == null || dataSource.isBlank() ? null : dataSource.trim();
    }

    /** The Redis URL with its password as {@code ***}, or {@code null}. */
    public String getRedis() {
        return redis == null ? null : RedisCounts.describe(redis);
    }

    /**
     * Where the gateway counts its limits with the other nodes of its cluster: {@code redis://host:port[/db]}, with
     * {@code :password@} before the host if Redis wants one, or {@code rediss://} for TLS. Empty: each node counts
     * its own.
     */
    public void setRedis(String redis) {
        check("redis", () -> {
            if (redis != null && !redis.isBlank()) {
                RedisCounts.parse(redis.trim());
            }
            this.redis = redis == null || redis.isBlank() ? null : redis.trim();
        });
    }

    public String getRedisFallback() {
        return redisFallback.toString();
    }

    /**
     * While the Redis of {@code redis} is unreachable: {@code local} counts on each node, each limit divided by the
     * live nodes; {@code refuse} answers {@code 503} to handshakes a connection cap would count.
     */
    public void setRedisFallback(String fallback) {
        check("redisFallback", () -> this.redisFallback = RedisFallback.parse(fallback));
    }

    public String getReloadInterval() {
        return reloadInterval.toMillis() + "ms";
    }

    /** How often the catalog file is checked for changes, e.g. {@code 2s}; {@code 0} disables reloading. */
    public void setReloadInterval(String reloadInterval) {
        check("reloadInterval", () -> this.reloadInterval = ConfigValues.duration(reloadInterval));
    }

    public int getBackendThreads() {
        return backendThreads;
    }

    /** Event loop threads for backend connections; 0 means one per core. */
    public void setBackendThreads(int backendThreads) {
        check("backendThreads", () -> {
            if (backendThreads < 0) {
                throw new IllegalArgumentException("backendThreads must be 0 (one per core) or more, not "
                        + backendThreads);
            }
            this.backendThreads = backendThreads;
        });
    }

    public String getDrainTimeout() {
        return drainTimeout.toMillis() + "ms";
    }

    /** On stop, how long live connections get to finish their close handshakes, e.g. {@code 5s}. */
    public void setDrainTimeout(String drainTimeout) {
        check("drainTimeout", () -> this.drainTimeout = ConfigValues.duration(drainTimeout));
    }

    public int getMaxPendingHandshakes() {
        return maxPendingHandshakes;
    }

    /** Upgrades of one API that may wait for its backend at once; beyond, {@code 503} with {@code Retry-After}. */
    public boolean getTakeOverSockets() {
        return takeOverSockets;
    }

    /**
     * Whether an upgraded plain (non-TLS) NIO socket is driven by the event loop of its backend connection, both legs
     * on one thread (on by default); off, or on TLS and other connectors, the client's leg stays on Tomcat's threads.
     */
    public void setTakeOverSockets(boolean takeOver) {
        this.takeOverSockets = takeOver;
    }

    public void setMaxPendingHandshakes(int maxPendingHandshakes) {
        check("maxPendingHandshakes", () -> {
            if (maxPendingHandshakes < 1) {
                throw new IllegalArgumentException("maxPendingHandshakes must be 1 or more, not "
                        + maxPendingHandshakes);
            }
            this.maxPendingHandshakes = maxPendingHandshakes;
        });
    }

    public boolean getMetrics() {
        return metricsEnabled;
    }

    /** Whether this gateway records metrics (on by default; off only to measure what they cost). */
    public void setMetrics(boolean metrics) {
        this.metricsEnabled = metrics;
    }

    public int getMetricsSampleSeconds() {
        return metricsSampleSeconds;
    }

    /** The step of the per-API histories the admin's charts draw (the last hour is kept), in seconds. */
    public void setMetricsSampleSeconds(int seconds) {
        check("metricsSampleSeconds", () -> {
            if (seconds < 1 || seconds > 600) {
                throw new IllegalArgumentException("metricsSampleSeconds must be 1 to 600, not " + seconds);
            }
            this.metricsSampleSeconds = seconds;
        });
    }

    public boolean getAccessLog() {
        return accessLogEnabled;
    }

    /** Whether sessions and refused handshakes are written to the WebSocket access log (on by default). */
    public void setAccessLog(boolean accessLog) {
        this.accessLogEnabled = accessLog;
    }

    public String getAccessLogPattern() {
        return accessLogPattern;
    }

    /** The access log's line format (see {@link AccessLogPattern}); checked when the valve starts. */
    public void setAccessLogPattern(String pattern) {
        this.accessLogPattern = pattern;
    }

    public String getAccessLogDirectory() {
        return accessLogDirectory;
    }

    /** Where the access log files go, relative to {@code $CATALINA_BASE} unless absolute. */
    public void setAccessLogDirectory(String directory) {
        this.accessLogDirectory = directory;
    }

    public String getAccessLogPrefix() {
        return accessLogPrefix;
    }

    public void setAccessLogPrefix(String prefix) {
        this.accessLogPrefix = prefix == null ? "" : prefix;
    }

    public String getAccessLogSuffix() {
        return accessLogSuffix;
    }

    public void setAccessLogSuffix(String suffix) {
        this.accessLogSuffix = suffix == null ? "" : suffix;
    }

    public int getAccessLogMaxDays() {
        return accessLogMaxDays;
    }

    /** How many days of access log files to keep; negative (the default) keeps them all. */
    public void setAccessLogMaxDays(int days) {
        this.accessLogMaxDays = days;
    }

    /** The routing table this gateway serves now. */
    public ApiRegistry getRegistry() {
        return registry;
    }

    /** The live relays of this gateway. */
    public RelayTracker getTracker() {
        return tracker;
    }

    /** Why the last change of the catalog file was refused, or {@code null} if it was applied. */
    public String getReloadProblem() {
        return catalog == null ? null : catalog.reloadProblem();
    }

    // ---- lifecycle ----

    @Override
    protected synchronized void startInternal() throws LifecycleException {
        if (!problems.isEmpty()) {
            StringBuilder why = new StringBuilder();
            problems.forEach((attribute, problem) -> why.append(why.isEmpty() ? "" : "; ").append(attribute)
                    .append(": ").append(problem));
            throw new LifecycleException("ws-gateway cannot start: its <Valve> has " + (problems.size() == 1
                    ? "an attribute" : problems.size() + " attributes") + " Tomcat could not set: " + why);
        }
        String serves = servedHosts();
        warnOfSmallConnectors();
        AccessLogPattern pattern;
        try {
            pattern = AccessLogPattern.compile(accessLogPattern);
        } catch (IllegalArgumentException e) {
            throw new LifecycleException("ws-gateway cannot start: accessLogPattern: " + e.getMessage(), e);
        }
        Path base = catalinaBase();
        Path configPath = base.resolve(configFile).normalize();
        try {
            String node = nodeName();
            DataSource database = dataSource == null ? null : CatalogStores.lookup(getContainer(), dataSource);
            catalog = Gateways.attach(name, node, configPath, reloadInterval, status(serves), () -> new CatalogService(
                    CatalogStores.open(database, dataSource, node, base, configPath, configFile),
                    new AuditLog(base.resolve(AUDIT_LOG), Clock.systemUTC()), new Etags(new CatalogXml(base)),
                    PolicyRegistry::parse));
            if (database != null && Gateways.nodeSource() == NodeDirectory.SELF) {
                // The first valve of a node on a database: its heartbeat, and the list of the cluster's nodes.
                Gateways.nodeSource(new HeartbeatNodes(new NodeHeartbeats(database), HeartbeatNodes.EVERY,
                        HeartbeatNodes.DOWN_AFTER));
            }
        } catch (ConfigException | IllegalStateException e) {
            throw new LifecycleException("ws-gateway cannot start: " + e.getMessage(), e);
        }
        if (accessLogEnabled) {
            accessLog = new WebSocketAccessLog(base.resolve(accessLogDirectory), accessLogPrefix, accessLogSuffix,
                    accessLogMaxDays, pattern);
        }
        metrics = new GatewayMetrics(metricsEnabled);
        policies = new PolicyChains(redis == null ? new PolicyState() : new PolicyState(TimeMeter.SYSTEM_NANOTIME,
                Clock.systemUTC(), new RedisCounts(redis, redisFallback, name, Gateways.nodeName(),
                        TimeMeter.SYSTEM_NANOTIME, RedisCounts.LEASE_TTL)));
        int threads = backendThreads > 0 ? backendThreads : Runtime.getRuntime().availableProcessors();
        backends = new BackendClient(threads, "ws-gateway-backend");
        recorder = new HandshakeRecorder(metrics, accessLog);
        upgrades = new UpgradeProcedure(backends, tracker, policies, metrics, accessLog, recorder,
                new PendingHandshakes(maxPendingHandshakes), takeOverSockets);
        GatewayMetrics.start(metricsSampleSeconds);
        registry.replace(catalog.catalog().tableFor(name));
        policies.state().directory(Directory.of(catalog.catalog()));
        catalog.addListener(listener);
        log.info("ws-gateway '" + name + "' (node '" + Gateways.nodeName() + "') serves "
                + registry.table().apis().size() + " API(s) from " + catalog.describeStore()
                + " on " + serves + (redis == null ? "" : "; limits counted in " + policies.state().counts()));
        super.startInternal();
    }

    @Override
    protected synchronized void stopInternal() throws LifecycleException {
        super.stopInternal();
        if (catalog == null) {
            // startInternal failed before the catalog was attached: nothing to take down.
            return;
        }
        catalog.removeListener(listener);
        Gateways.detach(name);
        if (!tracker.closeAll("server shutting down", drainTimeout)) {
            log.warn("ws-gateway: " + tracker.size() + " connection(s) did not finish closing within "
                    + drainTimeout.toMillis() + " ms");
        }
        backends.close();
        // The connections are gone: this node's counts go back to a cluster's Redis.
        policies.state().counts().close();
        GatewayMetrics.stop();
        if (accessLog != null) {
            accessLog.close();
            accessLog = null;
        }
        registry.replace(ApiTable.EMPTY);
        catalog = null;
    }

    /**
     * Applies a catalog change: the new routing table at once, and to live connections what their API's new state
     * means (blocked: 1008; retired, removed or no longer on this gateway: 1001). A changed endpoint leaves live
     * connections on the endpoint they were opened with.
     */
    private void apply(Catalog before, Catalog after) {
        backends.clearTlsCache();
        registry.replace(after.tableFor(name));
        policies.retainOnly(after.apis());
        Directory directory = Directory.of(after);
        policies.state().directory(directory);
        // Governance reaches live sockets: revoked keys, removed or blocked subscriptions, deleted applications.
        tracker.closeRevoked(directory::revoked);
        for (Api old : before.apis()) {
            Api now = after.api(old.id()).orElse(null);
            if (now == null || !now.deployedTo(name)) {
                tracker.close(old.id(), CloseCodes.GOING_AWAY, "API removed");
            } else if (now.lifecycle() == Lifecycle.RETIRED) {
                tracker.close(old.id(), CloseCodes.GOING_AWAY, "API retired");
            } else if (now.lifecycle() == Lifecycle.BLOCKED) {
                tracker.close(old.id(), CloseCodes.POLICY_VIOLATION, "API blocked");
            }
        }
    }

    private Gateways.Status status(String serves) {
        return new Gateways.Status() {
            @Override
            public String serves() {
                return serves;
            }

            @Override
            public Map<String, Integer> connectionsByApi() {
                return tracker.connectionsByApi();
            }

            @Override
            public Map<String, String> webapps() {
                return deployedWebapps();
            }
        };
    }

    /** The webapps of the Host (or of every Host of the Engine) by context path, ROOT left out. */
    private Map<String, String> deployedWebapps() {
        Map<String, String> webapps = new java.util.TreeMap<>();
        Container container = getContainer();
        Container[] hosts = container instanceof Engine ? container.findChildren() : new Container[] {container};
        for (Container host : hosts) {
            for (Container child : host.findChildren()) {
                if (child instanceof Context context && !context.getPath().isEmpty()) {
                    webapps.putIfAbsent(context.getPath(), context.getBaseName());
                }
            }
        }
        return webapps;
    }

    /** Describes where the valve is, refusing anything but a Host or an Engine. */
    private String servedHosts() throws LifecycleException {
        Container container = getContainer();
        if (container instanceof Host host) {
            return "Host '" + host.getName() + "'";
        }
        if (container instanceof Engine engine) {
            return "every Host of Engine '" + engine.getName() + "'";
        }
        throw new LifecycleException("ws-gateway's GatewayValve must be nested in a <Host> or an <Engine>, not in "
                + container);
    }

    /**
     * Warns of a Connector that cannot hold the relayed connections the README's Tuning section plans for: each
     * relayed connection is one of the Connector's connections (and two open files).
     */
    private void warnOfSmallConnectors() {
        Engine engine = CatalogStores.engine(getContainer());
        if (engine == null || engine.getService() == null) {
            return;
        }
        for (Connector connector : engine.getService().findConnectors()) {
            Object max = connector.getProperty("maxConnections");
            if (max instanceof Number n && n.intValue() >= 0 && n.intValue() < RECOMMENDED_MAX_CONNECTIONS) {
                log.warn("ws-gateway: Connector on port " + connector.getPort() + " has maxConnections=" + n
                        + ": it holds at most that many relayed connections (and admin requests) at once. To hold "
                        + "9,000 and more, set maxConnections=\"" + RECOMMENDED_MAX_CONNECTIONS + "\" or more on the "
                        + "<Connector> and an open-file limit (ulimit -n) of at least twice that: see the README's "
                        + "Tuning section.");
            }
        }
    }

    private static Path catalinaBase() {
        String base = System.getProperty("catalina.base");
        return base == null ? Path.of("").toAbsolutePath() : Path.of(base);
    }

    /** Drops the token buckets of clients gone quiet. */
    @Override
    public void backgroundProcess() {
        policies.state().sweep();
        super.backgroundProcess();
    }

    // ---- requests ----

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        ApiMatch match = registry.match(request.getDecodedRequestURI());
        if (takesWebapp(request, match)) {
            // An API never shadows a webapp: the webapp's context is the webapp's (an API inside it is not).
            getNext().invoke(request, response);
        } else if (match instanceof ApiMatch.Found found) {
            long start = System.nanoTime();
            UpgradeProcedure.Handled handled = null;
            try {
                handled = upgrades.handle(request, response, found.api(), found.suffix(), start);
            } finally {
                answered(request, response, found.api(), handled, start);
            }
        } else if (match instanceof ApiMatch.UnknownVersion unknown) {
            // A known context, but no such version.
            long start = System.nanoTime();
            GatewayResponses.send(response, 404, "404 Not Found: no version of " + unknown.context()
                    + " is served at " + request.getDecodedRequestURI());
            answered(request, response, null, UpgradeProcedure.Handled.now(null), start);
        } else {
            getNext().invoke(request, response);
        }
    }

    /**
     * Whether the matched API's context would take the context of the webapp Tomcat mapped the request to: the
     * same context, or one that holds it. ROOT ({@code ""}) holds every path and is never taken.
     */
    private static boolean takesWebapp(Request request, ApiMatch match) {
        String apiContext;
        if (match instanceof ApiMatch.Found found) {
            apiContext = found.api().context();
        } else if (match instanceof ApiMatch.UnknownVersion unknown) {
            apiContext = unknown.context();
        } else {
            return false;
        }
        Context webapp = request.getContext();
        String path = webapp == null ? "" : webapp.getPath();
        return !path.isEmpty() && !apiContext.startsWith(path + "/");
    }

    /**
     * Counts a handshake the gateway answered, and logs it if it was refused (one waiting for its backend is counted
     * when answered; an upgraded one is logged when its session ends). Whatever logs the request after this valve
     * (Tomcat's AccessLogValve, which sees 101 for an upgrade answered later) reads the query with its credentials
     * as {@code ***}, and every value as {@code ***} if it was refused before the policies ran.
     *
     * @param api     the API, or {@code null} when none matched
     * @param handled how it was answered, or {@code null} if answering failed
     */
    private void answered(Request request, Response response, Api api, UpgradeProcedure.Handled handled, long start) {
        UpgradeRequest upgrade = handled == null ? null : handled.upgrade();
        if (handled == null || !handled.later()) {
            recorder.answered(api, upgrade, recorder.logs() ? UpgradeProcedure.opening(request, api, upgrade, null)
                    : null, response.getStatus(), GatewayResponses.reason(request), start);
        }
        String logged = UpgradeProcedure.loggedQuery(request, upgrade);
        if (logged != null && !logged.equals(request.getQueryString())) {
            request.getCoyoteRequest().queryString().setString(logged);
        }
    }
}
