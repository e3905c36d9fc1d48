package org.wsgateway.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.XMLConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.io.FileHandler;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.wsgateway.api.Api;
import org.wsgateway.api.ApiTable;
import org.wsgateway.api.EndpointSettings;
import org.wsgateway.api.TlsSettings;

/**
 * Loads API definitions from the gateway's XML file with Apache Commons Configuration and validates all of it:
 * required keys, value forms, backend URLs, unknown keys (a typo is an error, not a silent default) and clashing
 * contexts. Every problem found is reported at once, each naming the API and the key. {@code ${env:NAME}} and
 * {@code ${sys:name}} are interpolated in values.
 *
 * <pre>{@code
 * <ws-gateway>
 *   <api name="EchoWebSocket" context="/echowebsocket" version="1.0">
 *     <endpoint url="ws://127.0.0.1:9001/echo" connectTimeout="5s"/>
 *   </api>
 * </ws-gateway>
 * }</pre>
 */
public final class GatewayConfigLoader {

    private static final Pattern CONTEXT = Pattern.compile("(/[A-Za-z0-9._~-]+)+");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._~-]+");
    private static final String ENDPOINT = "endpoint";
    private static final String TLS = "endpoint.tls";
    private static final Set<String> API_KEYS = Set.of("[@name]", "[@context]", "[@version]",
            ENDPOINT + "[@url]", ENDPOINT + "[@connectTimeout]", ENDPOINT + "[@handshakeTimeout]",
            ENDPOINT + "[@idleTimeout]", ENDPOINT + "[@pingInterval]", ENDPOINT + "[@maxMessageSize]",
            ENDPOINT + "[@clientCompression]", ENDPOINT + "[@backendCompression]",
            TLS + "[@trustStore]", TLS + "[@trustStoreType]", TLS + "[@trustStorePassword]",
            TLS + "[@trustCertificates]", TLS + "[@verifyHostname]");

    private final Path catalinaBase;

    /** @param catalinaBase the directory that relative paths in the file (trust stores) are resolved against */
    public GatewayConfigLoader(Path catalinaBase) {
        this.catalinaBase = catalinaBase;
    }

    /**
     * Reads and validates the file.
     *
     * @param file        the file
     * @param displayName how messages name the file, e.g. {@code conf/ws-gateway.xml}
     * @return the APIs it defines
     * @throws ConfigException naming every problem found
     */
    public ApiTable load(Path file, String displayName) throws ConfigException {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(displayName, List.of("file not found (looked for " + file.toAbsolutePath() + ")"));
        }
        XMLConfiguration xml = new XMLConfiguration();
        try {
            new FileHandler(xml).load(file.toFile());
        } catch (ConfigurationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ConfigException(displayName, "cannot be read as XML: " + cause.getMessage(), e);
        }
        List<String> problems = new ArrayList<>();
        for (Iterator<String> keys = xml.getKeys(); keys.hasNext();) {
            String key = keys.next();
            if (!key.equals("api") && !key.startsWith("api.") && !key.startsWith("api[")) {
                problems.add("unknown key '" + key + "' (the file holds <api> elements only)");
            }
        }
        List<Api> apis = new ArrayList<>();
        List<HierarchicalConfiguration<ImmutableNode>> apiNodes = xml.configurationsAt("api");
        for (int i = 0; i < apiNodes.size(); i++) {
            Api api = new ApiReader(apiNodes.get(i), i + 1, problems).read();
            if (api != null) {
                apis.add(api);
            }
        }
        if (problems.isEmpty()) {
            try {
                return new ApiTable(apis);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        throw new ConfigException(displayName, problems);
    }

    /** Reads one {@code <api>} element, adding a problem for each bad or unknown key. */
    private final class ApiReader {
        private final HierarchicalConfiguration<ImmutableNode> node;
        private final List<String> problems;
        private final String label;

        ApiReader(HierarchicalConfiguration<ImmutableNode> node, int position, List<String> problems) {
            this.node = node;
            this.problems = problems;
            String name = node.getString("[@name]");
            this.label = name == null || name.isBlank() ? "API #" + position : "API '" + name + "'";
        }

        Api read() {
            int before = problems.size();
            for (Iterator<String> keys = node.getKeys(); keys.hasNext();) {
                String key = keys.next();
                // An element without attributes shows up as its own key: known elements may be empty.
                if (!API_KEYS.contains(key) && !key.equals(ENDPOINT) && !key.equals(TLS)) {
                    problem(key, "unknown key");
                }
            }
            if (node.getMaxIndex(ENDPOINT) > 0 || node.getMaxIndex(TLS) > 0) {
                problem(ENDPOINT, "more than one <endpoint> or <tls> element");
            }
            String name = required("[@name]", Function.identity());
            String context = required("[@context]", this::context);
            String version = required("[@version]", this::version);
            URI url = required(ENDPOINT + "[@url]", this::url);
            // Check the other endpoint values even when the url is bad, so every problem is reported at once.
            EndpointSettings endpoint = endpoint(url == null ? URI.create("ws://unset") : url);
            if (problems.size() > before) {
                return null;
            }
            return new Api(name, context, version, endpoint);
        }

        private EndpointSettings endpoint(URI url) {
            return new EndpointSettings(url,
                    optional(ENDPOINT + "[@connectTimeout]", this::positive, EndpointSettings.DEFAULT_CONNECT_TIMEOUT),
                    optional(ENDPOINT + "[@handshakeTimeout]", this::positive,
                            EndpointSettings.DEFAULT_HANDSHAKE_TIMEOUT),
                    optional(ENDPOINT + "[@idleTimeout]", ConfigValues::duration,
                            EndpointSettings.DEFAULT_IDLE_TIMEOUT),
                    optional(ENDPOINT + "[@pingInterval]", ConfigValues::duration,
                            EndpointSettings.DEFAULT_PING_INTERVAL),
                    optional(ENDPOINT + "[@maxMessageSize]", ConfigValues::size,
                            EndpointSettings.DEFAULT_MAX_MESSAGE_SIZE),
                    optional(ENDPOINT + "[@clientCompression]", ConfigValues::bool,
                            EndpointSettings.DEFAULT_CLIENT_COMPRESSION),
                    optional(ENDPOINT + "[@backendCompression]", ConfigValues::bool,
                            EndpointSettings.DEFAULT_BACKEND_COMPRESSION),
                    tls());
        }

        private TlsSettings tls() {
            TlsSettings d = TlsSettings.DEFAULT;
            return new TlsSettings(
                    optional(TLS + "[@trustStore]", this::readableFile, d.trustStore()),
                    optional(TLS + "[@trustStoreType]", Function.identity(), d.trustStoreType()),
                    optional(TLS + "[@trustStorePassword]", Function.identity(), d.trustStorePassword()),
                    optional(TLS + "[@trustCertificates]", this::readableFile, d.trustCertificates()),
                    optional(TLS + "[@verifyHostname]", ConfigValues::bool, d.verifyHostname()));
        }

        private <T> T required(String key, Function<String, T> parser) {
            String value = node.getString(key);
            if (value == null || value.isBlank()) {
                problem(key, "missing");
                return null;
            }
            return parse(key, value, parser, null);
        }

        private <T> T optional(String key, Function<String, T> parser, T defaultValue) {
            String value = node.getString(key);
            return value == null ? defaultValue : parse(key, value, parser, defaultValue);
        }

        private <T> T parse(String key, String value, Function<String, T> parser, T fallback) {
            try {
                return parser.apply(value);
            } catch (IllegalArgumentException e) {
                problem(key, e.getMessage());
                return fallback;
            }
        }

        private void problem(String key, String message) {
            problems.add(label + ": key '" + key + "': " + message);
        }

        private String context(String value) {
            if (!CONTEXT.matcher(value).matches() || value.contains("/./") || value.contains("/../")
                    || value.endsWith("/.") || value.endsWith("/..")) {
                throw new IllegalArgumentException("'" + value + "' is not a context: it must start with '/', have no "
                        + "trailing '/', and use only letters, digits and . _ ~ - (e.g. /echowebsocket)");
            }
            return value;
        }

        private String version(String value) {
            if (!VERSION.matcher(value).matches() || value.equals(".") || value.equals("..")) {
                throw new IllegalArgumentException("'" + value + "' is not a version: use letters, digits and . _ ~ - "
                        + "(e.g. 1.0)");
            }
            return value;
        }

        private URI url(String value) {
            URI uri;
            try {
                uri = new URI(value);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("'" + value + "' is not a URL: " + e.getReason());
            }
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("ws") || scheme.equalsIgnoreCase("wss"))) {
                throw new IllegalArgumentException("'" + value + "' must start with ws:// or wss://");
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("'" + value + "' has no host");
            }
            if (uri.getPort() > 65535) {
                throw new IllegalArgumentException("'" + value + "' has a port above 65535");
            }
            if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("'" + value + "' must not contain user info or a #fragment");
            }
            return uri;
        }

        private Duration positive(String value) {
            Duration d = ConfigValues.duration(value);
            if (d.isZero()) {
                throw new IllegalArgumentException("must be greater than 0");
            }
            return d;
        }

        private Path readableFile(String value) {
            Path path = catalinaBase.resolve(value);
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                throw new IllegalArgumentException("cannot read file " + path);
            }
            return path;
        }
    }
}
