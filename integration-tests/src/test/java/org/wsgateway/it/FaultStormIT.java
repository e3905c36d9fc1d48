package org.wsgateway.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wsgateway.it.ProcessProbe.Sockets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 60-second fault storm on the real Tomcat 11 distribution, installed as the README says and run with
 * {@code -Xmx256m}: 500 connections at once, well-behaved echo clients among slow readers, resets mid-frame, backend
 * kills, deflate bombs and ping floods ({@link StormClients#mix()}). Afterwards no TCP socket is left on either leg
 * (Tomcat's, from {@code /proc}, and the backend's channels), the heap is back near where it started, every echo
 * came back intact with a normal close, and Tomcat still serves a fresh echo. {@code -Dstorm.without=ping-flood,...}
 * leaves kinds out (their slots go to echo clients), to see which of them a failure needs.
 */
class FaultStormIT {

    private static final Duration STORM = Duration.ofSeconds(60);
    private static final Duration RAMP = Duration.ofSeconds(5);
    /** After the storm: the longest a connection's own waits may take to end it. */
    private static final Duration GRACE = Duration.ofSeconds(45);
    private static final int SLOTS = 500;
    private static final long HEAP_MARGIN = 32L << 20;

    private static GatewayDistribution gateway;
    private static ProcessProbe tomcat;

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayDistribution.install(System.getProperty("tomcat11.version"), false, 2);
        gateway.start("-Xmx256m -XX:MaxDirectMemorySize=64m");
        tomcat = new ProcessProbe(gateway.tomcat().pid());
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.stop();
        }
    }

    @Test
    void leavesNoSocketsNorHeapBehindAndEveryEchoIntactAfterASixtySecondFaultStorm() throws Exception {
        freshEcho();
        // The baseline is taken once the warm-up connection is gone from both of Tomcat's legs, not only the backend.
        Await.until("the warm-up connection to end", 10, () -> gateway.backend().openChannels() == 0
                && sockets().sameLegs(new Sockets(0, 0, 0)));
        Sockets socketsBefore = sockets();
        long heapBefore = tomcat.usedHeapAfterGc();

        List<FaultStorm.Kind> mix = StormClients.mix(Set.of(System.getProperty("storm.without", "").split(",")));
        assertEquals(SLOTS, mix.stream().mapToInt(FaultStorm.Kind::slots).sum());
        List<FaultStorm.Tally> tallies;
        int peak;
        long started = System.nanoTime();
        try (FaultStorm storm = new FaultStorm(gateway, STORM)) {
            tallies = storm.run(mix, RAMP, GRACE);
            peak = storm.peak();
        }
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();

        System.out.printf("fault storm: %d s, %d slots, %d connections at most at once%n", seconds, SLOTS, peak);
        tallies.forEach(t -> System.out.println("  " + t));
        tallies.forEach(t -> t.failures.stream().limit(3).forEach(f -> System.out.println("    failed: " + f)));
        System.out.println("  Tomcat sockets at the storm's end: " + sockets() + "; backend channels: "
                + gateway.backend().openChannels());
        try {
            Await.until("both legs to drain", 30, () -> sockets().sameLegs(socketsBefore)
                    && gateway.backend().openChannels() == 0);
        } catch (AssertionError e) {
            System.out.println("  not drained: " + sockets() + "; backend channels:\n"
                    + gateway.backend().describeOpenChannels());
            throw e;
        }
        Sockets socketsAfter = sockets();
        long heapAfter = tomcat.usedHeapAfterGc();
        freshEcho();

        System.out.printf("  Tomcat sockets before: %s; after: %s; backend channels after: %d%n", socketsBefore,
                socketsAfter, gateway.backend().openChannels());
        System.out.printf("  Tomcat heap after a full GC, before: %.1f MiB; after: %.1f MiB (limit: before + %d MiB)%n",
                heapBefore / 1048576.0, heapAfter / 1048576.0, HEAP_MARGIN >> 20);

        String failures = tallies.stream().flatMap(t -> t.failures.stream().limit(5))
                .collect(Collectors.joining("\n"));
        assertTrue(failures.isEmpty(), "connections that did not end as their kind expects:\n" + failures);
        int lost = tallies.stream().mapToInt(t -> t.lost.get()).sum();
        int connections = tallies.stream().mapToInt(t -> t.connections.get()).sum();
        assertTrue(lost * 100 <= connections, lost + " of " + connections + " connections lost before the upgrade");
        assertTrue(peak >= SLOTS * 9 / 10, peak + " connections at most at once");
        assertEquals(socketsBefore.clientLeg(), socketsAfter.clientLeg(), "Tomcat's client-leg sockets after");
        assertEquals(socketsBefore.backendLeg(), socketsAfter.backendLeg(), "Tomcat's backend-leg sockets after");
        assertEquals(0, gateway.backend().openChannels(), "backend channels after the storm");
        assertTrue(heapAfter < heapBefore + HEAP_MARGIN, "heap after the storm: " + heapAfter + " bytes, before: "
                + heapBefore);
        assertFalse(gateway.tomcat().console().contains("OutOfMemoryError"), "no OutOfMemoryError in the Tomcat log");
    }

    /** One echo with the JDK client, as in the distribution tests. */
    private static void freshEcho() throws Exception {
        TesterClient client = TesterClient.connect(gateway.ws(StormClients.ECHO));
        client.send("fresh");
        assertEquals("fresh", client.nextText());
        client.close(1000, "");
        assertEquals(1000, client.awaitClose(5).code());
    }

    private static Sockets sockets() {
        try {
            return tomcat.sockets(gateway.port(), gateway.backend().port());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
