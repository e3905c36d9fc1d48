package org.wsgateway.valve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;

/**
 * The gateway's own HTTP answers to handshakes it does not upgrade: a status, and a one-line plain-text body that
 * tells a person what to do. Bodies never echo the query string or credentials. Answers that wait for the backend
 * are written by the gateway itself on the upgraded socket ({@link #raw}), Tomcat having handed it over.
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

    /**
     * A whole HTTP/1.1 response as bytes. A refusal ends the connection ({@code Connection: close}); header fields
     * a peer could use to split the response (a name that is not a token, a value with a control character) are
     * left out.
     */
    static byte[] raw(int status, List<Map.Entry<String, String>> headers, byte[] body, String contentType) {
        StringBuilder head = new StringBuilder(256).append("HTTP/1.1 ").append(status).append(' ')
                .append(phrase(status)).append("\r\n");
        field(head, "Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
        for (Map.Entry<String, String> h : headers) {
            field(head, h.getKey(), h.getValue());
        }
        if (status != 101) {
            field(head, "Cache-Control", "no-store");
            if (body != null && body.length > 0) {
                field(head, "Content-Type", contentType == null ? "application/octet-stream" : contentType);
            }
            field(head, "Content-Length", Integer.toString(body == null ? 0 : body.length));
            field(head, "Connection", "close");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (body == null || body.length == 0) {
            return headBytes;
        }
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    /** {@link #raw} with a line of plain text as the body. */
    static byte[] raw(int status, List<Map.Entry<String, String>> headers, String message) {
        return raw(status, headers, (message + "\n").getBytes(StandardCharsets.UTF_8), "text/plain;charset=UTF-8");
    }

    private static void field(StringBuilder head, String name, String value) {
        if (safeName(name) && safeValue(value)) {
            head.append(name).append(": ").append(value).append("\r\n");
        }
    }

    private static boolean safeName(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 127 || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean safeValue(String value) {
        if (value == null) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < ' ' && c != '\t') || c == 127 || c > 255) {
                return false;
            }
        }
        return true;
    }

    private static String phrase(int status) {
        return switch (status) {
            case 101 -> "Switching Protocols";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "";
        };
    }
}
