package org.wsgateway.policy.auth;

import java.util.Optional;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.security.core.Authentication;
import org.wsgateway.policy.Directory;
import org.wsgateway.policy.PolicyState;

/**
 * Checks API keys against the catalog's applications (by the key's hash): unknown or revoked keys are bad
 * credentials, expired ones expired credentials. Whether the application may use the API is not its concern.
 */
final class ApiKeyAuthenticationProvider implements AuthenticationProvider {

    private final PolicyState state;

    ApiKeyAuthenticationProvider(PolicyState state) {
        this.state = state;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String key = (String) authentication.getCredentials();
        Optional<Directory.Holder> holder = state.directory().holderOf(key.trim());
        if (holder.isEmpty()) {
            throw new BadCredentialsException("does not know this API key (revoked, or never issued)");
        }
        if (holder.get().key().expiredAt(state.now())) {
            throw new CredentialsExpiredException("got an API key that expired at " + holder.get().key().expires());
        }
        return new ApiKeyAuthentication(holder.get());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return ApiKeyAuthentication.class.isAssignableFrom(authentication);
    }
}
