package org.wsgateway.store;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A throwaway PostgreSQL server for tests: Debian's {@code postgresql} binaries, a cluster made with {@code initdb}
 * in a temp dir, started with {@code pg_ctl} on a free loopback port, with a password user {@code wsgateway}, and
 * removed at {@link #close()}. As root (CI) the server runs as the {@code postgres} user, which it insists on. Without
 * the binaries the test is skipped, except under {@code CI=true}, where that is a failure ({@code .ci/run} installs
 * them).
 */
public final class TesterPostgres implements AutoCloseable {

    public static final String USER = "wsgateway";

    private final Path dir;
    private final Path bin;
    private final int port;
    private final String password = UUID.randomUUID().toString();
    private final boolean root = "root".equals(System.getProperty("user.name"));

    private TesterPostgres(Path bin) throws IOException {
        this.bin = bin;
        this.dir = Files.createTempDirectory("wsg-pg-");
        this.port = freePort();
    }

    /** Makes and starts a server. */
    public static TesterPostgres start() throws IOException, InterruptedException {
        Path bin = binaries();
        if (bin == null) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("PostgreSQL is not installed (apt-get install postgresql)");
            }
            Assumptions.abort("PostgreSQL is not installed (apt-get install postgresql); skipped");
        }
        TesterPostgres pg = new TesterPostgres(bin);
        pg.init();
        pg.startServer();
        return pg;
    }

    private static Path binaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString()
                            .replaceAll("\\D", "0")))).orElse(null);
        }
    }

    private void init() throws IOException, InterruptedException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Path pwfile = dir.resolve("pw");
        Files.writeString(pwfile, password, StandardCharsets.UTF_8);
        if (root) {
            run("chown", "-R", "postgres:postgres", dir.toString());
        }
        runAsOwner(bin.resolve("initdb").toString(), "-D", data(), "-U", USER, "--pwfile=" + pwfile, "-A",
                "scram-sha-256", "-E", "UTF8", "--no-sync");
    }

    private void startServer() throws IOException, InterruptedException {
        runAsOwner(bin.resolve("pg_ctl").toString(), "-D", data(), "-l", dir.resolve("log").toString(), "-w", "-t",
                "60", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1", "start");
    }

    /** Stops the server as an operator would for maintenance ({@code pg_ctl -m fast}), and starts it again. */
    public void restart() throws IOException, InterruptedException {
        stopServer();
        startServer();
    }

    /** Stops the server (fast shutdown: sessions are ended, committed work is kept). */
    public void stopServer() throws IOException, InterruptedException {
        runAsOwner(bin.resolve("pg_ctl").toString(), "-D", data(), "-m", "fast", "-w", "stop");
    }

    public int port() {
        return port;
    }

    public String password() {
        return password;
    }

    /** The JDBC URL of the {@code postgres} database. */
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** A DataSource without a pool (each connection is new). */
    public PGSimpleDataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url());
        ds.setUser(USER);
        ds.setPassword(password);
        ds.setConnectTimeout(5);
        ds.setSocketTimeout(30);
        return ds;
    }

    /** Runs SQL statements, each on its own. */
    public void execute(String... sql) throws SQLException {
        try (Connection c = dataSource().getConnection(); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            stopServer();
        } catch (IOException e) {
            // Not running.
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private String data() {
        return dir.resolve("data").toString();
    }

    private void runAsOwner(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (root) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(List.of(command));
        run(cmd.toArray(String[]::new));
    }

    private void run(String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("wsg-pg-cmd", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in 90 s");
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): "
                        + Files.readString(out));
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
