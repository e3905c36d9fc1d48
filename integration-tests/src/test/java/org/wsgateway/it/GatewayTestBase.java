package org.wsgateway.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.wsgateway.it.support.TesterBackend;
import org.wsgateway.valve.GatewayValve;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An embedded Tomcat on a free port with the gateway valve on its Host, a {@link TesterBackend}, and the gateway's
 * configuration file in a temporary {@code $CATALINA_BASE}. After each test, no relayed connection may remain.
 */
abstract class GatewayTestBase {

    protected static TesterBackend backend;
    protected static Tomcat tomcat;
    protected static GatewayValve valve;
    protected static Path base;
    protected static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startBackend() throws Exception {
        backend = TesterBackend.start();
    }

    @AfterAll
    static void stopAll() throws Exception {
        stopTomcat();
        backend.close();
    }

    @AfterEach
    void noRelayLeaks() throws InterruptedException {
        if (valve != null && valve.getState().isAvailable()) {
            Await.until("every relayed connection of the test to end", 5, () -> valve.getTracker().size() == 0);
            assertEquals(0, valve.getTracker().size(), "relayed connections left open after the test");
        }
        backend.connections().clear();
    }

    /** The policies of an API anyone may use (without them, an API needs API keys). */
    protected static final String OPEN = "<policies><open/></policies>";

    /** The gateway configuration with one EchoWebSocket-like API per (context, path on the backend). */
    protected static String config(String apis) {
        return "<ws-gateway>\n" + apis + "\n</ws-gateway>\n";
    }

    protected static String api(String name, String context, String version, URI url, String endpointAttributes) {
        return "<api name=\"" + name + "\" context=\"" + context + "\" version=\"" + version + "\">"
                + "<endpoint url=\"" + url + "\" " + endpointAttributes + "/>" + OPEN + "</api>";
    }

    /** Starts Tomcat with the gateway valve and the given configuration file content. */
    protected static void startTomcat(String configXml) throws Exception {
        startTomcat(configXml, null);
    }

    protected static void startTomcat(String configXml, java.util.function.Consumer<Tomcat> customizer)
            throws Exception {
        base = Files.createTempDirectory("ws-gateway-it");
        Files.createDirectories(base.resolve("conf"));
        Files.createDirectories(base.resolve("webapps"));
        writeConfig(configXml);
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.setPort(0);
        tomcat.getConnector();
        valve = new GatewayValve();
        valve.setReloadInterval("100ms");
        // -Dit.tomcatLeg=true: the client's leg stays on Tomcat's threads (as on TLS connectors).
        valve.setTakeOverSockets(!Boolean.getBoolean("it.tomcatLeg"));
        tomcat.getHost().getPipeline().addValve(valve);
        if (customizer != null) {
            customizer.accept(tomcat);
        }
        tomcat.start();
    }

    protected static void stopTomcat() throws LifecycleException, IOException {
        if (tomcat != null) {
            try {
                tomcat.stop();
                tomcat.destroy();
            } finally {
                tomcat = null;
                valve = null;
            }
        }
        if (base != null) {
            try (Stream<Path> files = Files.walk(base)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            base = null;
        }
    }

    /** Writes the configuration file so that the change is detected (a new modification time). */
    protected static void writeConfig(String xml) throws IOException {
        Path file = base.resolve("conf/ws-gateway.xml");
        long before = Files.exists(file) ? Files.getLastModifiedTime(file).toMillis() : 0;
        Files.writeString(file, xml, StandardCharsets.UTF_8);
        if (Files.getLastModifiedTime(file).toMillis() <= before) {
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(before + 1000));
        }
    }

    protected static int port() {
        return tomcat.getConnector().getLocalPort();
    }

    protected static URI gateway(String pathAndQuery) {
        return URI.create("ws://127.0.0.1:" + port() + pathAndQuery);
    }

    protected static URI httpUrl(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
    }

    /** Waits until the condition holds, at most {@code seconds}. */
    protected static void await(String what, long seconds, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        Await.until(what, seconds, condition);
    }
}
