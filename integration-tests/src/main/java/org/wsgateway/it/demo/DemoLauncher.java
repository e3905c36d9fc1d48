package org.wsgateway.it.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.wsgateway.it.support.TesterBackend;
import org.wsgateway.it.support.TomcatInstall;

/**
 * The README's demo: a real Apache Tomcat distribution with the gateway installed as the README says, the
 * EchoWebSocket API from {@code conf-samples/ws-gateway.xml}, the admin WAR, and an echo backend on port 9001.
 * Runs until Ctrl+C. Properties: {@code demo.port} (default 8080), {@code demo.tomcat} (default the Tomcat 11
 * version), {@code dist.dir}, {@code conf.samples}.
 */
public final class DemoLauncher {

    private DemoLauncher() {
    }

    public static void main(String[] args) throws Exception {
        Path dist = Path.of(System.getProperty("dist.dir", "target/dist"));
        Path samples = Path.of(System.getProperty("conf.samples", "../conf-samples"));
        int port = Integer.getInteger("demo.port", 8080);
        String version = System.getProperty("demo.tomcat", System.getProperty("tomcat11.version"));
        String valveJar = "ws-gateway-valve-" + System.getProperty("project.version") + ".jar";

        TesterBackend backend = startBackend();
        TomcatInstall tomcat = TomcatInstall.unpack(dist.resolve("tomcat-" + version + ".tar.gz"),
                dist.getParent().resolve("demo"));
        String snippet = Files.readString(samples.resolve("server-snippet.xml"));
        String config = Files.readString(samples.resolve("ws-gateway.xml"))
                .replace("ws://127.0.0.1:9001/echo", backend.url("/echo").toString());
        // No default password anywhere: the demo's admin gets a fresh random one, stored only as a PBKDF2 hash.
        String password = randomPassword();
        tomcat.installValveJar(dist.resolve(valveJar))
                .addValve(snippet.substring(snippet.indexOf("<Valve")))
                .writeGatewayConfig(config)
                .deployWar(dist.resolve("ws-admin.war"), "ws-admin.war")
                .hashPasswords()
                .addUser("admin", password, "ws-admin");
        if (port != 8080) {
            tomcat.usePorts(port);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                System.out.println("Stopping the demo...");
                tomcat.stop(Duration.ofSeconds(20));
                backend.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                stopped.countDown();
            }
        }));
        try {
            tomcat.start(port, Map.of(), Duration.ofSeconds(120));
        } catch (IllegalStateException e) {
            System.err.println("Tomcat did not start. Is port " + port + " free? Choose another with -Ddemo.port=8081");
            throw e;
        }
        Path home = tomcat.home().toAbsolutePath();
        System.out.println();
        System.out.println("ws-gateway demo is running: Apache Tomcat " + version + " in " + home);
        System.out.println("  WebSocket API EchoWebSocket: ws://localhost:" + port + "/echowebsocket/1.0");
        System.out.println("      relayed to the demo echo backend at " + backend.url("/echo"));
        System.out.println("  Try it:   python3 -m websockets ws://localhost:" + port + "/echowebsocket/1.0");
        System.out.println("            (Debian/Ubuntu: apt-get install python3-websockets)");
        System.out.println("  Portal:   http://localhost:" + port + "/ws-admin/  (REST API: /ws-admin/api/v1, "
                + "described at /ws-admin/api/v1/openapi.json)");
        System.out.println("            user admin, password " + password + " (generated for this run; role ws-admin)");
        System.out.println("  Try:      curl -u admin:" + password + " http://localhost:" + port
                + "/ws-admin/api/v1/apis");
        System.out.println("  APIs:     " + home.resolve("conf/ws-gateway.xml") + " (edits apply live)");
        System.out.println("  Log:      " + home.resolve("logs/console.log"));
        System.out.println("Press Ctrl+C to stop.");
        while (tomcat.isRunning()) {
            Thread.sleep(500);
        }
        System.out.println("Tomcat exited; see " + home.resolve("logs/console.log"));
        backend.close();
    }

    private static String randomPassword() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        java.security.SecureRandom random = new java.security.SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return password.toString();
    }

    private static TesterBackend startBackend() throws InterruptedException {
        try {
            return TesterBackend.startOn(9001, 1);
        } catch (Exception e) {
            System.out.println("Port 9001 is taken; the echo backend uses a free port instead.");
            return TesterBackend.startOn(0, 1);
        }
    }
}
