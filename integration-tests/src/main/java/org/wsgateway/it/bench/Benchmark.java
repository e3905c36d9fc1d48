package org.wsgateway.it.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.wsgateway.it.support.TomcatInstall;

/**
 * The benchmark: echo throughput and latency through the gateway (a real Tomcat distribution in its own JVM), through
 * nginx (one worker) and HAProxy (see {@link Peers}), and directly to the same backend, in one run, with ratios.
 * Throughput: 50 connections each keeping 16 messages in flight, 128 B text and binary and 16 KiB binary, every echo
 * verified. Latency: p50/p99 round trips of 128 B text messages at 1,000 and 10,000 messages/s. The load client
 * ({@link LoadClient}) writes whole frames masked in one pass on one event loop, so that it is not what is measured
 * (the direct figure shows its ceiling). After one unrecorded warm-up round (the JIT compiles the hot paths), each
 * figure is the median of {@code bench.rounds} rounds (default 3); the targets run interleaved, in a rotated order
 * each round, and each ratio is the median of the per-round ratios against direct, so drift hits them alike. Also
 * reports each relay's CPU time per round trip (its processes' user and system time from {@code /proc}), and what
 * metrics cost: the same echo through a second Tomcat whose valve has {@code metrics="false"}, alternating with the
 * first.
 * Properties: {@code bench.rounds}, {@code bench.seconds} (default 3), {@code bench.connections} (50),
 * {@code bench.window} (16). Results also go to {@code target/bench/results.md}.
 */
public final class Benchmark {

    private record Scenario(String name, boolean text, int size) {
    }

    private static final List<Scenario> SCENARIOS = List.of(new Scenario("128 B text", true, 128),
            new Scenario("128 B binary", false, 128), new Scenario("16 KiB binary", false, 16384));

