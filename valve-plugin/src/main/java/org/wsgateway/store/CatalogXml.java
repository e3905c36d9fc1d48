package org.wsgateway.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.wsgateway.api.Api;
import org.wsgateway.api.ApiKey;
import org.wsgateway.api.Application;
import org.wsgateway.api.Catalog;
import org.wsgateway.api.ConfigValues;
import org.wsgateway.api.EndpointSettings;
import org.wsgateway.api.GatewayDef;
import org.wsgateway.api.Plan;
import org.wsgateway.api.Subscription;
import org.wsgateway.api.TlsSettings;

/**
 * Writes a catalog in the format {@code GatewayConfigLoader} reads: one element per gateway, plan, API and
 * application, every
 * value written out (defaults included) so the file documents itself. Output is deterministic, so the same catalog
 * always gives the same bytes (and the same ETags).
 */
public final class CatalogXml {

    private final Path catalinaBase;

    /** @param catalinaBase paths under it (trust files) are written relative to it */
    public CatalogXml(Path catalinaBase) {
        this.catalinaBase = catalinaBase;
    }

    /** The whole file. */
    public String write(Catalog catalog) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<!-- ws-gateway catalog: APIs, business plans and gateways. The admin webapp writes this file;\n")
                .append("     edits by hand are picked up too (an invalid edit is refused and logged). -->\n")
                .append("<ws-gateway>\n");
        catalog.gateways().forEach(g -> xml.append("  ").append(gateway(g)).append('\n'));
        catalog.plans().forEach(p -> xml.append("  ").append(plan(p)).append('\n'));
        catalog.apis().forEach(a -> xml.append(api(a, "  ")));
        catalog.applications().forEach(a -> xml.append(application(a, "  ")));
        return xml.append("</ws-gateway>\n").toString();
    }

    public String gateway(GatewayDef g) {
        return "<gateway" + attr("name", g.name()) + attr("description", g.description()) + "/>";
    }

    public String plan(Plan p) {
        return "<plan" + attr("name", p.name()) + attr("description", p.description())
                + attr("messagesPerMinute", p.messagesPerMinute()) + attr("burst", p.burst())
                + attr("bytesPerSecond", p.bytesPerSecond()) + attr("eventsPerDay", p.eventsPerDay())
                + attr("action", p.action()) + attr("counts", p.counts())
                + attr("maxConnections", p.maxConnections()) + "/>";
    }

    /** One {@code <application>} element with its subscriptions and (hashed) keys, indented. */
    public String application(Application a, String indent) {
        StringBuilder xml = new StringBuilder(indent).append("<application").append(attr("id", a.id()))
                .append(attr("name", a.name())).append(attr("owner", a.owner()))
                .append(attr("description", a.description()));
        if (a.clientId() != null) {
            xml.append(attr("clientId", a.clientId()));
        }
        if (a.subscriptions().isEmpty() && a.keys().isEmpty()) {
            return xml.append("/>\n").toString();
        }
        xml.append(">\n");
        for (Subscription s : a.subscriptions()) {
            xml.append(indent).append("  <subscription").append(attr("id", s.id())).append(attr("api", s.apiId()))
                    .append(attr("plan", s.plan())).append(attr("status", s.status())).append("/>\n");
        }
        for (ApiKey k : a.keys()) {
            xml.append(indent).append("  <key").append(attr("id", k.id())).append(attr("name", k.name()))
                    .append(attr("hash", k.hash())).append(attr("prefix", k.prefix()))
                    .append(attr("created", k.created().toString()))
                    .append(attr("expires", k.expires() == null ? "" : k.expires().toString())).append("/>\n");
        }
        return xml.append(indent).append("</application>\n").toString();
    }

    /** One {@code <api>} element, indented. */
    public String api(Api a, String indent) {
        StringBuilder xml = new StringBuilder(indent).append("<api").append(attr("id", a.id()))
                .append(attr("name", a.name())).append(attr("context", a.context()))
                .append(attr("version", a.version())).append(attr("description", a.description()))
                .append(attr("lifecycle", a.lifecycle().name()));
        if (a.blockedFrom() != null) {
            xml.append(attr("blockedFrom", a.blockedFrom().name()));
        }
        xml.append(attr("plans", String.join(",", a.plans()))).append(attr("gateways", String.join(",", a.gateways())))
                .append(attr("defaultVersion", a.defaultVersion()));
        if (a.endpoint() == null && a.policies().isEmpty()) {
            return xml.append("/>\n").toString();
        }
        xml.append(">\n");
        if (a.endpoint() != null) {
            endpoint(xml, a.endpoint(), indent + "  ");
        }
        if (!a.policies().isEmpty()) {
            xml.append(indent).append("  <policies>\n");
            a.policies().settings().forEach((name, settings) -> {
                xml.append(indent).append("    <").append(name);
                settings.forEach((key, value) -> xml.append(attr(key, value)));
                xml.append("/>\n");
            });
            xml.append(indent).append("  </policies>\n");
        }
        return xml.append(indent).append("</api>\n").toString();
    }

    private void endpoint(StringBuilder xml, EndpointSettings e, String indent) {
        xml.append(indent).append("<endpoint").append(attr("url", e.url().toString()))
                .append(attr("connectTimeout", duration(e.connectTimeout())))
                .append(attr("handshakeTimeout", duration(e.handshakeTimeout())))
                .append(attr("idleTimeout", duration(e.idleTimeout())))
                .append(attr("pingInterval", duration(e.pingInterval())))
                .append(attr("maxMessageSize", e.maxMessageSize()))
                .append(attr("clientCompression", e.clientCompression()))
                .append(attr("backendCompression", e.backendCompression()));
        if (e.tls().equals(TlsSettings.DEFAULT)) {
            xml.append("/>\n");
            return;
        }
        TlsSettings t = e.tls();
        xml.append(">\n").append(indent).append("  <tls");
        if (t.trustStore() != null) {
            xml.append(attr("trustStore", path(t.trustStore()))).append(attr("trustStoreType", t.trustStoreType()));
        }
        if (t.trustStorePassword() != null) {
            xml.append(attr("trustStorePassword", t.trustStorePassword()));
        }
        if (t.trustCertificates() != null) {
            xml.append(attr("trustCertificates", path(t.trustCertificates())));
        }
        xml.append(attr("verifyHostname", t.verifyHostname())).append("/>\n").append(indent).append("</endpoint>\n");
    }

    private String path(Path p) {
        return p.startsWith(catalinaBase) ? catalinaBase.relativize(p).toString() : p.toString();
    }

    /** A duration as {@link ConfigValues#format(Duration)} writes it. */
    public static String duration(Duration d) {
        return ConfigValues.format(d);
    }

    private static String attr(String name, Object value) {
        return " " + name + "=\"" + escape(String.valueOf(value)) + "\"";
    }

    private static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\n' -> out.append("&#10;");
                case '\r' -> out.append("&#13;");
                case '\t' -> out.append("&#9;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
