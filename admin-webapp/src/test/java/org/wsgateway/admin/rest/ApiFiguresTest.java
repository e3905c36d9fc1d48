package org.wsgateway.admin.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.wsgateway.api.Api;
import org.wsgateway.api.EndpointSettings;
import org.wsgateway.catalog.Gateways;

class ApiFiguresTest {

    @Test
    void servesZeroTotalsAndNoPointsForAnApiNotUsedSinceTomcatStarted() throws Exception {
        Api api = new Api("Unused" + System.nanoTime(), "/unused", "1.0",
                EndpointSettings.of(URI.create("ws://127.0.0.1:1/")));

        String body = Views.MAPPER.writeValueAsString(ApiFigures.of(api, ApiFigures.MAX_MINUTES));

        assertEquals("{\"api\":\"" + api.name() + "\",\"version\":\"1.0\",\"stepSeconds\":"
                + Gateways.figures().stepSeconds() + ",\"totals\":{\"sessionsActive\":0,\"handshakes\":{},"
                + "\"messagesInbound\":0,\"messagesOutbound\":0,\"bytesInbound\":0,\"bytesOutbound\":0,"
                + "\"backendErrors\":0,\"policyClosed\":0,\"shaped\":0},\"series\":[]}", body);
    }
}
