package org.wsgateway.admin.rest;

import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.wsgateway.api.Api;
import org.wsgateway.api.ApiKey;
import org.wsgateway.api.Application;
import org.wsgateway.api.Catalog;
import org.wsgateway.api.EndpointSettings;
import org.wsgateway.api.GatewayDef;
import org.wsgateway.api.Plan;
import org.wsgateway.api.Policies;
import org.wsgateway.api.Subscription;
import org.wsgateway.api.TlsSettings;
import org.wsgateway.catalog.Gateways;
import org.wsgateway.store.CatalogXml;

/**
 * The JSON form of catalog resources, as the REST API returns them. Write-only values (a trust store password)
 * never appear, except in a backup, which only admins can read.
 */
final class Views {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path catalinaBase;

    Views(Path catalinaBase) {
        this.catalinaBase = catalinaBase;
    }

    /**
     * An API, with what is derived for readers: the lifecycle actions possible now, live connections, and the URL
     * clients connect to.
     */
    ObjectNode api(Api a, String clientBase, int connections) {
        ObjectNode node = draftFields(a, false);
        node.put("lifecycle", a.lifecycle().name());
        if (a.blockedFrom() != null) {
            node.put("blockedFrom", a.blockedFrom().name());
        }
        ArrayNode actions = node.putArray("actions");
        a.lifecycle().actions().forEach(actions::add);
        node.put("url", clientBase + a.path());
        node.put("connections", connections);
        return node;
    }

    private ObjectNode draftFields(Api a, boolean secrets) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", a.id());
        node.put("name", a.name());
        node.put("context", a.context());
        node.put("version", a.version());
        node.put("description", a.description());
        if (a.endpoint() == null) {
            node.putNull("endpoint");
        } else {
            node.set("endpoint", endpoint(a.endpoint(), secrets));
        }
        ArrayNode plans = node.putArray("plans");
        a.plans().forEach(plans::add);
        ArrayNode gateways = node.putArray("gateways");
        a.gateways().forEach(gateways::add);
        node.put("defaultVersion", a.defaultVersion());
        node.set("policies", policies(a.policies()));
        return node;
    }

    /** An application with its subscriptions and keys (never the keys themselves). */
    ObjectNode application(Application a, Catalog catalog) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", a.id());
        node.put("name", a.name());
        node.put("owner", a.owner());
        node.put("description", a.description());
        if (a.clientId() == null) {
            node.putNull("clientId");
        } else {
            node.put("clientId", a.clientId());
        }
        ArrayNode subscriptions = node.putArray("subscriptions");
        a.subscriptions().forEach(s -> subscriptions.add(subscription(s, catalog)));
        ArrayNode keys = node.putArray("keys");
        a.keys().forEach(k -> keys.add(key(k)));
        return node;
    }

    ObjectNode subscription(Subscription s, Catalog catalog) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", s.id());
        node.put("api", s.apiId());
        catalog.api(s.apiId()).ifPresent(api -> node.put("apiName", api.label()).put("apiPath", api.path()));
        node.put("plan", s.plan());
        node.put("status", s.status());
        return node;
    }

    /** What is kept of a key: its id, name, first characters and times. */
    ObjectNode key(ApiKey k) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", k.id());
        node.put("name", k.name());
        node.put("prefix", k.prefix());
        node.put("created", k.created().toString());
        if (k.expires() == null) {
            node.putNull("expires");
        } else {
            node.put("expires", k.expires().toString());
        }
        node.put("expired", k.expiredAt(java.time.Instant.now()));
        return node;
    }

    /** Policies by name, each with every setting as text (what {@code Drafts} reads back). */
    ObjectNode policies(Policies policies) {
        ObjectNode node = MAPPER.createObjectNode();
        policies.settings().forEach((name, settings) -> {
            ObjectNode policy = node.putObject(name);
            settings.forEach(policy::put);
        });
        return node;
    }

    ObjectNode endpoint(EndpointSettings e, boolean secrets) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("url", e.url().toString());
        node.put("connectTimeout", CatalogXml.duration(e.connectTimeout()));
        node.put("handshakeTimeout", CatalogXml.duration(e.handshakeTimeout()));
        node.put("idleTimeout", CatalogXml.duration(e.idleTimeout()));
        node.put("pingInterval", CatalogXml.duration(e.pingInterval()));
        node.put("maxMessageSize", e.maxMessageSize());
        node.put("clientCompression", e.clientCompression());
        node.put("backendCompression", e.backendCompression());
        TlsSettings t = e.tls();
        ObjectNode tls = node.putObject("tls");
        tls.put("trustCertificates", path(t.trustCertificates()));
        tls.put("trustStore", path(t.trustStore()));
        tls.put("trustStoreType", t.trustStoreType());
        if (secrets && t.trustStorePassword() != null) {
            tls.put("trustStorePassword", t.trustStorePassword());
        }
        tls.put("verifyHostname", t.verifyHostname());
        return node;
    }

    private String path(Path p) {
        if (p == null) {
            return null;
        }
        return p.startsWith(catalinaBase) ? catalinaBase.relativize(p).toString() : p.toString();
    }

    ObjectNode plan(Plan p) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("name", p.name());
        node.put("description", p.description());
        node.put("messagesPerMinute", p.messagesPerMinute());
        node.put("burst", p.burst());
        node.put("bytesPerSecond", p.bytesPerSecond());
        node.put("eventsPerDay", p.eventsPerDay());
        node.put("action", p.action());
        node.put("counts", p.counts());
        node.put("maxConnections", p.maxConnections());
        return node;
    }

    /** A gateway, with whether a valve by that name runs now, what it serves and its live connections. */
    ObjectNode gateway(GatewayDef g, Map<String, Gateways.Status> running) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("name", g.name());
        node.put("description", g.description());
        Gateways.Status status = running.get(g.name());
        node.put("running", status != null);
        if (status != null) {
            node.put("serves", status.serves());
            node.put("connections", status.connectionsByApi().values().stream().mapToInt(Integer::intValue).sum());
        }
        return node;
    }

    /** The whole catalog, secrets included: a backup. */
    ObjectNode backup(Catalog c) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("format", "ws-gateway-backup/1");
        ArrayNode gateways = node.putArray("gateways");
        c.gateways().forEach(g -> gateways.add(MAPPER.createObjectNode().put("name", g.name())
                .put("description", g.description())));
        ArrayNode plans = node.putArray("plans");
        c.plans().forEach(p -> plans.add(plan(p)));
        ArrayNode apis = node.putArray("apis");
        for (Api a : c.apis()) {
            ObjectNode api = draftFields(a, true);
            api.put("lifecycle", a.lifecycle().name());
            if (a.blockedFrom() != null) {
                api.put("blockedFrom", a.blockedFrom().name());
            }
            apis.add(api);
        }
        ArrayNode applications = node.putArray("applications");
        for (Application a : c.applications()) {
            ObjectNode app = application(a, c);
            // A backup must restore working keys: it holds their hashes (never the keys themselves).
            ArrayNode keys = app.putArray("keys");
            a.keys().forEach(k -> keys.add(key(k).put("hash", k.hash())));
            applications.add(app);
        }
        return node;
    }
}
