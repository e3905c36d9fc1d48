package org.wsgateway.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.wsgateway.it.support.TesterBackend;
import org.wsgateway.it.support.TesterConnection;
import org.wsgateway.it.support.TesterNettyClient;
import org.wsgateway.it.support.TomcatInstall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway in a real Tomcat distribution (the {@code org.apache.tomcat:tomcat} tar.gz from Maven Central),
 * installed as the README says, run by {@code bin/catalina.sh run} in its own JVM with a small heap, driven by the
 * JDK client, Python's websockets and a frame-level client, and stopped with SIGTERM.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class TomcatDistributionTestBase {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    protected static final String ADMIN_PASSWORD = GatewayDistribution.ADMIN_PASSWORD;
    private static GatewayDistribution distribution;
    protected static TesterBackend backend;
    protected static TomcatInstall tomcat;
    protected static int port;

    /**
     * Installs and starts the distribution of the given version.
     *
     * @param completeServerXml use {@code conf-samples/server.xml} instead of adding the snippet to the stock file
     */
    protected static void install(String version, boolean completeServerXml) throws Exception {
        distribution = GatewayDistribution.install(version, completeServerXml, 2);
        backend = distribution.backend();
        tomcat = distribution.tomcat();
        port = distribution.port();
        deployClashWebapp();
        distribution.start("-Xmx128m -XX:MaxDirectMemorySize=64m");
    }

    /** A webapp with its own Netty 4.1 and Commons Configuration 2.10 in WEB-INF/lib, reporting what it sees. */
    private static void deployClashWebapp() throws IOException {
        Path app = tomcat.home().resolve("webapps/clash");
        Files.createDirectories(app.resolve("WEB-INF/lib"));
        try (var libs = Files.list(GatewayDistribution.DIST.resolve("clash-libs"))) {
            for (Path lib : (Iterable<Path>) libs::iterator) {
                Files.copy(lib, app.resolve("WEB-INF/lib").resolve(lib.getFileName()));
            }
        }
        Files.writeString(app.resolve("index.jsp"), """
                <%@ page contentType="text/plain" %>netty=<%= io.netty.util.Version.identify()
                        .get("netty-common").artifactVersion() %>
                configuration2=<%= new java.io.File(org.apache.commons.configuration2.BaseConfiguration.class
                        .getProtectionDomain().getCodeSource().getLocation().getPath()).getName() %>
                works=<%= new org.apache.commons.configuration2.BaseConfiguration().isEmpty() %>
                """);
        Path plain = tomcat.home().resolve("webapps/plain");
        Files.createDirectories(plain);
        Files.writeString(plain.resolve("index.jsp"), """
                <%@ page contentType="text/plain" %><%
                  String seen = "none";
                  for (String name : new String[] {"io.netty.channel.Channel",
                          "org.apache.commons.configuration2.XMLConfiguration"}) {
                    try { Class.forName(name); seen = name; } catch (ClassNotFoundException e) { }
                  }
                %>visible=<%= seen %>
                """);
    }

    @BeforeEach
    void forgetEarlierBackendConnections() {
        backend.connections().clear();
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (distribution != null) {
            distribution.stop();
        }
    }

    protected static AdminClient admin() {
        return new AdminClient("http://127.0.0.1:" + port + "/ws-admin/api/v1", "admin", ADMIN_PASSWORD);
    }

    private static String console() {
        try {
            return tomcat.console();
        } catch (IOException e) {
            return "";
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    protected static URI ws(String path) {
        return distribution.ws(path);
    }

    protected static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    void relaysTheSeedExampleWithTheJdkClient() throws Exception {
        TesterClient client = TesterClient.connect(ws("/echowebsocket/1.0"));
        for (int i = 0; i < 100; i++) {
            client.send("message " + i);
            assertEquals("message " + i, client.nextText());
        }
        client.close(1000, "");
        assertEquals(1000, client.awaitClose(5).code());
    }

    @Test
    @Order(2)
    void relaysWithThePythonClient() throws Exception {
        assertEquals("ok", PythonClient.run("echo", ws("/echowebsocket/1.0").toString()));
        backend.connections().clear();
        assertEquals("4001", PythonClient.run("close", ws("/control/v1").toString(), "4001", "from python"));
        assertEquals(new TesterConnection.Close(4001, "from python"), backend.nextConnection().awaitClose(5));
        assertEquals("ok", PythonClient.run("big", ws("/control/v1").toString(), String.valueOf(16 << 20)));
        backend.connections().clear();
    }

    @Test
    @Order(3)
    void leavesTheStockWebappsAndTheirWebSocketsWorking() throws Exception {
        assertEquals(200, get("/").statusCode());
        assertEquals(200, get("/ws-admin/").statusCode());
        TesterClient examples = TesterClient.connect(ws("/examples/websocket/echoAnnotation"));
        examples.send("to the examples webapp");
        assertEquals("to the examples webapp", examples.nextText());
        examples.close(1000, "");
        assertEquals(426, get("/echowebsocket/1.0").statusCode());
        assertEquals(404, get("/echowebsocket/9.9").statusCode());
    }

    @Test
    @Order(4)
    void bundledLibrariesDoNotClashWithAWebappsOwnVersions() throws Exception {
        String clash = get("/clash/").body();
        assertTrue(clash.contains("netty=4.1.130.Final"), clash);
        assertTrue(clash.contains("configuration2=commons-configuration2-2.10.1.jar"), clash);
        assertTrue(clash.contains("works=true"), clash);
        assertEquals("visible=none", get("/plain/").body().trim(), "the valve JAR exposes no third-party class");
        relaysTheSeedExampleWithTheJdkClient();
    }

    @Test
    @Order(5)
    void reloadsTheDefinitionsFileWithoutARestart() throws Exception {
        Path config = tomcat.home().resolve("conf/ws-gateway.xml");
        String xml = Files.readString(config);
        Files.writeString(config, xml.replace("</ws-gateway>", "<api name=\"Later\" context=\"/later\" "
                + "version=\"1\"><endpoint url=\"" + backend.url("/echo") + "\"/><policies><open/></policies></api>"
                + "</ws-gateway>"));
        Await.until("the added API", 15, () -> {
            try {
                return get("/later/1").statusCode() == 426;
            } catch (Exception e) {
                return false;
            }
        });
        TesterClient client = TesterClient.connect(ws("/later/1"));
        client.send("reloaded");
        assertEquals("reloaded", client.nextText());
        client.close(1000, "");
    }

    @Test
    @Order(6)
    void streamsAFloodToASlowClientWithinASmallHeap() throws Exception {
        long flood = 512L << 20;
        try (TesterNettyClient client = TesterNettyClient.connect(ws("/control/v1"), null, false, false, false)) {
            TesterConnection backendSide = backend.nextConnection();
            client.sendText("flood " + (flood / 65536) + " 65536");
            long stalled = Await.plateau(backendSide::bytesWritten);
            assertTrue(stalled < 32L << 20, "backend wrote " + stalled + " bytes to a client that read nothing");
            client.autoRead(true);
            Await.until("512 MiB through a gateway with a 128 MiB heap", 120, () -> client.bytesReceived() == flood);
            client.close(1000, "");
        }
        assertTrue(tomcat.isRunning());
        assertTrue(!tomcat.console().contains("OutOfMemoryError"), "no OutOfMemoryError in the Tomcat log");
    }

    @Test
    @Order(6)
    void authenticatesAnApiKeyAndKeepsItOutOfTheStockAccessLogAndCountsAndLogsTheSession() throws Exception {
        AdminClient admin = admin();
        Map<String, Object> api = new java.util.LinkedHashMap<>();
        api.put("name", "Keyed");
        api.put("context", "/keyed");
        api.put("version", "1");
        api.put("endpoint", Map.of("url", backend.url("/echo").toString()));
        api.put("plans", java.util.List.of("Gold"));
        AdminClient.Answer created = admin.post("/apis?publish=true", api);
        assertEquals(201, created.status(), created.toString());
        String appId = admin.post("/applications", Map.of("name", "Distribution")).json().path("id").asText();
        assertEquals(201, admin.post("/applications/" + appId + "/subscriptions", Map.of("api",
                created.json().path("id").asText(), "plan", "Gold")).status());
        String key = admin.post("/applications/" + appId + "/keys", Map.of()).json().path("key").asText();

        assertEquals(401, TesterClient.refused(ws("/keyed/1")).statusCode());
        TesterClient client = TesterClient.connect(ws("/keyed/1?apikey=" + key));
        client.send("keyed");
        assertEquals("keyed", client.nextText());
        client.close(1000, "");
        Path logs = tomcat.home().resolve("logs");
        Await.until("the handshake in the access log", 10,
                () -> AccessLogs.read(logs).contains("/keyed/1?apikey="));
        String log = AccessLogs.read(logs);
        assertTrue(log.contains("/keyed/1?apikey=*** HTTP/1.1\" 101"), log);
        assertTrue(!log.contains(key), "the key is not in the access log");

        // The gateway's own access log (logs/ws-gateway-access.<date>.log) and the Prometheus endpoint.
        Await.until("the session in the gateway's access log", 10,
                () -> AccessLogs.read(logs, "ws-gateway-access.").contains("\"/keyed/1?apikey=***\" 101"));
        String sessions = AccessLogs.read(logs, "ws-gateway-access.");
        assertTrue(sessions.contains("\"/keyed/1?apikey=***\" 101 Keyed 1 Distribution - "), sessions);
        assertTrue(sessions.contains(" 1 5 1 5 client 1000 "), sessions);
        assertTrue(sessions.contains("\"/keyed/1\" 401 Keyed 1 "), sessions);
        assertTrue(!sessions.contains(key), "the key is not in the gateway's access log");
        AdminClient.Answer scrape = admin.get(URI.create("http://127.0.0.1:" + port + "/ws-admin/metrics"));
        assertEquals(200, scrape.status());
        String text = scrape.raw().body();
        // No jvmRoute and no node attribute in this server.xml: the node is named after the host.
        String node = "node=\"" + org.wsgateway.catalog.Gateways.defaultNodeName() + "\"";
        assertTrue(text.contains("ws_gateway_messages_total{api=\"Keyed\",direction=\"inbound\"," + node
                + ",version=\"1\"} 1.0"), text);
        assertTrue(text.contains("ws_gateway_application_messages_total{application=\"Distribution\","
                + "direction=\"outbound\"," + node + "} 1.0"), text);
        assertTrue(text.contains("ws_gateway_rejected_total{api=\"Keyed\"," + node
                + ",policy=\"key-auth\",version=\"1\"} 1.0"), text);
    }


    @Test
    @Order(7)
    void redeployingTheAdminWarLeavesLiveSocketsAlone() throws Exception {
        AdminClient admin = admin();
        assertEquals(200, admin.get("/apis").status());
        TesterClient live = TesterClient.connect(ws("/echowebsocket/1.0"));
        Path war = tomcat.home().resolve("webapps/ws-admin.war");
        int deployments = count(tomcat.console(), "ws-admin.war] has finished");
        Files.setLastModifiedTime(war, FileTime.fromMillis(System.currentTimeMillis() + 5000));
        Await.until("the admin WAR redeployed", 60,
                () -> count(console(), "ws-admin.war] has finished") > deployments);
        live.send("across a redeploy");
        assertEquals("across a redeploy", live.nextText());
        live.close(1000, "");
        assertEquals(200, admin.get("/apis").status());
    }

    @Test
    @Order(8)
    void aKillDashNineDuringAdminWritesLeavesAReadableStoreWithEveryAcknowledgedWrite() throws Exception {
        AdminClient admin = admin();
        AtomicInteger acknowledged = new AtomicInteger();
        Thread writer = new Thread(() -> {
            for (int i = 1; i <= 10_000; i++) {
                try {
                    if (admin.post("/plans", Map.of("name", "Kill" + i, "messagesPerMinute", i))
                            .status() != 201) {
                        return;
                    }
                    acknowledged.set(i);
                } catch (Exception e) {
                    return;
                }
            }
        }, "admin-writer");
        writer.start();
        int killAfter = 40 + new java.util.Random().nextInt(40); // a different moment in the stream each run
        Await.until("some acknowledged writes", 60, () -> acknowledged.get() >= killAfter);
        tomcat.kill();
        writer.join(10_000);
        int acked = acknowledged.get();
        System.out.println("killed Tomcat with kill -9 after " + acked + " acknowledged catalog writes");
        String stored = Files.readString(tomcat.home().resolve("conf/ws-gateway.xml"));
        assertTrue(stored.trim().endsWith("</ws-gateway>"), "the store is whole");

        tomcat.start(port, Map.of("CATALINA_OPTS", "-Xmx128m"), Duration.ofSeconds(90));
        JsonNode plans = admin.get("/plans").json().path("items");
        Set<String> names = new HashSet<>(plans.findValuesAsText("name"));
        for (int i = 1; i <= acked; i++) {
            assertTrue(names.contains("Kill" + i), "acknowledged write Kill" + i + " survived the kill (of " + acked
                    + ")");
        }
        assertTrue(names.size() <= acked + 1 + 4, "nothing but acknowledged writes (and one in flight)");
        relaysTheSeedExampleWithTheJdkClient();
    }

    @Test
    @Order(9)
    void sigtermClosesLiveConnectionsWith1001OnBothSides() throws Exception {
        TesterClient client = TesterClient.connect(ws("/control/v1"));
        TesterConnection backendSide = backend.nextConnection();
        tomcat.stop(Duration.ofSeconds(30));
        assertEquals(1001, client.awaitClose(10).code());
        assertEquals(1001, backendSide.awaitClose(10).code());
        assertTrue(tomcat.console().contains("ws-gateway 'default' (node '"
                + org.wsgateway.catalog.Gateways.defaultNodeName() + "') serves"), "the valve logged its start");
    }
}
