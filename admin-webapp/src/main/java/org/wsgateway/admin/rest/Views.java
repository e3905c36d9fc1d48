package org.wsgateway.admin.rest;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.wsgateway.api.Api;
import org.wsgateway.api.ApiKey;
import org.wsgateway.api.Application;
import org.wsgateway.api.Catalog;
import org.wsgateway.api.CatalogFields;
import org.wsgateway.api.EndpointSettings;
import org.wsgateway.api.Field;
import org.wsgateway.api.FieldContext;
import org.wsgateway.api.FieldSet;
import org.wsgateway.api.GatewayDef;
import org.wsgateway.api.Plan;
import org.wsgateway.api.Policies;
import org.wsgateway.api.Subscription;
import org.wsgateway.catalog.Gateways;

/**
 * The JSON form of catalog resources, as the REST API returns them. Write-only values (a trust store password,
 * secret policy settings such as {@code backend-identity}'s {@code secretSet}) never appear, except in a backup an
 * admin asks secrets for ({@code GET /backup?secrets=true}).
 */
final class Views {

    /** Reads and writes the REST API's JSON; reading nests at most {@link Exchange#MAX_DEPTH} levels. */
    static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder().streamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(Exchange.MAX_DEPTH).build()).build());

    private final FieldContext context;

    Views(Path catalinaBase) {
        this.context = FieldContext.restApi(catalinaBase);
    }

    /**
     * An API, with what is derived for readers: the lifecycle actions possible now, live connections, and the URL
     * clients connect to.
     */
    ObjectNode api(Api a, String clientBase, int connections) {
        ObjectNode node = draftFields(a, false);
        ArrayNode actions = node.putArray("actions");
        a.lifecycle().actions().forEach(actions::add);
        node.put("url", clientBase + a.path());
        node.put("connections", connections);
        return node;
    }

    /** The API's catalog fields, its endpoint and its policies. */
    private ObjectNode draftFields(Api a, boolean secrets) {
        ObjectNode node = fields(CatalogFields.API, a, secrets);
        if (a.endpoint() == null) {
            node.putNull("endpoint");
        } else {
            node.set("endpoint", endpoint(a.endpoint(), secrets));
        }
        node.set("policies", policies(a.policies(), secrets));
        return node;
    }

    /** An application with its subscriptions and keys (never the keys themselves). */
    ObjectNode application(Application a, Catalog catalog) {
        return application(a, catalog, false);
    }

    /** An application; with {@code hashes}, its keys' hashes too (a backup, so that a restore gives working keys). */
    private ObjectNode application(Application a, Catalog catalog, boolean hashes) {
        ObjectNode node = fields(CatalogFields.APPLICATION, a, false);
        ArrayNode subscriptions = node.putArray("subscriptions");
        a.subscriptions().forEach(s -> subscriptions.add(subscription(s, catalog)));
        ArrayNode keys = node.putArray("keys");
        a.keys().forEach(k -> keys.add(key(k, hashes)));
        return node;
    }

    ObjectNode subscription(Subscription s, Catalog catalog) {
        ObjectNode node = fields(CatalogFields.SUBSCRIPTION, s, false);
        catalog.api(s.apiId()).ifPresent(api -> node.put("apiName", api.label()).put("apiPath", api.path()));
        return node;
    }

    /** What is kept of a key: its id, name, first characters and times; its hash only in a backup. */
    ObjectNode key(ApiKey k, boolean secrets) {
        ObjectNode node = fields(CatalogFields.KEY, k, secrets);
        node.put("expired", k.expiredAt(java.time.Instant.now()));
        return node;
    }

    /** What is kept of a key, without its hash. */
    ObjectNode key(ApiKey k) {
        return key(k, false);
    }

    /** Policies by name, each with every setting but the secret ones as text (what {@code Drafts} reads back). */
    ObjectNode policies(Policies policies) {
        return policies(policies, false);
    }

    /** Policies by name, each with every setting as text; secret settings only with {@code secrets}. */
    static ObjectNode policies(Policies policies, boolean secrets) {
        ObjectNode node = MAPPER.createObjectNode();
        (secrets ? policies : policies.withoutSecrets()).settings().forEach((name, settings) -> {
            ObjectNode policy = node.putObject(name);
            settings.forEach(policy::put);
        });
        return node;
    }

    ObjectNode endpoint(EndpointSettings e, boolean secrets) {
        ObjectNode node = fields(CatalogFields.ENDPOINT, e, secrets);
        node.set("tls", fields(CatalogFields.TLS, e.tls(), secrets));
        return node;
    }

    /**
     * A catalog value's fields as JSON members, typed as {@link CatalogFields} says: a field without a value is
     * {@code null}, except catalog-owned ones (left out) and secrets (left out unless {@code secrets}).
     */
    private <R> ObjectNode fields(FieldSet<R> fields, R value, boolean secrets) {
        ObjectNode node = MAPPER.createObjectNode();
        fields.write(value, context, (field, text, v) -> {
            if (field.access() == Field.Access.SECRET && !secrets
                    || text == null && field.access() != Field.Access.WRITABLE) {
                return;
            }
            if (text == null) {
                node.putNull(field.name());
                return;
            }
            switch (field.type()) {
                case INTEGER -> node.put(field.name(), (Long) v);
                case BOOLEAN -> node.put(field.name(), (Boolean) v);
                case LIST -> {
                    ArrayNode items = node.putArray(field.name());
                    ((List<?>) v).forEach(item -> items.add(String.valueOf(item)));
                }
                default -> node.put(field.name(), text);
            }
        });
        return node;
    }

    ObjectNode plan(Plan p) {
        return fields(CatalogFields.PLAN, p, false);
    }

    /** A gateway, with whether a valve by that name runs now, what it serves and its live connections. */
    ObjectNode gateway(GatewayDef g, Map<String, Gateways.Status> running) {
        ObjectNode node = fields(CatalogFields.GATEWAY, g, false);
        Gateways.Status status = running.get(g.name());
        node.put("running", status != null);
        if (status != null) {
            node.put("serves", status.serves());
            node.put("connections", status.connections());
        }
        return node;
    }

    /**
     * The whole catalog: a backup. Keys' hashes are always in it (a restore must give working keys, and a hash
     * reveals no key); trust store passwords and secret policy settings only with {@code secrets}.
     */
    ObjectNode backup(Catalog c, boolean secrets) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("format", "ws-gateway-backup/1");
        node.put("secrets", secrets);
        ArrayNode gateways = node.putArray("gateways");
        c.gateways().forEach(g -> gateways.add(fields(CatalogFields.GATEWAY, g, true)));
        ArrayNode plans = node.putArray("plans");
        c.plans().forEach(p -> plans.add(plan(p)));
        ArrayNode apis = node.putArray("apis");
        for (Api a : c.apis()) {
            apis.add(draftFields(a, secrets));
        }
        ArrayNode applications = node.putArray("applications");
        for (Application a : c.applications()) {
            // A backup must restore working keys: it holds their hashes (never the keys themselves).
            applications.add(application(a, c, true));
        }
        return node;
    }
}
