package org.wsgateway.accesslog;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A compiled access-log pattern, in the manner of Tomcat's {@code AccessLogValve}: literal text with {@code %x} and
 * {@code %{name}x} fields. Fields:
 * <ul>
 * <li>{@code %a} client IP address; {@code %t} end time ({@code [22/Nov/2026:10:05:00 +0000]}); {@code %U} path;
 * {@code %q} query with its {@code ?} (credentials already {@code ***}); {@code %s} handshake status; {@code %D}
 * duration in milliseconds; {@code %T} in seconds; {@code %{Name}i} a request header (credentials as
 * {@code ***}); {@code %%} a percent sign;</li>
 * <li>{@code %{field}w}, the WebSocket fields: {@code api}, {@code version}, {@code application},
 * {@code subscriber}, {@code subprotocol}, {@code messagesIn}, {@code bytesIn}, {@code messagesOut},
 * {@code bytesOut}, {@code closedBy}, {@code closeCode}, {@code reason}, {@code policy}.</li>
 * </ul>
 * A missing value is written {@code -}; quotes, backslashes and control characters in values are escaped, so one
 * session is always one line.
 */
public final class AccessLogPattern {

    /** The pattern used when none is set (also the alias {@code default}). */
    public static final String DEFAULT = "%a %t \"%U%q\" %s %{api}w %{version}w %{application}w %{subprotocol}w %D "
            + "%{messagesIn}w %{bytesIn}w %{messagesOut}w %{bytesOut}w %{closedBy}w %{closeCode}w \"%{reason}w\"";

    /** Headers that are always credentials. */
    private static final Set<String> SECRET_HEADERS = caseInsensitive(
            Set.of("Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie"));

    /** The {@code %{name}w} fields. */
    private static final Map<String, Function<AccessLogEntry, String>> WEBSOCKET_FIELDS = Map.ofEntries(
            Map.entry("api", e -> e.opening().api()),
            Map.entry("version", e -> e.opening().version()),
            Map.entry("application", e -> e.opening().application()),
            Map.entry("subscriber", e -> e.opening().subscriber()),
            Map.entry("subprotocol", e -> e.opening().subprotocol()),
            Map.entry("messagesIn", e -> Long.toString(e.messagesIn())),
            Map.entry("bytesIn", e -> Long.toString(e.bytesIn())),
            Map.entry("messagesOut", e -> Long.toString(e.messagesOut())),
            Map.entry("bytesOut", e -> Long.toString(e.bytesOut())),
            Map.entry("closedBy", AccessLogEntry::closedBy),
            Map.entry("closeCode", e -> e.closeCode() == 0 ? null : Integer.toString(e.closeCode())),
            Map.entry("reason", AccessLogEntry::reason),
            Map.entry("policy", AccessLogEntry::policy));

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("'['dd/MMM/yyyy:HH:mm:ss Z']'", Locale.ENGLISH).withZone(ZoneId.systemDefault());

    private final String source;
    private final List<Part> parts;

    /** A piece of a line: literal text or a field. */
    private interface Part {
        void append(AccessLogEntry entry, StringBuilder line);
    }

    /** A field's value, escaped; {@code -} when it has none. */
    private record Field(Function<AccessLogEntry, String> value) implements Part {
        @Override
        public void append(AccessLogEntry entry, StringBuilder line) {
            String v = value.apply(entry);
            if (v == null || v.isEmpty()) {
                line.append('-');
            } else {
                escape(v, line);
            }
        }
    }

    private AccessLogPattern(String source, List<Part> parts) {
        this.source = source;
        this.parts = parts;
    }

