package org.wsgateway.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wsgateway.it.support.TesterConnection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stopping Tomcat, or just the valve, closes every live connection with 1001 on both sides. */
class ShutdownIT extends GatewayTestBase {

    @BeforeEach
    void start() throws Exception {
        startTomcat(config(api("Control", "/control", "v1", backend.url("/control"), "")));
    }

    @AfterEach
    void stop() throws Exception {
        stopTomcat();
    }

    @Test
    void tomcatShutdownClosesBothSidesWith1001() throws Exception {
        TesterClient first = TesterClient.connect(gateway("/control/v1"));
        TesterConnection firstBackend = backend.nextConnection();
        TesterClient second = TesterClient.connect(gateway("/control/v1"));
        TesterConnection secondBackend = backend.nextConnection();
        tomcat.stop();
        for (TesterClient client : new TesterClient[] {first, second}) {
            TesterClient.Close close = client.awaitClose(5);
            assertEquals(1001, close.code());
            assertEquals("server shutting down", close.reason());
        }
        assertEquals(1001, firstBackend.awaitClose(5).code());
        assertEquals(1001, secondBackend.awaitClose(5).code());
        assertTrue(firstBackend.awaitClosed(5) && secondBackend.awaitClosed(5));
    }

    @Test
    void stoppingTheValveAloneClosesBothSidesWith1001() throws Exception {
        TesterClient client = TesterClient.connect(gateway("/control/v1"));
        TesterConnection backendSide = backend.nextConnection();
        valve.stop();
        assertEquals(1001, client.awaitClose(5).code());
        assertEquals(1001, backendSide.awaitClose(5).code());
        assertEquals(0, valve.getTracker().size());
    }
}
