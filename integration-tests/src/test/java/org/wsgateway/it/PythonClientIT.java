package org.wsgateway.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wsgateway.it.support.TesterConnection;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A non-Java client (Python's websockets) through the gateway on embedded Tomcat. */
class PythonClientIT extends GatewayTestBase {

    @BeforeAll
    static void start() throws Exception {
        startTomcat(config(api("EchoWebSocket", "/echowebsocket", "1.0", backend.url("/echo"), "")
                + api("Control", "/control", "v1", backend.url("/control"), "")));
    }

    @Test
    void echoesTextAndBinary() throws Exception {
        assertEquals("ok", PythonClient.run("echo", gateway("/echowebsocket/1.0").toString()));
    }

    @Test
    void negotiatesTheSubprotocolTheBackendChose() throws Exception {
        assertEquals("mqtt", PythonClient.run("subprotocol", gateway("/control/v1").toString(), "mqtt,wamp"));
        assertEquals("mqtt, wamp", backend.nextConnection().headers().get("sec-websocket-protocol"));
    }

    @Test
    void passesItsCloseCodesToTheBackend() throws Exception {
        for (int code : new int[] {1003, 1007, 1008, 1009, 1011, 3000, 4999}) {
            assertEquals(String.valueOf(code), PythonClient.run("close", gateway("/control/v1").toString(),
                    String.valueOf(code), "python " + code));
            TesterConnection backendSide = backend.nextConnection();
            assertEquals(new TesterConnection.Close(code, "python " + code), backendSide.awaitClose(5));
        }
    }

    @Test
    void receivesTheBackendsCloseCodes() throws Exception {
        for (int code : new int[] {1001, 1008, 1011, 4000}) {
            assertEquals(String.valueOf(code), PythonClient.run("backendclose", gateway("/control/v1").toString(),
                    String.valueOf(code)));
        }
    }

    @Test
    void receivesA16MiBMessageStreamedFromTheBackend() throws Exception {
        assertEquals("ok", PythonClient.run("big", gateway("/control/v1").toString(), String.valueOf(16 << 20)));
    }
}
