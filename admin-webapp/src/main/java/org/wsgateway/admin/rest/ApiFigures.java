package org.wsgateway.admin.rest;

import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.wsgateway.api.Api;
import org.wsgateway.catalog.GatewayFigures;
import org.wsgateway.catalog.Gateways;

/**
 * An API's figures for the portal's charts, read from the gateway's live figures (the valve's, through Tomcat's
 * common class loader): totals since Tomcat started and the last minutes as a time series, one point per sampling
 * step, oldest first. An API not used since Tomcat started has zero totals and no points.
 */
final class ApiFigures {

    /** The history reaches back an hour. */
    static final int MAX_MINUTES = 60;

    private ApiFigures() {
    }

    static ObjectNode of(Api api, int minutes) {
        GatewayFigures figures = Gateways.figures();
        ObjectNode body = Views.MAPPER.createObjectNode();
        body.put("api", api.name()).put("version", api.version()).put("stepSeconds", figures.stepSeconds());
        GatewayFigures.Totals totals = figures.totals(api);
        ObjectNode t = body.putObject("totals");
        t.put("sessionsActive", totals.sessionsActive());
        ObjectNode handshakes = t.putObject("handshakes");
        totals.handshakes().forEach(handshakes::put);
        t.put("messagesInbound", totals.messagesInbound()).put("messagesOutbound", totals.messagesOutbound())
                .put("bytesInbound", totals.bytesInbound()).put("bytesOutbound", totals.bytesOutbound())
                .put("backendErrors", totals.backendErrors()).put("policyClosed", totals.policyClosed())
                .put("shaped", totals.shaped());
        ArrayNode series = body.putArray("series");
        for (GatewayFigures.Step s : figures.history(api, Instant.now().minus(Duration.ofMinutes(minutes)))) {
            series.addObject().put("time", s.time().toString())
                    .put("connections", s.connections())
                    .put("messagesInPerSecond", s.messagesInPerSecond())
                    .put("messagesOutPerSecond", s.messagesOutPerSecond())
                    .put("bytesInPerSecond", s.bytesInPerSecond())
                    .put("bytesOutPerSecond", s.bytesOutPerSecond())
                    .put("errors", s.errors());
        }
        return body;
    }
}
