package org.wsgateway.relay;

import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import org.wsgateway.metrics.SessionMetrics;
import org.wsgateway.policy.Direction;
import org.wsgateway.policy.UpgradeRequest;
import org.wsgateway.policy.MessageAction;
import org.wsgateway.policy.MessageGuard;
import org.wsgateway.relay.backend.BackendLeg;
import org.wsgateway.relay.frame.CloseCodes;

/**
 * What the API's policies do to one relayed connection: their guard's word on every piece (close, or pause the
 * sender to shape it to a plan), text messages held whole for validation, and the end of the connection when its
 * credential expires. Each direction's calls come from that direction's thread.
 */
final class SessionPolicies {

    private final RelaySession session;
    private final BackendLeg backend;
    private final UpgradeRequest upgrade;
    private final MessageGuard guard;
    /** Text messages held for validation, per direction; {@code null} when no policy validates that way. */
    private final HeldText heldInbound;
    private final HeldText heldOutbound;
    private volatile boolean clientShaped;
    private volatile boolean backendShaped;
    private volatile ScheduledFuture<?> expiry;
    private final SessionMetrics metrics;

    /** @param guard the policies' guard over messages, or {@code null} if none looks at them */
    SessionPolicies(RelaySession session, BackendLeg backend, UpgradeRequest upgrade, MessageGuard guard,
            SessionMetrics metrics) {
        this.session = session;
        this.backend = backend;
        this.upgrade = upgrade;
        this.guard = guard;
        this.metrics = metrics;
        this.heldInbound = guard != null && guard.holdsText(Direction.INBOUND) ? new HeldText() : null;
        this.heldOutbound = guard != null && guard.holdsText(Direction.OUTBOUND) ? new HeldText() : null;
    }

    /** A connection whose credential (a token) expires is closed then: 1008 to both sides. */
    void start() {
        Instant expires = upgrade.expires();
        if (expires != null) {
            long millis = Math.max(0, expires.toEpochMilli() - System.currentTimeMillis());
            expiry = backend.eventLoop().schedule(() -> session.closeBoth(CloseCodes.POLICY_VIOLATION,
                    "token expired"), millis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Asks the guard about a piece: false if the connection is being closed for it (the piece is released); true if
     * it goes on, perhaps after pausing its sender (shaping).
     */
    boolean admit(Direction direction, boolean text, boolean first, boolean last, ByteBuf piece) {
        if (guard == null) {
            return true;
        }
        MessageAction action = guard.onPiece(direction, text, first, last, piece.readableBytes());
        if (action instanceof MessageAction.Close close) {
            piece.release();
            closeFor(direction, close);
            return false;
        }
        if (action instanceof MessageAction.Pause pause) {
            shape(direction, pause.nanos());
        }
        return true;
    }

    /** Whether text messages going this way are held until complete. */
    boolean holds(Direction direction) {
        return (direction == Direction.INBOUND ? heldInbound : heldOutbound) != null;
    }

    /**
     * Holds a piece of a text message: the whole message once complete and valid, to go on as one message;
     * {@code null} while incomplete, or when refused (then the connection is being closed).
     */
    ByteBuf hold(Direction direction, ByteBuf piece, boolean last) {
        HeldText held = direction == Direction.INBOUND ? heldInbound : heldOutbound;
        ByteBuf whole = held.add(backend.alloc(), piece, last);
        if (whole == null) {
            return null;
        }
        MessageAction action = guard.onText(direction, whole.nioBuffer());
        if (action instanceof MessageAction.Close close) {
            whole.release();
            closeFor(direction, close);
            return null;
        }
        return whole;
    }

    private void closeFor(Direction direction, MessageAction.Close close) {
        metrics.policyClosed();
        boolean inbound = direction == Direction.INBOUND;
        session.closeBackend(inbound ? close.otherCode() : close.senderCode(), close.reason());
        session.closeClient(inbound ? close.senderCode() : close.otherCode(), close.reason());
    }

    /** Stops reading the sender for a while: nothing is lost, the sender's TCP window fills and it slows down. */
    private void shape(Direction direction, long nanos) {
        metrics.shaped();
        if (direction == Direction.INBOUND) {
            clientShaped = true;
            backend.eventLoop().schedule(() -> {
                clientShaped = false;
                session.resumeClient();
            }, nanos, TimeUnit.NANOSECONDS);
        } else {
            backendShaped = true;
            backend.pauseReading();
            backend.eventLoop().schedule(() -> {
                backendShaped = false;
                backend.resumeReading();
            }, nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Whether the client is not read now to slow it down. */
    boolean clientShaped() {
        return clientShaped;
    }

    /** Whether the backend is not read now to slow it down. */
    boolean backendShaped() {
        return backendShaped;
    }

    /** Both legs have ended: drop held messages and the expiry timer. */
    void end() {
        if (heldInbound != null) {
            heldInbound.release();
        }
        if (heldOutbound != null) {
            backend.eventLoop().execute(heldOutbound::release);
        }
        if (expiry != null) {
            expiry.cancel(false);
        }
    }
}
