package org.wsgateway.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.wsgateway.api.ApiKey;
import org.wsgateway.api.Application;
import org.wsgateway.api.CatalogFields;
import org.wsgateway.api.FieldContext;
import org.wsgateway.api.FieldSet;
import org.wsgateway.api.Subscription;

/**
 * Reads one {@code <application>} element with its {@code <subscription>} and {@code <key>} elements, field by
 * field as {@link CatalogFields} says.
 */
final class ApplicationReader extends ElementReader {

    static final Set<String> KEYS = keys(CatalogFields.APPLICATION, "");
    static final Set<String> SUBSCRIPTION_KEYS = keys(CatalogFields.SUBSCRIPTION, "");
    static final Set<String> KEY_KEYS = keys(CatalogFields.KEY, "");

    private final List<String> problems;
    private final FieldContext context;

    ApplicationReader(HierarchicalConfiguration<ImmutableNode> node, int position, List<String> problems,
            FieldContext context) {
        super(node, "application", position, problems);
        this.problems = problems;
        this.context = context;
    }

    /** The application, or {@code null} if any of its keys has a problem. */
    Application read() {
        int before = problemCount();
        checkKeys(KEYS, Set.of(), Set.of("subscription", "key"));
        FieldSet.Values application = read(CatalogFields.APPLICATION, "", context);
        List<Subscription> subscriptions = new ArrayList<>();
        List<HierarchicalConfiguration<ImmutableNode>> nodes = configurationsAt("subscription");
        for (int i = 0; i < nodes.size(); i++) {
            ElementReader r = new ElementReader(nodes.get(i), label() + " subscription", i + 1, problems);
            r.checkKeys(SUBSCRIPTION_KEYS, Set.of());
            subscriptions.add(CatalogFields.subscription(r.read(CatalogFields.SUBSCRIPTION, "", context)));
        }
        List<ApiKey> keys = new ArrayList<>();
        nodes = configurationsAt("key");
        for (int i = 0; i < nodes.size(); i++) {
            ElementReader r = new ElementReader(nodes.get(i), label() + " key", i + 1, problems);
            r.checkKeys(KEY_KEYS, Set.of());
            keys.add(CatalogFields.key(r.read(CatalogFields.KEY, "", context)));
        }
        if (problemCount() > before) {
            return null;
        }
        return CatalogFields.application(application, subscriptions, keys);
    }
}
