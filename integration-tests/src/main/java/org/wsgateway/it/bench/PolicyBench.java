package org.wsgateway.it.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.wsgateway.api.ApiKey;

/**
 * The policies' share of the benchmark: handshakes per second with no authentication, with an API key and with a
 * JWT (against the same backend reached directly), and echo throughput through a full policy chain (API key,
 * origin, address filter, size limits, connection and handshake limits, a business plan that counts every message
 * and byte without ever throttling, identity headers to the backend) against the same API without policies.
 */
final class PolicyBench implements AutoCloseable {

    static final String CLIENT_ID = "bench-client";
    private static final int WORKERS = 8;
    private static final int MAX_HANDSHAKES = 200_000;

    private final HttpServer jwks;
    private final RSAKey key;
    final String apiKey = ApiKey.generate();

    PolicyBench() throws IOException, JOSEException {
        key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jwks.createContext("/jwks.json", exchange -> {
            byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        jwks.start();
    }

    /** The APIs, the plan and the subscribed application, for the gateway's catalog file. */
    String catalog(URI echo) {
        String endpoint = "<endpoint url=\"" + echo + "\"/>";
        return "<plan name=\"Bench\" messagesPerMinute=\"1000000000\" burst=\"100000000\" "
                // The most a plan enforces is 10^9 bytes a second: below this echo's 16 KiB rate counted both ways
                // (1.4 GB/s), so the plan counts what clients send, all of it, and never throttles.
                + "bytesPerSecond=\"953MiB\" counts=\"inbound\"/>\n"
                + "<api name=\"Keyed\" context=\"/keyed\" version=\"1\" plans=\"Bench\">" + endpoint + "<policies>"
                + "<key-auth/><origin/><ip-filter allow=\"127.0.0.0/8, ::1\"/>"
                + "<size-limit inbound=\"1MiB\" outbound=\"1MiB\"/><connection-limit perIp=\"100000\"/>"
                + "<handshake-rate perIp=\"100000000/1s\"/><backend-identity identity=\"headers\"/>"
                + "</policies></api>\n"
                + "<api name=\"Tokens\" context=\"/tokens\" version=\"1\" plans=\"Bench\">" + endpoint + "<policies>"
                + "<jwt issuer=\"https://bench.test\" jwksUrl=\"http://127.0.0.1:" + jwks.getAddress().getPort()
                + "/jwks.json\" audience=\"*\"/></policies></api>\n"
                + "<application id=\"bench-app\" name=\"Bench\" owner=\"bench\" clientId=\"" + CLIENT_ID + "\">"
                + "<subscription id=\"s1\" api=\"" + org.wsgateway.api.Api.idFor("/keyed", "1") + "\" plan=\"Bench\"/>"
                + "<subscription id=\"s2\" api=\"" + org.wsgateway.api.Api.idFor("/tokens", "1") + "\" plan=\"Bench\"/>"
                + "<key id=\"k1\" hash=\"" + ApiKey.hash(apiKey) + "\" created=\"2026-01-01T00:00:00Z\"/>"
                + "</application>\n";
    }

    String token() throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer("https://bench.test").subject("bench").claim("azp", CLIENT_ID)
                        .expirationTime(Date.from(Instant.now().plus(Duration.ofHours(2)))).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    /**
     * Handshakes per second: {@value #WORKERS} workers each opening and closing connections one after another for
     * {@code seconds} (at most {@value #MAX_HANDSHAKES} in all).
     */
    static double handshakesPerSecond(URI uri, double seconds) throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
        try {
            long end = System.nanoTime() + (long) (seconds * 1e9);
            List<Future<Integer>> counts = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                counts.add(workers.submit(() -> {
                    int n = 0;
                    while (System.nanoTime() < end && n < MAX_HANDSHAKES / WORKERS) {
                        handshake(uri);
                        n++;
                    }
                    return n;
                }));
            }
            long total = 0;
            for (Future<Integer> count : counts) {
                total += count.get();
            }
            return total / seconds;
        } finally {
            workers.shutdownNow();
        }
    }

    /**
     * One handshake on a fresh TCP connection, as lean as a client can make it (so the client is not what is
     * measured): the upgrade request, the 101 status line read, the connection closed.
     */
    private static void handshake(URI uri) throws IOException {
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        byte[] request = ("GET " + target + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            socket.getOutputStream().write(request);
            InputStream in = socket.getInputStream();
            byte[] status = new byte[12];
            int read = 0;
            while (read < status.length) {
                int n = in.read(status, read, status.length - read);
                if (n < 0) {
                    throw new IOException("connection closed during the handshake");
                }
                read += n;
            }
            String line = new String(status, StandardCharsets.US_ASCII);
            if (!line.endsWith(" 101")) {
                throw new IOException("handshake to " + uri.getPath() + " answered " + line);
            }
        }
    }

    static String row(String what, double direct, double value) {
        return String.format(Locale.ROOT, "| %s | %,.0f | %.2fx |%n", what, value, value / direct);
    }

    @Override
    public void close() {
        jwks.stop(0);
    }
}
