package org.wsgateway.valve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;

/**
 * The gateway's own HTTP answers to handshakes it does not upgrade: a status, and a one-line plain-text body that
 * tells a person what to do. Bodies never echo the query string or credentials.
 */
final class GatewayResponses {

    /** The request note that keeps why a handshake was refused, for the access log. */
    private static final String REASON = "org.wsgateway.reason";

    private GatewayResponses() {
    }

    /** Answers with {@code status} and {@code message} as a line of plain text; the message is the reason logged. */
    static void send(Response response, int status, String message) throws IOException {
        reason(response, message);
        send(response, status, (message + "\n").getBytes(StandardCharsets.UTF_8), "text/plain;charset=UTF-8");
    }

    /** Records why the handshake is refused, for the access log. */
    static void reason(Response response, String reason) {
        response.getRequest().setNote(REASON, reason);
    }

    /** Why the handshake was refused, or {@code null}. */
    static String reason(Request request) {
        return (String) request.getNote(REASON);
    }

    /** Answers with {@code status} and the body as it is (may be empty). */
    static void send(Response response, int status, byte[] body, String contentType) throws IOException {
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        if (body == null || body.length == 0) {
            response.setContentLength(0);
            return;
        }
        response.setContentType(contentType == null ? "application/octet-stream" : contentType);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
