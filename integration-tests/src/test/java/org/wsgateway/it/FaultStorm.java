package org.wsgateway.it;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.wsgateway.it.support.TesterConnection;
import org.wsgateway.it.support.TesterNettyClient;

/**
 * A storm of WebSocket connections against a gateway, bounded in time: slots, each of one {@link Kind}, run one
 * connection after another until the storm is over, all slots at once (their starts spread over the first seconds).
 * Every connection's outcome is tallied by kind; one that does not end as its kind expects is a failure, with its
 * reason. Loopback only; the clients share one event loop group.
 */
final class FaultStorm implements AutoCloseable {

    /** One connection of a kind, from its handshake to its end; throws if it did not end as expected. */
    interface Lifecycle {
        void run(FaultStorm storm, Attempt attempt) throws Exception;
    }

    /** A kind of connection, how many slots run it, and each slot's pause between two connections. */
    record Kind(String name, int slots, Duration pause, Lifecycle lifecycle) {
    }

    /**
     * A handshake answered 503 (too many pending backend handshakes of the API), or a TCP connection lost before any
     * answer (a full accept queue on a loaded machine): nothing was sent, so nothing can be lost; tried again a
     * second later, and counted.
     */
    static final class Refused extends Exception {
        final boolean lost;

        Refused(boolean lost) {
            super(lost ? "lost before the upgrade" : "503", null, false, false);
            this.lost = lost;
        }
    }

    /** What the connections of one kind did. */
    static final class Tally {
        final Kind kind;
        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();
        final AtomicInteger lost = new AtomicInteger();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong maxHeld = new AtomicLong();
        final Map<Integer, AtomicInteger> closes = new ConcurrentSkipListMap<>();
        final Queue<String> failures = new ConcurrentLinkedQueue<>();

        Tally(Kind kind) {
            this.kind = kind;
        }

        @Override
        public String toString() {
            return String.format("%-15s %3d slots %5d connections %4d refused (503) %3d lost before the upgrade "
                    + "%,14d bytes  closes %s%s", kind.name(), kind.slots(), connections.get(), refused.get(),
                    lost.get(), bytes.get(), closes,
                    maxHeld.get() > 0 ? String.format("  at most %,d bytes held", maxHeld.get()) : "");
        }
    }

    /** One connection's bookkeeping: its id (in its query string) and its kind's tally. */
    final class Attempt {
        final String id;
        final Tally tally;
        private boolean connected;

        Attempt(String id, Tally tally) {
            this.id = id;
            this.tally = tally;
        }

        /** The handshake succeeded: the connection counts as live. */
        void connected() {
            connected = true;
            tally.connections.incrementAndGet();
            peak.accumulateAndGet(live.incrementAndGet(), Math::max);
        }

        void closed(int code) {
            tally.closes.computeIfAbsent(code, c -> new AtomicInteger()).incrementAndGet();
        }

        void bytes(long n) {
            tally.bytes.addAndGet(n);
        }

        void held(long n) {
            tally.maxHeld.accumulateAndGet(n, Math::max);
        }
    }

    private final GatewayDistribution gateway;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final long end;
    private final AtomicInteger live = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<String, TesterConnection> watched = new ConcurrentHashMap<>();
    private final Thread indexer;

    /** A storm of {@code length} from now. */
    FaultStorm(GatewayDistribution gateway, Duration length) {
        this.gateway = gateway;
        this.end = System.nanoTime() + length.toNanos();
        this.indexer = new Thread(this::indexBackendConnections, "storm-backend-index");
        indexer.setDaemon(true);
        indexer.start();
    }

    /** Runs every slot of every kind until the storm is over and each slot's last connection ended. */
    List<Tally> run(List<Kind> kinds, Duration ramp, Duration grace) throws InterruptedException {
        int total = kinds.stream().mapToInt(Kind::slots).sum();
        List<Tally> tallies = new ArrayList<>();
        List<Thread> slots = new ArrayList<>();
        int n = 0;
        for (Kind kind : kinds) {
            Tally tally = new Tally(kind);
            tallies.add(tally);
            for (int i = 0; i < kind.slots(); i++) {
                long delay = ramp.toMillis() * n++ / total;
                Thread slot = new Thread(() -> slot(tally, delay), "storm-" + kind.name() + "-" + i);
                slot.setDaemon(true);
                slot.start();
                slots.add(slot);
            }
        }
        long deadline = end + grace.toNanos();
        for (Thread slot : slots) {
            slot.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (slot.isAlive()) {
                tallies.get(0).failures.add(slot.getName() + " still running " + grace + " after the storm");
            }
        }
        return tallies;
    }

