package org.wsgateway.admin.rest;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.wsgateway.admin.security.Access.Role;
import org.wsgateway.api.Api;
import org.wsgateway.api.ApiKey;
import org.wsgateway.api.Application;
import org.wsgateway.api.Catalog;
import org.wsgateway.api.ConfigValues;
import org.wsgateway.api.GatewayDef;
import org.wsgateway.api.Lifecycle;
import org.wsgateway.api.Plan;
import org.wsgateway.api.Subscription;
import org.wsgateway.catalog.ApiDraft;
import org.wsgateway.catalog.AuditLog;
import org.wsgateway.catalog.CatalogException.FieldError;
import org.wsgateway.catalog.CatalogException;
import org.wsgateway.catalog.Gateways;

/**
 * Everything but APIs: {@code /plans} and {@code /gateways} (anyone reads, admins change), {@code /backup} (the
 * whole catalog, export and restore, admins only), {@code /audit} (admins) and {@code /me}.
 */
final class CatalogResources {

    private final Views views;
    private final Path catalinaBase;

    CatalogResources(Views views, Path catalinaBase) {
        this.views = views;
        this.catalinaBase = catalinaBase;
    }

    void plans(Exchange x) throws Problem, CatalogException, IOException {
        String name = x.segment(1);
        Catalog catalog = x.catalog.catalog();
        if (name == null) {
            RestServlet.methods(x, "GET", "POST");
            if (x.method().equals("GET")) {
                ArrayNode items = Views.MAPPER.createArrayNode();
                catalog.plans().forEach(p -> items.add(views.plan(p)));
                x.send(200, collection(items), null);
                return;
            }
            x.require(Role.ADMIN, "Defining business plans");
            Plan plan = drafts(x).plan(x.body(), null);
            if (catalog.plan(plan.name()).isPresent()) {
                throw conflict("name", "plan " + plan.name() + " exists already; PUT /plans/" + plan.name()
                        + " changes it");
            }
            x.catalog.putPlan(plan, null, x.access.user());
            x.response.setHeader("Location", x.location("plans/" + plan.name()));
            x.send(201, views.plan(plan), x.catalog.etags().of(plan));
            return;
        }
        RestServlet.methods(x, "GET", "PUT", "DELETE");
        if (x.method().equals("GET")) {
            Plan plan = catalog.plan(name).orElseThrow(() -> Problem.notFound("no plan " + name));
            x.send(200, views.plan(plan), x.catalog.etags().of(plan));
        } else if (x.method().equals("PUT")) {
            x.require(Role.ADMIN, "Changing business plans");
            boolean exists = catalog.plan(name).isPresent();
            Plan plan = x.catalog.putPlan(drafts(x).plan(x.body(), name), x.ifMatch(),
                    x.access.user());
            x.send(exists ? 200 : 201, views.plan(plan), x.catalog.etags().of(plan));
        } else {
            x.require(Role.ADMIN, "Deleting business plans");
            x.catalog.deletePlan(name, x.ifMatch(), x.access.user());
            x.noContent();
        }
    }

