package org.wsgateway.policy;

/**
 * One policy at work for one API. Runs at the handshake, and may watch the connection's messages through a
 * {@link MessageGuard} of its own.
 *
 * <p>An implementation MAY keep state shared between connections only in the {@link PolicyState} it was created
 * with (so it survives catalog reloads); it MUST NOT block, and MUST NOT throw for a client's bad input: a rejection
 * is a {@link Verdict}, not an exception.
 */
public interface Policy {

    /** Decides on a handshake; {@link Verdict#PASS} lets it go on to the next policy. */
    default Verdict onHandshake(UpgradeRequest upgrade) {
        return Verdict.PASS;
    }

    /**
     * Called once the handshake has passed every policy, before the upgrade: the guard for this connection's
     * messages, or {@code null} when this policy does not look at messages.
     */
    default MessageGuard open(UpgradeRequest upgrade) {
        return null;
    }
}
