package org.wsgateway.policy.auth;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.wsgateway.policy.Directory;

/**
 * An API key as Spring Security sees it: before it is checked, just the key; after, the application holding it.
 */
final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    private static final long serialVersionUID = 1L;

    private final transient Directory.Holder holder;
    private String key;

    /** A key to check. */
    ApiKeyAuthentication(String key) {
        super(List.of());
        this.key = key;
        this.holder = null;
    }

    /** A checked key: its application, in the role every application has. */
    ApiKeyAuthentication(Directory.Holder holder) {
        super(List.of(new SimpleGrantedAuthority("ROLE_APPLICATION")));
        this.holder = holder;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return key;
    }

    /** The key's holder once checked; {@code null} before. */
    @Override
    public Directory.Holder getPrincipal() {
        return holder;
    }

    @Override
    public void eraseCredentials() {
        super.eraseCredentials();
        key = null;
    }
}
