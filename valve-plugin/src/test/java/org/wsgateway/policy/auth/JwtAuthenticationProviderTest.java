package org.wsgateway.policy.auth;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.JWTProcessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * A token that passed is verified once until it expires (as the processor judges expiry) or five minutes pass, and
 * only while its key is still published. The processor and the key source are mocked: the signature itself is
 * {@code JwtPolicyTest}'s and {@code JwtIT}'s.
 */
class JwtAuthenticationProviderTest {

    private static final Instant T0 = Instant.parse("2026-12-02T08:00:00Z");
    private static final String T1 = token("k1", "1");
    private static final String T2 = token("k1", "2");
    private static final String BAD = token("k1", "3");

    @SuppressWarnings("unchecked")
    private final JWTProcessor<SecurityContext> processor = mock(JWTProcessor.class);
    @SuppressWarnings("unchecked")
    private final JWKSource<SecurityContext> keys = mock(JWKSource.class);
    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final JwtAuthenticationProvider provider = new JwtAuthenticationProvider(processor, keys, now::get,
            Duration.ofSeconds(30));

    /** A compact JWS whose header names {@code kid} (its signature is the mocked processor's business). */
    private static String token(String kid, String jti) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(("{\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}").getBytes(StandardCharsets.UTF_8))
                + "." + b64.encodeToString(("{\"jti\":\"" + jti + "\"}").getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    /** The parsed token whose compact form is {@code compact}. */
    private static SignedJWT isToken(String compact) {
        return argThat(jwt -> jwt != null && compact.equals(jwt.getParsedString()));
    }

    @BeforeEach
    void publishK1() throws Exception {
        when(keys.get(any(), any())).thenReturn(List.of(new OctetSequenceKey.Builder(new byte[32]).keyID("k1")
                .build()));
    }

    private static JWTClaimsSet expiringAt(Instant exp) {
        return new JWTClaimsSet.Builder().subject("alice").expirationTime(Date.from(exp)).claim("scope", "read")
                .build();
    }

    @Test
    void aTokenThatPassedIsNotVerifiedAgainUntilItExpires() throws Exception {
        when(processor.process(isToken(T1), any())).thenReturn(expiringAt(T0.plusSeconds(60)));
        BearerAuthentication first = (BearerAuthentication) provider.authenticate(new BearerAuthentication(T1));
        now.set(T0.plusSeconds(89));
        assertSame(first, provider.authenticate(new BearerAuthentication(T1)));
        verify(processor, times(1)).process(isToken(T1), any());
        assertEquals("alice", first.getPrincipal().getSubject());

        // Past exp plus the clock skew: verified again, and the processor's refusal is the answer.
        now.set(T0.plusSeconds(91));
        when(processor.process(isToken(T1), any())).thenThrow(new BadJOSEException("Expired JWT"));
        assertThrows(BadCredentialsException.class, () -> provider.authenticate(new BearerAuthentication(T1)));
        verify(processor, times(2)).process(isToken(T1), any());
    }

    @Test
    void aLongLivedTokenIsVerifiedAgainAfterFiveMinutes() throws Exception {
        when(processor.process(isToken(T2), any())).thenReturn(expiringAt(T0.plus(Duration.ofDays(1))));
        provider.authenticate(new BearerAuthentication(T2));
        now.set(T0.plus(JwtAuthenticationProvider.REMEMBER).minusSeconds(1));
        provider.authenticate(new BearerAuthentication(T2));
        verify(processor, times(1)).process(isToken(T2), any());
        now.set(T0.plus(JwtAuthenticationProvider.REMEMBER).plusSeconds(1));
        provider.authenticate(new BearerAuthentication(T2));
        verify(processor, times(2)).process(isToken(T2), any());
    }

    @Test
    void aTokenWhoseKeyIsNoLongerPublishedIsVerifiedAgain() throws Exception {
        when(processor.process(isToken(T1), any())).thenReturn(expiringAt(T0.plusSeconds(600)));
        provider.authenticate(new BearerAuthentication(T1));
        when(keys.get(any(), any())).thenReturn(List.of());
        when(processor.process(isToken(T1), any())).thenThrow(new BadJOSEException("no matching key"));
        assertThrows(BadCredentialsException.class, () -> provider.authenticate(new BearerAuthentication(T1)));
        verify(processor, times(2)).process(isToken(T1), any());
    }

    @Test
    void aTokenWithoutKeyIdIsVerifiedEveryTime() throws Exception {
        String noKid = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"RS256\"}".getBytes(
                StandardCharsets.UTF_8)) + ".e30.c2ln";
        when(processor.process(isToken(noKid), any())).thenReturn(expiringAt(T0.plusSeconds(600)));
        provider.authenticate(new BearerAuthentication(noKid));
        provider.authenticate(new BearerAuthentication(noKid));
        verify(processor, times(2)).process(isToken(noKid), any());
    }

    @Test
    void aRefusedTokenIsNotRemembered() throws Exception {
        when(processor.process(isToken(BAD), any())).thenThrow(new BadJOSEException("Signed JWT rejected"));
        assertThrows(BadCredentialsException.class, () -> provider.authenticate(new BearerAuthentication(BAD)));
        assertThrows(BadCredentialsException.class, () -> provider.authenticate(new BearerAuthentication(BAD)));
        verify(processor, times(2)).process(isToken(BAD), any());
    }
}
