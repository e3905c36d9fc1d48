package org.wsgateway.config;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.wsgateway.api.Field;
import org.wsgateway.api.FieldContext;
import org.wsgateway.api.FieldSet;

/**
 * Reads the attributes of one element of the configuration file, adding a problem (naming the element and the key)
 * for each missing, bad or unknown one instead of stopping at the first.
 */
class ElementReader {

    private final HierarchicalConfiguration<ImmutableNode> node;
    private final List<String> problems;
    private final String label;

    /**
     * @param kind     what the element is, e.g. {@code API}
     * @param position its position in the file, for elements without a name
     */
    ElementReader(HierarchicalConfiguration<ImmutableNode> node, String kind, int position, List<String> problems) {
        this.node = node;
        this.problems = problems;
        String name = node.getString("[@name]");
        this.label = name == null || name.isBlank() ? kind + " #" + position : kind + " '" + name + "'";
    }

    /** Reports every key not in {@code known}; {@code elements} are known child elements that may be empty. */
    void checkKeys(Set<String> known, Set<String> elements) {
        checkKeys(known, elements, Set.of());
    }

    /**
     * As {@link #checkKeys(Set, Set)}; keys under the {@code subtrees} elements (which may repeat) are left to their
     * own reader.
     */
    void checkKeys(Set<String> known, Set<String> elements, Set<String> subtrees) {
        for (Iterator<String> keys = node.getKeys(); keys.hasNext();) {
            String key = keys.next();
            if (!known.contains(key) && !elements.contains(key) && !subtrees.contains(key)
                    && subtrees.stream().noneMatch(t -> key.startsWith(t + ".") || key.startsWith(t + "["))) {
                problem(key, "unknown key");
            }
        }
        for (String element : elements) {
            if (node.getMaxIndex(element) > 0) {
                problem(element, "more than one <" + element.substring(element.lastIndexOf('.') + 1) + "> element");
            }
        }
    }

    /**
     * Reads the fields of one catalog type from the attributes of this element ({@code child} {@code ""}) or of a
     * child element such as {@code endpoint.tls}; problems name the key, e.g. {@code endpoint[@url]}.
     *
     * @param mayLack required fields that may still be absent (their absence is decided by the caller)
     */
    FieldSet.Values read(FieldSet<?> fields, String child, FieldContext context, Set<String> mayLack) {
        return fields.read(new FieldSet.Source() {
            @Override
            public String text(Field<?, ?> field) {
                return node.getString(key(child, field.name()));
            }

            @Override
            public void missing(String field) {
                if (!mayLack.contains(field)) {
                    ElementReader.this.problem(key(child, field), "missing");
                }
            }

            @Override
            public void problem(String field, String message) {
                ElementReader.this.problem(key(child, field), message);
            }
        }, context);
    }

    /** As {@link #read(FieldSet, String, FieldContext, Set)}, every required field required. */
    FieldSet.Values read(FieldSet<?> fields, String child, FieldContext context) {
        return read(fields, child, context, Set.of());
    }

    /** The keys of a catalog type's fields as attributes of this element or of a child, e.g. {@code [@name]}. */
    static Set<String> keys(FieldSet<?> fields, String child) {
        Set<String> keys = new LinkedHashSet<>();
        fields.names().forEach(name -> keys.add(key(child, name)));
        return keys;
    }

    private static String key(String child, String field) {
        return child + "[@" + field + "]";
    }

    List<HierarchicalConfiguration<ImmutableNode>> configurationsAt(String key) {
        return node.configurationsAt(key);
    }

    boolean has(String key) {
        return node.getString(key) != null;
    }

    /** How problems name the element, e.g. {@code API 'Echo'}. */
    String label() {
        return label;
    }

    void problem(String key, String message) {
        problems.add(label + ": key '" + key + "': " + message);
    }

    int problemCount() {
        return problems.size();
    }
}
