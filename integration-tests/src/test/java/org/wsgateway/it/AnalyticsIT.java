package org.wsgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wsgateway.catalog.Gateways;
import org.wsgateway.it.support.TesterConnection;

/**
 * Analytics through real sockets: the Prometheus endpoint of the admin webapp (parsed), per-application metrics,
 * rejections by policy, the WebSocket access log's lines, and the per-API history over REST.
 */
class AnalyticsIT extends AdminTestBase {

    private static AdminClient dev;
    private static AdminClient scraper;
    private static String apiId;
    private static String key;

    @BeforeAll
    static void start() throws Exception {
        startWithAdmin(config(""), t -> {
            valve.setMetricsSampleSeconds(1);
            t.addUser("scraper", PASSWORD);
            t.addRole("scraper", "ws-metrics");
        });
        dev = client("dev");
        scraper = client("scraper");
        // A dotted version (labels must not be parsed out of dotted names) and API keys, the default.
        ObjectNode body = apiBody("Analytics", "/analytics", "2.1", backend.url("/echo").toString(), List.of("Gold"));
        body.remove("policies");
        AdminClient.Answer created = publisher.post("/apis?publish=true", body);
        assertEquals(201, created.status(), created.toString());
        apiId = created.json().path("id").asText();
        String app = dev.post("/applications", Map.of("name", "Ticker")).json().path("id").asText();
        assertEquals(201, dev.post("/applications/" + app + "/subscriptions", Map.of("api", apiId, "plan", "Gold"))
                .status());
        key = dev.post("/applications/" + app + "/keys", Map.of("name", "it")).json().path("key").asText();
    }

    private static String accessLog() {
        return AccessLogs.read(base.resolve("logs"), "ws-gateway-access.");
    }

    /** Three echoed messages of 10 bytes over a keyed session, closed by the client with 1000 "done". */
    private static void session() throws Exception {
        TesterClient client = TesterClient.connect(gateway("/analytics/2.1?room=7&apikey=" + key));
        TesterConnection backendSide = backend.nextConnection();
        for (int i = 0; i < 3; i++) {
            client.send("0123456789");
            assertEquals("0123456789", client.nextText());
        }
        client.close(1000, "done");
        client.awaitClose(5);
        backendSide.awaitClose(5);
    }

    // ---- Prometheus ----

    private static String scrape(AdminClient as) throws Exception {
        AdminClient.Answer answer = as.get(httpUrl("/ws-admin/metrics"));
        assertEquals(200, answer.status(), answer.toString());
        assertTrue(answer.header("Content-Type").replace(" ", "").startsWith("text/plain;version=0.0.4"),
                answer.header("Content-Type"));
        return answer.raw().body();
    }

