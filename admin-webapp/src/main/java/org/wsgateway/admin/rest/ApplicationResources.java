package org.wsgateway.admin.rest;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.wsgateway.admin.security.Access.Role;
import org.wsgateway.api.Application;
import org.wsgateway.api.ConfigValues;
import org.wsgateway.api.Subscription;
import org.wsgateway.catalog.ApplicationService;
import org.wsgateway.catalog.CatalogException.FieldError;
import org.wsgateway.catalog.CatalogException;

/**
 * {@code /applications}: the developer side. A {@code ws-subscriber} owns applications, subscribes them to published
 * APIs with one of each API's business plans, and issues API keys (shown once, stored hashed) and revokes them.
 * Admins see and manage everyone's applications; publishers block and unblock subscriptions. Revoking a key,
 * deleting or blocking a subscription, or deleting an application closes its live connections.
 */
final class ApplicationResources {

    private static final Set<String> APPLICATION_FIELDS = Set.of("name", "description", "clientId");
    private static final Set<String> READ_ONLY = Set.of("id", "owner", "subscriptions", "keys", "blockedApis");
    private final Views views;

    ApplicationResources(Views views) {
        this.views = views;
    }

    void handle(Exchange x) throws Problem, CatalogException, IOException {
        String id = x.segment(1);
        String sub = x.segment(2);
        String item = x.segment(3);
        if (id == null) {
            RestServlet.methods(x, "GET", "POST");
            if (x.method().equals("GET")) {
                list(x);
            } else {
                create(x);
            }
            return;
        }
        Application app = own(x, id);
        if (sub == null) {
            RestServlet.methods(x, "GET", "PUT", "DELETE");
            switch (x.method()) {
                case "GET" -> send(x, 200, app);
                case "PUT" -> update(x, app);
                default -> {
                    service(x).delete(app.id(), x.ifMatch(), x.access.user());
                    x.noContent();
                }
            }
        } else if (sub.equals("subscriptions") && x.path.size() <= 4) {
            subscriptions(x, app, item);
        } else if (sub.equals("keys") && x.path.size() <= 4) {
            keys(x, app, item);
        } else {
            throw Problem.notFound("no such resource: " + x.request.getRequestURI());
        }
    }

    private static ApplicationService service(Exchange x) {
        return x.catalog.applications();
    }

    private void list(Exchange x) throws IOException {
        boolean all = x.access.has(Role.ADMIN);
        String owner = x.request.getParameter("owner");
        ArrayNode items = Views.MAPPER.createArrayNode();
        x.catalog.catalog().applications().stream()
                .filter(a -> all ? owner == null || a.owner().equals(owner) : a.owner().equals(x.access.user()))
                .sorted(Comparator.comparing(Application::owner).thenComparing(Application::name))
                .forEach(a -> items.add(views.application(a, x.catalog.catalog())));
        ObjectNode body = Views.MAPPER.createObjectNode();
        body.put("count", items.size());
        body.set("items", items);
        x.send(200, body, null);
    }

    private void create(Exchange x) throws Problem, CatalogException, IOException {
        x.require(Role.SUBSCRIBER, "Creating an application");
        JsonNode body = fields(x.body(), APPLICATION_FIELDS);
        Application app = service(x).create(name(body), body.path("description").asText(""), clientId(body),
                x.access.user());
        x.response.setHeader("Location", x.location("applications/" + app.id()));
        send(x, 201, app);
    }

    private void update(Exchange x, Application app) throws Problem, CatalogException, IOException {
        JsonNode body = fields(x.body(), APPLICATION_FIELDS);
        send(x, 200, service(x).update(app.id(), name(body), body.path("description").asText(""), clientId(body),
                x.ifMatch(), x.access.user()));
    }

    private void subscriptions(Exchange x, Application app, String subscriptionId)
            throws Problem, CatalogException, IOException {
        if (subscriptionId == null) {
            RestServlet.methods(x, "GET", "POST");
            if (x.method().equals("GET")) {
                ArrayNode items = Views.MAPPER.createArrayNode();
                app.subscriptions().forEach(s -> items.add(views.subscription(s, x.catalog.catalog())));
                x.send(200, Views.MAPPER.createObjectNode().put("count", items.size()).set("items", items), null);
                return;
            }
            JsonNode body = fields(x.body(), Set.of("api", "plan"));
            Subscription s = service(x).subscribe(app.id(), text(body, "api"), text(body, "plan"), x.access.user());
            x.response.setHeader("Location", x.location("applications/" + app.id() + "/subscriptions/" + s.id()));
            x.send(201, views.subscription(s, x.catalog.catalog()), etag(x, app.id()));
            return;
        }
        Subscription s = app.subscription(subscriptionId).orElseThrow(() -> Problem.notFound("no subscription "
                + subscriptionId + " in application " + app.name()));
        RestServlet.methods(x, "GET", "PUT", "DELETE");
        switch (x.method()) {
            case "GET" -> x.send(200, views.subscription(s, x.catalog.catalog()), etag(x, app.id()));
            case "PUT" -> {
                JsonNode body = fields(x.body(), Set.of("plan", "status", "id", "api", "apiName", "apiPath"));
                String status = body.hasNonNull("status") ? body.get("status").asText() : null;
                if (status != null && !status.equalsIgnoreCase(s.status())) {
                    x.require(Role.PUBLISHER, "Blocking or unblocking a subscription");
                }
                Subscription next = service(x).updateSubscription(app.id(), s.id(),
                        body.hasNonNull("plan") ? body.get("plan").asText() : null, status, x.ifMatch(),
                        x.access.user());
                x.send(200, views.subscription(next, x.catalog.catalog()), etag(x, app.id()));
            }
            default -> {
                service(x).unsubscribe(app.id(), s.id(), x.ifMatch(), x.access.user());
                x.noContent();
            }
        }
    }

