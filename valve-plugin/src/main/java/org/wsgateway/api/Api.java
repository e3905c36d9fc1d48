package org.wsgateway.api;

import java.util.Objects;

/**
 * One WebSocket API as the gateway serves it: clients connect to {@code <context>/<version>} and every frame is
 * relayed to the API's backend endpoint. Immutable; a configuration change builds a new instance.
 *
 * @param name     display name, e.g. {@code EchoWebSocket}; unique together with the version
 * @param context  the path prefix, e.g. {@code /echowebsocket}: starts with {@code /}, no trailing {@code /}
 * @param version  the version segment that follows the context, e.g. {@code 1.0}
 * @param endpoint where and how to reach the backend
 */
public record Api(String name, String context, String version, EndpointSettings endpoint) {

    public Api {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(endpoint, "endpoint");
    }

    /** The path clients connect to, e.g. {@code /echowebsocket/1.0}. */
    public String path() {
        return context + "/" + version;
    }

    /** A short label for logs and close reasons, e.g. {@code EchoWebSocket 1.0}. */
    public String label() {
        return name + " " + version;
    }
}
