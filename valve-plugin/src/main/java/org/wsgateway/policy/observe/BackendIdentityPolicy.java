package org.wsgateway.policy.observe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.wsgateway.api.ConfigValues;
import org.wsgateway.policy.Concern;
import org.wsgateway.policy.Identity;
import org.wsgateway.policy.Policy;
import org.wsgateway.policy.PolicyConfig;
import org.wsgateway.policy.PolicySettings;
import org.wsgateway.policy.PolicyState;
import org.wsgateway.policy.PolicyType;
import org.wsgateway.policy.UpgradeRequest;
import org.wsgateway.policy.Verdict;

/**
 * {@code backend-identity}: what the backend's handshake carries. Headers set or removed, and who the caller is, as
 * the authenticate policies found out: as plain headers ({@code X-WS-Gateway-Application}, {@code -Subscriber},
 * {@code -Subscription}, {@code -Plan}), or as a short-lived JWT signed by the gateway (like WSO2's backend JWT),
 * which the backend checks against the gateway's public keys ({@code /ws-admin/api/v1/backend-keys.json}). The
 * client's own credential never reaches the backend unless its authenticate policy says {@code passOn}.
 *
 * @param config its settings
 * @param state  what it counts, shared by its API's connections and kept across catalog reloads
 */
public record BackendIdentityPolicy(Config config, PolicyState state) implements Policy {

    public static final String NAME = "backend-identity";

    /** What the registry knows of it: its name, when it runs, how its settings parse, how it is created. */
    public static final PolicyType<Config> TYPE = PolicyType.of(NAME, Concern.OBSERVE, Config::parse,
            BackendIdentityPolicy::new);
    static final String PREFIX = "X-WS-Gateway-";
    private static final List<String> STYLES = List.of("none", "headers", "jwt");

    /**
     * @param set          headers to set, e.g. {@code X-Env: prod; X-Team: chat} (default: none)
     * @param secretSet    headers to set whose values are secrets, e.g. {@code Authorization: Basic ...}: the same
     *                     form as {@code set}, but write-only over REST and left out of exports and plain backups
     *                     (default: none)
     * @param remove       client headers not to pass on, e.g. {@code Cookie, X-Debug} (default: none)
     * @param identity     {@code none} (the default), {@code headers} or {@code jwt}
     * @param jwtHeader    the header carrying the JWT (default {@code X-JWT-Assertion})
     * @param jwtLifetime  how long the JWT is valid (default {@code 60s})
     */
    public record Config(Map<String, String> set, Map<String, String> secretSet, List<String> remove,
            String identity, String jwtHeader, Duration jwtLifetime) implements PolicyConfig {

        public Config {
            set = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(set));
            secretSet = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(secretSet));
            remove = List.copyOf(remove);
        }

        public static Config parse(PolicySettings s) {
            s.only(Set.of("set", "secretSet", "remove", "identity", "jwtHeader", "jwtLifetime"));
            return new Config(s.get("set", Config::headers, Map.of()), s.get("secretSet", Config::headers, Map.of()),
                    s.get("remove", Config::names, List.of()), s.get("identity", Config::style, "none"),
                    s.get("jwtHeader", Config::name, "X-JWT-Assertion"),
                    s.get("jwtLifetime", ConfigValues::positiveDuration, Duration.ofSeconds(60)));
        }

        private static Map<String, String> headers(String value) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (String entry : value.split(";")) {
                if (entry.isBlank()) {
                    continue;
                }
                int colon = entry.indexOf(':');
                if (colon < 1) {
                    throw new IllegalArgumentException("'" + entry.trim() + "' is not Name: value");
                }
                String header = name(entry.substring(0, colon).trim());
                String headerValue = entry.substring(colon + 1).trim();
                if (headerValue.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                    throw new IllegalArgumentException("the value of " + header + " has control characters");
                }
                headers.put(header, headerValue);
            }
            return headers;
        }

        private static List<String> names(String value) {
            return ConfigValues.list(value).stream().map(Config::name).toList();
        }

        private static String name(String value) {
            if (!value.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
                throw new IllegalArgumentException("'" + value + "' is not a header name");
            }
            String lower = value.toLowerCase(Locale.ROOT);
            if (lower.equals("host") || lower.startsWith("sec-websocket-") || lower.equals("upgrade")
                    || lower.equals("connection")) {
                throw new IllegalArgumentException(value + " belongs to the WebSocket upgrade itself");
            }
            return value;
        }

        private static String style(String value) {
            String style = value.trim().toLowerCase(Locale.ROOT);
            if (!STYLES.contains(style)) {
                throw new IllegalArgumentException("'" + value + "' is not one of " + STYLES);
            }
            return style;
        }

        @Override
        public Map<String, String> settings() {
            return PolicySettings.text("set", text(set), "secretSet", text(secretSet), "remove",
                    String.join(",", remove), "identity", identity, "jwtHeader", jwtHeader, "jwtLifetime",
                    ConfigValues.format(jwtLifetime));
        }

        private static String text(Map<String, String> headers) {
            List<String> pairs = new ArrayList<>();
            headers.forEach((k, v) -> pairs.add(k + ": " + v));
            return String.join("; ", pairs);
        }
    }


    @Override
    public Verdict onHandshake(UpgradeRequest upgrade) {
        config.remove().forEach(upgrade::removeBackendHeader);
        config.set().forEach(upgrade::setBackendHeader);
        config.secretSet().forEach(upgrade::setBackendHeader);
        // Whatever the client sent under the gateway's own names never passes as if the gateway had said it.
        upgrade.headers().keySet().stream().filter(h -> h.regionMatches(true, 0, PREFIX, 0, PREFIX.length()))
                .forEach(upgrade::removeBackendHeader);
        upgrade.removeBackendHeader(config.jwtHeader());
        Identity who = upgrade.identity();
        if (who == null || config.identity().equals("none")) {
            return Verdict.PASS;
        }
        if (config.identity().equals("headers")) {
            upgrade.setBackendHeader(PREFIX + "Application", who.application());
            upgrade.setBackendHeader(PREFIX + "Subscriber", who.subscriber());
            upgrade.setBackendHeader(PREFIX + "Subscription", who.subscription());
            if (who.plan() != null) {
                upgrade.setBackendHeader(PREFIX + "Plan", who.plan().name());
            }
        } else {
            upgrade.setBackendHeader(config.jwtHeader(), BackendTokens.sign(upgrade.api(), who, state.now(),
                    config.jwtLifetime()));
        }
        return Verdict.PASS;
    }
}
