package org.wsgateway.policy;

/** Which way a message travels. */
public enum Direction {
    /** From the client to the backend. */
    INBOUND("inbound", "client"),
    /** From the backend to the client. */
    OUTBOUND("outbound", "backend");

    private final String label;
    private final String sender;

    Direction(String label, String sender) {
        this.label = label;
        this.sender = sender;
    }

    /** {@code inbound} or {@code outbound}, as in settings. */
    public String label() {
        return label;
    }

    /** Who sends messages this way: {@code client} or {@code backend}. */
    public String sender() {
        return sender;
    }
}
