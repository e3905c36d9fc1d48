package org.wsgateway.api;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How the gateway reaches an API's backend and how it treats the two legs of each relayed connection.
 *
 * @param url                the backend, {@code ws://} or {@code wss://}; the client's path suffix and query are
 *                           appended to it
 * @param connectTimeout     TCP (and TLS) connect timeout; default 5 s; exceeded → {@code 504}
 * @param handshakeTimeout   time for the backend to answer the upgrade request; default 10 s; exceeded → {@code 504}
 * @param idleTimeout        a connection with no data message either way for this long is closed with 1001;
 *                           {@link Duration#ZERO} (the default) disables it
 * @param pingInterval       a ping is sent on each leg after this long without traffic from that peer, and a peer
 *                           silent for three intervals is considered gone; default 30 s; zero disables
 * @param maxMessageSize     largest message, in bytes, relayed in either direction, counted as it streams (inflated);
 *                           default 16 MiB; 0, written explicitly, means no limit. Exceeded → 1009 to the sender,
 *                           1001 to the other side
 * @param clientCompression  offer permessage-deflate to clients (default true)
 * @param backendCompression offer permessage-deflate to the backend (default false)
 * @param tls                trust settings for {@code wss://} backends
 */
public record EndpointSettings(
        URI url,
        Duration connectTimeout,
        Duration handshakeTimeout,
        Duration idleTimeout,
        Duration pingInterval,
        long maxMessageSize,
        boolean clientCompression,
        boolean backendCompression,
        TlsSettings tls) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ZERO;
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(30);
    public static final long DEFAULT_MAX_MESSAGE_SIZE = 16L << 20;
    public static final boolean DEFAULT_CLIENT_COMPRESSION = true;
    public static final boolean DEFAULT_BACKEND_COMPRESSION = false;

    public EndpointSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(tls, "tls");
    }

    /** Settings with every default and the given backend URL. */
    public static EndpointSettings of(URI url) {
        return new EndpointSettings(url, DEFAULT_CONNECT_TIMEOUT, DEFAULT_HANDSHAKE_TIMEOUT, DEFAULT_IDLE_TIMEOUT,
                DEFAULT_PING_INTERVAL, DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_CLIENT_COMPRESSION,
                DEFAULT_BACKEND_COMPRESSION, TlsSettings.DEFAULT);
    }

    /** Whether the backend is reached over TLS. */
    public boolean secure() {
        return "wss".equalsIgnoreCase(url.getScheme());
    }
}
