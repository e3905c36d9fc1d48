package org.wsgateway.admin.rest;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import org.wsgateway.api.Api;
import org.wsgateway.api.CatalogFields;
import org.wsgateway.api.ConfigValues;
import org.wsgateway.api.EndpointSettings;
import org.wsgateway.api.Field;
import org.wsgateway.api.FieldContext;
import org.wsgateway.api.FieldSet;
import org.wsgateway.api.GatewayDef;
import org.wsgateway.api.Plan;
import org.wsgateway.api.Policies;
import org.wsgateway.api.PolicyCheck;
import org.wsgateway.api.PolicyException;
import org.wsgateway.api.TlsSettings;
import org.wsgateway.catalog.ApiDraft;
import org.wsgateway.catalog.CatalogException.FieldError;

/**
 * Turns request bodies into catalog values, checking each field with the same rules as the configuration file
 * ({@link ConfigValues}) and collecting every bad field, so one answer names them all. Unknown fields are errors (a
 * typo must not pass silently); the fields the API only reports (id, lifecycle, actions, url, connections) may be
 * sent back as they were read and are ignored.
 */
final class Drafts {

    /** What an API body may hold besides its own fields: its endpoint and its policies. */
    private static final Set<String> API_PARTS = Set.of("endpoint", "policies");
    /** What the REST API derives for readers of an API: sent back as read, ignored. */
    private static final Set<String> API_DERIVED = Set.of("actions", "url", "connections");
    /** What it derives for readers of a gateway. */
    private static final Set<String> GATEWAY_DERIVED = Set.of("running", "serves", "connections");
    /** The write-only TLS field. */
    private static final String PASSWORD = "trustStorePassword";

    private final FieldContext context;
    private final PolicyCheck policyCheck;
    private final List<FieldError> errors = new ArrayList<>();
    /** The API being changed, whose secrets a body that leaves them out keeps; {@code null} for a new API. */
    private Api current;

    /** @param policyCheck the catalog's rules for policies ({@code CatalogService.policyCheck()}) */
    Drafts(Path catalinaBase, PolicyCheck policyCheck) {
        this.context = FieldContext.restApi(catalinaBase);
        this.policyCheck = policyCheck;
    }

    /**
     * Makes the next bodies read keep the write-only values of {@code api} that they leave out: its trust store
     * password, its secret policy settings. A client never reads them, so it cannot send them back; a member given
     * ({@code null} or {@code ""} too) replaces the stored value.
     *
     * @param api the API being changed, or {@code null}
     */
    Drafts keepingSecretsOf(Api api) {
        this.current = api;
        return this;
    }