    private void slot(Tally tally, long delayMillis) {
        pause(delayMillis);
        while (running()) {
            Attempt attempt = new Attempt(tally.kind.name() + "-" + ids.incrementAndGet(), tally);
            try {
                tally.kind.lifecycle().run(this, attempt);
            } catch (Refused e) {
                (e.lost ? tally.lost : tally.refused).incrementAndGet();
                pause(1000);
            } catch (Throwable t) {
                tally.failures.add(attempt.id + ": " + t);
            } finally {
                if (attempt.connected) {
                    live.decrementAndGet();
                }
            }
            pause(tally.kind.pause().toMillis());
        }
    }

    /** Whether the storm is still on (no new connection starts after it). */
    boolean running() {
        return System.nanoTime() < end;
    }

    /** Nanosecond time {@code millis} from now, but no later than the storm's end. */
    long until(long millis) {
        return Math.min(end, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /** The most connections that were live at once. */
    int peak() {
        return peak.get();
    }

    int port() {
        return gateway.port();
    }

    /** The path with the attempt's id (and whether its backend side is wanted) in the query string. */
    String path(String path, Attempt attempt, boolean watch) {
        return path + "?storm=" + attempt.id + (watch ? "&watch=1" : "");
    }

    /** The gateway's URI of {@link #path}. */
    URI ws(String path, Attempt attempt, boolean watch) {
        return gateway.ws(path(path, attempt, watch));
    }

    /** Connects a client on the storm's shared event loop group; a 503 is {@link Refused}. */
    TesterNettyClient connect(Attempt attempt, String path, boolean watch, boolean autoRead, boolean compression)
            throws Exception {
        URI uri = ws(path, attempt, watch);
        return connect(attempt, () -> TesterNettyClient.connectShared(group, uri, compression, autoRead));
    }

    /** Connects a client as {@code connect} says; a 503 is {@link Refused}. */
    TesterNettyClient connect(Attempt attempt, Callable<TesterNettyClient> connect) throws Exception {
        TesterNettyClient client;
        try {
            client = connect.call();
        } catch (IllegalStateException e) {
            if (String.valueOf(e.getMessage()).startsWith("handshake refused: 503")) {
                throw new Refused(false);
            }
            // Netty's handshaker finds the pipeline torn down when the connection closed before it could ask.
            if (String.valueOf(e.getMessage()).startsWith("ChannelPipeline does not contain")) {
                throw new Refused(true);
            }
            throw e;
        }
        attempt.connected();
        return client;
    }

    /** The backend's side of a connection opened with {@code watch}. */
    TesterConnection backendSide(Attempt attempt) throws InterruptedException {
        Await.until("the backend side of " + attempt.id, 20, () -> watched.containsKey(attempt.id));
        return watched.remove(attempt.id);
    }

    private void indexBackendConnections() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                TesterConnection c = gateway.backend().connections().poll(100, TimeUnit.MILLISECONDS);
                if (c != null && c.uri().contains("&watch=1")) {
                    String id = c.uri().substring(c.uri().indexOf("storm=") + 6, c.uri().indexOf("&watch=1"));
                    watched.put(id, c);
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** A random duration between {@code min} and {@code max} milliseconds. */
    static long millis(long min, long max) {
        return ThreadLocalRandom.current().nextLong(min, max + 1);
    }

    /** The storm's pacing: the only sleeps in it. */
    static void pause(long millis) {
        try {
            Thread.sleep(Math.max(0, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sleeps until a {@link #until} time. */
    static void pauseUntil(long nanoTime) {
        pause(TimeUnit.NANOSECONDS.toMillis(nanoTime - System.nanoTime()));
    }

    @Override
    public void close() {
        indexer.interrupt();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