    /** The value of the sample of {@code family} whose labels include all of {@code labels}; 0 if none. */
    private static double sample(String text, String family, String... labels) {
        Pattern line = Pattern.compile("^" + family + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(text);
        double found = 0;
        int matches = 0;
        while (m.find()) {
            List<String> have = List.of(m.group(1).split(","));
            // Every sample carries the node that exports it.
            boolean all = have.contains("node=\"" + Gateways.nodeName() + "\"");
            for (int i = 0; i < labels.length; i += 2) {
                all &= have.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
            }
            if (all) {
                found = Double.parseDouble(m.group(2));
                matches++;
            }
        }
        assertTrue(matches <= 1, "labels " + List.of(labels) + " match " + matches + " samples of " + family);
        return found;
    }

    @Test
    void prometheusShowsExactCountsPerApiPerApplicationAndPerRefusingPolicy() throws Exception {
        String before = scrape(scraper);
        session();
        assertEquals(401, RawHttp.send(port(), "GET", "/analytics/2.1", RawHttp.upgrade()).status());
        await("the session's end to be counted", 5, () -> {
            try {
                return sample(scrape(scraper), "ws_gateway_sessions_active", "api", "Analytics") == 0
                        && sample(scrape(scraper), "ws_gateway_closes_total", "api", "Analytics", "side", "client",
                        "code", "1000") > sample(before, "ws_gateway_closes_total", "api", "Analytics", "side",
                        "client", "code", "1000");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        String after = scrape(scraper);
        String[] api = {"api", "Analytics", "version", "2.1"};
        assertEquals(3, delta(before, after, "ws_gateway_messages_total", api, "direction", "inbound"), after);
        assertEquals(3, delta(before, after, "ws_gateway_messages_total", api, "direction", "outbound"));
        assertEquals(30, delta(before, after, "ws_gateway_bytes_total", api, "direction", "outbound"));
        assertEquals(1, delta(before, after, "ws_gateway_handshakes_total", api, "status", "101"));
        assertEquals(1, delta(before, after, "ws_gateway_handshakes_total", api, "status", "401"));
        assertEquals(1, delta(before, after, "ws_gateway_rejected_total", api, "policy", "key-auth"));
        assertEquals(1, delta(before, after, "ws_gateway_closes_total", api, "side", "client", "code", "1000"));
        String[] app = {"application", "Ticker"};
        assertEquals(3, delta(before, after, "ws_gateway_application_messages_total", app, "direction", "inbound"));
        assertEquals(30, delta(before, after, "ws_gateway_application_bytes_total", app, "direction", "inbound"));
        assertEquals(1, delta(before, after, "ws_gateway_application_handshakes_total", app, "status", "101"));
        assertTrue(after.contains("# TYPE ws_gateway_handshake_seconds summary"), after);
        assertTrue(sample(after, "ws_gateway_handshake_seconds_count", api) >= 2);
        assertTrue(sample(after, "ws_gateway_session_duration_seconds", "api", "Analytics", "quantile", "0.5") > 0);
    }

    private static double delta(String before, String after, String family, String[] owner, String... labels) {
        String[] all = new String[owner.length + labels.length];
        System.arraycopy(owner, 0, all, 0, owner.length);
        System.arraycopy(labels, 0, all, owner.length, labels.length);
        return sample(after, family, all) - sample(before, family, all);
    }

    @Test
    void prometheusTakesTheMetricsRoleOrAdmin() throws Exception {
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(httpUrl("/ws-admin/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
        assertEquals(403, creator.get(httpUrl("/ws-admin/metrics")).status());
        assertTrue(scrape(admin).contains("# TYPE ws_gateway_handshakes_total counter"));
    }

    // ---- access log ----

    @Test
    void accessLogHasALinePerSessionAndPerRefusalWithCredentialsRedacted() throws Exception {
        session();
        assertEquals(426, http.send(HttpRequest.newBuilder(httpUrl("/analytics/2.1?apikey=" + key)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode());
        assertEquals(401, RawHttp.send(port(), "GET", "/analytics/2.1?room=8", RawHttp.upgrade()).status());
        assertEquals(404, RawHttp.send(port(), "GET", "/analytics/9.9?apikey=" + key, RawHttp.upgrade()).status());
        // A line is written when the session ends or the refusal is sent: the client may hear first.
        for (String line : List.of("\"/analytics/2.1?room=7&apikey=***\" 101", "\"/analytics/2.1?apikey=***\" 426",
                "\"/analytics/2.1?room=8\" 401", "\"/analytics/9.9?apikey=***\" 404")) {
            await("the access log line " + line, 5, () -> accessLog().contains(line));
        }
        String log = accessLog();
        assertFalse(log.contains(key), "no key in the access log: " + log);
        List<String> lines = log.lines().toList();
        String session = only(lines, "\"/analytics/2.1?room=7&apikey=***\" 101");
        assertTrue(session.matches("127\\.0\\.0\\.1 \\[[^]]+] \"/analytics/2\\.1\\?room=7&apikey=\\*\\*\\*\" 101 "
                + "Analytics 2\\.1 Ticker - \\d+ 3 30 3 30 client 1000 \"done\""), session);
        String upgradeRequired = only(lines, "\"/analytics/2.1?apikey=***\" 426");
        assertTrue(upgradeRequired.contains(" 426 Analytics 2.1 - - ") && upgradeRequired.contains(
                "is a WebSocket API; connect with ws:// or wss://"), upgradeRequired);
        String unauthorized = only(lines, "\"/analytics/2.1?room=8\" 401");
        assertTrue(unauthorized.contains(" 401 Analytics 2.1 - - ") && unauthorized.contains("0 0 0 0 - - \"401 "),
                unauthorized);
        String unknownVersion = only(lines, "\"/analytics/9.9?apikey=***\" 404");
        assertTrue(unknownVersion.contains(" 404 - - - - ") && unknownVersion.contains("no version of /analytics"),
                unknownVersion);
    }

    private static String only(List<String> lines, String marker) {
        List<String> found = lines.stream().filter(l -> l.contains(marker)).toList();
        assertEquals(1, found.size(), marker + " in " + lines);
        return found.get(0);
    }

    // ---- history over REST ----

    @Test
    void restGivesTotalsAndAHistoryWithRatesForTheCharts() throws Exception {
        session();
        await("a step with the session's messages", 10, () -> {
            try {
                JsonNode series = publisher.get("/apis/" + apiId + "/metrics?minutes=5").json().path("series");
                for (JsonNode point : series) {
                    if (point.path("messagesInPerSecond").asDouble() > 0) {
                        return true;
                    }
                }
                return false;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        AdminClient.Answer answer = creator.get("/apis/" + apiId + "/metrics");
        assertEquals(200, answer.status(), answer.toString());
        JsonNode body = answer.json();
        assertEquals("Analytics", body.path("api").asText());
        assertEquals("2.1", body.path("version").asText());
        assertEquals(1, body.path("stepSeconds").asInt());
        JsonNode totals = body.path("totals");
        assertTrue(totals.path("messagesInbound").asLong() >= 3, totals.toString());
        assertEquals(totals.path("messagesInbound").asLong() * 10, totals.path("bytesInbound").asLong());
        assertTrue(totals.path("handshakes").path("101").asLong() >= 1, totals.toString());
        // Each point's rates are over the time since the point before: rate x span is what crossed in it.
        double messages = 0;
        long previous = 0;
        for (JsonNode point : body.path("series")) {
            long time = java.time.Instant.parse(point.path("time").asText()).toEpochMilli();
            assertTrue(time > previous, "oldest first");
            if (previous > 0) {
                messages += point.path("messagesInPerSecond").asDouble() * (time - previous) / 1000.0;
            }
            previous = time;
        }
        assertTrue(messages <= totals.path("messagesInbound").asDouble() + 1e-6,
                "the rates never add up to more than was sent: " + messages + " of " + totals);
    }

    @Test
    void restRefusesABadRangeAndUsersWithoutAPublisherRole() throws Exception {
        AdminClient.Answer bad = publisher.get("/apis/" + apiId + "/metrics?minutes=0");
        assertEquals(400, bad.status());
        assertEquals(List.of("minutes"), bad.fields());
        assertEquals(403, dev.get("/apis/" + apiId + "/metrics").status());
        assertEquals(404, publisher.get("/apis/no-such-api/metrics").status());
    }
}
