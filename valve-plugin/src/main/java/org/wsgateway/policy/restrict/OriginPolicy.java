package org.wsgateway.policy.restrict;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.wsgateway.api.ConfigValues;
import org.wsgateway.policy.Concern;
import org.wsgateway.policy.Policy;
import org.wsgateway.policy.PolicyConfig;
import org.wsgateway.policy.PolicySettings;
import org.wsgateway.policy.PolicyState;
import org.wsgateway.policy.PolicyType;
import org.wsgateway.policy.UpgradeRequest;
import org.wsgateway.policy.Verdict;

/**
 * {@code origin}: which web pages may open a socket, by the browser's {@code Origin} header. On by default with
 * same-origin only, since a page on another site could otherwise connect with a visitor's cookies (cross-site
 * WebSocket hijacking). A handshake without {@code Origin} (not from a browser) passes unless {@code required}.
 * Refused: {@code 403}.
 */
public final class OriginPolicy implements Policy {

    public static final String NAME = "origin";

    /** What the registry knows of it: its name, when it runs, how its settings parse, how it is created. */
    public static final PolicyType<Config> TYPE = PolicyType.of(NAME, Concern.RESTRICT, Config::parse,
            (config, state) -> new OriginPolicy(config));

    /**
     * @param allow    origins allowed besides the gateway's own, e.g. {@code https://app.example.com}; {@code *}
     *                 stands for any run of characters ({@code https://*.example.com}); a lone {@code *} allows
     *                 every origin. Default: none (same origin only).
     * @param required whether a handshake must carry an {@code Origin} (default {@code false})
     */
    public record Config(List<String> allow, boolean required) implements PolicyConfig {

        /** The default: same origin only, a missing Origin passes. */
        public static final Config SAME_ORIGIN = new Config(List.of(), false);

        public Config {
            allow = allow.stream().map(o -> o.toLowerCase(Locale.ROOT)).toList();
        }

        public static Config parse(PolicySettings s) {
            s.only(Set.of("allow", "required"));
            return new Config(s.get("allow", Config::origins, List.of()), s.get("required", ConfigValues::bool, false));
        }

        private static List<String> origins(String value) {
            List<String> origins = ConfigValues.list(value);
            for (String origin : origins) {
                if (!origin.equals("*") && !origin.equals("null") && !origin.matches("[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]+")) {
                    throw new IllegalArgumentException("'" + origin + "' is not an origin (scheme://host[:port], "
                            + "e.g. https://app.example.com, https://*.example.com, or *)");
                }
            }
            return origins;
        }

        @Override
        public Map<String, String> settings() {
            return PolicySettings.text("allow", String.join(",", allow), "required", required);
        }
    }

    private final Config config;
    private final Pattern[] patterns;
    private final boolean any;

    OriginPolicy(Config config) {
        this.config = config;
        this.any = config.allow().contains("*");
        this.patterns = config.allow().stream()
                .map(o -> Pattern.compile(Pattern.quote(o).replace("*", "\\E.*\\Q"))).toArray(Pattern[]::new);
    }

    @Override
    public Verdict onHandshake(UpgradeRequest upgrade) {
        String origin = upgrade.header("Origin");
        // Not a browser: nothing to check unless the API wants an Origin.
        if (origin == null) {
            return config.required() ? Verdict.refuse(403, "403 Forbidden: " + upgrade.api().path()
                    + " needs an Origin header") : Verdict.PASS;
        }
        String normalized = origin.trim().toLowerCase(Locale.ROOT);
        if (any || sameOrigin(normalized, upgrade) || matches(normalized)) {
            return Verdict.PASS;
        }
        return Verdict.refuse(403, "403 Forbidden: pages from " + printable(origin) + " may not connect to "
                + upgrade.api().path() + (config.allow().isEmpty() ? " (same origin only)" : ""));
    }

    private boolean matches(String origin) {
        for (Pattern pattern : patterns) {
            if (pattern.matcher(origin).matches()) {
                return true;
            }
        }
        return false;
    }

    /** Whether the page's origin is the gateway's own: same scheme family, host and port as the request. */
    static boolean sameOrigin(String origin, UpgradeRequest upgrade) {
        String host = upgrade.header("Host");
        if (host == null) {
            return false;
        }
        try {
            URI page = new URI(origin);
            URI self = new URI((upgrade.secure() ? "https" : "http") + "://" + host.trim().toLowerCase(Locale.ROOT));
            boolean pageSecure = "https".equals(page.getScheme()) || "wss".equals(page.getScheme());
            return page.getHost() != null && pageSecure == upgrade.secure() && page.getHost().equals(self.getHost())
                    && port(page, pageSecure) == port(self, upgrade.secure());
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static int port(URI uri, boolean secure) {
        return uri.getPort() >= 0 ? uri.getPort() : secure ? 443 : 80;
    }

    /** The origin as it may be shown back: at most 100 printable ASCII characters. */
    static String printable(String value) {
        String cut = value.length() > 100 ? value.substring(0, 100) + "..." : value;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
