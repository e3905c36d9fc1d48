package org.wsgateway.admin.rest;

import java.io.IOException;
import java.util.Comparator;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.wsgateway.admin.security.Access.Role;
import org.wsgateway.api.Api;
import org.wsgateway.api.Lifecycle;
import org.wsgateway.catalog.ApiDraft;
import org.wsgateway.catalog.CatalogException;
import org.wsgateway.catalog.Gateways;

/**
 * {@code /apis}: list, search, create (CREATE or CREATE &amp; PUBLISH), read, edit, delete; an API's endpoint, its
 * lifecycle, and its AsyncAPI description (export and import).
 */
final class ApiResources {

    private final Views views;
    private final java.nio.file.Path catalinaBase;

    ApiResources(Views views, java.nio.file.Path catalinaBase) {
        this.views = views;
        this.catalinaBase = catalinaBase;
    }

    void handle(Exchange x) throws Problem, CatalogException, IOException {
        String id = x.segment(1);
        String sub = x.segment(2);
        if (id == null) {
            RestServlet.methods(x, "GET", "POST");
            if (x.method().equals("GET")) {
                list(x);
            } else {
                create(x, drafts(x).api(x.body()));
            }
        } else if (id.equals("import") && sub == null) {
            RestServlet.methods(x, "POST");
            create(x, drafts(x).api(AsyncApi.toRequest(x.body())));
        } else if (sub == null) {
            RestServlet.methods(x, "GET", "PUT", "DELETE");
            switch (x.method()) {
                case "GET" -> sendApi(x, 200, find(x, id));
                case "PUT" -> update(x, id);
                default -> delete(x, id);
            }
        } else if (sub.equals("endpoint") && x.path.size() == 3) {
            RestServlet.methods(x, "GET", "PUT");
            x.require(Role.CREATOR, "Reading an API's endpoint");
            endpoint(x, id);
        } else if (sub.equals("policies") && x.path.size() == 3) {
            RestServlet.methods(x, "GET", "PUT");
            x.require(Role.CREATOR, "Reading an API's policies");
            policies(x, id);
        } else if (sub.equals("lifecycle") && x.path.size() == 3) {
            RestServlet.methods(x, "GET", "POST");
            lifecycle(x, id);
        } else if (sub.equals("metrics") && x.path.size() == 3) {
            RestServlet.methods(x, "GET");
            x.require(Role.CREATOR, "Reading an API's metrics");
            x.send(200, ApiFigures.of(find(x, id), minutes(x)), null);
        } else if (sub.equals("asyncapi") && x.path.size() == 3) {
            RestServlet.methods(x, "GET");
            Api api = find(x, id);
            // Developers (subscribers only) learn how to connect, never the backend or the policies' settings.
            AsyncApi.EndpointView settings = x.access.has(Role.CREATOR) ? a -> views.endpoint(a.endpoint(), false)
                    : null;
            x.send(200, AsyncApi.of(api, x.clientBase(), settings), x.catalog.etags().of(api));
        } else {
            throw Problem.notFound("no such resource: " + x.request.getRequestURI());
        }
    }

