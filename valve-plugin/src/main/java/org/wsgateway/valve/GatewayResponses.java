package org.wsgateway.valve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The gateway's own HTTP answers to handshakes it does not upgrade: a status, and a one-line plain-text body that
 * tells a person what to do. Bodies never echo the query string or credentials.
 */
final class GatewayResponses {

    private GatewayResponses() {
    }

    /** Answers with {@code status} and {@code message} as a line of plain text. */
    static void send(HttpServletResponse response, int status, String message) throws IOException {
        send(response, status, (message + "\n").getBytes(StandardCharsets.UTF_8), "text/plain;charset=UTF-8");
    }

    /** Answers with {@code status} and the body as it is (may be empty). */
    static void send(HttpServletResponse response, int status, byte[] body, String contentType) throws IOException {
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
