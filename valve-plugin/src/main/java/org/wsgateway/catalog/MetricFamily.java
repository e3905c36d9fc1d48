package org.wsgateway.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One labelled metric family of the gateway, ready for an exposition format such as Prometheus: its name, help
 * and type, and a sample per label set. Values are in the exported unit already (seconds, bytes, counts), so a
 * writer only translates. Neutral: no metrics library's types.
 *
 * @param name    the exposition name, e.g. {@code ws_gateway_messages}; a writer that marks counters (Prometheus'
 *                {@code _total}) adds the suffix itself
 * @param help    one line saying what it measures
 * @param type    how its samples are read
 * @param samples one per label set, never empty
 */
public record MetricFamily(String name, String help, Type type, List<Sample> samples) {

    /** How a family's samples are read. */
    public enum Type {
        /** A count that only grows; {@link Sample#value()} is the total. */
        COUNTER,
        /** A level that goes up and down (sessions open now); {@link Sample#value()} is the level. */
        GAUGE,
        /** A distribution; {@link Sample#value()} is the number of observations, with {@link Sample#quantiles()}. */
        SUMMARY
    }

    /** @throws IllegalArgumentException if there are no samples */
    public MetricFamily {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("the family " + name + " has no samples");
        }
        samples = List.copyOf(samples);
    }

    /**
     * One label set's figures.
     *
     * @param labels    label names to values, in the metric's order (owner first: {@code api}, {@code version} or
     *                  {@code application}; then the family's own, such as {@code direction})
     * @param value     a counter's total, a gauge's level, or a summary's number of observations
     * @param quantiles a summary's quantiles, in ascending order; empty for counters and gauges
     */
    public record Sample(Map<String, String> labels, double value, List<Quantile> quantiles) {

        public Sample {
            labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
            quantiles = List.copyOf(quantiles);
        }
    }

    /**
     * One quantile of a summary.
     *
     * @param quantile the rank, from 0 to 1 (e.g. {@code 0.99})
     * @param value    the observation at that rank, in the exported unit
     */
    public record Quantile(double quantile, double value) {
    }
}
