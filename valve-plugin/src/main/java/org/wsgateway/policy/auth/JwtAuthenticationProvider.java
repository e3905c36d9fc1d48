package org.wsgateway.policy.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.JWTProcessor;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Checks access tokens with a Nimbus JWT processor (signature against the issuer's keys, issuer, audience, times):
 * a refused token is bad credentials; keys that cannot be fetched are a service failure (the token may be fine).
 *
 * <p>A token that passed is remembered (by its SHA-256, {@value #CACHE_SIZE} tokens at most) until it expires
 * ({@code exp} plus the allowed clock skew, as the processor would judge it) or for {@link #REMEMBER} at most, and
 * only while the key that signed it ({@code kid}) is still in the issuer's key set as the gateway last fetched it:
 * a client that reconnects with the same token is not verified again each time, and a rotated-out key stops its
 * tokens as soon as the gateway has the new set.
 */
final class JwtAuthenticationProvider implements AuthenticationProvider {

    static final int CACHE_SIZE = 10_000;
    static final Duration REMEMBER = Duration.ofMinutes(5);

    private record Verified(BearerAuthentication authentication, Instant until, String keyId) {
    }

    private final JWTProcessor<SecurityContext> processor;
    private final JWKSource<SecurityContext> keys;
    private final Supplier<Instant> clock;
    private final Duration clockSkew;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    /**
     * @param keys      the issuer's keys, as the processor uses them
     * @param clock     the time tokens are judged at (the processor's)
     * @param clockSkew how long after {@code exp} the processor still accepts a token
     */
    JwtAuthenticationProvider(JWTProcessor<SecurityContext> processor, JWKSource<SecurityContext> keys,
            Supplier<Instant> clock, Duration clockSkew) {
        this.processor = processor;
        this.keys = keys;
        this.clock = clock;
        this.clockSkew = clockSkew;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String token = (String) authentication.getCredentials();
        String key = digest(token);
        Instant now = clock.get();
        Verified known = verified.get(key);
        if (known != null) {
            if (!now.isAfter(known.until()) && stillPublished(known.keyId())) {
                return known.authentication();
            }
            verified.remove(key, known);
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new BadCredentialsException("the access token is not a JWT");
        }
        BearerAuthentication passed = verify(jwt);
        String keyId = jwt.getHeader().getKeyID();
        if (keyId == null) {
            // Without a key id there is no telling whether its key is still published: verified every time.
            return passed;
        }
        Date exp = passed.getPrincipal().getExpirationTime();
        Instant until = now.plus(REMEMBER);
        if (exp != null && exp.toInstant().plus(clockSkew).isBefore(until)) {
            until = exp.toInstant().plus(clockSkew);
        }
        if (verified.size() >= CACHE_SIZE) {
            verified.clear();
        }
        verified.put(key, new Verified(passed, until, keyId));
        return passed;
    }

    /** Whether the issuer's key set, as last fetched, still holds the key {@code keyId}. */
    private boolean stillPublished(String keyId) {
        try {
            return !keys.get(new JWKSelector(new JWKMatcher.Builder().keyID(keyId).build()), null).isEmpty();
        } catch (KeySourceException e) {
            return false;
        }
    }

    private static String digest(String token) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private BearerAuthentication verify(SignedJWT jwt) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(jwt, null);
        } catch (BadJOSEException e) {
            throw new BadCredentialsException("the access token was refused: " + e.getMessage());
        } catch (RateLimitReachedException e) {
            // The keys were fetched moments ago and hold none for this token.
            throw new BadCredentialsException("the access token is signed with a key the issuer does not publish");
        } catch (JOSEException e) {
            throw new AuthenticationServiceException("the issuer's keys cannot be fetched", e);
        }
        return new BearerAuthentication(claims, scopes(claims).stream().map(s -> new SimpleGrantedAuthority(
                "SCOPE_" + s)).toList());
    }

    /** {@code scope} (space-separated, RFC 8693) or {@code scp} (a list or a string). */
    static Set<String> scopes(JWTClaimsSet claims) {
        Set<String> scopes = new HashSet<>();
        for (String claim : List.of("scope", "scp")) {
            Object value = claims.getClaim(claim);
            if (value instanceof String text && !text.isBlank()) {
                scopes.addAll(List.of(text.trim().split("\\s+")));
            } else if (value instanceof List<?> list) {
                list.forEach(v -> scopes.add(String.valueOf(v)));
            }
        }
        return scopes;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return BearerAuthentication.class.isAssignableFrom(authentication);
    }
}
