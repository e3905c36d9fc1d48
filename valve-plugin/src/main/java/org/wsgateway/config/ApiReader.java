package org.wsgateway.config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.wsgateway.api.Api;
import org.wsgateway.api.ConfigValues;
import org.wsgateway.api.EndpointSettings;
import org.wsgateway.api.Lifecycle;
import org.wsgateway.api.Policies;
import org.wsgateway.api.PolicyCheck;
import org.wsgateway.api.PolicyException;
import org.wsgateway.api.TlsSettings;

/** Reads one {@code <api>} element and its {@code <endpoint>} (with {@code <tls>}). */
final class ApiReader extends ElementReader {

    static final String ENDPOINT = "endpoint";
    static final String TLS = "endpoint.tls";
    static final String POLICIES = "policies";
    static final Set<String> KEYS = Set.of("[@id]", "[@name]", "[@context]", "[@version]", "[@description]",
            "[@lifecycle]", "[@blockedFrom]", "[@plans]", "[@gateways]", "[@defaultVersion]",
            ENDPOINT + "[@url]", ENDPOINT + "[@connectTimeout]", ENDPOINT + "[@handshakeTimeout]",
            ENDPOINT + "[@idleTimeout]", ENDPOINT + "[@pingInterval]", ENDPOINT + "[@maxMessageSize]",
            ENDPOINT + "[@clientCompression]", ENDPOINT + "[@backendCompression]",
            TLS + "[@trustStore]", TLS + "[@trustStoreType]", TLS + "[@trustStorePassword]",
            TLS + "[@trustCertificates]", TLS + "[@verifyHostname]");

    private final Path catalinaBase;
    private final PolicyCheck policyCheck;

    ApiReader(HierarchicalConfiguration<ImmutableNode> node, int position, List<String> problems, Path catalinaBase,
            PolicyCheck policyCheck) {
        super(node, "API", position, problems);
        this.catalinaBase = catalinaBase;
        this.policyCheck = policyCheck;
    }

    /** The API, or {@code null} if any of its keys has a problem. */
    Api read() {
        int before = problemCount();
        checkKeys(KEYS, Set.of(ENDPOINT, TLS), Set.of(POLICIES));
        String name = required("[@name]", ConfigValues::name);
        String context = required("[@context]", ConfigValues::context);
        String version = required("[@version]", ConfigValues::version);
        Lifecycle lifecycle = optional("[@lifecycle]", ApiReader::lifecycle, Lifecycle.PUBLISHED);
        Lifecycle blockedFrom = optional("[@blockedFrom]", ApiReader::lifecycle, null);
        // Only an API still being created may lack a backend; check the endpoint's other values in any case, so
        // every problem is reported at once.
        URI url = lifecycle == Lifecycle.CREATED && !has(ENDPOINT + "[@url]") ? null
                : required(ENDPOINT + "[@url]", v -> ConfigValues.backendUrl(ConfigValues.expand(v)));
        EndpointSettings endpoint = endpoint(url == null ? URI.create("ws://unset") : url);
        String id = optional("[@id]", Function.identity(), null);
        String description = optional("[@description]", Function.identity(), "");
        List<String> plans = optional("[@plans]", ConfigValues::list, List.of());
        List<String> gateways = optional("[@gateways]", ConfigValues::list, List.of());
        boolean defaultVersion = optional("[@defaultVersion]", ConfigValues::bool, false);
        Policies policies = policies();
        if (problemCount() > before) {
            return null;
        }
        return new Api(id, name, context, version, description, url == null ? null : endpoint, lifecycle,
                lifecycle == Lifecycle.BLOCKED ? blockedFrom : null, plans, gateways, defaultVersion, policies);
    }

    /** The {@code <policies>} element: one child element per policy, its settings as attributes. */
    private Policies policies() {
        List<HierarchicalConfiguration<ImmutableNode>> elements = configurationsAt(POLICIES);
        if (elements.isEmpty()) {
            return Policies.NONE;
        }
        if (elements.size() > 1) {
            problem(POLICIES, "more than one <policies> element");
        }
        Map<String, Map<String, String>> declared = new LinkedHashMap<>();
        for (ImmutableNode child : elements.get(0).getNodeModel().getNodeHandler().getRootNode().getChildren()) {
            String policy = child.getNodeName();
            if (declared.containsKey(policy)) {
                problem(POLICIES + "." + policy, "declared twice");
            } else if (!child.getChildren().isEmpty() || child.getValue() != null
                    && !String.valueOf(child.getValue()).isBlank()) {
                problem(POLICIES + "." + policy, "settings are attributes, e.g. <" + policy + " name=\"value\"/>");
            }
            Map<String, String> settings = new LinkedHashMap<>();
            child.getAttributes().forEach((k, v) -> settings.put(k, String.valueOf(v)));
            declared.putIfAbsent(policy, settings);
        }
        try {
            return policyCheck.check(declared);
        } catch (PolicyException e) {
            e.problems().forEach(p -> problem(POLICIES + "." + p.policy() + (p.key().isEmpty() ? "" : "[@" + p.key()
                    + "]"), p.message()));
            return Policies.NONE;
        }
    }

    private static Lifecycle lifecycle(String value) {
        try {
            return Lifecycle.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + value + "' is not a lifecycle state (one of "
                    + List.of(Lifecycle.values()) + ")");
        }
    }

    private EndpointSettings endpoint(URI url) {
        return new EndpointSettings(url,
                optional(ENDPOINT + "[@connectTimeout]", ConfigValues::positiveDuration,
                        EndpointSettings.DEFAULT_CONNECT_TIMEOUT),
                optional(ENDPOINT + "[@handshakeTimeout]", ConfigValues::positiveDuration,
                        EndpointSettings.DEFAULT_HANDSHAKE_TIMEOUT),
                optional(ENDPOINT + "[@idleTimeout]", ConfigValues::duration, EndpointSettings.DEFAULT_IDLE_TIMEOUT),
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
                optional(TLS + "[@trustStorePassword]", ConfigValues::expand, d.trustStorePassword()),
                optional(TLS + "[@trustCertificates]", this::readableFile, d.trustCertificates()),
                optional(TLS + "[@verifyHostname]", ConfigValues::bool, d.verifyHostname()));
    }

    private Path readableFile(String value) {
        Path path = catalinaBase.resolve(value);
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new IllegalArgumentException("cannot read file " + path);
        }
        return path;
    }
}