    /** An API draft from a create or update body. */
    ApiDraft api(JsonNode body) throws Problem {
        object(body, "");
        fields(body, "", union(CatalogFields.API.names(Field.Access.WRITABLE), API_PARTS),
                union(CatalogFields.API.names(Field.Access.CATALOG_OWNED), API_DERIVED));
        FieldSet.Values api = read(CatalogFields.API, body, "", Map.of());
        ApiDraft draft = new ApiDraft(api.get(field(CatalogFields.API, "name")),
                api.get(field(CatalogFields.API, "context")), api.get(field(CatalogFields.API, "version")),
                api.get(field(CatalogFields.API, "description")),
                body.hasNonNull("endpoint") ? endpoint(body.get("endpoint"), "endpoint.") : null,
                CatalogFields.names(api, "plans"), CatalogFields.names(api, "gateways"),
                api.get(field(CatalogFields.API, "defaultVersion")),
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
        Map<String, Map<String, String>> given = new LinkedHashMap<>();
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
            given.put(policy.getKey(), settings);
        });
        Map<String, Map<String, String>> declared = current == null ? given
                : current.policies().keepingSecrets(given);
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
        fields(body, "", CatalogFields.PLAN.names(), Set.of());
        String planName = name(body, name);
        return check(CatalogFields.plan(read(CatalogFields.PLAN, body, "", Map.of("name", planName))));
    }

    GatewayDef gateway(JsonNode body, String name) throws Problem {
        object(body, "");
        fields(body, "", CatalogFields.GATEWAY.names(), GATEWAY_DERIVED);
        String gatewayName = name(body, name);
        return check(CatalogFields.gateway(read(CatalogFields.GATEWAY, body, "", Map.of("name", gatewayName))));
    }

    /**
     * The name of a plan or gateway: the body's, which must match the path's when both are given. Without a name,
     * the errors so far are the answer (a plan or gateway cannot be built to check the rest).
     */
    private String name(JsonNode body, String name) throws Problem {
        String bodyName = optional(body, "name", ConfigValues::name, name);
        if (name != null && !name.equals(bodyName)) {
            errors.add(new FieldError("name", "the name in the body (" + bodyName + ") differs from the path's"));
        }
        return check(bodyName == null ? required(body, "name", ConfigValues::name) : bodyName);
    }

    private EndpointSettings endpoint(JsonNode node, String prefix) {
        if (!node.isObject()) {
            errors.add(new FieldError(prefix.isEmpty() ? "endpoint" : prefix.substring(0, prefix.length() - 1),
                    "must be an object"));
            return null;
        }
        fields(node, prefix, union(CatalogFields.ENDPOINT.names(), Set.of("tls")), Set.of());
        FieldSet.Values endpoint = read(CatalogFields.ENDPOINT, node, prefix, Map.of());
        TlsSettings tls = node.hasNonNull("tls") ? tls(node.get("tls"), prefix + "tls.") : TlsSettings.DEFAULT;
        URI url = endpoint.get(CatalogFields.URL);
        return url == null ? null : CatalogFields.endpoint(endpoint, url, tls);
    }

    private TlsSettings tls(JsonNode node, String prefix) {
        if (!node.isObject()) {
            errors.add(new FieldError(prefix.substring(0, prefix.length() - 1), "must be an object of TLS settings"));
            return TlsSettings.DEFAULT;
        }
        fields(node, prefix, CatalogFields.TLS.names(), Set.of());
        String password = current == null || current.endpoint() == null ? null
                : current.endpoint().tls().trustStorePassword();
        Map<String, String> kept = password == null || node.has(PASSWORD) ? Map.of() : Map.of(PASSWORD, password);
        return CatalogFields.tls(read(CatalogFields.TLS, node, prefix, kept));
    }

    /**
     * Reads a catalog type's writable fields from a JSON object; catalog-owned fields are not read (their defaults
     * stand in). Every problem is named {@code <prefix><field>}.
     *
     * @param given values that stand for the body's (already checked)
     */
    private FieldSet.Values read(FieldSet<?> fields, JsonNode node, String prefix, Map<String, String> given) {
        return fields.read(new FieldSet.Source() {
            @Override
            public String text(Field<?, ?> field) {
                if (given.containsKey(field.name())) {
                    return given.get(field.name());
                }
                JsonNode value = node.get(field.name());
                if (field.access() == Field.Access.CATALOG_OWNED || value == null || value.isNull()) {
                    return null;
                }
                if (field.type() == Field.Type.LIST) {
                    return names(value, prefix + field.name());
                }
                if (!value.isValueNode()) {
                    // A required field given as an object or array is as good as missing.
                    if (!field.required()) {
                        errors.add(new FieldError(prefix + field.name(), "must be a single value"));
                    }
                    return null;
                }
                return value.asText();
            }

            @Override
            public void missing(String field) {
                errors.add(new FieldError(prefix + field, "is required"));
            }

            @Override
            public void problem(String field, String message) {
                errors.add(new FieldError(prefix + field, message));
            }
        }, context);
    }

    /** An array of names as the comma-separated text a list field parses, or {@code null} after a problem. */
    private String names(JsonNode node, String field) {
        if (!node.isArray()) {
            errors.add(new FieldError(field, "must be an array of names"));
            return null;
        }
        List<String> values = new ArrayList<>();
        node.forEach(v -> {
            if (v.isTextual() && !v.asText().isBlank()) {
                values.add(v.asText().trim());
            } else {
                errors.add(new FieldError(field, "must hold names, not " + v));
            }
        });
        return String.join(",", values);
    }

    @SuppressWarnings("unchecked")
    private static <V> Field<?, V> field(FieldSet<?> fields, String name) {
        return (Field<?, V>) fields.field(name);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> union = new HashSet<>(a);
        union.addAll(b);
        return union;
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

    private <T> T required(JsonNode node, String field, Function<String, T> parser) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.asText().isBlank()) {
            errors.add(new FieldError(field, "is required"));
            return null;
        }
        return parse(value, field, parser, null);
    }

    private <T> T optional(JsonNode node, String field, Function<String, T> parser, T fallback) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? fallback : parse(value, field, parser, fallback);
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
