package org.wsgateway.catalog;

import org.wsgateway.api.Api;
import org.wsgateway.policy.auth.KeyAuthPolicy;
import org.wsgateway.policy.registry.PolicyRegistry;

/**
 * What clients of an API present to connect, as its authenticate policies say (API keys when it declares none):
 * for documents that describe the API to its clients, such as its AsyncAPI export.
 *
 * @param anonymous whether it takes anonymous callers ({@code open}); then nothing else applies
 * @param keyHeader the header carrying an application's API key, or {@code null} when it takes no keys
 * @param keyQuery  the query parameter carrying the key ({@code ""} for none), or {@code null} as above
 * @param bearer    whether it takes OAuth2 bearer tokens (JWTs)
 */
public record Credentials(boolean anonymous, String keyHeader, String keyQuery, boolean bearer) {

    /** The credentials the API's policies take now. */
    public static Credentials of(Api api) {
        if (PolicyRegistry.anonymous(api.policies())) {
            return new Credentials(true, null, null, false);
        }
        KeyAuthPolicy.Config keys = PolicyRegistry.keyAuth(api.policies());
        return new Credentials(false, keys == null ? null : keys.header(), keys == null ? null : keys.query(),
                PolicyRegistry.bearer(api.policies()));
    }

    /** Whether it takes API keys. */
    public boolean keys() {
        return keyHeader != null;
    }
}
