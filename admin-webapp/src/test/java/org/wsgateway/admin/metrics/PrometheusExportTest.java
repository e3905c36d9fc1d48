package org.wsgateway.admin.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.codahale.metrics.MetricRegistry;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import org.junit.jupiter.api.Test;
import org.wsgateway.metrics.MetricNames.Family;
import org.wsgateway.metrics.MetricNames;

class PrometheusExportTest {

    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+)(?:\\{(.*)\\})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-z_]+)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    /** Every sample line, as "name{labels}" with the labels sorted by name, to its value. */
    private static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertTrue(m.matches(), "not a Prometheus sample line: " + line);
            java.util.TreeMap<String, String> labels = new java.util.TreeMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                int end = 0;
                while (l.find() && l.start() == end) {
                    labels.put(l.group(1), l.group(2));
                    end = l.end();
                }
                assertEquals(m.group(2).length(), end, "labels not parsed whole: " + line);
            }
            StringBuilder key = new StringBuilder(m.group(1));
            if (!labels.isEmpty()) {
                key.append('{');
                labels.forEach((k, v) -> key.append(k).append("=\"").append(v).append("\","));
                key.setCharAt(key.length() - 1, '}');
            }
            samples.put(key.toString(), Double.parseDouble(m.group(3)));
        }
        return samples;
    }

    private static double value(Map<String, Double> samples, String key) {
        Double value = samples.get(key);
        assertTrue(value != null, key + " is not among " + new java.util.TreeSet<>(samples.keySet()));
        return value;
    }

    private static String export(MetricRegistry registry) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, PrometheusExport.of(registry));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void exportsFamiliesWithLabelsUnitsAndTypes() throws Exception {
        MetricRegistry registry = new MetricRegistry();
        registry.meter(MetricNames.of("Echo", "1.0", Family.MESSAGES, "inbound")).mark(3);
        registry.meter(MetricNames.of("Echo", "1.0", Family.MESSAGES, "outbound")).mark(2);
        registry.meter(MetricNames.of("Echo", "1.0", Family.HANDSHAKES, "429")).mark();
        registry.counter(MetricNames.of("Echo", "1.0", Family.SESSIONS_ACTIVE)).inc(4);
        registry.counter(MetricNames.of("Echo", "1.0", Family.CLOSES, "gateway", "1013")).inc();
        registry.timer(MetricNames.of("Echo", "1.0", Family.HANDSHAKE_TIME)).update(250, TimeUnit.MILLISECONDS);
        registry.histogram(MetricNames.of("Echo", "1.0", Family.SESSION_DURATION)).update(1500);
        registry.meter(MetricNames.ofApplication("Ticker", Family.APPLICATION_BYTES, "inbound")).mark(99);
        registry.counter("some.other.library.metric").inc();

        String text = export(registry);
        Map<String, Double> samples = parse(text);
        assertEquals(3.0, samples.get("ws_gateway_messages_total{api=\"Echo\",direction=\"inbound\",version=\"1.0\"}"),
                text);
        assertEquals(2.0, samples.get("ws_gateway_messages_total{api=\"Echo\",direction=\"outbound\",version=\"1.0\"}"));
        assertEquals(1.0, samples.get("ws_gateway_handshakes_total{api=\"Echo\",status=\"429\",version=\"1.0\"}"));
        assertEquals(4.0, samples.get("ws_gateway_sessions_active{api=\"Echo\",version=\"1.0\"}"));
        assertEquals(1.0, samples.get(
                "ws_gateway_closes_total{api=\"Echo\",code=\"1013\",side=\"gateway\",version=\"1.0\"}"));
        assertEquals(0.25, value(samples, "ws_gateway_handshake_seconds{api=\"Echo\",quantile=\"0.5\",version=\"1.0\"}"),
                1e-9, "timers are exported in seconds");
        assertEquals(1.0, samples.get("ws_gateway_handshake_seconds_count{api=\"Echo\",version=\"1.0\"}"));
        assertEquals(1.5, value(samples, 
                "ws_gateway_session_duration_seconds{api=\"Echo\",quantile=\"0.99\",version=\"1.0\"}"), 1e-9);
        assertEquals(99.0, samples.get("ws_gateway_application_bytes_total{application=\"Ticker\",direction=\"inbound\"}"));
        assertTrue(text.contains("# TYPE ws_gateway_messages_total counter"), text);
        assertTrue(text.contains("# TYPE ws_gateway_sessions_active gauge"), text);
        assertTrue(text.contains("# TYPE ws_gateway_handshake_seconds summary"), text);
        assertTrue(text.contains("# HELP ws_gateway_messages_total Messages relayed, by direction"), text);
        assertFalse(text.contains("some_other"), "only the gateway's own names are exported");
    }

    @Test
    void escapesLabelValuesThatComeFromUsers() throws Exception {
        MetricRegistry registry = new MetricRegistry();
        registry.meter(MetricNames.of("Say \"hi\"\\", "2", Family.MESSAGES, "inbound")).mark();
        String text = export(registry);
        assertTrue(text.contains("api=\"Say \\\"hi\\\"\\\\\""), text);
    }
}
