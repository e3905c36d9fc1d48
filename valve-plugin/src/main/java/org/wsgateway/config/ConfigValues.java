package org.wsgateway.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers for the value forms used in the configuration file and in valve attributes: durations such as
 * {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h} and sizes such as {@code 65536}, {@code 64KiB}, {@code 16MiB}.
 * Each throws {@link IllegalArgumentException} with a message that shows an accepted form.
 */
public final class ConfigValues {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kib|mib|gib)?");

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
