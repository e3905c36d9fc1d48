package org.wsgateway.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wsgateway.it.support.TesterConnection;
import org.wsgateway.it.support.TesterNettyClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keepalive pings on each leg, peers that stop answering, the idle timeout, and the message size limit. */
class KeepaliveIT extends GatewayTestBase {

    @BeforeAll
    static void start() throws Exception {
        startTomcat(config(
                api("Pinged", "/pinged", "1", backend.url("/control"), "pingInterval=\"300ms\"")
                + api("Deaf", "/deaf", "1", backend.url("/deaf"), "pingInterval=\"300ms\"")
                + api("Idle", "/idle", "1", backend.url("/control"), "pingInterval=\"0\" idleTimeout=\"300ms\"")
                + api("Small", "/small", "1", backend.url("/control"), "maxMessageSize=\"1KiB\"")));
    }

    @Test
    void pingsBothLegsOfAQuietConnection() throws Exception {
        try (TesterNettyClient client = TesterNettyClient.connect(gateway("/pinged/1"))) {
            TesterConnection backendSide = backend.nextConnection();
            TesterNettyClient.Frame frame = client.nextFrame();
            assertEquals("ping", frame.kind());
            // Five pings, each answered: far beyond the three silent intervals that would end the connection.
            await("five pings at the backend", 10, () -> backendSide.pingsReceived() >= 5);
            assertTrue(backendSide.isOpen());
            client.close(1000, "");
            client.awaitClose(5);
        }
    }

    @Test
    void closesWhenTheBackendStopsAnsweringPings() throws Exception {
        try (TesterNettyClient client = TesterNettyClient.connect(gateway("/deaf/1"))) {
            TesterConnection backendSide = backend.nextConnection();
            TesterConnection.Close close = client.awaitClose(5);
            assertEquals(1014, close.code());
            assertEquals("backend not responding", close.reason());
            assertEquals(1001, backendSide.awaitClose(5).code());
        }
    }

    @Test
    void closesWhenTheClientStopsAnsweringPings() throws Exception {
        try (TesterNettyClient client = TesterNettyClient.connect(gateway("/pinged/1"), null, false, false, true)) {
            TesterConnection backendSide = backend.nextConnection();
            TesterConnection.Close close = backendSide.awaitClose(5);
            assertEquals(new TesterConnection.Close(1001, "client not responding"), close);
            client.autoRead(true);
        }
    }

    @Test
    void closesAnIdleConnectionWith1001OnBothSides() throws Exception {
        TesterClient client = TesterClient.connect(gateway("/idle/1"));
        TesterConnection backendSide = backend.nextConnection();
        assertEquals(new TesterClient.Close(1001, "idle timeout"), client.awaitClose(5));
        assertEquals(1001, backendSide.awaitClose(5).code());
    }

    @Test
    void closesTheClientWith1009WhenItsMessageIsTooBig() throws Exception {
        TesterClient client = TesterClient.connect(gateway("/small/1"));
        TesterConnection backendSide = backend.nextConnection();
        client.sendBinary(new byte[1024]);
        client.sendBinary(new byte[1025]);
        assertEquals(1009, client.awaitClose(5).code());
        assertEquals(1001, backendSide.awaitClose(5).code());
        assertEquals(1, backendSide.messagesReceived(), "the message at the limit crossed, the larger one did not");
    }

    @Test
    void closesTheBackendWith1009WhenItsMessageIsTooBig() throws Exception {
        TesterClient client = TesterClient.connect(gateway("/small/1"));
        TesterConnection backendSide = backend.nextConnection();
        client.send("big 2048");
        assertEquals(1001, client.awaitClose(5).code());
        assertEquals(1009, backendSide.awaitClose(5).code());
    }
}
