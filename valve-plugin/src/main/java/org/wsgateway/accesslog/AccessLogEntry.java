package org.wsgateway.accesslog;

import java.util.Set;
import java.util.function.Function;

/**
 * One line of the WebSocket access log: a session that ended, or a handshake the gateway did not upgrade.
 *
 * @param opening        what the handshake said
 * @param endMillis      when the session ended or the refusal was sent, epoch milliseconds
 * @param status         the handshake's HTTP status (101 for sessions)
 * @param durationMillis from the handshake request to the end of the session (or to the refusal)
 * @param messagesIn     messages from the client
 * @param bytesIn        payload bytes from the client
 * @param messagesOut    messages to the client
 * @param bytesOut       payload bytes to the client
 * @param closedBy       who closed first ({@code client}, {@code backend}, {@code gateway}), or {@code null}
 * @param closeCode      that close's code, or 0
 * @param reason         the close reason, or why the handshake was refused; {@code null} if none
 * @param policy         the policy that refused the handshake, or {@code null}
 */
public record AccessLogEntry(Opening opening, long endMillis, int status, long durationMillis, long messagesIn,
        long bytesIn, long messagesOut, long bytesOut, String closedBy, int closeCode, String reason, String policy) {

    /**
     * What is known when the handshake is answered.
     *
     * @param clientAddress the client's IP address
     * @param path          the request path
     * @param query         the query string with credentials replaced by {@code ***}, or {@code null}
     * @param api           the API's name, or {@code null} when no API matched
     * @param version       the API's version, or {@code null}
     * @param application   the caller's application, or {@code null} when anonymous or refused before knowing
     * @param subscriber    the application's owner, or {@code null}
     * @param subprotocol   the subprotocol the backend chose, or {@code null}
     * @param header        a request header's first value by name (case-insensitive), or {@code null}
     * @param secretHeaders headers that carried credentials, logged as {@code ***}
     */
    public record Opening(String clientAddress, String path, String query, String api, String version,
            String application, String subscriber, String subprotocol, Function<String, String> header,
            Set<String> secretHeaders) {

        /** The same opening, once the backend has chosen the subprotocol. */
        public Opening withSubprotocol(String chosen) {
            return new Opening(clientAddress, path, query, api, version, application, subscriber, chosen, header,
                    secretHeaders);
        }
    }

    /** A handshake answered with {@code status} and not upgraded. */
    public static AccessLogEntry refused(Opening opening, long endMillis, int status, long durationMillis,
            String reason, String policy) {
        return new AccessLogEntry(opening, endMillis, status, durationMillis, 0, 0, 0, 0, null, 0, reason, policy);
    }
}
