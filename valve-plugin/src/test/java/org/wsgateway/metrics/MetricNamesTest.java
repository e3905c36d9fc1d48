package org.wsgateway.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.wsgateway.metrics.MetricNames.Family;

class MetricNamesTest {

    @Test
    void indexesLabelsSoDottedVersionsNeedNoParsing() {
        String name = MetricNames.of("Echo", "1.0.2", Family.CLOSES, "backend", "1011");
        assertEquals("ws-gateway.api.Echo.1.0.2.closes.backend.1011", name);
        MetricNames.MetricId id = MetricNames.describe(name);
        assertEquals(Family.CLOSES, id.family());
        assertEquals(List.of("api", "version", "side", "code"), new ArrayList<>(id.labels().keySet()));
        assertEquals(Map.of("api", "Echo", "version", "1.0.2", "side", "backend", "code", "1011"), id.labels());
    }

    @Test
    void namesApplicationMetricsByApplication() {
        String name = MetricNames.ofApplication("Ticker", Family.APPLICATION_MESSAGES, "outbound");
        assertEquals("ws-gateway.application.Ticker.messages.outbound", name);
        assertEquals(Map.of("application", "Ticker", "direction", "outbound"), MetricNames.describe(name).labels());
    }

    @Test
    void refusesTheWrongNumberOfLabelValuesAndKnowsOnlyItsOwnNames() {
        assertThrows(IllegalArgumentException.class, () -> MetricNames.of("Echo", "1", Family.MESSAGES));
        assertThrows(IllegalArgumentException.class, () -> MetricNames.of("Echo", "1", Family.SHAPED, "x"));
        assertNull(MetricNames.describe("jvm.memory.used"));
    }

    @Test
    void everyFamilyHasAPrometheusNameOfItsOwn() {
        assertEquals(Family.values().length, java.util.Arrays.stream(Family.values()).map(Family::prometheus)
                .distinct().count());
        for (Family f : Family.values()) {
            assertEquals(true, f.prometheus().matches("ws_gateway_[a-z_]+") && !f.prometheus().endsWith("_total"),
                    f.prometheus());
        }
    }
}
