package org.wsgateway.it.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.wsgateway.it.support.TomcatInstall;

/**
 * The reference relays the benchmark measures the gateway against, in the same run and to the same echo backend:
 * nginx with one worker (Debian's {@code nginx-light}) and HAProxy (Debian's {@code haproxy}), each configured as a
 * plain WebSocket reverse proxy on 127.0.0.1. Missing packages are installed with {@code apt-get} when the
 * benchmark runs as root; otherwise that peer is left out and the report says so.
 */
final class Peers implements AutoCloseable {

    /** One started relay: its URL for the echo, and its process (nginx: the master; its workers are children). */
    record Peer(String name, URI url, Process process) {
        /** The processes whose CPU time counts as the relay's. */
        List<Long> pids() {
            List<Long> pids = new ArrayList<>();
            pids.add(process.pid());
            process.descendants().forEach(p -> pids.add(p.pid()));
            return pids;
        }
    }

    private final List<Peer> started = new ArrayList<>();
    private final List<String> missing = new ArrayList<>();

    /** Starts nginx and HAProxy relaying to {@code backendPort}, their files under {@code dir}. */
    static Peers start(Path dir, int backendPort, String path) throws IOException, InterruptedException {
        Peers peers = new Peers();
        try {
            String nginx = installed("nginx", "nginx-light");
            if (nginx != null) {
                int port = TomcatInstall.freePort();
                Path d = Files.createDirectories(dir.resolve("nginx"));
                Files.createDirectories(d.resolve("tmp"));
                Files.writeString(d.resolve("nginx.conf"), nginxConf(d, port, backendPort));
                peers.add("nginx", port, path, new ProcessBuilder(nginx, "-p", d.toString(), "-c",
                        d.resolve("nginx.conf").toString()));
            } else {
                peers.missing.add("nginx");
            }
            String haproxy = installed("haproxy", "haproxy");
            if (haproxy != null) {
                int port = TomcatInstall.freePort();
                Path d = Files.createDirectories(dir.resolve("haproxy"));
                Files.writeString(d.resolve("haproxy.cfg"), haproxyConf(port, backendPort));
                peers.add("haproxy", port, path, new ProcessBuilder(haproxy, "-db", "-f",
                        d.resolve("haproxy.cfg").toString()));
            } else {
                peers.missing.add("haproxy");
            }
        } catch (IOException | RuntimeException | InterruptedException e) {
            peers.close();
            throw e;
        }
        return peers;
    }

    List<Peer> started() {
        return started;
    }

    /** Relays that could not be installed (left out of the run). */
    List<String> missing() {
        return missing;
    }

    private void add(String name, int port, String path, ProcessBuilder command) throws IOException,
            InterruptedException {
        Path log = Files.createTempFile("ws-gateway-bench-" + name, ".log");
        Process process = command.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(new Peer(name, URI.create("ws://127.0.0.1:" + port + path), process));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!listening(port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IOException(name + " did not start: " + Files.readString(log));
            }
            Thread.sleep(100);
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Where {@code command} is, after installing {@code debianPackage} if it was missing and we may; {@code null}
     * if it is not there.
     */
    private static String installed(String command, String debianPackage) throws InterruptedException {
        String found = find(command);
        if (found != null) {
            return found;
        }
        if (!"root".equals(System.getProperty("user.name")) || find("apt-get") == null) {
            return null;
        }
        System.out.println("installing " + debianPackage + " (apt-get) for the benchmark");
        try {
            Process p = new ProcessBuilder("sh", "-c", "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "
                    + debianPackage + " || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y "
                    + "-qq " + debianPackage + ")").inheritIO().start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            return null;
        }
        return find(command);
    }

    /** The executable {@code command} on the PATH (or in /usr/sbin), or {@code null}. */
    private static String find(String command) {
        // (Debian installs nginx and haproxy in /usr/sbin, which a non-login PATH may lack.)
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin";
        for (String dir : path.split(":")) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    /** nginx with one worker as a WebSocket reverse proxy (the usual Upgrade/Connection forwarding). */
    static String nginxConf(Path dir, int port, int backendPort) {
        return String.join("\n",
                "daemon off;",
                "master_process on;",
                "worker_processes 1;",
                "worker_rlimit_nofile 20000;",
                "pid " + dir.resolve("nginx.pid") + ";",
                "error_log " + dir.resolve("error.log") + " warn;",
                "events { worker_connections 19500; }",
                "http {",
                "  access_log off;",
                "  client_body_temp_path " + dir.resolve("tmp/body") + "; proxy_temp_path " + dir.resolve("tmp/proxy")
                        + "; fastcgi_temp_path " + dir.resolve("tmp/fcgi") + ";",
                "  uwsgi_temp_path " + dir.resolve("tmp/uwsgi") + "; scgi_temp_path " + dir.resolve("tmp/scgi") + ";",
                "  map $http_upgrade $connection_upgrade { default upgrade; '' close; }",
                "  server {",
                "    listen 127.0.0.1:" + port + " backlog=4096;",
                "    location / {",
                "      proxy_pass http://127.0.0.1:" + backendPort + ";",
                "      proxy_http_version 1.1;",
                "      proxy_set_header Upgrade $http_upgrade;",
                "      proxy_set_header Connection $connection_upgrade;",
                "      proxy_set_header Host $host;",
                "      proxy_read_timeout 3600s;",
                "      proxy_send_timeout 3600s;",
                "    }",
                "  }",
                "}", "");
    }

    /** HAProxy in HTTP mode, which tunnels an upgraded connection. */
    static String haproxyConf(int port, int backendPort) {
        return String.join("\n",
                "global",
                "  maxconn 9800",
                "defaults",
                "  mode http",
                "  timeout connect 5s",
                "  timeout client 60s",
                "  timeout server 60s",
                "  timeout tunnel 1h",
                "frontend fe",
                "  bind 127.0.0.1:" + port + " backlog 4096",
                "  default_backend be",
                "backend be",
                "  server echo 127.0.0.1:" + backendPort, "");
    }

    /** Stops every started relay (by its own process handle, then forcibly after 10 s). */
    @Override
    public void close() {
        for (Peer peer : started) {
            peer.process().destroy();
        }
        for (Peer peer : started) {
            try {
                if (!peer.process().waitFor(10, TimeUnit.SECONDS)) {
                    peer.process().descendants().forEach(ProcessHandle::destroyForcibly);
                    peer.process().destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