    private void keys(Exchange x, Application app, String keyId) throws Problem, CatalogException, IOException {
        if (keyId == null) {
            RestServlet.methods(x, "GET", "POST");
            if (x.method().equals("GET")) {
                ArrayNode items = Views.MAPPER.createArrayNode();
                app.keys().forEach(k -> items.add(views.key(k)));
                x.send(200, Views.MAPPER.createObjectNode().put("count", items.size()).set("items", items), null);
                return;
            }
            JsonNode body = fields(x.body(), Set.of("name", "expires", "validity"));
            ApplicationService.IssuedKey issued = service(x).issueKey(app.id(), body.path("name").asText(""),
                    expires(body), x.access.user());
            ObjectNode view = views.key(issued.key());
            view.put("key", issued.secret());
            view.put("notice", "This is the only time the key is shown: it is stored hashed. Keep it safe.");
            x.response.setHeader("Location", x.location("applications/" + app.id() + "/keys/" + issued.key().id()));
            x.send(201, view, null);
            return;
        }
        RestServlet.methods(x, "GET", "DELETE");
        var key = app.key(keyId).orElseThrow(() -> Problem.notFound("no key " + keyId + " in application "
                + app.name()));
        if (x.method().equals("GET")) {
            x.send(200, views.key(key), null);
        } else {
            service(x).revokeKey(app.id(), key.id(), x.access.user());
            x.noContent();
        }
    }

    /** The application, if the user owns it (or is an admin); otherwise 404, so others' ids reveal nothing. */
    private static Application own(Exchange x, String id) throws Problem {
        Application app = x.catalog.catalog().application(id).orElse(null);
        if (app == null || !(x.access.has(Role.ADMIN) || app.owner().equals(x.access.user()))) {
            throw Problem.notFound("no application with id " + id + " of yours");
        }
        return app;
    }

    private void send(Exchange x, int status, Application app) throws IOException {
        x.send(status, views.application(app, x.catalog.catalog()), x.catalog.etags().of(app));
    }

    private static String etag(Exchange x, String appId) {
        return x.catalog.catalog().application(appId).map(a -> x.catalog.etags().of(a)).orElse(null);
    }

    private static JsonNode fields(JsonNode body, Set<String> known) throws Problem {
        if (!body.isObject()) {
            throw Problem.invalid(List.of(new FieldError("(body)", "must be a JSON object")));
        }
        List<FieldError> errors = new java.util.ArrayList<>();
        body.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f) && !READ_ONLY.contains(f)) {
                errors.add(new FieldError(f, "unknown field"));
            }
        });
        if (!errors.isEmpty()) {
            throw Problem.invalid(errors);
        }
        return body;
    }

    private static String name(JsonNode body) throws Problem {
        try {
            return ConfigValues.name(text(body, "name"));
        } catch (IllegalArgumentException e) {
            throw Problem.invalid(List.of(new FieldError("name", e.getMessage())));
        }
    }

    private static String clientId(JsonNode body) {
        return body.hasNonNull("clientId") ? body.get("clientId").asText() : null;
    }

    private static String text(JsonNode body, String field) throws Problem {
        if (!body.hasNonNull(field) || !body.get(field).isTextual() || body.get(field).asText().isBlank()) {
            throw Problem.invalid(List.of(new FieldError(field, "is required")));
        }
        return body.get(field).asText();
    }

    /** {@code expires} (a UTC time) or {@code validity} (a duration such as {@code 30d}); neither: never. */
    private static Instant expires(JsonNode body) throws Problem {
        try {
            if (body.hasNonNull("expires")) {
                return Instant.parse(body.get("expires").asText());
            }
            if (body.hasNonNull("validity")) {
                Duration validity = ConfigValues.positiveDuration(body.get("validity").asText());
                return Instant.now().plus(validity);
            }
            return null;
        } catch (DateTimeParseException e) {
            throw Problem.invalid(List.of(new FieldError("expires", "'" + body.get("expires").asText()
                    + "' is not a UTC time such as 2027-01-31T12:00:00Z")));
        } catch (IllegalArgumentException e) {
            throw Problem.invalid(List.of(new FieldError("validity", e.getMessage())));
        }
    }
}