    void gateways(Exchange x) throws Problem, CatalogException, IOException {
        String name = x.segment(1);
        Catalog catalog = x.catalog.catalog();
        Map<String, Gateways.Status> running = Gateways.running();
        if (name == null) {
            RestServlet.methods(x, "GET", "POST");
            if (x.method().equals("GET")) {
                ArrayNode items = Views.MAPPER.createArrayNode();
                catalog.gateways().forEach(g -> items.add(views.gateway(g, running)));
                x.send(200, collection(items), null);
                return;
            }
            x.require(Role.ADMIN, "Defining gateways");
            GatewayDef gateway = drafts(x).gateway(x.body(), null);
            if (catalog.gateway(gateway.name()).isPresent()) {
                throw conflict("name", "gateway " + gateway.name() + " exists already");
            }
            x.catalog.putGateway(gateway, null, x.access.user());
            x.response.setHeader("Location", x.location("gateways/" + gateway.name()));
            x.send(201, views.gateway(gateway, running), x.catalog.etags().of(gateway));
            return;
        }
        RestServlet.methods(x, "GET", "PUT", "DELETE");
        if (x.method().equals("GET")) {
            GatewayDef gateway = catalog.gateway(name).orElseThrow(() -> Problem.notFound("no gateway " + name));
            x.send(200, views.gateway(gateway, running), x.catalog.etags().of(gateway));
        } else if (x.method().equals("PUT")) {
            x.require(Role.ADMIN, "Changing gateways");
            boolean exists = catalog.gateway(name).isPresent();
            GatewayDef gateway = x.catalog.putGateway(drafts(x).gateway(x.body(), name), x.ifMatch(),
                    x.access.user());
            x.send(exists ? 200 : 201, views.gateway(gateway, running), x.catalog.etags().of(gateway));
        } else {
            x.require(Role.ADMIN, "Deleting gateways");
            x.catalog.deleteGateway(name, x.ifMatch(), x.access.user());
            x.noContent();
        }
    }

    /**
     * GET: the whole catalog as a backup file, secrets (trust store passwords, secret policy settings) only with
     * {@code ?secrets=true}; PUT: restore one (replacing everything). An API of the backup without its secrets
     * keeps those the API with the same id has now.
     */
    void backup(Exchange x) throws Problem, CatalogException, IOException {
        RestServlet.methods(x, "GET", "PUT");
        x.require(Role.ADMIN, "Backups");
        if (x.method().equals("GET")) {
            boolean secrets = "true".equalsIgnoreCase(x.request.getParameter("secrets"));
            x.response.setHeader("Content-Disposition", "attachment; filename=\"ws-gateway-backup.json\"");
            x.send(200, views.backup(x.catalog.catalog(), secrets), null);
            return;
        }
        Catalog restored = restore(x, x.body(), drafts(x));
        x.catalog.restore(restored, x.access.user());
        x.send(200, views.backup(restored, false), null);
    }

    private Catalog restore(Exchange x, JsonNode body, Drafts drafts) throws Problem {
        if (!body.isObject() || !"ws-gateway-backup/1".equals(body.path("format").asText())) {
            throw Problem.invalid(List.of(new FieldError("format", "not a ws-gateway backup "
                    + "(\"format\": \"ws-gateway-backup/1\")")));
        }
        List<GatewayDef> gateways = new ArrayList<>();
        for (JsonNode g : body.path("gateways")) {
            gateways.add(drafts.gateway(g, null));
        }
        List<Plan> plans = new ArrayList<>();
        for (JsonNode p : body.path("plans")) {
            plans.add(drafts.plan(p, null));
        }
        List<Api> apis = new ArrayList<>();
        for (JsonNode a : body.path("apis")) {
            String id = storable(a.path("id").asText(null), "id");
            ApiDraft d = drafts.keepingSecretsOf(id == null ? null : x.catalog.catalog().api(id).orElse(null))
                    .api(a);
            ApiResources.requireOutsideAdmin(x, d.context(), "context");
            Lifecycle lifecycle = lifecycle(a.path("lifecycle").asText("CREATED"), "lifecycle");
            Lifecycle blockedFrom = a.hasNonNull("blockedFrom") ? lifecycle(a.get("blockedFrom").asText(),
                    "blockedFrom") : null;
            apis.add(new Api(id, d.name(), d.context(), d.version(), d.description(),
                    d.endpoint(), lifecycle, lifecycle == Lifecycle.BLOCKED ? blockedFrom : null, d.plans(),
                    d.gateways(), d.defaultVersion(), d.policies()));
        }
        List<Application> applications = new ArrayList<>();
        int i = 0;
        for (JsonNode a : body.path("applications")) {
            applications.add(application(a, "applications[" + i++ + "]."));
        }
        return new Catalog(apis, plans, gateways, applications);
    }

