package org.wsgateway.relay.backend;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.wsgateway.api.EndpointSettings;

/**
 * An upgrade request to send to a backend.
 *
 * @param target       the full backend URL: the endpoint URL with the client's path suffix and query appended
 * @param headers      headers to send besides those the handshake itself sets
 * @param subprotocols the client's offered subprotocols, in order (may be empty)
 * @param settings     the API's endpoint settings (timeouts, TLS, compression)
 */
public record BackendRequest(URI target, List<Map.Entry<String, String>> headers, List<String> subprotocols,
        EndpointSettings settings) {

    /**
     * Appends the client's path suffix and query string to the endpoint URL.
     *
     * @param endpoint   the API's endpoint URL
     * @param rawSuffix  the already-encoded path after {@code <context>/<version>}, empty or starting with {@code /}
     * @param rawQuery   the client's raw query string, or {@code null}
     */
    public static URI target(URI endpoint, String rawSuffix, String rawQuery) {
        String basePath = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
        if (basePath.endsWith("/") && rawSuffix.startsWith("/")) {
            basePath = basePath.substring(0, basePath.length() - 1);
        }
        String path = basePath + rawSuffix;
        if (path.isEmpty()) {
            path = "/";
        }
        String query = endpoint.getRawQuery();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            query = query == null || query.isEmpty() ? rawQuery : query + "&" + rawQuery;
        }
        StringBuilder uri = new StringBuilder(endpoint.getScheme()).append("://").append(endpoint.getRawAuthority())
                .append(path);
        if (query != null && !query.isEmpty()) {
            uri.append('?').append(query);
        }
        return URI.create(uri.toString());
    }
}
