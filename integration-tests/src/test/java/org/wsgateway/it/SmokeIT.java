package org.wsgateway.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SmokeIT extends GatewayTestBase {

    @BeforeAll
    static void start() throws Exception {
        startTomcat(config(api("EchoWebSocket", "/echowebsocket", "1.0", backend.url("/echo"), "")));
    }

    @Test
    void echoesText() throws Exception {
        TesterClient client = TesterClient.connect(gateway("/echowebsocket/1.0"));
        client.send("hello");
        assertEquals("hello", client.nextText());
        client.close(1000, "bye");
        assertEquals(1000, client.awaitClose(5).code());
    }
}
