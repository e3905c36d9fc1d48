package org.wsgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wsgateway.it.support.TesterConnection;

/**
 * Business plans on live traffic: a shaping plan slows a sender to the plan's rate and loses nothing; a closing plan
 * ends the connection with 1013 and says when to retry.
 */
class BusinessPlanIT extends AdminTestBase {

    private static String apiId;

    @BeforeAll
    static void start() throws Exception {
        startWithAdmin(config(""));
        assertEquals(201, admin.post("/plans", Map.of("name", "Tight", "messagesPerMinute", 600, "burst", 5,
                "counts", "inbound")).status());
        assertEquals(201, admin.post("/plans", Map.of("name", "Strict", "messagesPerMinute", 60, "burst", 3,
                "action", "close")).status());
        assertEquals(201, admin.post("/plans", Map.of("name", "Pair", "maxConnections", 2)).status());
        ObjectNode body = apiBody("Planned", "/planned", "1", backend.url("/echo").toString(),
                List.of("Tight", "Strict", "Pair"));
        body.remove("policies");
        body.putObject("policies").putObject("handshake-rate").put("perApplication", "4/1h");
        AdminClient.Answer created = publisher.post("/apis?publish=true", body);
        assertEquals(201, created.status(), created.toString());
        apiId = created.json().path("id").asText();
    }

    private static String keyFor(String appName, String plan) throws Exception {
        AdminClient dev = client("dev");
        String appId = dev.post("/applications", Map.of("name", appName)).json().path("id").asText();
        assertEquals(201, dev.post("/applications/" + appId + "/subscriptions", Map.of("api", apiId, "plan", plan))
                .status());
        return dev.post("/applications/" + appId + "/keys", Map.of()).json().path("key").asText();
    }

    @Test
    void shapesASenderToThePlansRateAndLosesNothing() throws Exception {
        TesterClient client = TesterClient.connect(gateway("/planned/1?apikey=" + keyFor("Shaped", "Tight")));
        int messages = 25;
        long start = System.nanoTime();
        for (int i = 0; i < messages; i++) {
            client.send("m" + i);
        }
        for (int i = 0; i < messages; i++) {
            assertEquals("m" + i, client.nextText(), "every message arrives, in order");
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // 5 at once (the burst), then 10 a second: the last of 25 cannot cross before about 2 s.
        assertTrue(millis >= 1800, "25 messages at 10/s after a burst of 5 took only " + millis + " ms");
        client.close(1000, "");
    }

    @Test
    void capsTheConnectionsOfASubscriptionAtItsPlansMaximumWith429() throws Exception {
        String key = keyFor("Paired", "Pair");
        TesterClient first = TesterClient.connect(gateway("/planned/1?apikey=" + key));
        TesterClient second = TesterClient.connect(gateway("/planned/1?apikey=" + key));
        RawHttp.Response third = RawHttp.send(port(), "GET", "/planned/1?apikey=" + key, RawHttp.upgrade());
        assertEquals(429, third.status());
        assertTrue(third.body().contains("plan Pair allows 2 connections"), third.body());
        first.close(1000, "");
        first.awaitClose(5);
        await("the closed connection to be given back", 5, () -> valve.getTracker().size() == 1);
        TesterClient again = TesterClient.connect(gateway("/planned/1?apikey=" + key));
        again.close(1000, "");
        second.close(1000, "");
    }

    @Test
    void limitsTheHandshakesOfOneApplicationWith429AndRetryAfter() throws Exception {
        String key = keyFor("Eager", "Tight");
        for (int i = 0; i < 4; i++) {
            TesterClient client = TesterClient.connect(gateway("/planned/1?apikey=" + key));
            client.close(1000, "");
            client.awaitClose(5);
        }
        RawHttp.Response refused = RawHttp.send(port(), "GET", "/planned/1?apikey=" + key, RawHttp.upgrade());
        assertEquals(429, refused.status());
        assertTrue(refused.body().contains("application 'Eager'"), refused.body());
        assertEquals("900", refused.headers().get("retry-after"), "one handshake every 15 minutes");
    }

    @Test
    void closesWith1013SayingWhenToRetryWhenThePlanSaysClose() throws Exception {
        TesterClient client = TesterClient.connect(gateway("/planned/1?apikey=" + keyFor("Closed", "Strict")));
        TesterConnection backendSide = backend.nextConnection();
        client.send("1");
        assertEquals("1", client.nextText()); // 2 tokens: the message and its echo (both directions count)
        client.send("2");
        TesterClient.Close close = client.awaitClose(5);
        assertEquals(1013, close.code());
        assertTrue(close.reason().matches("plan Strict allows 60 messages a minute; retry in \\d+ s"), close.reason());
        assertEquals(1001, backendSide.awaitClose(5).code());
    }
}
