package org.wsgateway.relay.backend;

import java.util.List;
import java.util.Map;

/**
 * The backend could not be reached or refused the upgrade, expressed as the HTTP answer the client gets:
 * {@code 502} (unreachable, refused, bad handshake), {@code 504} (connect or handshake timeout), or the backend's own
 * {@code 401}/{@code 403} with its {@code WWW-Authenticate} headers and body.
 */
public class BackendException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient List<Map.Entry<String, String>> headers;
    private final byte[] body;
    private final String contentType;

    public BackendException(int status, String message) {
        this(status, message, null);
    }

    public BackendException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.headers = List.of();
        this.body = null;
        this.contentType = null;
    }

    /** The backend answered the upgrade with its own {@code status}, passed on to the client as it is. */
    public BackendException(int status, String message, List<Map.Entry<String, String>> headers, byte[] body,
            String contentType) {
        super(message);
        this.status = status;
        this.headers = List.copyOf(headers);
        this.body = body.clone();
        this.contentType = contentType;
    }

    /** The HTTP status for the client. */
    public int status() {
        return status;
    }

    /** Backend headers to pass on (e.g. {@code WWW-Authenticate}); empty for gateway-made answers. */
    public List<Map.Entry<String, String>> headers() {
        return headers;
    }

    /** The backend's body to pass on, or {@code null} for a gateway-made answer. */
    public byte[] body() {
        return body == null ? null : body.clone();
    }

    /** The content type of {@link #body()}, or {@code null}. */
    public String contentType() {
        return contentType;
    }
}
