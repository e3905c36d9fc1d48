package org.wsgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.wsgateway.it.support.TesterBackend;
import org.wsgateway.it.support.TomcatInstall;
import org.wsgateway.cluster.TesterRedis;
import org.wsgateway.store.TesterPostgres;

/**
 * Two real Tomcat 11 distributions side by side, each installed as the README's "Cluster" section says (the valve
 * JAR and the PostgreSQL driver in {@code lib/}, {@code conf-samples/cluster/server.xml}, the node's name and the
 * database in {@code conf/catalina.properties}), on one real PostgreSQL: what is changed through either node's
 * admin REST API applies on the other within a second, through the database's notifications alone (the periodic
 * check is set to a minute, so it cannot be what brings a change); and on one real Redis, where both count their
 * limits together: a plan's messages, a connection cap, a killed node's counts lapsing, Redis stopped and back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final String VERSION = System.getProperty("tomcat11.version", "11.0.25");
    private static final long PROPAGATION_MILLIS = 1000;

    private static TesterPostgres pg;
    private static TesterRedis redis;
    private static TesterBackend backend;
    private static Node a;
    private static Node b;

    /** One node: its Tomcat, its port, its admin. */
    private record Node(String name, TomcatInstall tomcat, int port) {

        AdminClient admin() {
            return new AdminClient("http://127.0.0.1:" + port + "/ws-admin/api/v1", "admin",
                    GatewayDistribution.ADMIN_PASSWORD);
        }

        URI ws(String path) {
            return URI.create("ws://127.0.0.1:" + port + path);
        }
    }

    @BeforeAll
    static void startCluster() throws Exception {
        pg = TesterPostgres.start();
        redis = TesterRedis.start();
        backend = TesterBackend.start(1, null);
        a = install("a");
        b = install("b");
        // A first: it imports conf/ws-gateway.xml into the empty database; B finds it filled.
        a.tomcat().start(a.port(), Map.of("CATALINA_OPTS", "-Xmx160m"), Duration.ofSeconds(90));
        b.tomcat().start(b.port(), Map.of("CATALINA_OPTS", "-Xmx160m"), Duration.ofSeconds(90));
    }

    private static Node install(String name) throws Exception {
        Path dist = GatewayDistribution.DIST;
        int port = TomcatInstall.freePort();
        TomcatInstall tomcat = TomcatInstall.unpack(dist.resolve("tomcat-" + VERSION + ".tar.gz"),
                dist.resolve("cluster-" + name));
        tomcat.installValveJar(dist.resolve("ws-gateway-valve-" + System.getProperty("project.version") + ".jar"))
                .installValveJar(dist.resolve("postgresql-" + System.getProperty("postgresql.version") + ".jar"))
                .replaceServerXml(GatewayDistribution.SAMPLES.resolve("cluster/server.xml"))
                .writeGatewayConfig(Files.readString(GatewayDistribution.SAMPLES.resolve("ws-gateway.xml"))
                        .replace("ws://127.0.0.1:9001/echo", backend.url("/echo").toString()))
                .deployWar(dist.resolve("ws-admin.war"), "ws-admin.war")
                .hashPasswords()
                .addUser("admin", GatewayDistribution.ADMIN_PASSWORD, "ws-admin")
                .usePorts(port);
        Path serverXml = tomcat.home().resolve("conf/server.xml");
        // Not an operator step: a minute between periodic checks, so only a notification can bring a change fast.
        Files.writeString(serverXml, Files.readString(serverXml).replace("reloadInterval=\"5s\"",
                "reloadInterval=\"60s\""));
        Files.writeString(tomcat.home().resolve("conf/catalina.properties"), "\nwsgateway.node=" + name
                + "\nwsgateway.db.url=" + pg.url() + "\nwsgateway.db.user=" + TesterPostgres.USER
                + "\nwsgateway.db.password=" + pg.password() + "\nwsgateway.redis=" + redis.url() + "\n",
                StandardOpenOption.APPEND);
        return new Node(name, tomcat, port);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        for (Node node : new Node[] {a, b}) {
            if (node != null && node.tomcat().isRunning()) {
                node.tomcat().stop(Duration.ofSeconds(30));
            }
        }
        if (backend != null) {
            backend.close();
        }
        if (pg != null) {
            pg.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static Map<String, Object> api(String name, String context) {
        Map<String, Object> api = new LinkedHashMap<>();
        api.put("name", name);
        api.put("context", context);
        api.put("version", "1");
        api.put("endpoint", Map.of("url", backend.url("/echo").toString()));
        api.put("plans", List.of("Unlimited"));
        api.put("policies", Map.of("open", Map.of()));
        return api;
    }

    /** Waits for {@code test} on {@code node}, at most {@code millis}; returns how long it took. */
    private static long within(long millis, String what, Check test) throws Exception {
        long start = System.nanoTime();
        long end = start + millis * 1_000_000L;
        while (true) {
            if (test.holds()) {
                return (System.nanoTime() - start) / 1_000_000L;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError(what + " did not happen within " + millis + " ms");
            }
            Thread.sleep(10);
        }
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    @Test
    @Order(1)
    void bothNodesServeTheCatalogImportedOnceByTheFirst() throws Exception {
        for (Node node : List.of(a, b)) {
            TesterClient client = TesterClient.connect(node.ws("/echowebsocket/1.0"));
            client.send("hello " + node.name());
            assertEquals("hello " + node.name(), client.nextText());
            client.close(1000, "");
        }
        assertTrue(a.tomcat().console().contains("imported conf/ws-gateway.xml into jdbc/wsgateway"),
                a.tomcat().console());
        assertTrue(!b.tomcat().console().contains("imported conf/ws-gateway.xml"), b.tomcat().console());
    }

    @Test
    @Order(1)
    void eachNodeBeatsInTheDatabaseUnderItsJvmRouteWithItsLiveConnections() throws Exception {
        TesterClient held = TesterClient.connect(a.ws("/echowebsocket/1.0"));
        held.send("held");
        assertEquals("held", held.nextText());
        within(15_000, "node a's heartbeat counting its connection", () -> heartbeat("a") >= 1);
        within(15_000, "node b's heartbeat", () -> heartbeat("b") == 0);
        held.close(1000, "");
    }

    /** A node's live connections as its last heartbeat wrote them (fresher than 15 s), or -1. */
    private static int heartbeat(String node) throws Exception {
        try (var c = pg.dataSource().getConnection(); var st = c.prepareStatement("SELECT connections FROM wsg_node "
                + "WHERE name = ? AND heartbeat > now() - interval '15 seconds'")) {
            st.setString(1, node);
            try (var rs = st.executeQuery()) {
                return rs.next() ? rs.getInt(1) : -1;
            }
        }
    }

    @Test
    @Order(2)
    void anApiCreatedOnAIsServedByBWithinASecond() throws Exception {
        AdminClient adminB = b.admin();
        // Each admin answered once already (its first request starts the webapp's servlets): not part of the second.
        assertEquals(200, adminB.get("/apis").status());
        assertEquals(200, a.admin().get("/apis").status());
        AdminClient.Answer created = a.admin().post("/apis?publish=true", api("Orders", "/orders"));
        assertEquals(201, created.status(), created.toString());
        String id = created.json().path("id").asText();
        long took = within(PROPAGATION_MILLIS, "the API reaching node b", () -> adminB.get("/apis/" + id).status()
                == 200);
        TesterClient client = TesterClient.connect(b.ws("/orders/1"));
        client.send("on b");
        assertEquals("on b", client.nextText());
        client.close(1000, "");
        System.out.println("ClusterIT: created on a, served by b after " + took + " ms");
    }

    @Test
    @Order(3)
    void aBlockOnBClosesTheSocketsOfAWith1008WithinASecond() throws Exception {
        AdminClient adminB = b.admin();
        AdminClient.Answer created = adminB.post("/apis?publish=true", api("Ticker", "/ticker"));
        assertEquals(201, created.status(), created.toString());
        String id = created.json().path("id").asText();
        within(PROPAGATION_MILLIS, "the API reaching node a", () -> a.admin().get("/apis/" + id).status() == 200);
        TesterClient onA = TesterClient.connect(a.ws("/ticker/1"));
        onA.send("live");
        assertEquals("live", onA.nextText());

        AdminClient.Answer blocked = adminB.postWith("/apis/" + id + "/lifecycle", Map.of("action", "block"),
                adminB.get("/apis/" + id).etag());
        assertEquals(200, blocked.status(), blocked.toString());
        long start = System.nanoTime();
        TesterClient.Close close = onA.awaitClose(5);
        long took = (System.nanoTime() - start) / 1_000_000L;
        assertEquals(1008, close.code(), close.toString());
        assertTrue(took <= PROPAGATION_MILLIS, "closed after " + took + " ms");
        assertEquals(503, TesterClient.refused(a.ws("/ticker/1")).statusCode());
    }

    @Test
    @Order(4)
    void twoAdminsOnTwoNodesCannotOverwriteEachOther() throws Exception {
        AdminClient.Answer created = a.admin().post("/apis", api("Drafts", "/drafts"));
        String id = created.json().path("id").asText();
        within(PROPAGATION_MILLIS, "the API reaching node b", () -> b.admin().get("/apis/" + id).status() == 200);
        String etag = b.admin().get("/apis/" + id).etag();
        Map<String, Object> onA = api("Drafts", "/drafts");
        onA.put("description", "changed on a");
        assertEquals(200, a.admin().put("/apis/" + id, onA, etag).status());
        Map<String, Object> onB = api("Drafts", "/drafts");
        onB.put("description", "changed on b");
        // b's admin still holds the ETag read before a's change: refused, whether b has heard of it yet or not.
        int status = b.admin().put("/apis/" + id, onB, etag).status();
        assertTrue(status == 412 || status == 409, "status " + status);
        assertEquals("changed on a", b.admin().get("/apis/" + id).json().path("description").asText());
    }

    @Test
    @Order(5)
    void postgresRestartedMidRunLosesNoAcknowledgedWriteAndBothNodesReconnect() throws Exception {
        AdminClient.Answer before = a.admin().post("/apis?publish=true", api("Before", "/before"));
        assertEquals(201, before.status(), before.toString());
        pg.restart();
        // Writes go through again once the pool has replaced its connections (bounded: 30 s).
        String[] after = new String[1];
        within(30_000, "a write on a after the restart", () -> {
            AdminClient.Answer answer = a.admin().post("/apis?publish=true", api("After", "/after"));
            if (answer.status() == 201) {
                after[0] = answer.json().path("id").asText();
                return true;
            }
            return false;
        });
        // b hears again (its notification connection was taken anew) and has both writes.
        within(5_000, "the write reaching node b", () -> b.admin().get("/apis/" + after[0]).status() == 200);
        assertEquals(200, b.admin().get("/apis/" + before.json().path("id").asText()).status());
        TesterClient client = TesterClient.connect(b.ws("/after/1"));
        client.send("after the restart");
        assertEquals("after the restart", client.nextText());
        client.close(1000, "");
    }

    /** An API of {@code plans} guarded by API keys (the default), published on a and served by b. */
    private static String keyedApi(String name, String context, String plan) throws Exception {
        Map<String, Object> body = api(name, context);
        body.remove("policies");
        body.put("plans", List.of(plan));
        AdminClient.Answer created = a.admin().post("/apis?publish=true", body);
        assertEquals(201, created.status(), created.toString());
        String id = created.json().path("id").asText();
        AdminClient.Answer app = a.admin().post("/applications", Map.of("name", name + "App"));
        assertEquals(201, app.status(), app.toString());
        String appId = app.json().path("id").asText();
        assertEquals(201, a.admin().post("/applications/" + appId + "/subscriptions", Map.of("api", id, "plan",
                plan)).status());
        String key = a.admin().post("/applications/" + appId + "/keys", Map.of("name", "cluster")).json()
                .path("key").asText();
        within(PROPAGATION_MILLIS * 2, "the subscription reaching node b", () -> {
            try {
                TesterClient probe = TesterClient.connectWithHeaders(b.ws(context + "/1"), Map.of("apikey", key));
                probe.socket().abort();
                return true;
            } catch (java.util.concurrent.ExecutionException e) {
                return false;
            }
        });
        return key;
    }

    /** An API (no keys) whose connections are capped at {@code cap} per API. */
    private static String cappedApi(String name, String context, int cap) throws Exception {
        Map<String, Object> body = api(name, context);
        body.put("policies", Map.of("open", Map.of(), "connection-limit", Map.of("perApi", String.valueOf(cap))));
        AdminClient.Answer created = a.admin().post("/apis?publish=true", body);
        assertEquals(201, created.status(), created.toString());
        String id = created.json().path("id").asText();
        within(PROPAGATION_MILLIS, "the API reaching node b", () -> b.admin().get("/apis/" + id).status() == 200);
        return id;
    }

    private static List<TesterClient> open(Node node, String path, int n) throws Exception {
        List<TesterClient> clients = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            clients.add(TesterClient.connect(node.ws(path)));
        }
        return clients;
    }

    private static void closeAll(List<TesterClient> clients) throws Exception {
        for (TesterClient c : clients) {
            c.close(1000, "");
            c.awaitClose(5);
        }
    }

    @Test
    @Order(6)
    void aPlanOf60MessagesAMinuteSharedByClientsOnBothNodesShapesThemTo60InTotal() throws Exception {
        AdminClient.Answer plan = a.admin().post("/plans", Map.of("name", "Shared60", "messagesPerMinute", 60,
                "counts", "inbound"));
        assertEquals(201, plan.status(), plan.toString());
        String key = keyedApi("Metered", "/metered", "Shared60");
        TesterClient onA = TesterClient.connectWithHeaders(a.ws("/metered/1"), Map.of("apikey", key));
        TesterClient onB = TesterClient.connectWithHeaders(b.ws("/metered/1"), Map.of("apikey", key));
        long start = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            onA.send("a" + i);
            onB.send("b" + i);
        }
        // The burst of 60 comes at once; then the rate is read over a window of 3 s, one token a second.
        within(5_000, "the plan's burst of 60 relayed", () -> onA.messages.size() + onB.messages.size() >= 60);
        Thread.sleep(3000); // the window the rate is measured over, not a wait for something to happen
        double seconds = (System.nanoTime() - start) / 1e9;
        int relayed = onA.messages.size() + onB.messages.size();
        System.out.println("ClusterIT: 60 a minute shared by a and b: " + relayed + " of 100 relayed in "
                + String.format("%.1f", seconds) + " s (" + onA.messages.size() + " on a, " + onB.messages.size()
                + " on b)");
        // 60 at once (the burst), then one a second, whichever node the sender is on; per node it would be 100.
        assertTrue(relayed >= 60 && relayed <= 60 + Math.ceil(seconds) + 2, relayed + " relayed in " + seconds
                + " s");
        assertTrue(onA.messages.size() >= 10 && onB.messages.size() >= 10, "both were served");
        onA.socket().abort();
        onB.socket().abort();
    }

    @Test
    @Order(7)
    void aTenConnectionCapHoldsAcrossBothNodes() throws Exception {
        cappedApi("Capped", "/capped", 10);
        List<TesterClient> onA = open(a, "/capped/1", 6);
        List<TesterClient> onB = open(b, "/capped/1", 4);
        assertEquals(429, TesterClient.refused(a.ws("/capped/1")).statusCode(), "the 11th, on a");
        assertEquals(429, TesterClient.refused(b.ws("/capped/1")).statusCode(), "the 11th, on b");
        closeAll(onA.subList(0, 1));
        // The release on a is counted before its close completes; b finds the room.
        within(2_000, "a's released connection making room on b", () -> {
            try {
                onB.add(TesterClient.connect(b.ws("/capped/1")));
                return true;
            } catch (java.util.concurrent.ExecutionException e) {
                return false;
            }
        });
        assertEquals(429, TesterClient.refused(b.ws("/capped/1")).statusCode());
        closeAll(onA.subList(1, onA.size()));
        closeAll(onB);
    }

    @Test
    @Order(8)
    void whileRedisIsStoppedEachNodeCountsItsShareAndTheCapIsSharedAgainWhenItIsBack() throws Exception {
        cappedApi("Shared", "/shared", 10);
        redis.stopServer();
        // As documented (redisFallback="local"): each node allows its share, 10 / 2 live nodes.
        List<TesterClient> onA = open(a, "/shared/1", 5);
        assertEquals(429, TesterClient.refused(a.ws("/shared/1")).statusCode(), "a's share is 5");
        List<TesterClient> onB = open(b, "/shared/1", 5);
        assertEquals(429, TesterClient.refused(b.ws("/shared/1")).statusCode(), "b's share is 5");
        assertTrue(a.tomcat().console().contains("Redis at redis://127.0.0.1:" + redis.port() + " is unreachable"),
                "logged");
        redis.startServer();
        // Back (empty, as a Redis without persistence restarts): each node writes its counts back.
        within(10_000, "Redis counting both nodes' connections again", () -> "10".equals(sum("connection-limit/")));
        closeAll(onA.subList(0, 2));
        within(2_000, "a's releases counted in Redis", () -> "8".equals(sum("connection-limit/")));
        List<TesterClient> more = open(b, "/shared/1", 2);
        assertEquals(429, TesterClient.refused(b.ws("/shared/1")).statusCode(), "the cluster-wide cap again");
        long outages = a.tomcat().console().lines().filter(l -> l.contains("is unreachable")).count();
        assertEquals(1, outages, "one outage, logged once");
        closeAll(onA.subList(2, onA.size()));
        closeAll(onB);
        closeAll(more);
    }

    /** The connections Redis counts under the keys starting so (over every node's field), as text. */
    private static String sum(String prefix) throws Exception {
        long total = 0;
        for (String key : redis.cli("--scan", "--pattern", "wsg:default:conn:" + prefix + "*").split("\n")) {
            if (key.isBlank()) {
                continue;
            }
            String[] values = redis.cli("hvals", key.trim()).split("\n");
            for (String v : values) {
                if (!v.isBlank()) {
                    total += Long.parseLong(v.trim());
                }
            }
        }
        return String.valueOf(total);
    }

    @Test
    @Order(9)
    void killingAWithSigkillLeavesBServingAndFreesAsCountsWithinTheLease() throws Exception {
        cappedApi("Leased", "/leased", 10);
        List<TesterClient> onA = open(a, "/leased/1", 6);
        List<TesterClient> onB = open(b, "/leased/1", 4);
        assertEquals(429, TesterClient.refused(b.ws("/leased/1")).statusCode());
        a.tomcat().kill();
        long killed = System.nanoTime();
        TesterClient client = TesterClient.connect(b.ws("/echowebsocket/1.0"));
        client.send("b serves on");
        assertEquals("b serves on", client.nextText());
        client.close(1000, "");
        // a's 6 lapse with its lease (15 s): then b may hold all 10.
        long took = within(20_000, "a's counts lapsing", () -> {
            try {
                onB.add(TesterClient.connect(b.ws("/leased/1")));
                return onB.size() == 10;
            } catch (java.util.concurrent.ExecutionException e) {
                return false;
            }
        });
        double sinceKill = (System.nanoTime() - killed) / 1e9;
        System.out.println("ClusterIT: a killed, its connection counts freed after " + String.format("%.1f",
                sinceKill) + " s");
        assertTrue(sinceKill <= 15 + 2, "within the 15 s lease: " + sinceKill);
        assertEquals(429, TesterClient.refused(b.ws("/leased/1")).statusCode());
        closeAll(onB);
        onA.forEach(c -> c.socket().abort());
    }
}
