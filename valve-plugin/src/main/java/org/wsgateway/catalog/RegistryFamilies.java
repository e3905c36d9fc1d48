package org.wsgateway.catalog;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.codahale.metrics.Counting;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Sampling;
import com.codahale.metrics.Snapshot;
import org.wsgateway.metrics.MetricNames;
import org.wsgateway.metrics.MetricNames.Family;
import org.wsgateway.metrics.MetricNames.MetricId;

/**
 * Reads the gateway's Dropwizard registry as {@link MetricFamily} values: one family per {@link Family}, its labels
 * from the name index ({@code api}, {@code version}, {@code direction}, {@code status}...). Meters and counters
 * become counters, open sessions a gauge, timers and histograms summaries with quantiles in seconds or bytes
 * (Dropwizard keeps no exact sum, so none is given). Names the gateway did not make are left out.
 */
final class RegistryFamilies {

    /** The quantiles of every summary. */
    static final double[] QUANTILES = {0.5, 0.75, 0.95, 0.98, 0.99, 0.999};

    private RegistryFamilies() {
    }

    /** The families of {@code registry}, in the order of {@link Family}. */
    static List<MetricFamily> of(MetricRegistry registry) {
        Map<Family, List<Point>> byFamily = new EnumMap<>(Family.class);
        registry.getMetrics().forEach((name, metric) -> {
            MetricId id = MetricNames.describe(name);
            if (id != null) {
                byFamily.computeIfAbsent(id.family(), f -> new ArrayList<>()).add(new Point(id.labels(), metric));
            }
        });
        List<MetricFamily> families = new ArrayList<>();
        byFamily.forEach((family, points) -> families.add(family(family, points)));
        return families;
    }

    private record Point(Map<String, String> labels, Metric metric) {
    }

    /** The family's type follows its first metric: a timer or histogram makes a summary. */
    private static MetricFamily family(Family family, List<Point> points) {
        MetricFamily.Type type = points.get(0).metric() instanceof Sampling ? MetricFamily.Type.SUMMARY
                : family.gauge() ? MetricFamily.Type.GAUGE : MetricFamily.Type.COUNTER;
        List<MetricFamily.Sample> samples = new ArrayList<>(points.size());
        for (Point p : points) {
            long count = ((Counting) p.metric()).getCount();
            List<MetricFamily.Quantile> quantiles = type == MetricFamily.Type.SUMMARY
                    ? quantiles(((Sampling) p.metric()).getSnapshot(), family.scale()) : List.of();
            samples.add(new MetricFamily.Sample(p.labels(), count, quantiles));
        }
        return new MetricFamily(family.prometheus(), family.help(), type, samples);
    }

    private static List<MetricFamily.Quantile> quantiles(Snapshot snapshot, double scale) {
        List<MetricFamily.Quantile> quantiles = new ArrayList<>(QUANTILES.length);
        for (double q : QUANTILES) {
            quantiles.add(new MetricFamily.Quantile(q, snapshot.getValue(q) * scale));
        }
        return quantiles;
    }
}
