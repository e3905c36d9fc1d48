package org.wsgateway.policy;

import java.util.Map;

/**
 * A policy's answer to a handshake: go on ({@link #PASS}) or refuse with an exact HTTP status, a message a person
 * can act on, and headers such as {@code WWW-Authenticate} or {@code Retry-After}.
 *
 * @param status  the HTTP status, or 0 for {@link #PASS}
 * @param message one line for the client
 * @param headers extra response headers
 */
public record Verdict(int status, String message, Map<String, String> headers) {

    public static final Verdict PASS = new Verdict(0, "", Map.of());

    public Verdict {
        headers = Map.copyOf(headers);
    }

    public static Verdict refuse(int status, String message) {
        return new Verdict(status, message, Map.of());
    }

    public static Verdict refuse(int status, String message, String header, String value) {
        return new Verdict(status, message, Map.of(header, value));
    }

    public boolean passed() {
        return status == 0;
    }
}
