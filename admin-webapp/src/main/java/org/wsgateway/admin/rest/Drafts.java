package org.wsgateway.admin.rest;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import org.wsgateway.api.ConfigValues;
import org.wsgateway.api.EndpointSettings;
import org.wsgateway.api.GatewayDef;
import org.wsgateway.api.Plan;
import org.wsgateway.api.Policies;
import org.wsgateway.api.PolicyCheck;
import org.wsgateway.api.PolicyException;
import org.wsgateway.api.TlsSettings;
import org.wsgateway.catalog.ApiDraft;
import org.wsgateway.catalog.CatalogException.FieldError;
import org.wsgateway.config.GatewayConfigLoader;

/**
 * Turns request bodies into catalog values, checking each field with the same rules as the configuration file
 * ({@link ConfigValues}) and collecting every bad field, so one answer names them all. Unknown fields are errors (a
 * typo must not pass silently); the fields the API only reports (id, lifecycle, actions, url, connections) may be
 * sent back as they were read and are ignored.
 */
final class Drafts {

    private static final Set<String> API_FIELDS = Set.of("name", "context", "version", "description", "endpoint",
            "plans", "gateways", "defaultVersion", "policies");
    private static final Set<String> API_READ_ONLY = Set.of("id", "lifecycle", "blockedFrom", "actions", "url",
            "connections");
    private static final Set<String> ENDPOINT_FIELDS = Set.of("url", "connectTimeout", "handshakeTimeout",
            "idleTimeout", "pingInterval", "maxMessageSize", "clientCompression", "backendCompression", "tls");
    private static final Set<String> TLS_FIELDS = Set.of("trustCertificates", "trustStore", "trustStoreType",
            "trustStorePassword", "verifyHostname");
    private static final Set<String> PLAN_FIELDS = Set.of("name", "description", "messagesPerMinute", "burst",
            "bytesPerSecond", "eventsPerDay", "action", "counts", "maxConnections");

    private final Path catalinaBase;
    private final PolicyCheck policyCheck;
    private final List<FieldError> errors = new ArrayList<>();

    /** @param policyCheck the catalog's rules for policies ({@code CatalogService.policyCheck()}) */
    Drafts(Path catalinaBase, PolicyCheck policyCheck) {
        this.catalinaBase = catalinaBase;
        this.policyCheck = policyCheck;
    }

    /** An API draft from a create or update body. */
    ApiDraft api(JsonNode body) throws Problem {
        object(body, "");
        fields(body, "", API_FIELDS, API_READ_ONLY);
        ApiDraft draft = new ApiDraft(
                required(body, "name", ConfigValues::name),
                required(body, "context", ConfigValues::context),
                required(body, "version", ConfigValues::version),
                optional(body, "description", Function.identity(), ""),
                body.hasNonNull("endpoint") ? endpoint(body.get("endpoint"), "endpoint.") : null,
                list(body, "plans"), list(body, "gateways"),
                optional(body, "defaultVersion", ConfigValues::bool, false),
                body.has("policies") ? policies(body.get("policies"), "policies.") : null);
        return check(draft);
    }

    /** Policies from a body of their own: {@code {"ip-filter": {"allow": "10.0.0.0/8"}, ...}}. */
    Policies policies(JsonNode body) throws Problem {
        object(body, "");
        return check(policies(body, ""));
    }

