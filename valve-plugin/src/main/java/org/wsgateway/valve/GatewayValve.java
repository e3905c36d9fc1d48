package org.wsgateway.valve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.ServletException;

import org.apache.catalina.Container;
import org.apache.catalina.Engine;
import org.apache.catalina.Host;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;
import org.wsgateway.api.ApiMatch;
import org.wsgateway.api.ApiRegistry;
import org.wsgateway.api.ApiTable;
import org.wsgateway.config.ConfigException;
import org.wsgateway.config.ConfigValues;
import org.wsgateway.config.GatewayConfigLoader;
import org.wsgateway.relay.RelayTracker;
import org.wsgateway.relay.backend.BackendClient;

/**
 * A valve that serves WebSocket APIs at {@code /<context>/<version>} on its Host (or, on an Engine, on every Host),
 * whether or not a webapp is deployed there, and relays every frame to each API's backend. Requests for paths that
 * are not an API's pass to the next valve untouched.
 *
 * <p>Configured in {@code server.xml}; each attribute is a validated setter:
 * <ul>
 * <li>{@code configFile}: the API definitions, relative to {@code $CATALINA_BASE}; default
 * {@value #DEFAULT_CONFIG_FILE}</li>
 * <li>{@code reloadInterval}: how often the file is checked for changes, e.g. {@code 2s}; {@code 0} disables
 * reloading; default {@value #DEFAULT_RELOAD_INTERVAL}</li>
 * <li>{@code backendThreads}: event loop threads for backend connections; default 0, meaning one per core</li>
 * <li>{@code drainTimeout}: on stop, how long live connections get to finish their close handshakes; default
 * {@value #DEFAULT_DRAIN_TIMEOUT}</li>
 * </ul>
 */
public class GatewayValve extends ValveBase {

    public static final String DEFAULT_CONFIG_FILE = "conf/ws-gateway.xml";
    public static final String DEFAULT_RELOAD_INTERVAL = "2s";
    public static final String DEFAULT_DRAIN_TIMEOUT = "5s";

    private static final Log log = LogFactory.getLog(GatewayValve.class);

    private String configFile = DEFAULT_CONFIG_FILE;
    private Duration reloadInterval = ConfigValues.duration(DEFAULT_RELOAD_INTERVAL);
    private int backendThreads;
    private Duration drainTimeout = ConfigValues.duration(DEFAULT_DRAIN_TIMEOUT);

    private final ApiRegistry registry = new ApiRegistry();
    private final RelayTracker tracker = new RelayTracker();
    private Path configPath;
    private FileTime loadedStamp;
    private volatile String reloadProblem;
    private BackendClient backends;
    private ScheduledExecutorService reloader;
    private WebSocketHandshake handshake;

    public GatewayValve() {
        super(true);
        registry.onRemoval(removed -> tracker.closeApis(removed, "API removed"));
    }

    // ---- attributes ----

    public String getConfigFile() {
        return configFile;
    }

    /** The API definitions file, relative to {@code $CATALINA_BASE} unless absolute. */
    public void setConfigFile(String configFile) {
        if (configFile == null || configFile.isBlank()) {
            throw new IllegalArgumentException("configFile must name a file, e.g. " + DEFAULT_CONFIG_FILE);
        }
        this.configFile = configFile.trim();
    }

    public String getReloadInterval() {
        return reloadInterval.toMillis() + "ms";
    }

    /** How often the definitions file is checked for changes, e.g. {@code 2s}; {@code 0} disables reloading. */
    public void setReloadInterval(String reloadInterval) {
        this.reloadInterval = ConfigValues.duration(reloadInterval);
    }

    public int getBackendThreads() {
        return backendThreads;
    }

    /** Event loop threads for backend connections; 0 means one per core. */
    public void setBackendThreads(int backendThreads) {
        if (backendThreads < 0) {
            throw new IllegalArgumentException("backendThreads must be 0 (one per core) or more, not " + backendThreads);
        }
        this.backendThreads = backendThreads;
    }

    public String getDrainTimeout() {
        return drainTimeout.toMillis() + "ms";
    }

    /** On stop, how long live connections get to finish their close handshakes, e.g. {@code 5s}. */
    public void setDrainTimeout(String drainTimeout) {
        this.drainTimeout = ConfigValues.duration(drainTimeout);
    }