    /** A relay (or none: direct) and the processes whose CPU time is its own. */
    private record Target(String name, URI url, java.util.function.Supplier<List<Long>> pids) {
    }
    private static final int[] RATES = {1_000, 10_000};

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 3);
        double seconds = Double.parseDouble(System.getProperty("bench.seconds", "3"));
        int connections = Integer.getInteger("bench.connections", 50);
        int window = Integer.getInteger("bench.window", 16);
        Path dist = Path.of(System.getProperty("dist.dir", "target/dist"));
        Path out = dist.getParent().resolve("bench");

        try (BenchEcho backend = new BenchEcho(); PolicyBench policies = new PolicyBench()) {
            String catalog = "<ws-gateway><api name=\"EchoWebSocket\" context=\"/echowebsocket\" version=\"1.0\">"
                    + "<endpoint url=\"" + backend.url("/echo") + "\"/><policies><open/></policies></api>\n"
                    + policies.catalog(backend.url("/echo")) + "</ws-gateway>";
            int port = TomcatInstall.freePort();
            TomcatInstall tomcat = gateway(dist, out, "", catalog, port);
            String only = System.getProperty("bench.only");
            if ("policies".equals(only) || "redis".equals(only)) {
                // Only the policies' share (-Dbench.only=policies) or the cost of counting limits in Redis
                // (-Dbench.only=redis), for a quick look.
                try {
                    String report = "policies".equals(only)
                            ? policies(policies, backend.url("/echo"), port, rounds, seconds, connections, window)
                            : clusterWide(dist, out, catalog, policies, port, rounds, seconds, connections, window);
                    System.out.println(report);
                    Files.writeString(out.resolve("results-" + only + ".md"), report);
                } finally {
                    tomcat.stop(Duration.ofSeconds(20));
                }
                return;
            }
            try (Peers peers = Peers.start(out.resolve("peers"), backend.port(), "/echo")) {
                List<Target> targets = new ArrayList<>();
                targets.add(new Target("direct", backend.url("/echo"), List::of));
                targets.add(new Target("gateway", URI.create("ws://127.0.0.1:" + port + "/echowebsocket/1.0"),
                        () -> List.of(tomcat.pid())));
                for (Peers.Peer peer : peers.started()) {
                    targets.add(new Target(peer.name(), peer.url(), peer::pids));
                }
                String left = peers.missing().isEmpty() ? ""
                        : "\nLeft out (not installed and not installable here): " + peers.missing() + "\n";
                String report = run(targets, rounds, seconds, connections, window) + left
                        + policies(policies, backend.url("/echo"), port, rounds, seconds, connections, window);
                int quietPort = TomcatInstall.freePort();
                TomcatInstall quiet = gateway(dist, out.resolve("metrics-off"), " metrics=\"false\"", catalog,
                        quietPort);
                try {
                    Map<String, URI> metrics = new LinkedHashMap<>();
                    metrics.put("off", URI.create("ws://127.0.0.1:" + quietPort + "/echowebsocket/1.0"));
                    metrics.put("on", targets.get(1).url());
                    report += pairs("Echo throughput with metrics on vs off: a second Tomcat whose valve has "
                            + "`metrics=\"false\"`, run alternately with the first", metrics, rounds, seconds,
                            connections, window);
                } finally {
                    quiet.stop(Duration.ofSeconds(20));
                }
                report += clusterWide(dist, out, catalog, policies, port, rounds, seconds, connections, window);
                System.out.println(report);
                Files.writeString(out.resolve("results.md"), report);
            } finally {
                tomcat.stop(Duration.ofSeconds(20));
            }
        }
    }

    /** A Tomcat 11 distribution with the valve (and {@code valveAttributes}) and the catalog, started. */
    private static TomcatInstall gateway(Path dist, Path under, String valveAttributes, String catalog, int port)
            throws IOException, InterruptedException {
        return TomcatInstall.unpack(dist.resolve("tomcat-" + System.getProperty("tomcat11.version") + ".tar.gz"),
                        under)
                .installValveJar(dist.resolve("ws-gateway-valve-" + System.getProperty("project.version") + ".jar"))
                .addValve("<Valve className=\"org.wsgateway.valve.GatewayValve\"" + valveAttributes + "/>")
                .writeGatewayConfig(catalog)
                .usePorts(port)
                .start(port, Map.of(), Duration.ofSeconds(90));
    }

    /**
     * Throughput and latency of every target, interleaved: each round runs the targets in a rotated order (A B C,
     * B C A, ...), so drift hits them alike; ratios are taken per round against direct, then the median.
     */
    private static String run(List<Target> targets, int rounds, double seconds, int connections, int window)
            throws Exception {
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        Map<String, List<Double>> ratios = new LinkedHashMap<>();
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        Map<String, List<double[]>> latencies = new LinkedHashMap<>();
        // A round that is not recorded: the JVMs compile their hot paths before anything is measured.
        for (Scenario s : SCENARIOS) {
            for (Target target : targets) {
                try (LoadClient client = LoadClient.open(target.url(), connections, s.text(), s.size())) {
                    client.throughput(window, 1, seconds);
                }
            }
        }
        System.out.println("warm-up done");
        for (int round = 1; round <= rounds; round++) {
            List<Target> order = new ArrayList<>(targets);
            java.util.Collections.rotate(order, -(round - 1));
            for (Scenario s : SCENARIOS) {
                Map<String, Double> thisRound = new LinkedHashMap<>();
                for (Target target : order) {
                    List<Long> pids = target.pids().get();
                    double cpuBefore = cpuSeconds(pids);
                    LoadClient.Result r;
                    try (LoadClient client = LoadClient.open(target.url(), connections, s.text(), s.size())) {
                        r = client.throughput(window, 1, seconds);
                    }
                    double cpuUsed = cpuSeconds(pids) - cpuBefore;
                    thisRound.put(target.name(), r.rate());
                    rates.computeIfAbsent(s.name() + "|" + target.name(), k -> new ArrayList<>()).add(r.rate());
                    if (!pids.isEmpty()) {
                        cpu.computeIfAbsent(s.name() + "|" + target.name(), k -> new ArrayList<>())
                                .add(cpuUsed * 1e6 / r.messages());
                    }
                    System.out.printf(Locale.ROOT, "round %d %-14s %-8s %,10.0f msg/s  proxy CPU %.2f us/msg%n",
                            round, s.name(), target.name(), r.rate(), pids.isEmpty() ? 0 : cpuUsed * 1e6
                                    / r.messages());
                }
                thisRound.forEach((name, rate) -> ratios.computeIfAbsent(s.name() + "|" + name,
                        k -> new ArrayList<>()).add(rate / thisRound.get("direct")));
            }
            for (int rate : RATES) {
                for (Target target : order) {
                    LoadClient.Result r;
                    try (LoadClient client = LoadClient.open(target.url(), connections, true, 128)) {
                        r = client.latency(rate, 1, seconds);
                    }
                    double p50 = r.latency().getValueAtPercentile(50) / 1000.0;
                    double p99 = r.latency().getValueAtPercentile(99) / 1000.0;
                    latencies.computeIfAbsent(rate + "|" + target.name(), k -> new ArrayList<>())
                            .add(new double[] {p50, p99});
                    System.out.printf(Locale.ROOT, "round %d %,6d msg/s %-8s p50 %8.1f us  p99 %8.1f us%n", round,
                            rate, target.name(), p50, p99);
                }
            }
        }
        return report(targets, rates, ratios, cpu, latencies, rounds, seconds, connections, window);
    }

    private static String report(List<Target> targets, Map<String, List<Double>> rates,
            Map<String, List<Double>> ratios, Map<String, List<Double>> cpu, Map<String, List<double[]>> latencies,
            int rounds, double seconds, int connections, int window) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%n## Echo through each relay vs direct (median of %d rounds, targets "
                + "interleaved; throughput: %d connections x %d in flight, %.0f s each, every echo verified)%n%n",
                rounds, connections, window, seconds));
        sb.append("| |");
        targets.forEach(t -> sb.append(' ').append(t.name()).append(" |"));
        sb.append("\n|---|");
        targets.forEach(t -> sb.append("---:|"));
        sb.append('\n');
        for (Scenario s : SCENARIOS) {
            sb.append("| ").append(s.name()).append(" echo |");
            for (Target t : targets) {
                double rate = median(rates.get(s.name() + "|" + t.name()));
                sb.append(t.name().equals("direct")
                        ? String.format(Locale.ROOT, " %,.0f msg/s |", rate)
                        : String.format(Locale.ROOT, " %.2fx |", median(ratios.get(s.name() + "|" + t.name()))));
            }
            sb.append('\n');
        }
        for (Scenario s : SCENARIOS) {
            sb.append("| proxy CPU per ").append(s.name()).append(" round trip |");
            for (Target t : targets) {
                List<Double> c = cpu.get(s.name() + "|" + t.name());
                sb.append(c == null ? " - |" : String.format(Locale.ROOT, " %.2f µs |", median(c)));
            }
            sb.append('\n');
        }
        for (int rate : RATES) {
            sb.append(String.format(Locale.ROOT, "| RTT p50 / p99 at %,d msg/s (128 B text) |", rate));
            for (Target t : targets) {
                double[] m = medians(latencies.get(rate + "|" + t.name()));
                sb.append(String.format(Locale.ROOT, " %,.0f / %,.0f µs |", m[0], m[1]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Handshake rates with each kind of authentication, and throughput through a full policy chain. */
    private static String policies(PolicyBench bench, URI direct, int port, int rounds, double seconds,
            int connections, int window) throws Exception {
        String gateway = "ws://127.0.0.1:" + port;
        Map<String, URI> handshakes = new LinkedHashMap<>();
        handshakes.put("direct (no gateway)", direct);
        handshakes.put("gateway, open", URI.create(gateway + "/echowebsocket/1.0"));
        handshakes.put("gateway, API key", URI.create(gateway + "/keyed/1?apikey=" + bench.apiKey));
        handshakes.put("gateway, JWT", URI.create(gateway + "/tokens/1?access_token=" + bench.token()));
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        for (int round = 0; round <= rounds; round++) {
            for (Map.Entry<String, URI> target : handshakes.entrySet()) {
                double rate = PolicyBench.handshakesPerSecond(target.getValue(), seconds);
                System.out.printf(Locale.ROOT, "round %d handshakes %-22s %,8.0f /s%n", round, target.getKey(), rate);
                if (round > 0) {
                    rates.computeIfAbsent(target.getKey(), k -> new ArrayList<>()).add(rate);
                }
            }
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%n## Handshakes per second (median of %d "
                + "rounds after a warm-up, 8 workers each opening a TCP connection, upgrading it and closing it, one after another, %.0f s each)%n%n"
                + "| target | handshakes/s | vs direct |%n|---|---:|---:|%n", rounds, seconds));
        double directRate = median(rates.get("direct (no gateway)"));
        rates.forEach((name, list) -> sb.append(PolicyBench.row(name, directRate, median(list))));

        Map<String, URI> chains = new LinkedHashMap<>();
        chains.put("no policies", URI.create(gateway + "/echowebsocket/1.0"));
        chains.put("full chain", URI.create(gateway + "/keyed/1?apikey=" + bench.apiKey));
        return sb + pairs("Echo throughput through a full policy chain vs none", chains, rounds, seconds,
                connections, window);
    }

    /**
     * What counting the limits in Redis costs: a second Tomcat with {@code redis} set and the same catalog, against
     * the first (which counts per node), for handshakes with an API key, a per-address connection cap and a
     * handshake rate, and for echo through the full chain (its plan counts every message and byte).
     */
    private static String clusterWide(Path dist, Path out, String catalog, PolicyBench bench, int port, int rounds,
            double seconds, int connections, int window) throws Exception {
        try (BenchRedis redis = BenchRedis.start(out.resolve("redis"))) {
            if (redis == null) {
                return "\nLeft out: limits counted in Redis (redis-server is not installed)\n";
            }
            int redisPort = TomcatInstall.freePort();
            TomcatInstall clustered = gateway(dist, out.resolve("redis-limits"), " redis=\"" + redis.url() + "\"",
                    catalog, redisPort);
            try {
                String query = "/keyed/1?apikey=" + bench.apiKey;
                Map<String, URI> two = new LinkedHashMap<>();
                two.put("per node", URI.create("ws://127.0.0.1:" + port + query));
                two.put("in Redis", URI.create("ws://127.0.0.1:" + redisPort + query));
                // The second Tomcat starts cold: echo first (its first round is not recorded), then a warm-up of
                // handshakes, so both are measured warm.
                double cpuBefore = cpuSeconds(redis.pid());
                String echo = pairs("Echo through the full policy chain (plan counting every message and byte): "
                        + "limits per node vs in Redis", two, rounds, seconds, connections, window);
                double redisCpu = cpuSeconds(redis.pid()) - cpuBefore;
                // The first Tomcat has run every handshake section before; the second gets as many seconds now.
                PolicyBench.handshakesPerSecond(two.get("per node"), seconds * 2);
                PolicyBench.handshakesPerSecond(two.get("in Redis"), seconds * 12);
                Map<String, List<Double>> rates = new LinkedHashMap<>();
                for (int round = 1; round <= rounds; round++) {
                    for (Map.Entry<String, URI> target : two.entrySet()) {
                        double rate = PolicyBench.handshakesPerSecond(target.getValue(), seconds);
                        System.out.printf(Locale.ROOT, "round %d handshakes limits %-9s %,8.0f /s%n", round,
                                target.getKey(), rate);
                        rates.computeIfAbsent(target.getKey(), k -> new ArrayList<>()).add(rate);
                    }
                }
                double perNode = median(rates.get("per node"));
                double inRedis = median(rates.get("in Redis"));
                String handshakes = String.format(Locale.ROOT, "%n## Limits counted in Redis vs per node (a second "
                        + "Tomcat with `redis=\"%s\"`, same catalog; median of %d rounds after a warm-up)%n%n"
                        + "| handshakes with an API key, a per-address connection cap and a handshake rate | per "
                        + "node | in Redis | in Redis/per node |%n|---|---:|---:|---:|%n| handshakes/s | %,.0f | %,.0f "
                        + "| %.2fx |%n", redis.url(), rounds, perNode, inRedis, inRedis / perNode);
                return handshakes + echo + String.format(Locale.ROOT, "%nRedis's own CPU over the echo rounds: "
                        + "%.1f s%n", redisCpu);
            } finally {
                clustered.stop(Duration.ofSeconds(20));
            }
        }
    }

    /**
     * Binary echo throughput of two targets, run back to back in each round (after one unrecorded round); the
     * ratio second/first per round, then the median.
     */
    private static String pairs(String title, Map<String, URI> two, int rounds, double seconds, int connections,
            int window) throws Exception {
        List<String> names = new ArrayList<>(two.keySet());
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%n## %s (median of %d rounds, %d "
                + "connections x %d in flight)%n%n| message | %s msg/s | %s msg/s | %s/%s |%n|---|---:|---:|---:|%n",
                title, rounds, connections, window, names.get(0), names.get(1), names.get(1), names.get(0)));
        for (Scenario s : List.of(SCENARIOS.get(1), SCENARIOS.get(2))) {
            List<Double> first = new ArrayList<>();
            List<Double> second = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            for (int round = 0; round <= rounds; round++) {
                double[] r = new double[2];
                int i = 0;
                for (URI target : two.values()) {
                    try (LoadClient client = LoadClient.open(target, connections, s.text(), s.size())) {
                        r[i++] = client.throughput(window, 1, seconds).rate();
                    }
                }
                System.out.printf(Locale.ROOT, "round %d %-14s %s %,10.0f %s %,10.0f msg/s%n", round, s.name(),
                        names.get(0), r[0], names.get(1), r[1]);
                if (round > 0) {
                    first.add(r[0]);
                    second.add(r[1]);
                    ratios.add(r[1] / r[0]);
                }
            }
            sb.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %.2fx |%n", s.name(), median(first),
                    median(second), median(ratios)));
        }
        return sb.toString();
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
    }

    private static double[] medians(List<double[]> values) {
        double[] p50 = values.stream().mapToDouble(v -> v[0]).sorted().toArray();
        double[] p99 = values.stream().mapToDouble(v -> v[1]).sorted().toArray();
        return new double[] {p50[p50.length / 2], p99[p99.length / 2]};
    }

    /** User plus system CPU time of processes, from /proc (Linux); NaN elsewhere. */
    private static double cpuSeconds(List<Long> pids) {
        double total = 0;
        for (long pid : pids) {
            total += cpuSeconds(pid);
        }
        return total;
    }

    /** User plus system CPU time of a process, from /proc (Linux); NaN elsewhere. */
    private static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