    /** The {@code minutes} parameter of a metrics request: 1 to 60, 60 when absent. */
    private static int minutes(Exchange x) throws Problem {
        String value = x.request.getParameter("minutes");
        if (value == null) {
            return ApiFigures.MAX_MINUTES;
        }
        try {
            int minutes = Integer.parseInt(value.trim());
            if (minutes >= 1 && minutes <= ApiFigures.MAX_MINUTES) {
                return minutes;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw Problem.invalid(java.util.List.of(new CatalogException.FieldError("minutes",
                "must be a whole number of minutes from 1 to " + ApiFigures.MAX_MINUTES + ", not '" + value + "'")));
    }

    private void list(Exchange x) throws IOException {
        String q = lower(x.request.getParameter("q"));
        String context = x.request.getParameter("context");
        String lifecycle = x.request.getParameter("lifecycle");
        ArrayNode list = Views.MAPPER.createArrayNode();
        x.catalog.catalog().apis().stream()
                .filter(a -> q == null || lower(a.name()).contains(q) || lower(a.context()).contains(q)
                        || lower(a.description()).contains(q))
                .filter(a -> context == null || a.context().equals(context))
                .filter(a -> lifecycle == null || a.lifecycle().name().equalsIgnoreCase(lifecycle))
                .filter(a -> visible(x, a))
                .sorted(Comparator.comparing(Api::context).thenComparing(Api::version))
                .forEach(a -> list.add(view(x, a)));
        ObjectNode body = Views.MAPPER.createObjectNode();
        body.put("count", list.size());
        body.set("items", list);
        x.send(200, body, null);
    }

    private void create(Exchange x, ApiDraft draft) throws Problem, CatalogException, IOException {
        boolean publish = "true".equalsIgnoreCase(x.request.getParameter("publish"));
        x.require(publish ? Role.PUBLISHER : Role.CREATOR, publish ? "CREATE & PUBLISH" : "Creating an API");
        requireMayTake(x, draft, null);
        Api api = x.catalog.createApi(draft, publish, x.access.user());
        x.response.setHeader("Location", x.location("apis/" + api.id()));
        sendApi(x, 201, api);
    }

    private void update(Exchange x, String id) throws Problem, CatalogException, IOException {
        Api api = find(x, id);
        requireEditor(x, api);
        ApiDraft draft = drafts(x).keepingSecretsOf(api).api(x.body());
        requireMayTake(x, draft, id);
        sendApi(x, 200, x.catalog.updateApi(id, draft, x.ifMatch(), x.access.user()));
    }

    private void delete(Exchange x, String id) throws Problem, CatalogException {
        Api api = find(x, id);
        x.require(api.lifecycle() == Lifecycle.CREATED ? Role.CREATOR : Role.PUBLISHER, "Deleting this API");
        x.catalog.deleteApi(id, x.ifMatch(), x.access.user());
        x.noContent();
    }

    private void endpoint(Exchange x, String id) throws Problem, CatalogException, IOException {
        Api api = edited(x, id, drafts -> x.catalog.updateEndpoint(id, drafts.endpoint(x.body()), x.ifMatch(),
                x.access.user()));
        if (api.endpoint() == null) {
            throw Problem.notFound("API " + api.label() + " has no endpoint yet");
        }
        x.send(200, views.endpoint(api.endpoint(), false), x.catalog.etags().of(api));
    }

    private void policies(Exchange x, String id) throws Problem, CatalogException, IOException {
        Api api = edited(x, id, drafts -> x.catalog.updatePolicies(id, drafts.policies(x.body()), x.ifMatch(),
                x.access.user()));
        x.send(200, views.policies(api.policies()), x.catalog.etags().of(api));
    }

    /** One part of an API replaced by a PUT (by an editor, secrets left out kept as they were), or as it is. */
    private Api edited(Exchange x, String id, Edit edit) throws Problem, CatalogException, IOException {
        Api api = find(x, id);
        if (!x.method().equals("PUT")) {
            return api;
        }
        requireEditor(x, api);
        return edit.apply(drafts(x).keepingSecretsOf(api));
    }

    /** A change to one part of an API, from the body read with the catalog's rules. */
    @FunctionalInterface
    private interface Edit {
        Api apply(Drafts drafts) throws Problem, CatalogException, IOException;
    }

    private void lifecycle(Exchange x, String id) throws Problem, CatalogException, IOException {
        Api api = find(x, id);
        if (x.method().equals("POST")) {
            x.require(Role.PUBLISHER, "Changing an API's lifecycle");
            JsonNode body = x.body();
            if (!body.hasNonNull("action") || !body.get("action").isTextual()) {
                throw Problem.invalid(java.util.List.of(new CatalogException.FieldError("action",
                        "is required: one of " + api.lifecycle().actions())));
            }
            api = x.catalog.transition(id, body.get("action").asText(), x.ifMatch(), x.access.user());
        }
        ObjectNode state = Views.MAPPER.createObjectNode();
        state.put("lifecycle", api.lifecycle().name());
        if (api.blockedFrom() != null) {
            state.put("blockedFrom", api.blockedFrom().name());
        }
        ArrayNode actions = state.putArray("actions");
        api.lifecycle().actions().forEach(actions::add);
        x.send(200, state, x.catalog.etags().of(api));
    }

    /**
     * What a draft may take besides its own fields: never the admin webapp's own context or one below it
     * ({@code 409} naming the webapp; other webapps' contexts the catalog refuses), and the default version of a
     * context from a live API only with the publisher role ({@code 403}): that moves live traffic.
     *
     * @param id the API being changed, or {@code null} for a new one
     */
    private static void requireMayTake(Exchange x, ApiDraft draft, String id) throws Problem {
        requireOutsideAdmin(x, draft.context(), "context");
        if (!draft.defaultVersion()) {
            return;
        }
        for (Api other : x.catalog.catalog().apis()) {
            if (!other.id().equals(id) && other.context().equals(draft.context()) && other.defaultVersion()
                    && other.lifecycle().reachable()) {
                x.require(Role.PUBLISHER, "Moving the default version of " + draft.context() + " away from the "
                        + other.lifecycle() + " API " + other.label());
            }
        }
    }

    /** Refuses a context at or below the admin webapp's own ({@code /ws-admin}) with 409 naming the webapp. */
    static void requireOutsideAdmin(Exchange x, String context, String field) throws Problem {
        String own = x.request.getContextPath();
        if (context != null && !own.isEmpty() && (context.equals(own) || context.startsWith(own + "/"))) {
            String message = "the context " + context + " belongs to the webapp '" + own.substring(1)
                    + "' (the ws-gateway admin, deployed at " + own + "): an API may not take a webapp's context";
            throw new Problem(409, "conflict", "The request conflicts with the catalog", message,
                    java.util.List.of(new CatalogException.FieldError(field, message)));
        }
    }

    /** Editing an API that is not live is a creator's work; editing a live (or blocked, or retired) one is not. */
    private static void requireEditor(Exchange x, Api api) throws Problem {
        x.require(api.lifecycle() == Lifecycle.CREATED ? Role.CREATOR : Role.PUBLISHER,
                "Editing a " + api.lifecycle() + " API");
    }

    private void sendApi(Exchange x, int status, Api api) throws IOException {
        x.send(status, view(x, api), x.catalog.etags().of(api));
    }

    /** The API as this user may see it: developers (subscribers only) do not see backends or policies. */
    private ObjectNode view(Exchange x, Api api) {
        ObjectNode node = views.api(api, x.clientBase(), connections(api));
        if (!x.access.has(Role.CREATOR)) {
            node.remove(java.util.List.of("endpoint", "policies", "connections"));
        }
        return node;
    }

    /** The API; developers (subscribers only) find only APIs they can subscribe to or use. */
    private static Api find(Exchange x, String id) throws Problem {
        Api api = x.catalog.catalog().api(id).orElseThrow(() -> Problem.notFound("no API with id " + id));
        if (!visible(x, api)) {
            throw Problem.notFound("no API with id " + id);
        }
        return api;
    }

    private static boolean visible(Exchange x, Api api) {
        return x.access.has(Role.CREATOR) || api.lifecycle() == Lifecycle.PUBLISHED
                || api.lifecycle() == Lifecycle.DEPRECATED;
    }

    static int connections(Api api) {
        return Gateways.running().values().stream()
                .mapToInt(s -> s.connectionsByApi().getOrDefault(api.id(), 0)).sum();
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    /** A reader of this request's body, with the catalog's rules. */
    private Drafts drafts(Exchange x) {
        return new Drafts(catalinaBase, x.catalog.policyCheck());
    }
}