    /** The live API registry of this gateway. */
    public ApiRegistry getRegistry() {
        return registry;
    }

    /** Why the last change of the definitions file was refused, or {@code null} if it was applied. */
    public String getReloadProblem() {
        return reloadProblem;
    }

    /** The live relays of this gateway. */
    public RelayTracker getTracker() {
        return tracker;
    }

    // ---- lifecycle ----

    @Override
    protected synchronized void startInternal() throws LifecycleException {
        configPath = resolveConfigPath();
        try {
            loadedStamp = stamp();
            registry.replace(loader().load(configPath, configFile));
        } catch (ConfigException e) {
            throw new LifecycleException("ws-gateway cannot start: " + e.getMessage(), e);
        }
        String serves = servedHosts();
        int threads = backendThreads > 0 ? backendThreads : Runtime.getRuntime().availableProcessors();
        backends = new BackendClient(threads, "ws-gateway-backend");
        handshake = new WebSocketHandshake(backends, tracker);
        if (!reloadInterval.isZero()) {
            reloader = new ScheduledThreadPoolExecutor(1, daemon("ws-gateway-reload"));
            reloader.scheduleWithFixedDelay(this::reloadIfChanged, reloadInterval.toMillis(),
                    reloadInterval.toMillis(), TimeUnit.MILLISECONDS);
        }
        log.info("ws-gateway serves " + registry.table().apis().size() + " API(s) from " + configPath + " on "
                + serves);
        super.startInternal();
    }

    @Override
    protected synchronized void stopInternal() throws LifecycleException {
        super.stopInternal();
        if (reloader != null) {
            reloader.shutdownNow();
            reloader = null;
        }
        if (!tracker.closeAll("server shutting down", drainTimeout)) {
            log.warn("ws-gateway: " + tracker.size() + " connection(s) did not finish closing within "
                    + drainTimeout.toMillis() + " ms");
        }
        backends.close();
        registry.replace(ApiTable.EMPTY);
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

    private Path resolveConfigPath() {
        Path path = Path.of(configFile);
        if (path.isAbsolute()) {
            return path;
        }
        return catalinaBase().resolve(path).normalize();
    }

    private GatewayConfigLoader loader() {
        return new GatewayConfigLoader(catalinaBase());
    }

    private Path catalinaBase() {
        String base = System.getProperty("catalina.base");
        return base == null ? Path.of("").toAbsolutePath() : Path.of(base);
    }

    // ---- reloading ----

    /** Reloads the definitions if the file changed; a bad file is logged and the last good definitions stay. */
    void reloadIfChanged() {
        FileTime now = stamp();
        if (now == null || now.equals(loadedStamp)) {
            return;
        }
        loadedStamp = now;
        try {
            ApiTable table = loader().load(configPath, configFile);
            backends.clearTlsCache();
            registry.replace(table);
            reloadProblem = null;
            log.info("ws-gateway reloaded " + configPath + ": " + table.apis().size() + " API(s)");
        } catch (ConfigException e) {
            reloadProblem = e.getMessage();
            log.error("ws-gateway kept its previous APIs because the changed file is invalid: " + e.getMessage());
        } catch (RuntimeException e) {
            reloadProblem = e.toString();
            log.error("ws-gateway kept its previous APIs: reloading " + configPath + " failed", e);
        }
    }

    private FileTime stamp() {
        try {
            return Files.getLastModifiedTime(configPath);
        } catch (IOException e) {
            return null;
        }
    }

    // ---- requests ----

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        ApiMatch match = registry.match(request.getDecodedRequestURI());
        if (match instanceof ApiMatch.Found found) {
            handshake.handle(request, response, found.api(), found.suffix());
        } else if (match instanceof ApiMatch.UnknownVersion unknown) {
            // A known context, but no such version.
            GatewayResponses.send(response, 404, "404 Not Found: no version of " + unknown.context()
                    + " is served at " + request.getDecodedRequestURI());
        } else {
            getNext().invoke(request, response);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        ClassLoader loader = GatewayValve.class.getClassLoader();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            t.setContextClassLoader(loader);
            return t;
        };
    }
}
