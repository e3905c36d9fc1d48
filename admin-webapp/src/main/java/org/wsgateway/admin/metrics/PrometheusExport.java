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
 * quantiles and count (the valve keeps no exact sum, so none is exported). Labels and values are taken as they are,
 * and every sample gets one more label, {@code node}, the name of the node that exports it ({@code Gateways.nodeName()}),
 * so the scrapes of a cluster's nodes can be told apart and summed; labels are written sorted by name.
 */
final class PrometheusExport {

    private PrometheusExport() {
    }

    static MetricSnapshots of(List<MetricFamily> families, String node) {
        List<MetricSnapshot> snapshots = new ArrayList<>(families.size());
        for (MetricFamily family : families) {
            snapshots.add(snapshot(family, node));
        }
        return new MetricSnapshots(snapshots);
    }

    private static MetricSnapshot snapshot(MetricFamily family, String node) {
        return switch (family.type()) {
            case SUMMARY -> summary(family, node);
            case GAUGE -> gauge(family, node);
            case COUNTER -> counter(family, node);
        };
    }

    private static SummarySnapshot summary(MetricFamily family, String node) {
        SummarySnapshot.Builder summary = SummarySnapshot.builder().name(family.name()).help(family.help());
        for (MetricFamily.Sample s : family.samples()) {
            Quantiles.Builder quantiles = Quantiles.builder();
            for (MetricFamily.Quantile q : s.quantiles()) {
                quantiles.quantile(new Quantile(q.quantile(), q.value()));
            }
            summary.dataPoint(SummarySnapshot.SummaryDataPointSnapshot.builder().labels(labels(s, node))
                    .count((long) s.value()).quantiles(quantiles.build()).build());
        }
        return summary.build();
    }

    private static GaugeSnapshot gauge(MetricFamily family, String node) {
        GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(family.name()).help(family.help());
        for (MetricFamily.Sample s : family.samples()) {
            gauge.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels(s, node)).value(s.value()).build());
        }
        return gauge.build();
    }

    private static CounterSnapshot counter(MetricFamily family, String node) {
        CounterSnapshot.Builder counter = CounterSnapshot.builder().name(family.name()).help(family.help());
        for (MetricFamily.Sample s : family.samples()) {
            counter.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels(s, node)).value(s.value())
                    .build());
        }
        return counter.build();
    }

    private static Labels labels(MetricFamily.Sample sample, String node) {
        List<String> names = new ArrayList<>(sample.labels().keySet());
        List<String> values = new ArrayList<>(sample.labels().values());
        names.add("node");
        values.add(node);
        return Labels.of(names, values);
    }
}