    /**
     * Policies by name, each an object of settings; a setting may be a string, a number, a boolean or an array
     * (a list). Every problem is named {@code <prefix><policy>.<setting>}.
     */
    private Policies policies(JsonNode node, String prefix) {
        if (node == null || node.isNull()) {
            return Policies.NONE;
        }
        if (!node.isObject()) {
            errors.add(new FieldError(prefix.isEmpty() ? "(body)" : prefix.substring(0, prefix.length() - 1),
                    "must be an object of policies by name, e.g. {\"ip-filter\": {\"allow\": \"10.0.0.0/8\"}}"));
            return Policies.NONE;
        }
        Map<String, Map<String, String>> declared = new LinkedHashMap<>();
        node.fields().forEachRemaining(policy -> {
            Map<String, String> settings = new LinkedHashMap<>();
            if (!policy.getValue().isObject()) {
                errors.add(new FieldError(prefix + policy.getKey(), "must be an object of settings ({} for none)"));
                return;
            }
            policy.getValue().fields().forEachRemaining(setting -> {
                JsonNode value = setting.getValue();
                if (value.isArray()) {
                    List<String> items = new ArrayList<>();
                    value.forEach(v -> items.add(v.asText()));
                    settings.put(setting.getKey(), String.join(",", items));
                } else if (value.isValueNode() && !value.isNull()) {
                    settings.put(setting.getKey(), value.asText());
                } else {
                    errors.add(new FieldError(prefix + policy.getKey() + "." + setting.getKey(),
                            "must be a string, a number, a boolean or an array"));
                }
            });
            declared.put(policy.getKey(), settings);
        });
        try {
            return policyCheck.check(declared);
        } catch (PolicyException e) {
            e.problems().forEach(p -> errors.add(new FieldError(prefix + p.policy()
                    + (p.key().isEmpty() ? "" : "." + p.key()), p.message())));
            return Policies.NONE;
        }
    }

    /** Endpoint settings from a body of their own. */
    EndpointSettings endpoint(JsonNode body) throws Problem {
        object(body, "");
        return check(endpoint(body, ""));
    }

    Plan plan(JsonNode body, String name) throws Problem {
        object(body, "");
        fields(body, "", PLAN_FIELDS, Set.of());
        String bodyName = optional(body, "name", ConfigValues::name, name);
        if (name != null && !name.equals(bodyName)) {
            errors.add(new FieldError("name", "the name in the body (" + bodyName + ") differs from the path's"));
        }
        String planName = check(bodyName == null ? required(body, "name", ConfigValues::name) : bodyName);
        Plan plan = new Plan(planName, optional(body, "description", Function.identity(), ""),
                optional(body, "messagesPerMinute", ConfigValues::count, 0L),
                optional(body, "burst", ConfigValues::count, 0L),
                optional(body, "bytesPerSecond", ConfigValues::bytesPerSecond, 0L),
                optional(body, "eventsPerDay", ConfigValues::count, 0L),
                optional(body, "action", GatewayConfigLoader::planAction, "shape"),
                optional(body, "counts", GatewayConfigLoader::planCounts, "both"),
                optional(body, "maxConnections", ConfigValues::count, 0L));
        return check(plan);
    }

    GatewayDef gateway(JsonNode body, String name) throws Problem {
        object(body, "");
        fields(body, "", Set.of("name", "description"), Set.of("running", "serves", "connections"));
        String bodyName = optional(body, "name", ConfigValues::name, name);
        if (name != null && !name.equals(bodyName)) {
            errors.add(new FieldError("name", "the name in the body (" + bodyName + ") differs from the path's"));
        }
        // Without a name, the errors so far are the answer (a plan or gateway cannot be built to check the rest).
        String gatewayName = check(bodyName == null ? required(body, "name", ConfigValues::name) : bodyName);
        GatewayDef gateway = new GatewayDef(gatewayName, optional(body, "description", Function.identity(), ""));
        return check(gateway);
    }

    private EndpointSettings endpoint(JsonNode node, String prefix) {
        if (!node.isObject()) {
            errors.add(new FieldError(prefix.isEmpty() ? "endpoint" : prefix.substring(0, prefix.length() - 1),
                    "must be an object"));
            return null;
        }
        fields(node, prefix, ENDPOINT_FIELDS, Set.of());
        URI url = required(node, "url", ConfigValues::backendUrl, prefix);
        EndpointSettings endpoint = new EndpointSettings(url == null ? URI.create("ws://unset") : url,
                optional(node, "connectTimeout", ConfigValues::positiveDuration,
                        EndpointSettings.DEFAULT_CONNECT_TIMEOUT, prefix),
                optional(node, "handshakeTimeout", ConfigValues::positiveDuration,
                        EndpointSettings.DEFAULT_HANDSHAKE_TIMEOUT, prefix),
                optional(node, "idleTimeout", ConfigValues::duration, EndpointSettings.DEFAULT_IDLE_TIMEOUT, prefix),
                optional(node, "pingInterval", ConfigValues::duration, EndpointSettings.DEFAULT_PING_INTERVAL, prefix),
                optional(node, "maxMessageSize", ConfigValues::size, EndpointSettings.DEFAULT_MAX_MESSAGE_SIZE,
                        prefix),
                optional(node, "clientCompression", ConfigValues::bool, EndpointSettings.DEFAULT_CLIENT_COMPRESSION,
                        prefix),
                optional(node, "backendCompression", ConfigValues::bool,
                        EndpointSettings.DEFAULT_BACKEND_COMPRESSION, prefix),
                node.hasNonNull("tls") ? tls(node.get("tls"), prefix + "tls.") : TlsSettings.DEFAULT);
        return url == null ? null : endpoint;
    }

