package org.wsgateway.policy.auth;

import java.net.MalformedURLException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.core.AuthenticationException;
import org.wsgateway.api.Api;
import org.wsgateway.api.Application;
import org.wsgateway.api.ConfigValues;
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
 * {@code jwt}: an OAuth2 access token (a signed JWT) in the {@code Authorization: Bearer} header or, for browsers, a
 * query parameter. Checked by a Spring Security {@link AuthenticationManager} with Nimbus JOSE+JWT: the signature against the issuer's JWKS (fetched over HTTP, cached,
 * refreshed ahead of expiry; a token signed with a new key fetches the set again, so key rotation needs nothing),
 * issuer, audience, expiry and not-before with a clock skew, required scopes, and scopes per topic (a path under the
 * API). The token's client ({@code azp} or {@code client_id}) names an application by its client id, whose active
 * subscription gives the business plan. A connection ends with {@code 1008 token expired} when its token expires.
 *
 * @param config         its settings
 * @param state          the applications its tokens' clients are matched to, the clock, the issuers' cached keys
 * @param authentication checks a token (Spring Security's {@link ProviderManager} over the issuer's keys)
 */
public record JwtPolicy(Config config, PolicyState state, AuthenticationManager authentication)
        implements Authenticator {

    public static final String NAME = "jwt";

    /** What the registry knows of it: its name, when it runs, how its settings parse, how it is created. */
    public static final PolicyType<Config> TYPE = PolicyType.of(NAME, Concern.AUTHENTICATE, Config::parse,
            JwtPolicy::of);

    /**
     * @param issuer       the {@code iss} every token must carry (required)
     * @param jwksUrl      where the issuer's signing keys are, {@code http(s)://} (required)
     * @param audience     accepted {@code aud} values (required), or {@value #ANY_AUDIENCE} alone: any audience
     * @param scopes       scopes every token needs (default: none)
     * @param topicScopes  scopes needed under a path after the API's version, e.g. {@code /orders} →
     *                     {@code orders:read}, matched by whole segments and case-sensitively (default: none)
     * @param clockSkew    tolerance for {@code exp} and {@code nbf} (default {@code 60s})
     * @param query        the query parameter that may carry the token (default {@code access_token}; empty: the
     *                     header only)
     * @param subscription {@code true} (the default): the token's client must be an application subscribed to the API
     * @param passOn       whether the backend gets the token too (default {@code false})
     */
    public record Config(String issuer, URI jwksUrl, List<String> audience, List<String> scopes,
            Map<String, List<String>> topicScopes, Duration clockSkew, String query, boolean subscription,
            boolean passOn) implements PolicyConfig {

        /** The {@code audience} that accepts tokens for any audience, or none. */
        public static final String ANY_AUDIENCE = "*";
        /** A topic's path: one or more segments of characters that mean themselves in a path. */
        private static final Pattern TOPIC = Pattern.compile("(/[^/;\\\\%]+)+");

        public Config {
            audience = List.copyOf(audience);
            scopes = List.copyOf(scopes);
            topicScopes = Map.copyOf(topicScopes);
        }

        public static Config parse(PolicySettings s) {
            s.only(Set.of("issuer", "jwksUrl", "audience", "scopes", "topicScopes", "clockSkew", "query",
                    "subscription", "passOn"));
            String issuer = s.get("issuer", v -> v, null);
            URI jwks = s.get("jwksUrl", Config::jwks, null);
            if (issuer == null || issuer.isBlank()) {
                s.problem("issuer", "missing: the iss of the tokens to accept");
            }
            if (jwks == null && !s.hasAny("jwksUrl")) {
                s.problem("jwksUrl", "missing: where the issuer publishes its signing keys (a JWKS URL)");
            }
            List<String> audience = s.get("audience", Config::audiences, List.of());
            if (audience.isEmpty() && !s.hasAny("audience")) {
                s.problem("audience", "missing: the aud values to accept (comma-separated), or " + ANY_AUDIENCE
                        + " to accept tokens for any audience");
            }
            return new Config(issuer == null ? "" : issuer, jwks == null ? URI.create("http://unset") : jwks,
                    audience, s.get("scopes", Config::scopeList, List.of()),
                    s.get("topicScopes", Config::topics, Map.of()),
                    s.get("clockSkew", ConfigValues::duration, Duration.ofSeconds(60)),
                    s.get("query", v -> v, "access_token"), s.get("subscription", ConfigValues::bool, true),
                    s.get("passOn", ConfigValues::bool, false));
        }

        private static URI jwks(String value) {
            URI uri = URI.create(value.trim());
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("'" + value + "' is not an http:// or https:// URL");
            }
            return uri;
        }

        /** Whether tokens for any audience (or none) are accepted: {@code audience="*"}. */
        public boolean anyAudience() {
            return audience.equals(List.of(ANY_AUDIENCE));
        }

        private static List<String> audiences(String value) {
            List<String> audience = ConfigValues.list(value);
            if (audience.isEmpty()) {
                throw new IllegalArgumentException("empty: name the aud values to accept, or " + ANY_AUDIENCE
                        + " to accept tokens for any audience");
            }
            if (audience.contains(ANY_AUDIENCE) && audience.size() > 1) {
                throw new IllegalArgumentException(ANY_AUDIENCE + " (any audience) stands alone, not in a list");
            }
            return audience;
        }

        private static List<String> scopeList(String value) {
            return List.of(value.trim().split("[\\s,]+")).stream().filter(v -> !v.isEmpty()).toList();
        }

        /** {@code /orders=orders:read; /admin=admin write}. */
        private static Map<String, List<String>> topics(String value) {
            Map<String, List<String>> topics = new LinkedHashMap<>();
            for (String entry : value.split(";")) {
                if (entry.isBlank()) {
                    continue;
                }
                int eq = entry.indexOf('=');
                String path = eq < 0 ? "" : entry.substring(0, eq).trim();
                if (!path.startsWith("/") || eq == entry.length() - 1) {
                    throw new IllegalArgumentException("'" + entry.trim() + "' is not /path=scope (e.g. "
                            + "/orders=orders:read; /admin=admin)");
                }
                if (!TOPIC.matcher(path).matches() || path.matches(".*/\\.{1,2}(/.*)?")) {
                    throw new IllegalArgumentException("'" + path + "' is not a topic path: one or more plain "
                            + "segments (/orders, /orders/eu), without ;, \\, % or . and .. segments, and no "
                            + "trailing /");
                }
                topics.put(path, scopeList(entry.substring(eq + 1)));
            }
            return topics;
        }

        @Override
        public Map<String, String> settings() {
            List<String> topics = new ArrayList<>();
            topicScopes.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> topics.add(e.getKey() + "=" + String.join(" ", e.getValue())));
            return PolicySettings.text("issuer", issuer, "jwksUrl", jwksUrl, "audience", String.join(",", audience),
                    "scopes", String.join(" ", scopes), "topicScopes", String.join("; ", topics),
                    "clockSkew", ConfigValues.format(clockSkew), "query", query, "subscription", subscription,
                    "passOn", passOn);
        }
    }

    private static final Set<JWSAlgorithm> ALGORITHMS = union(JWSAlgorithm.Family.RSA, JWSAlgorithm.Family.EC,
            JWSAlgorithm.Family.ED);

    /** The policy for one API: tokens checked against the issuer's keys, shared by the APIs that use them. */
    static JwtPolicy of(Config config, PolicyState state) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        JWKSource<SecurityContext> keys = state.shared("jwks " + config.jwksUrl(), () -> keys(config.jwksUrl()));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                config.anyAudience() ? null : new HashSet<>(config.audience()),
                new JWTClaimsSet.Builder().issuer(config.issuer()).build(), Set.of("exp"), null) {
            @Override
            protected Date currentTime() {
                return Date.from(state.now());
            }
        };
        claims.setMaxClockSkew((int) config.clockSkew().toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
        return new JwtPolicy(config, state, new ProviderManager(new JwtAuthenticationProvider(processor, keys, state::now,
                config.clockSkew())));
    }

    /**
     * The issuer's keys: cached 5 minutes, refreshed ahead, fetched again for a token signed with an unknown key
     * (at most twice every 2 s, so forged key ids cannot flood the issuer).
     */
    private static JWKSource<SecurityContext> keys(URI url) {
        try {
            return JWKSourceBuilder.<SecurityContext>create(url.toURL(), new DefaultResourceRetriever(2000, 2000,
                    512 * 1024)).cache(Duration.ofMinutes(5).toMillis(), Duration.ofSeconds(15).toMillis())
                    .rateLimited(Duration.ofSeconds(2).toMillis()).retrying(true).build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public boolean presentIn(UpgradeRequest upgrade) {
        return token(upgrade) != null;
    }

    private String token(UpgradeRequest upgrade) {
        String authorization = upgrade.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        return config.query().isEmpty() ? null : upgrade.parameter(config.query());
    }

    @Override
    public Verdict onHandshake(UpgradeRequest upgrade) {
        Api api = upgrade.api();
        String token = token(upgrade);
        upgrade.credential("Authorization", config.query().isEmpty() ? null : config.query(), config.passOn());
        if (token == null || token.isEmpty()) {
            return challenge(api, null, api.path() + " needs an access token: send it as Authorization: Bearer"
                    + (config.query().isEmpty() ? "" : " or in the " + config.query() + " query parameter"));
        }
        BearerAuthentication checked;
        try {
            checked = (BearerAuthentication) authentication.authenticate(new BearerAuthentication(token));
        } catch (AuthenticationServiceException e) {
            return Verdict.refuse(503, "503 Service Unavailable: the gateway cannot check access tokens now "
                    + "(" + e.getMessage() + "); try again", "Retry-After", "5");
        } catch (AuthenticationException e) {
            return challenge(api, "invalid_token", e.getMessage());
        }
        JWTClaimsSet claims = checked.getPrincipal();
        Set<String> granted = new HashSet<>();
        checked.getAuthorities().forEach(a -> granted.add(a.getAuthority().substring("SCOPE_".length())));
        List<String> needed = new ArrayList<>(config.scopes());
        config.topicScopes().forEach((path, topic) -> {
            if (covers(path, upgrade.suffix())) {
                needed.addAll(topic);
            }
        });
        List<String> missing = needed.stream().filter(s -> !granted.contains(s)).toList();
        if (!missing.isEmpty()) {
            return Verdict.refuse(403, "403 Forbidden: the access token lacks the scope " + String.join(" ", missing)
                    + " needed for " + api.path() + upgrade.suffix(), "WWW-Authenticate", "Bearer realm=\""
                    + api.path() + "\", error=\"insufficient_scope\", scope=\"" + String.join(" ", needed) + "\"");
        }
        if (claims.getExpirationTime() != null) {
            upgrade.expiresAt(claims.getExpirationTime().toInstant());
        }
        return subscribed(upgrade, api, client(claims));
    }

    /**
     * Whether a topic covers a path after the API's version: the path is the topic or lies under it, compared
     * exactly (case-sensitively) and by whole segments, so {@code /orders} covers {@code /orders} and
     * {@code /orders/eu}, not {@code /Orders} or {@code /orders-eu}. The gateway refused paths with path
     * parameters, dot segments, backslashes and encoded slashes before any policy ran, so the suffix has one
     * meaning, the one the backend gets.
     */
    static boolean covers(String topic, String suffix) {
        return suffix.equals(topic) || suffix.startsWith(topic + "/");
    }

    /** The token's client's subscription to the API; without one, 403 (unless subscriptions are not required). */
    private Verdict subscribed(UpgradeRequest upgrade, Api api, String client) {
        Directory directory = state.directory();
        Optional<Application> app = client == null ? Optional.empty() : directory.applicationOfClient(client);
        Optional<Subscription> subscription = app.flatMap(a -> a.subscriptionTo(api.id()));
        if (subscription.isPresent() && subscription.get().active()) {
            Application a = app.get();
            upgrade.identify(new Identity(a.id(), a.name(), a.owner(), subscription.get().id(), null,
                    directory.plan(subscription.get().plan()).orElse(null)));
            return Verdict.PASS;
        }
        if (!config.subscription()) {
            return Verdict.PASS;
        }
        if (app.isEmpty()) {
            return Verdict.refuse(403, "403 Forbidden: the token's client " + (client == null ? "(no azp or "
                    + "client_id claim)" : "'" + client + "'") + " is not an application subscribed to "
                    + api.label());
        }
        return Verdict.refuse(403, "403 Forbidden: application '" + app.get().name() + "' "
                + (subscription.isEmpty() ? "is not subscribed to " : "has a blocked subscription to ") + api.label());
    }

    private static String client(JWTClaimsSet claims) {
        Object client = claims.getClaim("azp");
        if (client == null) {
            client = claims.getClaim("client_id");
        }
        return client == null ? null : client.toString();
    }

    private static Verdict challenge(Api api, String error, String message) {
        String challenge = "Bearer realm=\"" + api.path() + "\"" + (error == null ? "" : ", error=\"" + error + "\"");
        return Verdict.refuse(401, "401 Unauthorized: " + message.replace('\n', ' '), "WWW-Authenticate",
                challenge);
    }

    @SafeVarargs
    private static Set<JWSAlgorithm> union(Set<JWSAlgorithm>... families) {
        Set<JWSAlgorithm> all = new HashSet<>();
        for (Set<JWSAlgorithm> family : families) {
            all.addAll(family);
        }
        return all;
    }
}
