package org.wsgateway.admin.metrics;

import java.util.ArrayList;
import java.util.List;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import org.wsgateway.catalog.MetricFamily;

/**
 * The gateway's metric families ({@link MetricFamily}, read by the valve from its shared registry) as Prometheus
 * snapshots, one for one: counters become counters ({@code _total}), gauges gauges, summaries summaries with their
 * quantiles and count (the valve keeps no exact sum, so none is exported). Labels and values are taken as they are.
 */
final class PrometheusExport {

    private PrometheusExport() {
    }

    static MetricSnapshots of(List<MetricFamily> families) {
        List<MetricSnapshot> snapshots = new ArrayList<>(families.size());
        for (MetricFamily family : families) {
            snapshots.add(snapshot(family));
        }
        return new MetricSnapshots(snapshots);
    }

    private static MetricSnapshot snapshot(MetricFamily family) {
        return switch (family.type()) {
            case SUMMARY -> summary(family);
            case GAUGE -> gauge(family);
            case COUNTER -> counter(family);
        };
    }

    private static SummarySnapshot summary(MetricFamily family) {
        SummarySnapshot.Builder summary = SummarySnapshot.builder().name(family.name()).help(family.help());
        for (MetricFamily.Sample s : family.samples()) {
            Quantiles.Builder quantiles = Quantiles.builder();
            for (MetricFamily.Quantile q : s.quantiles()) {
                quantiles.quantile(new Quantile(q.quantile(), q.value()));
            }
            summary.dataPoint(SummarySnapshot.SummaryDataPointSnapshot.builder().labels(labels(s))
                    .count((long) s.value()).quantiles(quantiles.build()).build());
        }
        return summary.build();
    }

    private static GaugeSnapshot gauge(MetricFamily family) {
        GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(family.name()).help(family.help());
        for (MetricFamily.Sample s : family.samples()) {
            gauge.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels(s)).value(s.value()).build());
        }
        return gauge.build();
    }

    private static CounterSnapshot counter(MetricFamily family) {
        CounterSnapshot.Builder counter = CounterSnapshot.builder().name(family.name()).help(family.help());
        for (MetricFamily.Sample s : family.samples()) {
            counter.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels(s)).value(s.value())
                    .build());
        }
        return counter.build();
    }

    private static Labels labels(MetricFamily.Sample sample) {
        return Labels.of(new ArrayList<>(sample.labels().keySet()), new ArrayList<>(sample.labels().values()));
    }
}