    private TlsSettings tls(JsonNode node, String prefix) {
        if (!node.isObject()) {
            errors.add(new FieldError(prefix.substring(0, prefix.length() - 1), "must be an object of TLS settings"));
            return TlsSettings.DEFAULT;
        }
        fields(node, prefix, TLS_FIELDS, Set.of());
        TlsSettings d = TlsSettings.DEFAULT;
        return new TlsSettings(
                optional(node, "trustStore", this::confFile, d.trustStore(), prefix),
                optional(node, "trustStoreType", Function.identity(), d.trustStoreType(), prefix),
                optional(node, "trustStorePassword", Function.identity(), d.trustStorePassword(), prefix),
                optional(node, "trustCertificates", this::confFile, d.trustCertificates(), prefix),
                optional(node, "verifyHostname", ConfigValues::bool, d.verifyHostname(), prefix));
    }

    /** A trust file must be a readable file inside {@code $CATALINA_BASE}: the REST API names no other files. */
    private Path confFile(String value) {
        Path path = catalinaBase.resolve(value).normalize();
        if (!path.startsWith(catalinaBase) || !Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new IllegalArgumentException("'" + value + "' is not a readable file inside $CATALINA_BASE");
        }
        return path;
    }

    private <T> T check(T value) throws Problem {
        if (!errors.isEmpty()) {
            throw Problem.invalid(errors);
        }
        return value;
    }

    private void object(JsonNode body, String field) throws Problem {
        if (body == null || !body.isObject()) {
            throw Problem.invalid(List.of(new FieldError(field.isEmpty() ? "(body)" : field,
                    "must be a JSON object")));
        }
    }

    private void fields(JsonNode node, String prefix, Set<String> known, Set<String> ignored) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!known.contains(name) && !ignored.contains(name)) {
                errors.add(new FieldError(prefix + name, "unknown field"));
            }
        }
    }

    private List<String> list(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            errors.add(new FieldError(field, "must be an array of names"));
            return List.of();
        }
        List<String> values = new ArrayList<>();
        node.forEach(v -> {
            if (v.isTextual() && !v.asText().isBlank()) {
                values.add(v.asText().trim());
            } else {
                errors.add(new FieldError(field, "must hold names, not " + v));
            }
        });
        return values;
    }

    private <T> T required(JsonNode node, String field, Function<String, T> parser) {
        return required(node, field, parser, "");
    }

    private <T> T required(JsonNode node, String field, Function<String, T> parser, String prefix) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.asText().isBlank()) {
            errors.add(new FieldError(prefix + field, "is required"));
            return null;
        }
        return parse(value, prefix + field, parser, null);
    }

    private <T> T optional(JsonNode node, String field, Function<String, T> parser, T fallback) {
        return optional(node, field, parser, fallback, "");
    }

    private <T> T optional(JsonNode node, String field, Function<String, T> parser, T fallback, String prefix) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? fallback : parse(value, prefix + field, parser, fallback);
    }

    private <T> T parse(JsonNode value, String field, Function<String, T> parser, T fallback) {
        if (!value.isValueNode()) {
            errors.add(new FieldError(field, "must be a single value"));
            return fallback;
        }
        try {
            return parser.apply(value.asText());
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field, e.getMessage()));
            return fallback;
        }
    }

}
