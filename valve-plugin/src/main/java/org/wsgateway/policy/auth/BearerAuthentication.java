package org.wsgateway.policy.auth;

import java.util.Collection;
import java.util.List;

import com.nimbusds.jwt.JWTClaimsSet;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

/**
 * An OAuth2 access token as Spring Security sees it: before it is checked, the token; after, its claims, with a
 * {@code SCOPE_} authority per scope it grants (Spring Security's convention).
 */
final class BearerAuthentication extends AbstractAuthenticationToken {

    private static final long serialVersionUID = 1L;

    private final transient JWTClaimsSet claims;
    private String token;

    /** A token to check. */
    BearerAuthentication(String token) {
        super(List.of());
        this.token = token;
        this.claims = null;
    }

    /** A checked token. */
    BearerAuthentication(JWTClaimsSet claims, Collection<? extends GrantedAuthority> scopes) {
        super(scopes);
        this.claims = claims;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return token;
    }

    /** The token's claims once checked; {@code null} before. */
    @Override
    public JWTClaimsSet getPrincipal() {
        return claims;
    }

    @Override
    public void eraseCredentials() {
        super.eraseCredentials();
        token = null;
    }
}
