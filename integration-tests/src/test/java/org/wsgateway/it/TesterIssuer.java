package org.wsgateway.it;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

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

/**
 * An OAuth2 issuer for tests: RSA keys it makes itself, a JWKS served on a loopback port, and signed access tokens.
 * {@link #rotate()} replaces the signing key (the old one leaves the JWKS).
 */
final class TesterIssuer implements AutoCloseable {

    static final String ISSUER = "https://issuer.test";

    private final HttpServer server;
    private volatile RSAKey key;
    final AtomicInteger fetches = new AtomicInteger();

    TesterIssuer() throws IOException, JOSEException {
        key = newKey();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    private static RSAKey newKey() throws JOSEException {
        return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
    }

    URI jwksUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json");
    }

    void rotate() throws JOSEException {
        key = newKey();
    }

    /** A token for {@code client} with these scopes, valid until {@code expires}. */
    String token(String client, String scopes, Instant expires) throws JOSEException {
        return sign(key, client, scopes, expires, ISSUER);
    }

    /** A token signed with a key the JWKS never had. */
    String forged(String client) throws JOSEException {
        return sign(newKey(), client, "", Instant.now().plusSeconds(300), ISSUER);
    }

    String fromAnotherIssuer(String client) throws JOSEException {
        return sign(key, client, "", Instant.now().plusSeconds(300), "https://elsewhere.test");
    }

    private static String sign(RSAKey with, String client, String scopes, Instant expires, String issuer)
            throws JOSEException {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer).subject("user-1")
                .audience("ws-gateway").expirationTime(Date.from(expires)).issueTime(new Date())
                .claim("azp", client);
        if (!scopes.isEmpty()) {
            claims.claim("scope", scopes);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).build(),
                claims.build());
        jwt.sign(new RSASSASigner(with));
        return jwt.serialize();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }
}
