package org.wsgateway.config;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.XMLConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.io.FileHandler;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.wsgateway.api.Api;
import org.wsgateway.api.Application;
import org.wsgateway.api.Catalog;
import org.wsgateway.api.CatalogFields;
import org.wsgateway.api.FieldContext;
import org.wsgateway.api.FieldSet;
import org.wsgateway.api.GatewayDef;
import org.wsgateway.api.Plan;
import org.wsgateway.api.PolicyCheck;

/**
 * Loads the gateway's catalog (APIs, business plans, gateways) from its XML file with Apache Commons Configuration
 * and validates all of it: required keys, value forms, backend URLs, unknown keys (a typo is an error, not a silent
 * default), dangling references and clashing contexts. Every problem found is reported at once, each naming the
 * element and the key. {@code ${env:NAME}} and {@code ${sys:name}} are expanded in backend URLs and trust store
 * passwords, and nowhere else. A file without
 * {@code <plan>} elements gets the default plans, one without {@code <gateway>} elements the default gateway.
 *
 * <pre>{@code
 * <ws-gateway>
 *   <api name="EchoWebSocket" context="/echowebsocket" version="1.0">
 *     <endpoint url="ws://127.0.0.1:9001/echo" connectTimeout="5s"/>
 *   </api>
 * </ws-gateway>
 * }</pre>
 */
public final class GatewayConfigLoader {

    private static final Set<String> ELEMENTS = Set.of("api", "plan", "gateway", "application");

    private final FieldContext context;
    private final PolicyCheck policyCheck;

    /**
     * @param catalinaBase the directory that relative paths in the file (trust stores) are resolved against
     * @param policyCheck  checks each API's {@code <policies>} (the policy registry)
     */
    public GatewayConfigLoader(Path catalinaBase, PolicyCheck policyCheck) {
        this.context = FieldContext.catalogFile(catalinaBase);
        this.policyCheck = policyCheck;
    }

    /**
     * Reads and validates the file.
     *
     * @param file        the file
     * @param displayName how messages name the file, e.g. {@code conf/ws-gateway.xml}
     * @return the catalog it holds
     * @throws ConfigException naming every problem found
     */
    public Catalog load(Path file, String displayName) throws ConfigException {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(displayName, List.of("file not found (looked for " + file.toAbsolutePath() + ")"));
        }
        return read(handler -> handler.load(file.toFile()), displayName);
    }

    /**
     * Reads and validates a catalog document held as text (a database's rows put together), with the same rules as
     * {@link #load(Path, String)}.
     *
     * @param document    the {@code <ws-gateway>} document
     * @param displayName how messages name where it came from, e.g. {@code jdbc/wsgateway}
     */
    public Catalog parse(String document, String displayName) throws ConfigException {
        return read(handler -> handler.load(new StringReader(document)), displayName);
    }

    /** Where a document comes from: a file or text. */
    @FunctionalInterface
    private interface Source {
        void into(FileHandler handler) throws ConfigurationException;
    }

    private Catalog read(Source source, String displayName) throws ConfigException {
        XMLConfiguration xml = new XMLConfiguration();
        // No general interpolation: only backend URLs and trust store passwords expand ${env:}/${sys:} (ConfigValues).
        xml.setInterpolator(null);
        try {
            source.into(new FileHandler(xml));
        } catch (ConfigurationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ConfigException(displayName, "cannot be read as XML: " + cause.getMessage(), e);
        }
        return validate(xml, displayName);
    }

    private Catalog validate(XMLConfiguration xml, String displayName) throws ConfigException {
        List<String> problems = new ArrayList<>();
        for (Iterator<String> keys = xml.getKeys(); keys.hasNext();) {
            String key = keys.next();
            String element = key.split("[.\\[]", 2)[0];
            if (!ELEMENTS.contains(element)) {
                problems.add("unknown key '" + key + "' (the file holds <api>, <plan>, <gateway> and <application> elements)");
            }
        }
        List<Api> apis = new ArrayList<>();
        List<HierarchicalConfiguration<ImmutableNode>> nodes = xml.configurationsAt("api");
        for (int i = 0; i < nodes.size(); i++) {
            Api api = new ApiReader(nodes.get(i), i + 1, problems, context, policyCheck).read();
            if (api != null) {
                apis.add(api);
            }
        }
        List<Plan> plans = elements(xml.configurationsAt("plan"), "plan", CatalogFields.PLAN, CatalogFields::plan,
                problems);
        List<GatewayDef> gateways = elements(xml.configurationsAt("gateway"), "gateway", CatalogFields.GATEWAY,
                CatalogFields::gateway, problems);
        List<Application> applications = new ArrayList<>();
        nodes = xml.configurationsAt("application");
        for (int i = 0; i < nodes.size(); i++) {
            Application application = new ApplicationReader(nodes.get(i), i + 1, problems, context).read();
            if (application != null) {
                applications.add(application);
            }
        }
        Catalog catalog = new Catalog(apis, plans.isEmpty() ? Plan.DEFAULTS : plans,
                gateways.isEmpty() ? Catalog.EMPTY.gateways() : gateways, applications);
        if (problems.isEmpty()) {
            problems.addAll(catalog.problems());
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(displayName, problems);
        }
        return catalog;
    }

    /**
     * The values of flat elements such as {@code <plan>} and {@code <gateway>}: each read field by field, kept only
     * if it has no problem (its problems are reported).
     */
    private <R> List<R> elements(List<HierarchicalConfiguration<ImmutableNode>> nodes, String kind,
            FieldSet<R> fields, Function<FieldSet.Values, R> build, List<String> problems) {
        List<R> values = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            ElementReader r = new ElementReader(nodes.get(i), kind, i + 1, problems);
            int before = r.problemCount();
            r.checkKeys(ElementReader.keys(fields, ""), Set.of());
            R value = build.apply(r.read(fields, "", context));
            if (r.problemCount() == before) {
                values.add(value);
            }
        }
        return values;
    }
}
