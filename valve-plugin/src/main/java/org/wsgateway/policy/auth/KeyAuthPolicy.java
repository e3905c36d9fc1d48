package org.wsgateway.policy.auth;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.core.AuthenticationException;
import org.wsgateway.api.Api;
import org.wsgateway.api.ConfigValues;
import org.wsgateway.api.Plan;
import org.wsgateway.api.Subscription;
import org.wsgateway.policy.Authenticator;
import org.wsgateway.policy.Concern;
import org.wsgateway.policy.Directory;
import org.wsgateway.policy.Identity;
import org.wsgateway.policy.Policy;
import org.wsgateway.policy.PolicyConfig;
import org.wsgateway.policy.PolicySettings;
import org.wsgateway.policy.PolicyState;
import org.wsgateway.policy.PolicyType;
import org.wsgateway.policy.UpgradeRequest;
import org.wsgateway.policy.Verdict;

/**
 * {@code key-auth}: the caller shows an application's API key, in a header or (for browsers, which cannot set
 * headers on a WebSocket handshake) a query parameter. The key must exist and not have expired ({@code 401}
 * otherwise; checked by a Spring Security {@link AuthenticationManager}); its application must hold an active
 * subscription to the API ({@code 403} otherwise). The key is not
 * passed to the backend, and a key in the query is redacted from Tomcat's access log. This is what an API without
 * any authenticate policy gets.
 *
 * @param config         its settings
 * @param state          the applications and keys it checks against
 * @param authentication checks a key (Spring Security's {@link ProviderManager} over the applications' keys)
 */
public record KeyAuthPolicy(Config config, PolicyState state, AuthenticationManager authentication)
        implements Authenticator {

    public static final String NAME = "key-auth";

    /** What the registry knows of it: its name, when it runs, how its settings parse, how it is created. */
    public static final PolicyType<Config> TYPE = PolicyType.of(NAME, Concern.AUTHENTICATE, Config::parse,
            KeyAuthPolicy::of);

    /**
     * @param header the header carrying the key (default {@code apikey})
     * @param query  the query parameter carrying the key (default {@code apikey}; empty: keys only in the header)
     * @param passOn whether the backend gets the key too (default {@code false})
     */
    public record Config(String header, String query, boolean passOn) implements PolicyConfig {

        /** Keys in the {@code apikey} header or query parameter; not passed on. */
        public static final Config DEFAULT = new Config("apikey", "apikey", false);

        public static Config parse(PolicySettings s) {
            s.only(Set.of("header", "query", "passOn"));
            return new Config(s.get("header", Config::token, "apikey"), s.get("query", v -> v, "apikey"),
                    s.get("passOn", ConfigValues::bool, false));
        }

        private static String token(String value) {
            if (!value.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
                throw new IllegalArgumentException("'" + value + "' is not a header name");
            }
            return value;
        }

        @Override
        public Map<String, String> settings() {
            return PolicySettings.text("header", header, "query", query, "passOn", passOn);
        }
    }

    /** The policy for one API, checking keys against the applications in {@code state}. */
    static KeyAuthPolicy of(Config config, PolicyState state) {
        return new KeyAuthPolicy(config, state, new ProviderManager(new ApiKeyAuthenticationProvider(state)));
    }

    @Override
    public boolean presentIn(UpgradeRequest upgrade) {
        return key(upgrade) != null;
    }

    private String key(UpgradeRequest upgrade) {
        String key = upgrade.header(config.header());
        if (key == null && !config.query().isEmpty()) {
            key = upgrade.parameter(config.query());
        }
        return key;
    }

    @Override
    public Verdict onHandshake(UpgradeRequest upgrade) {
        Api api = upgrade.api();
        String key = key(upgrade);
        upgrade.credential(config.header(), config.query().isEmpty() ? null : config.query(), config.passOn());
        if (key == null || key.isBlank()) {
            return unauthorized(api, "needs an API key: send it in the " + config.header() + " header"
                    + (config.query().isEmpty() ? "" : " or the " + config.query() + " query parameter"));
        }
        Directory.Holder holder;
        try {
            holder = ((ApiKeyAuthentication) authentication.authenticate(new ApiKeyAuthentication(key)))
                    .getPrincipal();
        } catch (AuthenticationException e) {
            return unauthorized(api, e.getMessage());
        }
        Directory directory = state.directory();
        var app = holder.application();
        Optional<Subscription> subscription = app.subscriptionTo(api.id());
        if (subscription.isEmpty()) {
            return Verdict.refuse(403, "403 Forbidden: application '" + app.name() + "' is not subscribed to "
                    + api.label());
        }
        if (!subscription.get().active()) {
            return Verdict.refuse(403, "403 Forbidden: the subscription of application '" + app.name() + "' to "
                    + api.label() + " is blocked");
        }
        Plan plan = directory.plan(subscription.get().plan()).orElse(null);
        upgrade.identify(new Identity(app.id(), app.name(), app.owner(), subscription.get().id(),
                holder.key().id(), plan));
        return Verdict.PASS;
    }

    private Verdict unauthorized(Api api, String why) {
        return Verdict.refuse(401, "401 Unauthorized: " + api.path() + " " + why, "WWW-Authenticate",
                "ApiKey realm=\"" + api.path() + "\", header=\"" + config.header() + "\"");
    }
}
