package org.wsgateway.admin.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import org.junit.jupiter.api.Test;
import org.wsgateway.catalog.MetricFamily;
import org.wsgateway.catalog.MetricFamily.Quantile;
import org.wsgateway.catalog.MetricFamily.Sample;
import org.wsgateway.catalog.MetricFamily.Type;

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

    private static String export(List<MetricFamily> families) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, PrometheusExport.of(families, "node-1"));
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Label names and values, alternating, in the given order. */
    private static Map<String, String> labels(String... namesAndValues) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            labels.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return labels;
    }

    private static Sample sample(double value, String... labels) {
        return new Sample(labels(labels), value, List.of());
    }

    /** A summary sample of {@code count} observations, every quantile at {@code value}. */
    private static Sample summarized(long count, double value, String... labels) {
        List<Quantile> quantiles = new ArrayList<>();
        for (double q : new double[] {0.5, 0.75, 0.95, 0.98, 0.99, 0.999}) {
            quantiles.add(new Quantile(q, value));
        }
        return new Sample(labels(labels), count, quantiles);
    }

    @Test
    void exportsFamiliesWithLabelsUnitsAndTypes() throws Exception {
        // As the valve gives them (GatewayFigures.families()): values already in seconds, only gateway names.
        List<MetricFamily> families = List.of(
                new MetricFamily("ws_gateway_handshakes", "WebSocket handshakes answered, by HTTP status",
                        Type.COUNTER, List.of(sample(1, "api", "Echo", "version", "1.0", "status", "429"))),
                new MetricFamily("ws_gateway_handshake_seconds", "Time from a handshake request to the gateway's "
                        + "answer", Type.SUMMARY, List.of(summarized(1, 0.25, "api", "Echo", "version", "1.0"))),
                new MetricFamily("ws_gateway_sessions_active", "Relayed sessions open now", Type.GAUGE,
                        List.of(sample(4, "api", "Echo", "version", "1.0"))),
                new MetricFamily("ws_gateway_session_duration_seconds", "Length of ended sessions", Type.SUMMARY,
                        List.of(summarized(1, 1.5, "api", "Echo", "version", "1.0"))),
                new MetricFamily("ws_gateway_messages", "Messages relayed, by direction", Type.COUNTER, List.of(
                        sample(3, "api", "Echo", "version", "1.0", "direction", "inbound"),
                        sample(2, "api", "Echo", "version", "1.0", "direction", "outbound"))),
                new MetricFamily("ws_gateway_closes", "Sessions ended, by who closed first and the close code",
                        Type.COUNTER, List.of(sample(1, "api", "Echo", "version", "1.0", "side", "gateway", "code",
                                "1013"))),
                new MetricFamily("ws_gateway_application_bytes", "Payload bytes of an application's sessions, by "
                        + "direction", Type.COUNTER, List.of(sample(99, "application", "Ticker", "direction",
                                "inbound"))));

        String text = export(families);
        Map<String, Double> samples = parse(text);
        assertEquals(3.0, samples.get("ws_gateway_messages_total{api=\"Echo\",direction=\"inbound\",node=\"node-1\",version=\"1.0\"}"),
                text);
        assertEquals(2.0, samples.get("ws_gateway_messages_total{api=\"Echo\",direction=\"outbound\",node=\"node-1\",version=\"1.0\"}"));
        assertEquals(1.0, samples.get("ws_gateway_handshakes_total{api=\"Echo\",node=\"node-1\",status=\"429\",version=\"1.0\"}"));
        assertEquals(4.0, samples.get("ws_gateway_sessions_active{api=\"Echo\",node=\"node-1\",version=\"1.0\"}"));
        assertEquals(1.0, samples.get(
                "ws_gateway_closes_total{api=\"Echo\",code=\"1013\",node=\"node-1\",side=\"gateway\",version=\"1.0\"}"));
        assertEquals(0.25, value(samples, "ws_gateway_handshake_seconds{api=\"Echo\",node=\"node-1\",quantile=\"0.5\",version=\"1.0\"}"),
                1e-9, "timers are exported in seconds");
        assertEquals(1.0, samples.get("ws_gateway_handshake_seconds_count{api=\"Echo\",node=\"node-1\",version=\"1.0\"}"));
        assertEquals(1.5, value(samples, 
                "ws_gateway_session_duration_seconds{api=\"Echo\",node=\"node-1\",quantile=\"0.99\",version=\"1.0\"}"), 1e-9);
        assertEquals(99.0, samples.get("ws_gateway_application_bytes_total{application=\"Ticker\",direction=\"inbound\",node=\"node-1\"}"));
        assertTrue(text.contains("# TYPE ws_gateway_messages_total counter"), text);
        assertTrue(text.contains("# TYPE ws_gateway_sessions_active gauge"), text);
        assertTrue(text.contains("# TYPE ws_gateway_handshake_seconds summary"), text);
        assertTrue(text.contains("# HELP ws_gateway_messages_total Messages relayed, by direction"), text);
        assertFalse(text.contains("some_other"), "only the gateway's own names are exported");
    }

    @Test
    void labelsEverySampleWithTheNodeName() throws Exception {
        List<MetricFamily> families = List.of(
                new MetricFamily("ws_gateway_sessions_active", "Relayed sessions open now", Type.GAUGE,
                        List.of(sample(4, "api", "Echo", "version", "1.0"))),
                new MetricFamily("ws_gateway_handshake_seconds", "Time from a handshake request to the gateway's "
                        + "answer", Type.SUMMARY, List.of(summarized(2, 0.25))));
        String text = export(families);
        int samples = 0;
        for (String line : text.split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                assertTrue(line.contains("node=\"node-1\""), "no node label: " + line);
                samples++;
            }
        }
        assertEquals(8, samples, text);
        assertTrue(text.contains("ws_gateway_sessions_active{api=\"Echo\",node=\"node-1\",version=\"1.0\"} 4.0"),
                "labels sorted by name, node among them: " + text);
    }

    @Test
    void escapesLabelValuesThatComeFromUsers() throws Exception {
        List<MetricFamily> families = List.of(new MetricFamily("ws_gateway_messages", "Messages relayed, by direction",
                Type.COUNTER, List.of(sample(1, "api", "Say \"hi\"\\", "version", "2", "direction", "inbound"))));
        String text = export(families);
        assertTrue(text.contains("api=\"Say \\\"hi\\\"\\\\\""), text);
    }
}
