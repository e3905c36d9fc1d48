package org.wsgateway.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers and checks for the values of the configuration file, valve attributes and the admin REST API: durations
 * such as {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, sizes such as {@code 65536}, {@code 64KiB},
 * {@code 16MiB}, contexts, versions, names and backend URLs. Each throws {@link IllegalArgumentException} with a
 * message that shows an accepted form.
 */
public final class ConfigValues {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kib|mib|gib)?");
    private static final Pattern CONTEXT = Pattern.compile("(/[A-Za-z0-9._~-]+)+");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._~-]+");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(env|sys):([^}]+)}");

    private ConfigValues() {
    }

    /** Parses a duration; {@code 0} alone is accepted as zero. */
    public static Duration duration(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = DURATION.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (use e.g. 500ms, 5s, 2m, 1h)");
        }
        try {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration (use e.g. 500ms, 5s, 2m, 1h)");
        }
    }

    /** Parses a size in bytes: a plain number of bytes or a number with {@code KiB}, {@code MiB}, {@code GiB}. */
    public static long size(String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches() || m.group(1).length() > 15) {
            throw new IllegalArgumentException("'" + text + "' is not a size (use e.g. 65536, 64KiB, 16MiB)");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        int shift = switch (unit) {
            case "kib" -> 10;
            case "mib" -> 20;
            case "gib" -> 30;
            default -> 0;
        };
        if (amount > Long.MAX_VALUE >> shift) {
            throw new IllegalArgumentException("'" + text + "' is too large a size (use e.g. 65536, 64KiB, 16MiB)");
        }
        return amount << shift;
    }

    /** The largest byte rate a plan can enforce: a token bucket refills at most one token a nanosecond. */
    public static final long MAX_BYTES_PER_SECOND = 1_000_000_000L;

    /** A plan's byte rate: a size up to {@value #MAX_BYTES_PER_SECOND} bytes a second. */
    public static long bytesPerSecond(String text) {
        long rate = size(text);
        if (rate > MAX_BYTES_PER_SECOND) {
            throw new IllegalArgumentException("'" + text + "' is above the largest byte rate a plan can enforce, "
                    + MAX_BYTES_PER_SECOND + " (about 953MiB) a second; use 0 for no limit");
        }
        return rate;
    }

    /** Checks an API context: starts with '/', no trailing '/', letters, digits and {@code . _ ~ -}. */
    public static String context(String value) {
        if (!CONTEXT.matcher(value).matches() || value.contains("/./") || value.contains("/../")
                || value.endsWith("/.") || value.endsWith("/..")) {
            throw new IllegalArgumentException("'" + value + "' is not a context: it must start with '/', have no "
                    + "trailing '/', and use only letters, digits and . _ ~ - (e.g. /echowebsocket)");
        }
        return value;
    }

    /** Checks an API version: letters, digits and {@code . _ ~ -}. */
    public static String version(String value) {
        if (!VERSION.matcher(value).matches() || value.equals(".") || value.equals("..")) {
            throw new IllegalArgumentException("'" + value + "' is not a version: use letters, digits and . _ ~ - "
                    + "(e.g. 1.0)");
        }
        return value;
    }

    /** Checks a name (API, plan, gateway): not blank, at most 100 characters, no control characters. */
    public static String name(String value) {
        if (value.isBlank() || value.length() > 100 || value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("'" + value + "' is not a name: use 1 to 100 printable characters");
        }
        return value.trim();
    }

    /** Parses a backend URL: {@code ws://} or {@code wss://}, with a host, without user info or fragment. */
    public static URI backendUrl(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + value + "' is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("ws") || scheme.equalsIgnoreCase("wss"))) {
            throw new IllegalArgumentException("'" + value + "' must start with ws:// or wss://");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("'" + value + "' has no host");
        }
        if (uri.getPort() > 65535) {
            throw new IllegalArgumentException("'" + value + "' has a port above 65535");
        }
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("'" + value + "' must not contain user info or a #fragment");
        }
        return uri;
    }

    /** A duration in the largest unit that states it exactly: {@code 0}, {@code 750ms}, {@code 5s}, {@code 2m}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0";
        }
        for (var unit : List.of(new Object[] {86_400_000L, "d"}, new Object[] {3_600_000L, "h"},
                new Object[] {60_000L, "m"}, new Object[] {1000L, "s"})) {
            long size = (Long) unit[0];
            if (ms % size == 0) {
                return ms / size + (String) unit[1];
            }
        }
        return ms + "ms";
    }

    /** Parses a duration that must be greater than zero. */
    public static Duration positiveDuration(String value) {
        Duration d = duration(value);
        if (d.isZero()) {
            throw new IllegalArgumentException("must be greater than 0");
        }
        return d;
    }

    /** Parses a count that must be zero or more (0 usually meaning "no limit"). */
    public static long count(String value) {
        try {
            long n = Long.parseLong(value.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + value + "' is not a whole number of 0 or more");
    }

    /**
     * Replaces {@code ${env:NAME}} and {@code ${sys:name}} with environment variables and system properties. Used
     * only for values an operator writes by hand (backend URLs, trust store passwords): values that come through the
     * admin REST API are never expanded, so nobody can read the environment through them.
     *
     * @throws IllegalArgumentException naming a variable that is not set
     */
    public static String expand(String value) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String found = m.group(1).equals("env") ? System.getenv(m.group(2)) : System.getProperty(m.group(2));
            if (found == null) {
                throw new IllegalArgumentException("'" + value + "' refers to " + m.group(1) + ":" + m.group(2)
                        + ", which is not set");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(found));
        }
        return m.appendTail(out).toString();
    }

    /**
     * Checks that text can be stored in the catalog file: XML 1.0 holds tab, line feed, carriage return and the
     * characters from U+0020 on, except U+FFFE, U+FFFF and surrogates that are not a pair. Every text of the catalog
     * goes through this check before it reaches the catalog, whoever sends it.
     *
     * @return the text
     * @throws IllegalArgumentException naming the first character the file cannot hold, and where it is
     */
    public static String storable(String value) {
        int bad = firstUnstorable(value);
        if (bad >= 0) {
            throw new IllegalArgumentException(String.format("holds U+%04X at position %d, a character the "
                    + "catalog file (XML 1.0) cannot store", (int) value.charAt(bad), bad + 1));
        }
        return value;
    }

    /** The index of the first character XML 1.0 cannot hold (see {@link #storable}), or -1. */
    public static int firstUnstorable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || Character.isSurrogate(c)
                    || c == '\uFFFE' || c == '\uFFFF') {
                return i;
            }
        }
        return -1;
    }

    /**
     * Refuses {@code ${...}} in a value that came through the admin REST API: variables are expanded only in the
     * catalog file, so a value sent over REST must be the value itself (it would otherwise be stored as written and
     * expanded at the next load, reading the environment or failing the start).
     *
     * @return the value
     */
    public static String literal(String value) {
        if (value.contains("${")) {
            throw new IllegalArgumentException("variables such as ${env:NAME} belong to the catalog file only "
                    + "(conf/ws-gateway.xml); over REST, give the value itself");
        }
        return value;
    }

    /** Splits a comma-separated list, dropping blanks. */
    public static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    /** Parses {@code true} or {@code false}, nothing else. */
    public static boolean bool(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.equals("true")) {
            return true;
        }
        if (value.equals("false")) {
            return false;
        }
        throw new IllegalArgumentException("'" + text + "' is not true or false");
    }
}
