package org.wsgateway.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway Redis server for tests: Debian's {@code redis-server} on a free loopback port, without persistence, in
 * a temp dir removed at {@link #close()}. Without the binary the test is skipped, except under {@code CI=true}, where
 * that is a failure ({@code .ci/run} installs it).
 */
public final class TesterRedis implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final String password;

    private TesterRedis(String password) throws IOException {
        this.dir = Files.createTempDirectory("wsg-redis-");
        this.port = freePort();
        this.password = password;
    }

    /** Starts a server without a password. */
    public static TesterRedis start() throws IOException, InterruptedException {
        return start(null);
    }

    /** Starts a server that wants {@code password} ({@code requirepass}), or none if it is {@code null}. */
    public static TesterRedis start(String password) throws IOException, InterruptedException {
        if (!installed()) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("Redis is not installed (apt-get install redis-server)");
            }
            Assumptions.abort("Redis is not installed (apt-get install redis-server); skipped");
        }
        TesterRedis redis = new TesterRedis(password);
        redis.startServer();
        return redis;
    }

    private static boolean installed() {
        return Stream.of("/usr/bin/redis-server", "/usr/local/bin/redis-server").anyMatch(p -> Files.isExecutable(
                Path.of(p)));
    }

    /** Starts the server (again, after {@link #stopServer()}: empty, as Redis without persistence comes back). */
    public void startServer() throws IOException, InterruptedException {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("redis-server", "--port",
                String.valueOf(port), "--bind", "127.0.0.1", "--daemonize", "yes", "--pidfile",
                pidFile().toString(), "--dir", dir.toString(), "--logfile", dir.resolve("log").toString(), "--save",
                "", "--appendonly", "no"));
        if (password != null) {
            cmd.addAll(java.util.List.of("--requirepass", password));
        }
        run(cmd.toArray(String[]::new));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!answers()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("redis-server on port " + port + " did not answer in 20 s: "
                        + Files.readString(dir.resolve("log")));
            }
            Thread.sleep(50);
        }
    }

    /** Stops the server at once ({@code SIGTERM} by its PID file; nothing is saved). */
    public void stopServer() throws IOException, InterruptedException {
        if (!Files.exists(pidFile())) {
            return;
        }
        long pid = Long.parseLong(Files.readString(pidFile()).trim());
        ProcessHandle.of(pid).ifPresent(p -> {
            p.destroy();
            p.onExit().orTimeout(20, TimeUnit.SECONDS).join();
        });
        Files.deleteIfExists(pidFile());
    }

    /** Whether it answers {@code PING}. */
    public boolean answers() throws IOException, InterruptedException {
        try {
            return cli("ping").contains("PONG");
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether it answers {@code PING}, without a checked exception. */
    public boolean answersQuietly() {
        try {
            return answers();
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs a {@code redis-cli} command against it and returns what it printed. */
    public String cli(String... args) throws IOException, InterruptedException {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("redis-cli", "-h", "127.0.0.1",
                "-p", String.valueOf(port)));
        if (password != null) {
            cmd.addAll(java.util.List.of("--no-auth-warning", "-a", password));
        }
        cmd.addAll(java.util.List.of(args));
        return run(cmd.toArray(String[]::new));
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>}, with the password if it has one. */
    public String url() {
        return "redis://" + (password == null ? "" : ":" + password + "@") + "127.0.0.1:" + port;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stopServer();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private Path pidFile() {
        return dir.resolve("redis.pid");
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish in 30 s");
        }
        String text = new String(out, java.nio.charset.StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(command[0] + " failed (" + p.exitValue() + "): " + text);
        }
        return text;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
