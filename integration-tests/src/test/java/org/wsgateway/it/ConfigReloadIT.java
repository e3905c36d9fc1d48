package org.wsgateway.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wsgateway.it.support.TesterConnection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The definitions file is reloaded on change without a restart; a bad change keeps the last good definitions. */
class ConfigReloadIT extends GatewayTestBase {

    private static String echo() {
        return api("EchoWebSocket", "/echowebsocket", "1.0", backend.url("/echo"), "");
    }

    private static String control() {
        return api("Control", "/control", "v1", backend.url("/control"), "");
    }

    @BeforeEach
    void start() throws Exception {
        startTomcat(config(echo() + control()));
    }

    @AfterEach
    void stop() throws Exception {
        stopTomcat();
    }

    @Test
    void servesAnApiAddedToTheFileWithoutARestart() throws Exception {
        writeConfig(config(echo() + control() + api("Added", "/added", "2", backend.url("/echo"), "")));
        await("the added API", 5, () -> valve.getRegistry().table().get("/added", "2") != null);
        TesterClient client = TesterClient.connect(gateway("/added/2"));
        client.send("new");
        assertEquals("new", client.nextText());
        client.close(1000, "");
    }

    @Test
    void keepsTheLastGoodDefinitionsWhenTheFileBecomesInvalid() throws Exception {
        TesterClient live = TesterClient.connect(gateway("/echowebsocket/1.0"));
        writeConfig(config(echo() + "<api name=\"Typo\" contxt=\"/t\"/>"));
        await("the typo refused", 5, () -> valve.getReloadProblem() != null
                && valve.getReloadProblem().contains("key '[@contxt]': unknown key"));
        writeConfig("<ws-gateway><api name=\"Broken\"");
        await("the broken XML refused", 5, () -> valve.getReloadProblem() != null
                && valve.getReloadProblem().contains("cannot be read as XML"));
        assertEquals(2, valve.getRegistry().table().apis().size());
        live.send("still here");
        assertEquals("still here", live.nextText());
        TesterClient fresh = TesterClient.connect(gateway("/control/v1"));
        fresh.close(1000, "");
        live.close(1000, "");
    }

    @Test
    void closesLiveConnectionsOfARemovedApiWith1001OnBothSides() throws Exception {
        TesterClient removed = TesterClient.connect(gateway("/control/v1"));
        TesterConnection backendSide = backend.nextConnection();
        TesterClient kept = TesterClient.connect(gateway("/echowebsocket/1.0"));
        writeConfig(config(echo()));
        assertEquals(1001, removed.awaitClose(5).code());
        assertEquals(1001, backendSide.awaitClose(5).code());
        assertEquals(404, TesterClient.refused(gateway("/control/v1")).statusCode());
        kept.send("unaffected");
        assertEquals("unaffected", kept.nextText());
        kept.close(1000, "");
    }

    @Test
    void leavesLiveConnectionsOnTheOldEndpointWhenTheEndpointChanges() throws Exception {
        TesterClient before = TesterClient.connect(gateway("/control/v1"));
        TesterConnection oldSide = backend.nextConnection();
        writeConfig(config(echo() + api("Control", "/control", "v1", backend.url("/control/moved"), "")));
        await("the new endpoint", 5, () -> valve.getRegistry().table().get("/control", "v1").endpoint().url()
                .getPath().equals("/control/moved"));
        TesterClient after = TesterClient.connect(gateway("/control/v1"));
        assertEquals("/control/moved", backend.nextConnection().uri());
        before.send("headers");
        assertTrue(before.nextText().startsWith("/control\n"), "the live connection still talks to the old endpoint");
        assertTrue(oldSide.isOpen());
        before.close(1000, "");
        after.close(1000, "");
    }

    @Test
    void refusesToStartWithAnInvalidFileNamingFileApiAndKey() throws Exception {
        stopTomcat();
        Exception failure = assertThrows(Exception.class, () -> startTomcat(config(
                api("EchoWebSocket", "/echowebsocket", "1.0", backend.url("/echo"), "connectTimeot=\"5s\""))));
        String message = rootMessage(failure);
        assertTrue(message.contains("conf/ws-gateway.xml"), message);
        assertTrue(message.contains("API 'EchoWebSocket'"), message);
        assertTrue(message.contains("endpoint[@connectTimeot]"), message);
        assertTrue(message.contains("unknown key"), message);
    }

    private static String rootMessage(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append('\n');
        }
        return all.toString();
    }
}
