package org.wsgateway.it;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.wsgateway.it.support.TesterBackend;
import org.wsgateway.it.support.TomcatInstall;

/**
 * A real Tomcat distribution (the {@code org.apache.tomcat:tomcat} tar.gz from Maven Central) with the gateway
 * installed as the README says: the valve JAR in {@code lib/}, the sample snippet added to the stock
 * {@code server.xml} (or the complete sample file), the sample {@code ws-gateway.xml} pointed at a
 * {@link TesterBackend} plus an open {@code Control} API ({@code /control/v1}) on the backend's control path, the
 * admin WAR and a hashed admin user, on a free port. Shared by the ITs that run a distribution.
 */
final class GatewayDistribution {

    static final Path DIST = Path.of(System.getProperty("dist.dir", "target/dist"));
    static final Path SAMPLES = Path.of(System.getProperty("conf.samples", "../conf-samples"));
    static final String ADMIN_PASSWORD = "distributionTestOnly42";

    private final TesterBackend backend;
    private final TomcatInstall tomcat;
    private final int port;

    private GatewayDistribution(TesterBackend backend, TomcatInstall tomcat, int port) {
        this.backend = backend;
        this.tomcat = tomcat;
        this.port = port;
    }

    /**
     * Unpacks the distribution of the given version and installs the gateway, not started yet.
     *
     * @param completeServerXml use {@code conf-samples/server.xml} instead of adding the snippet to the stock file
     * @param backendThreads    the backend's event loop threads
     */
    static GatewayDistribution install(String version, boolean completeServerXml, int backendThreads)
            throws Exception {
        TesterBackend backend = TesterBackend.start(backendThreads, null);
        int port = TomcatInstall.freePort();
        TomcatInstall tomcat = TomcatInstall.unpack(DIST.resolve("tomcat-" + version + ".tar.gz"), DIST.resolve("run"));
        tomcat.installValveJar(DIST.resolve("ws-gateway-valve-" + System.getProperty("project.version") + ".jar"));
        if (completeServerXml) {
            tomcat.replaceServerXml(SAMPLES.resolve("server.xml"));
        } else {
            tomcat.addValve(snippet());
        }
        tomcat.writeGatewayConfig(Files.readString(SAMPLES.resolve("ws-gateway.xml"))
                        .replace("ws://127.0.0.1:9001/echo", backend.url("/echo").toString())
                        .replace("</ws-gateway>", "<api name=\"Control\" context=\"/control\" version=\"v1\">"
                                + "<endpoint url=\"" + backend.url("/control") + "\"/><policies><open/></policies></api>\n"
                                + "</ws-gateway>"))
                .deployWar(DIST.resolve("ws-admin.war"), "ws-admin.war")
                .hashPasswords()
                .addUser("admin", ADMIN_PASSWORD, "ws-admin")
                .usePorts(port);
        return new GatewayDistribution(backend, tomcat, port);
    }

    /** The sample snippet without its comment, as an operator pastes it. */
    private static String snippet() throws IOException {
        String xml = Files.readString(SAMPLES.resolve("server-snippet.xml"));
        return xml.substring(xml.indexOf("<Valve"));
    }

    /** Starts {@code catalina.sh run} with the given {@code CATALINA_OPTS} (e.g. the heap size). */
    void start(String catalinaOpts) throws IOException, InterruptedException {
        tomcat.start(port, Map.of("CATALINA_OPTS", catalinaOpts), Duration.ofSeconds(90));
    }

    /** Stops Tomcat (SIGTERM) if it runs, then the backend. */
    void stop() throws InterruptedException {
        if (tomcat.isRunning()) {
            tomcat.stop(Duration.ofSeconds(30));
        }
        backend.close();
    }

    TesterBackend backend() {
        return backend;
    }

    TomcatInstall tomcat() {
        return tomcat;
    }

    int port() {
        return port;
    }

    URI ws(String path) {
        return URI.create("ws://127.0.0.1:" + port + path);
    }
}
