package org.wsgateway.policy.auth;

import java.text.ParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.JWTProcessor;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Checks access tokens with a Nimbus JWT processor (signature against the issuer's keys, issuer, audience, times):
 * a refused token is bad credentials; keys that cannot be fetched are a service failure (the token may be fine).
 */
final class JwtAuthenticationProvider implements AuthenticationProvider {

    private final JWTProcessor<SecurityContext> processor;

    JwtAuthenticationProvider(JWTProcessor<SecurityContext> processor) {
        this.processor = processor;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        JWTClaimsSet claims;
        try {
            claims = processor.process((String) authentication.getCredentials(), null);
        } catch (ParseException e) {
            throw new BadCredentialsException("the access token is not a JWT");
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
