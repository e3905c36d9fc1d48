package org.wsgateway.it.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.wsgateway.it.support.TomcatInstall;

/**
 * A Redis for the benchmark's cluster-wide limits: Debian's {@code redis-server} on a free loopback port, without
 * persistence, stopped at {@link #close()}; {@code null} from {@link #start} when it is not installed.
 */
final class BenchRedis implements AutoCloseable {

    private final Path pidFile;
    private final int port;

    private BenchRedis(Path pidFile, int port) {
        this.pidFile = pidFile;
        this.port = port;
    }

    static BenchRedis start(Path dir) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of("/usr/bin/redis-server"))) {
            return null;
        }
        Files.createDirectories(dir);
        int port = TomcatInstall.freePort();
        Path pid = dir.resolve("redis.pid");
        Process p = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--daemonize", "yes", "--pidfile", pid.toString(), "--dir", dir.toString(), "--logfile",
                dir.resolve("redis.log").toString(), "--save", "", "--appendonly", "no").inheritIO().start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("redis-server did not start");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.exists(pid) || Files.readString(pid).isBlank()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("redis-server wrote no PID file in 20 s");
            }
            Thread.sleep(50);
        }
        return new BenchRedis(pid, port);
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    long pid() throws IOException {
        return Long.parseLong(Files.readString(pidFile).trim());
    }

    @Override
    public void close() throws IOException {
        ProcessHandle.of(pid()).ifPresent(p -> {
            p.destroy();
            p.onExit().orTimeout(20, TimeUnit.SECONDS).join();
        });
    }
}