    /**
     * Compiles a pattern.
     *
     * @throws IllegalArgumentException naming the first field that does not exist
     */
    public static AccessLogPattern compile(String pattern) {
        String source = pattern == null || pattern.isBlank() || pattern.trim().equals("default") ? DEFAULT : pattern;
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c != '%') {
                literal.append(c);
                continue;
            }
            if (i + 1 >= source.length()) {
                throw new IllegalArgumentException("access log pattern ends with a lone '%': write %% for a percent "
                        + "sign");
            }
            String argument = null;
            if (source.charAt(i + 1) == '{') {
                int close = source.indexOf('}', i + 2);
                if (close < 0 || close + 1 >= source.length()) {
                    throw new IllegalArgumentException("access log pattern: '%{' at " + i + " needs '}' and a "
                            + "field letter, e.g. %{api}w or %{User-Agent}i");
                }
                argument = source.substring(i + 2, close);
                i = close;
            }
            char field = source.charAt(++i);
            if (field == '%' && argument == null) {
                literal.append('%');
                continue;
            }
            flush(literal, parts);
            parts.add(field == 'q' && argument == null ? AccessLogPattern::query : new Field(field(field, argument)));
        }
        flush(literal, parts);
        return new AccessLogPattern(source, List.copyOf(parts));
    }

    /** The literal text gathered so far, as a part of its own. */
    private static void flush(StringBuilder literal, List<Part> parts) {
        if (!literal.isEmpty()) {
            String text = literal.toString();
            parts.add((e, line) -> line.append(text));
            literal.setLength(0);
        }
    }

    private static Function<AccessLogEntry, String> field(char field, String argument) {
        if (argument != null) {
            return switch (field) {
                case 'i' -> header(argument);
                case 'w' -> websocket(argument);
                default -> throw new IllegalArgumentException("access log pattern: %{" + argument + "}" + field
                        + " is not a field; use %{Header}i or %{field}w with one of "
                        + new TreeSet<>(WEBSOCKET_FIELDS.keySet()));
            };
        }
        return switch (field) {
            case 'a' -> e -> e.opening().clientAddress();
            case 't' -> e -> TIME.format(Instant.ofEpochMilli(e.endMillis()));
            case 'U' -> e -> e.opening().path();
            case 's' -> e -> Integer.toString(e.status());
            case 'D' -> e -> Long.toString(e.durationMillis());
            case 'T' -> e -> String.format(Locale.ROOT, "%.3f", e.durationMillis() / 1000.0);
            default -> throw new IllegalArgumentException("access log pattern: %" + field + " is not a field; "
                    + "known: %a %t %U %q %s %D %T %{Header}i %{field}w %%");
        };
    }

    /** {@code %q}: nothing without a query (as in Tomcat), else {@code ?} and the redacted query. */
    private static void query(AccessLogEntry entry, StringBuilder line) {
        String query = entry.opening().query();
        if (query != null && !query.isEmpty()) {
            line.append('?');
            escape(query, line);
        }
    }

    /** {@code %{Name}i}: the header's first value; {@code ***} for credentials (always, or of this handshake). */
    private static Function<AccessLogEntry, String> header(String name) {
        boolean alwaysSecret = SECRET_HEADERS.contains(name);
        return e -> {
            String value = e.opening().header().apply(name);
            if (value == null || alwaysSecret) {
                return value == null ? null : "***";
            }
            return e.opening().secretHeaders().stream().anyMatch(name::equalsIgnoreCase) ? "***" : value;
        };
    }

    private static Function<AccessLogEntry, String> websocket(String name) {
        Function<AccessLogEntry, String> value = WEBSOCKET_FIELDS.get(name);
        if (value == null) {
            throw new IllegalArgumentException("access log pattern: %{" + name + "}w is not a WebSocket field; "
                    + "known: " + new TreeSet<>(WEBSOCKET_FIELDS.keySet()));
        }
        return value;
    }

    private static Set<String> caseInsensitive(Set<String> names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(names);
        return set;
    }

    /** The entry as one line (without the line end). */
    public String format(AccessLogEntry entry) {
        StringBuilder line = new StringBuilder(160);
        for (Part part : parts) {
            part.append(entry, line);
        }
        return line.toString();
    }

    private static void escape(String value, StringBuilder out) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }

    @Override
    public String toString() {
        return source;
    }
}