    /** An application of a backup, with its subscriptions, hashed keys and blocks. */
    private static Application application(JsonNode a, String prefix) throws Problem {
        try {
            List<String> blocked = new ArrayList<>();
            a.path("blockedApis").forEach(b -> blocked.add(ConfigValues.storable(b.asText())));
            List<Subscription> subscriptions = new ArrayList<>();
            for (JsonNode s : a.path("subscriptions")) {
                subscriptions.add(new Subscription(required(s, "id"), required(s, "api"), required(s, "plan"),
                        s.path("status").asText(Subscription.ACTIVE)));
            }
            List<ApiKey> keys = new ArrayList<>();
            for (JsonNode k : a.path("keys")) {
                String hash = required(k, "hash");
                if (!hash.matches("sha256:[0-9a-f]{64}")) {
                    throw new IllegalArgumentException("keys: hash must be sha256: and 64 hex digits");
                }
                keys.add(new ApiKey(required(k, "id"), ConfigValues.storable(k.path("name").asText("")), hash,
                        ConfigValues.storable(k.path("prefix").asText("")),
                        Instant.parse(required(k, "created")),
                        k.hasNonNull("expires") ? Instant.parse(k.get("expires").asText()) : null));
            }
            return new Application(required(a, "id"), required(a, "name"), required(a, "owner"),
                    ConfigValues.storable(a.path("description").asText("")), subscriptions, keys,
                    a.hasNonNull("clientId") ? ConfigValues.storable(a.get("clientId").asText()) : null, blocked);
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw Problem.invalid(List.of(new FieldError(prefix.substring(0, prefix.length() - 1),
                    "not a valid application: " + e.getMessage())));
        }
    }

    private static String required(JsonNode node, String field) {
        if (!node.hasNonNull(field) || node.get(field).asText().isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        try {
            return ConfigValues.storable(node.get(field).asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " " + e.getMessage(), e);
        }
    }

    /** The text, or {@code null}, if the catalog file can hold it; else 400 naming the field. */
    private static String storable(String value, String field) throws Problem {
        try {
            return value == null ? null : ConfigValues.storable(value);
        } catch (IllegalArgumentException e) {
            throw Problem.invalid(List.of(new FieldError(field, e.getMessage())));
        }
    }

    private static Lifecycle lifecycle(String value, String field) throws Problem {
        try {
            return Lifecycle.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Problem.invalid(List.of(new FieldError(field, "'" + value + "' is not a lifecycle state")));
        }
    }

    void audit(Exchange x) throws Problem, IOException {
        RestServlet.methods(x, "GET");
        x.require(Role.ADMIN, "Reading the audit log");
        ArrayNode items = Views.MAPPER.createArrayNode();
        for (AuditLog.Entry e : x.catalog.audit().latest()) {
            items.add(Views.MAPPER.createObjectNode().put("time", e.time().toString()).put("user", e.user())
                    .put("action", e.action()).put("target", e.target()));
        }
        x.send(200, collection(items), null);
    }

    /** Who the caller is and what the portal should offer them. */
    void me(Exchange x) throws Problem, IOException {
        RestServlet.methods(x, "GET");
        ObjectNode me = Views.MAPPER.createObjectNode();
        me.put("user", x.access.user());
        ArrayNode roles = me.putArray("roles");
        x.access.roles().forEach(roles::add);
        me.put("canCreate", x.access.has(Role.CREATOR));
        me.put("canPublish", x.access.has(Role.PUBLISHER));
        me.put("canAdminister", x.access.has(Role.ADMIN));
        x.send(200, me, null);
    }

    private static ObjectNode collection(ArrayNode items) {
        ObjectNode body = Views.MAPPER.createObjectNode();
        body.put("count", items.size());
        body.set("items", items);
        return body;
    }

    private static Problem conflict(String field, String message) {
        return new Problem(409, "conflict", "The request conflicts with the catalog", message,
                List.of(new FieldError(field, message)));
    }

    /** A reader of this request's body, with the catalog's rules. */
    private Drafts drafts(Exchange x) {
        return new Drafts(catalinaBase, x.catalog.policyCheck());
    }
}
