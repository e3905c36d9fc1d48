package org.wsgateway.admin.metrics;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.codahale.metrics.Counting;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Sampling;
import com.codahale.metrics.Snapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import org.wsgateway.metrics.MetricNames.Family;
import org.wsgateway.metrics.MetricNames.MetricId;
import org.wsgateway.metrics.MetricNames;

/**
 * The gateway's Dropwizard registry as Prometheus snapshots: one family per {@link Family}, its labels from the
 * name index ({@code api}, {@code version}, {@code direction}, {@code status}...). Meters and counters become
 * counters ({@code _total}), open sessions a gauge, timers and histograms summaries with quantiles in seconds or
 * bytes (Dropwizard keeps no exact sum, so none is exported). Names the gateway did not make are left out.
 */
final class PrometheusExport {

    private static final double[] QUANTILES = {0.5, 0.75, 0.95, 0.98, 0.99, 0.999};

    private PrometheusExport() {
    }

    static MetricSnapshots of(MetricRegistry registry) {
        Map<Family, List<Point>> byFamily = new EnumMap<>(Family.class);
        registry.getMetrics().forEach((name, metric) -> {
            MetricId id = MetricNames.describe(name);
            if (id != null) {
                Labels labels = Labels.of(new ArrayList<>(id.labels().keySet()), new ArrayList<>(id.labels().values()));
                byFamily.computeIfAbsent(id.family(), f -> new ArrayList<>()).add(new Point(labels, metric));
            }
        });
        List<MetricSnapshot> snapshots = new ArrayList<>();
        byFamily.forEach((family, points) -> snapshots.add(snapshot(family, points)));
        return new MetricSnapshots(snapshots);
    }

    private record Point(Labels labels, Metric metric) {
    }

    private static MetricSnapshot snapshot(Family family, List<Point> points) {
        Metric first = points.get(0).metric();
        if (first instanceof Sampling) {
            SummarySnapshot.Builder summary = SummarySnapshot.builder().name(family.prometheus()).help(family.help());
            for (Point p : points) {
                Snapshot s = ((Sampling) p.metric()).getSnapshot();
                Quantiles.Builder quantiles = Quantiles.builder();
                for (double q : QUANTILES) {
                    quantiles.quantile(new Quantile(q, s.getValue(q) * family.scale()));
                }
                summary.dataPoint(SummarySnapshot.SummaryDataPointSnapshot.builder().labels(p.labels())
                        .count(((Counting) p.metric()).getCount()).quantiles(quantiles.build()).build());
            }
            return summary.build();
        }
        if (family.gauge()) {
            GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(family.prometheus()).help(family.help());
            for (Point p : points) {
                gauge.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(p.labels())
                        .value(((Counting) p.metric()).getCount()).build());
            }
            return gauge.build();
        }
        CounterSnapshot.Builder counter = CounterSnapshot.builder().name(family.prometheus()).help(family.help());
        for (Point p : points) {
            counter.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(p.labels())
                    .value(((Counting) p.metric()).getCount()).build());
        }
        return counter.build();
    }
}
