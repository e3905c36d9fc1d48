package org.wsgateway.config;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.wsgateway.api.Api;
import org.wsgateway.api.CatalogFields;
import org.wsgateway.api.FieldContext;
import org.wsgateway.api.FieldSet;
import org.wsgateway.api.Lifecycle;
import org.wsgateway.api.Policies;
import org.wsgateway.api.PolicyCheck;
import org.wsgateway.api.PolicyException;
import org.wsgateway.api.TlsSettings;

/**
 * Reads one {@code <api>} element and its {@code <endpoint>} (with {@code <tls>}), field by field as
 * {@link CatalogFields} says, and its {@code <policies>}.
 */
final class ApiReader extends ElementReader {

    static final String ENDPOINT = "endpoint";
    static final String TLS = "endpoint.tls";
    static final String POLICIES = "policies";
    static final Set<String> KEYS = keys();

    private final FieldContext context;
    private final PolicyCheck policyCheck;

    ApiReader(HierarchicalConfiguration<ImmutableNode> node, int position, List<String> problems,
            FieldContext context, PolicyCheck policyCheck) {
        super(node, "API", position, problems);
        this.context = context;
        this.policyCheck = policyCheck;
    }

    private static Set<String> keys() {
        Set<String> keys = new LinkedHashSet<>(keys(CatalogFields.API, ""));
        keys.addAll(keys(CatalogFields.ENDPOINT, ENDPOINT));
        keys.addAll(keys(CatalogFields.TLS, TLS));
        return Set.copyOf(keys);
    }

    /** The API, or {@code null} if any of its keys has a problem. */
    Api read() {
        int before = problemCount();
        checkKeys(KEYS, Set.of(ENDPOINT, TLS), Set.of(POLICIES));
        FieldSet.Values api = read(CatalogFields.API, "", context);
        // Only an API still being created may lack a backend; check the endpoint's other values in any case, so
        // every problem is reported at once.
        boolean mayLackUrl = api.get(CatalogFields.LIFECYCLE) == Lifecycle.CREATED
                && !has(ENDPOINT + "[@" + CatalogFields.URL.name() + "]");
        FieldSet.Values endpoint = read(CatalogFields.ENDPOINT, ENDPOINT, context,
                mayLackUrl ? Set.of(CatalogFields.URL.name()) : Set.of());
        TlsSettings tls = CatalogFields.tls(read(CatalogFields.TLS, TLS, context));
        Policies policies = policies();
        if (problemCount() > before) {
            return null;
        }
        URI url = endpoint.get(CatalogFields.URL);
        return CatalogFields.api(api, url == null ? null : CatalogFields.endpoint(endpoint, url, tls), policies);
    }

    /** The {@code <policies>} element: one child element per policy, its settings as attributes. */
    private Policies policies() {
        List<HierarchicalConfiguration<ImmutableNode>> elements = configurationsAt(POLICIES);
        if (elements.isEmpty()) {
            return Policies.NONE;
        }
        if (elements.size() > 1) {
            problem(POLICIES, "more than one <policies> element");
        }
        Map<String, Map<String, String>> declared = new LinkedHashMap<>();
        for (ImmutableNode child : elements.get(0).getNodeModel().getNodeHandler().getRootNode().getChildren()) {
            String policy = child.getNodeName();
            if (declared.containsKey(policy)) {
                problem(POLICIES + "." + policy, "declared twice");
            } else if (!child.getChildren().isEmpty() || child.getValue() != null
                    && !String.valueOf(child.getValue()).isBlank()) {
                problem(POLICIES + "." + policy, "settings are attributes, e.g. <" + policy + " name=\"value\"/>");
            }
            Map<String, String> settings = new LinkedHashMap<>();
            child.getAttributes().forEach((k, v) -> settings.put(k, String.valueOf(v)));
            declared.putIfAbsent(policy, settings);
        }
        try {
            return policyCheck.check(declared);
        } catch (PolicyException e) {
            e.problems().forEach(p -> problem(POLICIES + "." + p.policy() + (p.key().isEmpty() ? "" : "[@" + p.key()
                    + "]"), p.message()));
            return Policies.NONE;
        }
    }
}
