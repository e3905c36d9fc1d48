package org.wsgateway.valve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.wsgateway.relay.backend.UpgradeHeaders;

/**
 * Properties of what the gateway makes of an upgrade request, each checked with QuickTheories on {@value #EXAMPLES}
 * requests from a fixed seed (a failure is shrunk to a small falsifying request and names the seed): a path that
 * {@link PathRules} lets through means one path only, however a servlet container behind the gateway reads it, and
 * every path a servlet container would read otherwise is refused; and whatever headers a client sends, the backend
 * never gets the routing headers only the gateway may set, and always gets the gateway's own, once.
 */
class UpgradeParsingPropertiesTest {

    private static final long SEED = 0x9E3779B97F4A7C15L;
    private static final int EXAMPLES = 5000;
    private static final int SHRINK_CYCLES = 2000;
    private static final List<String> PIECES = List.of("a", "b", "rooms", ".", "..", "/", "/", "/", ";", ";v=1",
            "\\", "%2e", "%2E", "%2f", "%2F", "%3b", "%3B", "%5c", "%5C", "%61", "%25", "%", "x.y", ".hidden");
    private static final Set<String> ROUTING = Set.of("forwarded", "x-original-url", "x-rewrite-url",
            "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-forwarded-prefix", "x-forwarded-server");
    private static final List<String> NAMES = List.of("Forwarded", "X-Original-URL", "X-Rewrite-URL",
            "X-Forwarded-Host", "x-forwarded-proto", "X-Forwarded-Port", "X-Forwarded-Prefix", "X-Forwarded-For",
            "Connection", "Cookie", "X-Room", "User-Agent", "X-WS-Gateway-Application", "Keep-Alive", "Accept");

    /** One header line as a client sends it. */
    record Header(String name, String value) {
        @Override
        public String toString() {
            return name + ": " + value;
        }
    }

    private static QuickTheory theory() {
        return qt().withFixedSeed(SEED).withExamples(EXAMPLES).withShrinkCycles(SHRINK_CYCLES);
    }

    @Test
    void aPathThatPassesMeansOnePathAndEveryAmbiguousOneIsRefused() {
        theory().forAll(suffixes()).checkAssert(suffix -> {
            String raw = "/chat/1" + suffix;
            // Tomcat decodes the path and merges repeated slashes before the valve sees it.
            String decoded = decode(suffix).replaceAll("/{2,}", "/");
            String problem = PathRules.problem(raw, decoded);
            // Ambiguous: a servlet reads another path, a dot segment is left that no one can resolve the same way,
            // or a slash was encoded (one segment to the gateway, two to a backend that decodes it).
            boolean ambiguous = !servletView(decoded).equals(decoded)
                    || List.of(decoded.split("/", -1)).stream().anyMatch(s -> s.equals(".") || s.equals(".."))
                    || suffix.toLowerCase(Locale.ROOT).contains("%2f");
            if (ambiguous) {
                assertNotNull(problem, raw + " (decoded " + decoded + ", a servlet reads "
                        + servletView(decoded) + ") passed");
            } else {
                assertEquals(null, problem, raw + " was refused though it means one path");
            }
        });
    }

    @Test
    void theBackendNeverGetsTheClientsRoutingHeadersAndAlwaysTheGatewaysOnce() {
        theory().forAll(lists().of(clientHeaders()).ofSizeBetween(0, 9), flags("application set", "no application"),
                flags("https", "http")).checkAssert(UpgradeParsingPropertiesTest::forwardsOnlyTheGatewaysWord);
    }

    /** The client's headers towards the backend: no routing header of the client's, every one of the gateway's once. */
    private static void forwardsOnlyTheGatewaysWord(List<Header> headers, boolean withApplication, boolean secure) {
        Map<String, List<String>> client = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Header header : headers) {
            client.computeIfAbsent(header.name(), k -> new ArrayList<>()).add(header.value());
        }
        Map<String, String> gateway = new LinkedHashMap<>();
        if (withApplication) {
            gateway.put("X-WS-Gateway-Application", "Mobile");
        }
        List<Map.Entry<String, String>> sent = UpgradeHeaders.towardsBackend(client, List.of(), gateway, "10.0.0.7",
                secure, "gw.example", 8080);
        for (Map.Entry<String, String> header : sent) {
            String lower = header.getKey().toLowerCase(Locale.ROOT);
            if (ROUTING.contains(lower)) {
                assertFalse(header.getValue().startsWith("v"), "the client's " + header + " reached the backend");
            }
        }
        assertEquals(1, count(sent, "X-Forwarded-For"));
        assertTrue(value(sent, "X-Forwarded-For").endsWith("10.0.0.7"), "the gateway's word is the last entry");
        assertEquals(1, count(sent, "X-Forwarded-Proto"));
        assertEquals(1, count(sent, "X-Forwarded-Host"));
        assertEquals(1, count(sent, "X-Forwarded-Port"));
        assertEquals(0, count(sent, "Forwarded"));
        gateway.forEach((name, value) -> {
            assertEquals(1, count(sent, name), name + " set by the gateway, whatever Connection names");
            assertEquals(value, value(sent, name));
        });
    }

    /** The rest of a path after {@code /chat/1}: a slash, then up to seven pieces that are hard to read one way. */
    private static Gen<String> suffixes() {
        return lists().of(Generate.pick(PIECES)).ofSizeBetween(0, 7).map(pieces -> "/" + String.join("", pieces));
    }

    private static Gen<Boolean> flags(String yes, String no) {
        return booleans().all().describedAs(flag -> flag ? yes : no);
    }

    /**
     * A header as a client may send it: one of {@link #NAMES} valued {@code v0} to {@code v99}, or
     * {@code Connection: Upgrade, } and one of those names, which a proxy drops as hop-by-hop.
     */
    private static Gen<Header> clientHeaders() {
        return Generate.pick(NAMES).zip(Generate.pick(NAMES), integers().between(0, 99),
                (name, named, n) -> new Header(name, name.equalsIgnoreCase("Connection") ? "Upgrade, " + named
                        : "v" + n));
    }

    /** Percent-decoding as Tomcat does it for a path (UTF-8); a {@code %} not followed by two hex digits stays. */
    private static String decode(String path) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length && hex(bytes[i + 1]) >= 0 && hex(bytes[i + 2]) >= 0) {
                out.write(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte b) {
        return Character.digit(b, 16);
    }

    /**
     * How a servlet container behind the gateway may read a decoded path: backslashes as slashes, path parameters
     * removed, dot segments resolved.
     */
    private static String servletView(String path) {
        String slashes = path.replace('\\', '/').replaceAll(";[^/]*", "");
        String normal = URI.create("http://h" + encodeForUri(slashes)).normalize().getRawPath();
        return decode(normal.isEmpty() ? "/" : normal).replaceAll("/{2,}", "/");
    }

    /** The path with what {@link URI} cannot take as it is percent-encoded (so only dot segments change). */
    private static String encodeForUri(String path) {
        StringBuilder out = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c == '/' || c == '.' || Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static long count(List<Map.Entry<String, String>> headers, String name) {
        return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).count();
    }

    private static String value(List<Map.Entry<String, String>> headers, String name) {
        return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .reduce((a, b) -> b).orElse(null);
    }
}
