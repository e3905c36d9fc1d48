package org.wsgateway.policy.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.wsgateway.api.Api;
import org.wsgateway.policy.Identity;

/**
 * The gateway's signing key for backend JWTs: an RSA key made when Tomcat starts (never written anywhere), its
 * public half published as a JWK Set by the admin webapp, so backends can check the tokens. One per JVM: every
 * valve, and the admin webapp through Tomcat's common class loader, see the same key.
 */
public final class BackendTokens {

    /** The {@code iss} of backend JWTs. */
    public static final String ISSUER = "ws-gateway";

    private static final RSAKey KEY = generate();

    private BackendTokens() {
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot make the backend JWT signing key", e);
        }
    }

    /** The public keys, as a JWK Set document. */
    public static String publicKeys() {
        return new JWKSet(KEY.toPublicJWK()).toString();
    }

    /** A JWT saying who the caller of {@code api} is, valid for {@code lifetime}. */
    static String sign(Api api, Identity who, Instant now, Duration lifetime) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject(who.subscriber())
                .audience(api.path()).issueTime(Date.from(now)).expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString())
                .claim("application", who.application()).claim("application_name", who.applicationName())
                .claim("subscription", who.subscription()).claim("api", api.name()).claim("api_version", api.version());
        if (who.plan() != null) {
            claims.claim("plan", who.plan().name());
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.getKeyID()).build(),
                claims.build());
        try {
            jwt.sign(new RSASSASigner(KEY));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a backend JWT", e);
        }
        return jwt.serialize();
    }
}
