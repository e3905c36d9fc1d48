package org.wsgateway.policy.limit;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.wsgateway.api.ConfigValues;

/**
 * An amount per period, written {@code 10/1m}, {@code 500/1s} or {@code 5/30s} (the period as in every duration
 * setting: {@code ms}, {@code s}, {@code m}, {@code h}, {@code d}).
 */
public record Rate(long amount, Duration period) {

    private static final Pattern RATE = Pattern.compile("(\\d+)\\s*/\\s*(.+)");

    public Rate {
        if (amount < 1 || period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("a rate needs an amount of at least 1 and a period above 0");
        }
        if (amount > period.toNanos()) {
            throw new IllegalArgumentException(amount + " a " + period + " is above the largest rate that can be "
                    + "enforced, one a nanosecond");
        }
    }

    public static Rate parse(String text) {
        Matcher m = RATE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a rate (e.g. 10/1m, 500/1s)");
        }
        long amount;
        try {
            amount = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': the amount is too large");
        }
        return new Rate(amount, ConfigValues.duration(m.group(2)));
    }

    @Override
    public String toString() {
        return amount + "/" + ConfigValues.format(period);
    }
}
