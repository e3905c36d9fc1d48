package org.wsgateway.admin.rest;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.wsgateway.api.Api;
import org.wsgateway.catalog.CatalogException.FieldError;
import org.wsgateway.catalog.Credentials;

/**
 * One API as an AsyncAPI 2.6 document (the format WSO2 uses for streaming APIs): the gateway's address as the
 * server, one channel with both directions, and the gateway's own settings under {@code x-ws-gateway}, so exporting
 * and importing gives the same API. An AsyncAPI document from elsewhere (2.x or 3.0) imports too: its first
 * {@code ws}/{@code wss} server becomes the backend endpoint, its title the name, and the context is made from the
 * title unless {@code x-ws-gateway} says otherwise.
 */
public final class AsyncApi {


    private AsyncApi() {
    }

    /**
     * The document of an API; {@code endpointView} renders the endpoint settings. Without one ({@code null}: a
     * reader who may not see them, a subscriber), the document carries neither the endpoint nor the policies; with
     * one, the policies without their secret settings.
     */
    public static ObjectNode of(Api api, String clientBase, EndpointView endpointView) {
        ObjectNode doc = Views.MAPPER.createObjectNode();
        doc.put("asyncapi", "2.6.0");
        doc.put("id", "urn:ws-gateway:api:" + api.id());
        ObjectNode info = doc.putObject("info");
        info.put("title", api.name());
        info.put("version", api.version());
        info.put("description", api.description());
        ObjectNode server = doc.putObject("servers").putObject("gateway");
        server.put("url", clientBase + api.path());
        server.put("protocol", clientBase.startsWith("wss") ? "wss" : "ws");
        ObjectNode channel = doc.putObject("channels").putObject("/");
        channel.put("description", "Messages to and from the API, relayed as they are");
        message(channel.putObject("publish"), "send", "A message the client sends");
        message(channel.putObject("subscribe"), "receive", "A message the client receives");
        ObjectNode gateway = doc.putObject("x-ws-gateway");
        gateway.put("context", api.context());
        gateway.put("version", api.version());
        if (api.endpoint() != null && endpointView != null) {
            gateway.set("endpoint", endpointView.render(api));
        }
        ArrayNode plans = gateway.putArray("plans");
        api.plans().forEach(plans::add);
        ArrayNode gateways = gateway.putArray("gateways");
        api.gateways().forEach(gateways::add);
        gateway.put("defaultVersion", api.defaultVersion());
        if (endpointView != null) {
            ObjectNode policies = gateway.putObject("policies");
            api.policies().withoutSecrets().settings().forEach((name, settings) -> {
                ObjectNode policy = policies.putObject(name);
                settings.forEach(policy::put);
            });
        }
        securitySchemes(doc, server, api);
        return doc;
    }

    /**
     * How clients authenticate, in AsyncAPI's words: what the API's authenticate policies take (API keys when it
     * declares none), nothing when it is open.
     */
    private static void securitySchemes(ObjectNode doc, ObjectNode server, Api api) {
        Credentials credentials = Credentials.of(api);
        if (credentials.anonymous()) {
            return;
        }
        ObjectNode schemes = doc.putObject("components").putObject("securitySchemes");
        ArrayNode security = server.putArray("security");
        if (credentials.keys()) {
            schemes.putObject("apiKeyHeader").put("type", "httpApiKey").put("name", credentials.keyHeader())
                    .put("in", "header")
                    .put("description", "An application's API key (see /applications/{id}/keys)");
            security.addObject().putArray("apiKeyHeader");
            if (!credentials.keyQuery().isEmpty()) {
                schemes.putObject("apiKeyQuery").put("type", "httpApiKey").put("name", credentials.keyQuery())
                        .put("in", "query").put("description", "The same key as a query parameter, for browsers");
                security.addObject().putArray("apiKeyQuery");
            }
        }
        if (credentials.bearer()) {
            schemes.putObject("bearer").put("type", "http").put("scheme", "bearer").put("bearerFormat", "JWT")
                    .put("description", "An OAuth2 access token (or the access_token query parameter)");
            security.addObject().putArray("bearer");
        }
    }

    /** Renders an API's endpoint settings as the REST API does. */
    @FunctionalInterface
    public interface EndpointView {
        JsonNode render(Api api);
    }

    private static void message(ObjectNode operation, String id, String summary) {
        operation.put("operationId", id);
        operation.put("summary", summary);
        ObjectNode message = operation.putObject("message");
        message.put("name", id);
        message.putObject("payload").put("type", "string");
    }

    /**
     * The body of an API create request made from an AsyncAPI document, for the REST layer to check field by field.
     *
     * @throws Problem if the document is not AsyncAPI or lacks what an API needs
     */
    public static ObjectNode toRequest(JsonNode doc) throws Problem {
        String version = doc.path("asyncapi").asText("");
        if (!version.startsWith("2.") && !version.startsWith("3.")) {
            throw invalid("asyncapi", "not an AsyncAPI 2.x or 3.0 document (\"asyncapi\": \"" + version + "\")");
        }
        JsonNode info = doc.path("info");
        JsonNode ext = doc.path("x-ws-gateway");
        ObjectNode request = Views.MAPPER.createObjectNode();
        request.put("name", info.path("title").asText(""));
        request.put("version", ext.path("version").asText(info.path("version").asText("")));
        request.put("description", info.path("description").asText(""));
        request.put("context", ext.has("context") ? ext.get("context").asText() : "/" + slug(info.path("title")
                .asText("api")));
        if (ext.has("endpoint")) {
            request.set("endpoint", ext.get("endpoint"));
        } else if (!doc.has("x-ws-gateway")) {
            // A document of another tool: its WebSocket server is the backend. (In a ws-gateway export the
            // servers are the gateway itself, and an API exported without endpoint stays without one.)
            String backend = firstWebSocketServer(doc.path("servers"));
            if (backend != null) {
                request.putObject("endpoint").put("url", backend);
            }
        }
        for (String list : List.of("plans", "gateways")) {
            if (ext.has(list)) {
                request.set(list, ext.get(list));
            }
        }
        for (String field : List.of("defaultVersion", "policies")) {
            if (ext.has(field)) {
                request.set(field, ext.get(field));
            }
        }
        return request;
    }

    /** The URL of the first {@code ws}/{@code wss} server: 2.x {@code url}, or 3.0 {@code host} and {@code pathname}. */
    private static String firstWebSocketServer(JsonNode servers) {
        for (Iterator<Map.Entry<String, JsonNode>> it = servers.fields(); it.hasNext();) {
            JsonNode server = it.next().getValue();
            String protocol = server.path("protocol").asText("").toLowerCase(Locale.ROOT);
            if (!protocol.equals("ws") && !protocol.equals("wss")) {
                continue;
            }
            if (server.has("url")) {
                String url = server.get("url").asText();
                return url.contains("://") ? url : protocol + "://" + url;
            }
            if (server.has("host")) {
                return protocol + "://" + server.get("host").asText() + server.path("pathname").asText("");
            }
        }
        return null;
    }

    private static String slug(String title) {
        String slug = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._~-]+", "-").replaceAll("(^-+|-+$)", "");
        return slug.isEmpty() ? "api" : slug;
    }

    private static Problem invalid(String field, String message) {
        return new Problem(400, "validation", "Not an importable AsyncAPI document", message,
                List.of(new FieldError(field, message)));
    }
}
