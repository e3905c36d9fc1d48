package org.wsgateway.policy.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.JWTProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** A token that passed is verified once until it expires (as the processor judges expiry) or five minutes pass. */
class JwtAuthenticationProviderTest {

    private static final Instant T0 = Instant.parse("2026-12-02T08:00:00Z");

    @SuppressWarnings("unchecked")
    private final JWTProcessor<SecurityContext> processor = mock(JWTProcessor.class);
    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final JwtAuthenticationProvider provider = new JwtAuthenticationProvider(processor, now::get,
            Duration.ofSeconds(30));

    private static JWTClaimsSet expiringAt(Instant exp) {
        return new JWTClaimsSet.Builder().subject("alice").expirationTime(Date.from(exp)).claim("scope", "read")
                .build();
    }

    @Test
    void aTokenThatPassedIsNotVerifiedAgainUntilItExpires() throws Exception {
        when(processor.process(eq("t1"), any())).thenReturn(expiringAt(T0.plusSeconds(60)));
        BearerAuthentication first = (BearerAuthentication) provider.authenticate(new BearerAuthentication("t1"));
        now.set(T0.plusSeconds(89));
        assertSame(first, provider.authenticate(new BearerAuthentication("t1")));
        verify(processor, times(1)).process(eq("t1"), any());
        assertEquals("alice", first.getPrincipal().getSubject());

        // Past exp plus the clock skew: verified again, and the processor's refusal is the answer.
        now.set(T0.plusSeconds(91));
        when(processor.process(eq("t1"), any())).thenThrow(new BadJOSEException("Expired JWT"));
        assertThrows(BadCredentialsException.class, () -> provider.authenticate(new BearerAuthentication("t1")));
        verify(processor, times(2)).process(eq("t1"), any());
    }

    @Test
    void aLongLivedTokenIsVerifiedAgainAfterFiveMinutes() throws Exception {
        when(processor.process(eq("t2"), any())).thenReturn(expiringAt(T0.plus(Duration.ofDays(1))));
        provider.authenticate(new BearerAuthentication("t2"));
        now.set(T0.plus(JwtAuthenticationProvider.REMEMBER).minusSeconds(1));
        provider.authenticate(new BearerAuthentication("t2"));
        verify(processor, times(1)).process(eq("t2"), any());
        now.set(T0.plus(JwtAuthenticationProvider.REMEMBER).plusSeconds(1));
        provider.authenticate(new BearerAuthentication("t2"));
        verify(processor, times(2)).process(eq("t2"), any());
    }

    @Test
    void aRefusedTokenIsNotRemembered() throws Exception {
        when(processor.process(eq("bad"), any())).thenThrow(new BadJOSEException("Signed JWT rejected"));
        assertThrows(BadCredentialsException.class, () -> provider.authenticate(new BearerAuthentication("bad")));
        assertThrows(BadCredentialsException.class, () -> provider.authenticate(new BearerAuthentication("bad")));
        verify(processor, times(2)).process(eq("bad"), any());
    }
}
