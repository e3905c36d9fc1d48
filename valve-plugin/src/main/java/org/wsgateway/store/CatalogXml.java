package org.wsgateway.store;

import java.nio.file.Path;
import java.util.List;

import org.wsgateway.api.Api;
import org.wsgateway.api.ApiKey;
import org.wsgateway.api.Application;
import org.wsgateway.api.Catalog;
import org.wsgateway.api.CatalogFields;
import org.wsgateway.api.ConfigValues;
import org.wsgateway.api.EndpointSettings;
import org.wsgateway.api.FieldContext;
import org.wsgateway.api.FieldSet;
import org.wsgateway.api.GatewayDef;
import org.wsgateway.api.Plan;
import org.wsgateway.api.Subscription;
import org.wsgateway.api.TlsSettings;

/**
 * Writes a catalog in the format {@code GatewayConfigLoader} reads: one element per gateway, plan, API and
 * application, every
 * value written out (defaults included) so the file documents itself. Output is deterministic, so the same catalog
 * always gives the same bytes (and the same ETags). It refuses to write a character XML 1.0 cannot hold
 * ({@link UnstorableText}) rather than write a file that would not load.
 */
public final class CatalogXml {

    private final FieldContext context;

    /** @param catalinaBase paths under it (trust files) are written relative to it */
    public CatalogXml(Path catalinaBase) {
        this.context = FieldContext.catalogFile(catalinaBase);
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
        return "<gateway" + attrs(CatalogFields.GATEWAY, g) + "/>";
    }

    public String plan(Plan p) {
        return "<plan" + attrs(CatalogFields.PLAN, p) + "/>";
    }

    /** One {@code <application>} element with its subscriptions and (hashed) keys, indented. */
    public String application(Application a, String indent) {
        StringBuilder xml = new StringBuilder(indent).append("<application")
                .append(attrs(CatalogFields.APPLICATION, a));
        if (a.subscriptions().isEmpty() && a.keys().isEmpty()) {
            return xml.append("/>\n").toString();
        }
        xml.append(">\n");
        for (Subscription s : a.subscriptions()) {
            xml.append(indent).append("  ").append(subscription(s)).append('\n');
        }
        for (ApiKey k : a.keys()) {
            xml.append(indent).append("  ").append(key(k)).append('\n');
        }
        return xml.append(indent).append("</application>\n").toString();
    }

    /** One {@code <subscription>} element (a child of its application's). */
    public String subscription(Subscription s) {
        return "<subscription" + attrs(CatalogFields.SUBSCRIPTION, s) + "/>";
    }

    /** One {@code <key>} element (a child of its application's): the key's hash, never the key. */
    public String key(ApiKey k) {
        return "<key" + attrs(CatalogFields.KEY, k) + "/>";
    }

    /** One {@code <api>} element, indented. */
    public String api(Api a, String indent) {
        StringBuilder xml = new StringBuilder(indent).append("<api").append(attrs(CatalogFields.API, a));
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
        xml.append(indent).append("<endpoint").append(attrs(CatalogFields.ENDPOINT, e));
        if (e.tls().equals(TlsSettings.DEFAULT)) {
            xml.append("/>\n");
            return;
        }
        xml.append(">\n").append(indent).append("  <tls").append(attrs(CatalogFields.TLS, e.tls())).append("/>\n")
                .append(indent).append("</endpoint>\n");
    }

    /** Every field of the value that has one, as attributes in the field set's order. */
    private <R> String attrs(FieldSet<R> fields, R value) {
        StringBuilder attrs = new StringBuilder();
        fields.write(value, context, (field, text, v) -> {
            if (text != null) {
                attrs.append(attr(field.name(), text));
            }
        });
        return attrs.toString();
    }

    private static String attr(String name, Object value) {
        String text = String.valueOf(value);
        try {
            ConfigValues.storable(text);
        } catch (IllegalArgumentException e) {
            throw new UnstorableText(name, e.getMessage());
        }
        return " " + name + "=\"" + escape(text) + "\"";
    }

    /**
     * A value the file cannot hold (a character XML 1.0 forbids): nothing is written. Such values never reach a
     * catalog (its readers refuse them); this is the last line, so that a catalog file is never made unloadable.
     */
    public static final class UnstorableText extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;
        private final String field;

        UnstorableText(String field, String message) {
            super(field + ": " + message);
            this.field = field;
        }

        /** The attribute (the catalog field or policy setting) whose value cannot be stored. */
        public String field() {
            return field;
        }
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
