package org.wsgateway.it;

import java.nio.file.Files;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wsgateway.it.support.TesterConnection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lifecycle and endpoint changes made through the REST API reach live sockets at once, through real clients. */
class AdminLifecycleIT extends AdminTestBase {

    private static int unique;

    @BeforeAll
    static void start() throws Exception {
        startWithAdmin(config(api("EchoWebSocket", "/echowebsocket", "1.0", backend.url("/echo"), "")));
    }

    private static AdminClient.Answer published(String backendPath) throws Exception {
        String context = "/live" + (++unique);
        AdminClient.Answer answer = publisher.post("/apis?publish=true", apiBody("Live" + unique, context, "1",
                backend.url(backendPath).toString(), List.of("Gold")));
        assertEquals(201, answer.status(), answer.toString());
        return answer;
    }

    private static String path(AdminClient.Answer api) {
        return api.json().path("context").asText() + "/1";
    }

    private static AdminClient.Answer act(AdminClient.Answer api, String action) throws Exception {
        String id = api.json().path("id").asText();
        String etag = publisher.get("/apis/" + id).etag();
        AdminClient.Answer answer = publisher.postWith("/apis/" + id + "/lifecycle", action(action), etag);
        assertEquals(200, answer.status(), answer.toString());
        return answer;
    }

    @Test
    void aPublishedApiIsReachableWithinASecond() throws Exception {
        AdminClient.Answer created = creator.post("/apis", apiBody("Soon", "/soon", "1",
                backend.url("/echo").toString(), List.of("Gold")));
        assertEquals(404, TesterClient.refused(gateway("/soon/1")).statusCode());
        long start = System.nanoTime();
        act(created, "publish");
        TesterClient client = TesterClient.connect(gateway("/soon/1"));
        assertTrue((System.nanoTime() - start) / 1_000_000 < 1000);
        client.send("now");
        assertEquals("now", client.nextText());
        client.close(1000, "");
    }

    @Test
    void blockingClosesLiveSocketsWith1008AndRefusesHandshakesWith503() throws Exception {
        AdminClient.Answer api = published("/control");
        TesterClient live = TesterClient.connect(gateway(path(api)));
        TesterConnection backendSide = backend.nextConnection();
        long start = System.nanoTime();
        act(api, "block");
        TesterClient.Close close = live.awaitClose(1);
        assertEquals(new TesterClient.Close(1008, "API blocked"), close);
        assertTrue((System.nanoTime() - start) / 1_000_000 < 1000);
        assertEquals(1008, backendSide.awaitClose(1).code());
        assertEquals(503, TesterClient.refused(gateway(path(api))).statusCode());

        act(api, "unblock");
        TesterClient again = TesterClient.connect(gateway(path(api)));
        again.close(1000, "");
    }

    @Test
    void retiringClosesLiveSocketsWith1001AndAnswers404() throws Exception {
        AdminClient.Answer api = published("/control");
        act(api, "deprecate");
        TesterClient live = TesterClient.connect(gateway(path(api)));
        act(api, "retire");
        assertEquals(new TesterClient.Close(1001, "API retired"), live.awaitClose(1));
        assertEquals(404, TesterClient.refused(gateway(path(api))).statusCode());
    }

    @Test
    void anEndpointChangeReachesNewConnectionsOnly() throws Exception {
        AdminClient.Answer api = published("/control/first");
        TesterClient before = TesterClient.connect(gateway(path(api)));
        backend.nextConnection();
        String endpointPath = "/apis/" + api.json().path("id").asText() + "/endpoint";
        AdminClient.Answer endpoint = publisher.get(endpointPath);
        ObjectNode change = endpoint.json().deepCopy();
        change.put("url", backend.url("/control/second").toString());
        assertEquals(200, publisher.put(endpointPath, change, endpoint.etag()).status());

        TesterClient after = TesterClient.connect(gateway(path(api)));
        assertEquals("/control/second", backend.nextConnection().uri());
        before.send("headers");
        assertTrue(before.nextText().startsWith("/control/first\n"));
        before.close(1000, "");
        after.close(1000, "");
    }

    @Test
    void redeployingTheAdminWebappLeavesLiveSocketsAlone() throws Exception {
        TesterClient live = TesterClient.connect(gateway("/echowebsocket/1.0"));
        adminWebapp.reload();
        live.send("still relayed");
        assertEquals("still relayed", live.nextText());
        tomcat.getHost().removeChild(adminWebapp);
        live.send("after undeploy");
        assertEquals("after undeploy", live.nextText());
        live.close(1000, "");
        adminWebapp = tomcat.addWebapp("/ws-admin", java.nio.file.Path.of(System.getProperty("dist.dir",
                "target/dist"), "ws-admin.war").toAbsolutePath().toString());
        assertEquals(200, creator.get("/apis").status(), "the webapp finds the live catalog again");
    }

    @Test
    void writesTheStoreAtomicallyKeepingThePreviousVersionAndTakesHandEdits() throws Exception {
        published("/echo");
        java.nio.file.Path file = base.resolve("conf/ws-gateway.xml");
        String written = Files.readString(file);
        assertTrue(written.contains("lifecycle=\"PUBLISHED\""), written);
        assertTrue(Files.exists(base.resolve("conf/ws-gateway.xml.bak.1")));
        Files.writeString(file, written.replace("name=\"EchoWebSocket\"", "name=\"EchoByHand\""));
        Await.until("the hand edit", 5, () -> {
            try {
                return creator.get("/apis?q=echobyhand").json().path("count").asInt() == 1;
            } catch (Exception e) {
                return false;
            }
        });
    }
}
