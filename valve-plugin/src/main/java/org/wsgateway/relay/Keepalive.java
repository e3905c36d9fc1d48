package org.wsgateway.relay;

import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import org.wsgateway.api.EndpointSettings;

/**
 * Keepalive pings and the idle timeout of one relay. Each leg gets a ping after one interval without hearing from
 * its peer, and counts as gone after {@value #SILENT_INTERVALS} (so a peer has at least two pings to answer); a leg
 * that is not being read (backpressure) is not judged, since its pongs cannot be read. The idle timeout counts data
 * messages only, in either direction.
 *
 * <p>What each leg hears is a flag set on the hot path (no clock read per message) and turned into a time at the next
 * tick; a time is therefore late by at most one tick (a ping interval, or a quarter of the idle timeout).
 */
final class Keepalive {

    static final int SILENT_INTERVALS = 3;

    private final RelaySession relay;
    private final long pingNanos;
    private final long idleNanos;
    private volatile long clientSeen;
    private volatile long backendSeen;
    private volatile long dataSeen;
    private volatile boolean clientHeard;
    private volatile boolean backendHeard;
    private volatile boolean dataHeard;
    private ScheduledFuture<?> pingTask;
    private ScheduledFuture<?> idleTask;

    Keepalive(RelaySession relay, EndpointSettings settings) {
        this.relay = relay;
        this.pingNanos = settings.pingInterval().toNanos();
        this.idleNanos = settings.idleTimeout().toNanos();
    }

    void start(EventLoop loop) {
        long now = System.nanoTime();
        clientSeen = now;
        backendSeen = now;
        dataSeen = now;
        if (pingNanos > 0) {
            pingTask = loop.scheduleAtFixedRate(this::pingTick, pingNanos, pingNanos, TimeUnit.NANOSECONDS);
        }
        if (idleNanos > 0) {
            long period = Math.max(idleNanos / 4, TimeUnit.MILLISECONDS.toNanos(50));
            idleTask = loop.scheduleAtFixedRate(this::idleTick, period, period, TimeUnit.NANOSECONDS);
        }
    }

    void stop() {
        if (pingTask != null) {
            pingTask.cancel(false);
        }
        if (idleTask != null) {
            idleTask.cancel(false);
        }
    }

    void clientData() {
        if (!clientHeard) {
            clientHeard = true;
        }
        if (!dataHeard) {
            dataHeard = true;
        }
    }

    void backendData() {
        if (!backendHeard) {
            backendHeard = true;
        }
        if (!dataHeard) {
            dataHeard = true;
        }
    }

    void clientAlive() {
        clientHeard = true;
    }

    void backendAlive() {
        backendHeard = true;
    }

    private void pingTick() {
        long now = System.nanoTime();
        if (clientHeard) {
            clientHeard = false;
            clientSeen = now;
        }
        if (backendHeard) {
            backendHeard = false;
            backendSeen = now;
        }
        if (relay.clientReadPaused()) {
            clientSeen = now;
        }
        if (relay.backendReadPaused()) {
            backendSeen = now;
        }
        long clientSilent = now - clientSeen;
        long backendSilent = now - backendSeen;
        if (clientSilent >= SILENT_INTERVALS * pingNanos) {
            relay.clientUnresponsive();
        } else if (backendSilent >= SILENT_INTERVALS * pingNanos) {
            relay.backendUnresponsive();
        } else {
            if (clientSilent >= pingNanos) {
                relay.pingClient();
            }
            if (backendSilent >= pingNanos) {
                relay.pingBackend();
            }
        }
    }

    private void idleTick() {
        long now = System.nanoTime();
        if (dataHeard) {
            dataHeard = false;
            dataSeen = now;
        }
        if (now - dataSeen >= idleNanos) {
            relay.idle();
        }
    }
}
