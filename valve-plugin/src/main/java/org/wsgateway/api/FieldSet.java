package org.wsgateway.api;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields of one catalog type, in the order the catalog file writes them: what each format reads and writes, so
 * that a field added here reaches the file, the REST API and its OpenAPI document (a test holds the document to it).
 *
 * @param <R> the type, e.g. {@link Plan}
 */
public final class FieldSet<R> {

    /** Where a reader finds the fields' text: an element's attributes, a JSON object's members. */
    public interface Source {
        /** The field's text, or {@code null} when it is not given (or cannot be read as text: then a problem). */
        String text(Field<?, ?> field);

        /** Records that a required field is not given. */
        void missing(String field);

        /** Records that a field's text cannot be used. */
        void problem(String field, String message);
    }

    /** Where a writer puts the fields of one value. */
    @FunctionalInterface
    public interface Sink {
        /**
         * @param field the field
         * @param text  its value as text, or {@code null} when it has none
         * @param value its value, or {@code null}: for formats with types of their own (JSON numbers, arrays)
         */
        void put(Field<?, ?> field, String text, Object value);
    }

    /** The values read for the fields of one type, defaults filled in. */
    public static final class Values {

        private final Map<Field<?, ?>, Object> values = new HashMap<>();

        /** The field's value: as read, or its default. */
        @SuppressWarnings("unchecked")
        public <V> V get(Field<?, V> field) {
            return (V) values.get(field);
        }
    }

    private final List<Field<R, ?>> fields;

    @SafeVarargs
    public FieldSet(Field<R, ?>... fields) {
        this.fields = List.copyOf(Arrays.asList(fields));
    }

    public List<Field<R, ?>> fields() {
        return fields;
    }

    /** The fields' names, in order. */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        fields.forEach(f -> names.add(f.name()));
        return names;
    }

    /** The names of the fields with one of these accesses, in order. */
    public Set<String> names(Field.Access... accesses) {
        Set<String> names = new LinkedHashSet<>();
        List<Field.Access> wanted = List.of(accesses);
        fields.stream().filter(f -> wanted.contains(f.access())).forEach(f -> names.add(f.name()));
        return names;
    }

    /** The field named so, or {@code null}. */
    public Field<R, ?> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
    }

    /**
     * Reads every field, reporting each one missing or bad to the source (not just the first); a bad or missing
     * field gets its default so that reading goes on. Text the catalog file cannot hold
     * ({@link ConfigValues#storable}) is bad in every field.
     */
    public Values read(Source source, FieldContext context) {
        Values values = new Values();
        for (Field<R, ?> field : fields) {
            values.values.put(field, read(field, source, context));
        }
        return values;
    }

    private static <V> V read(Field<?, V> field, Source source, FieldContext context) {
        String text = source.text(field);
        if (text == null || field.required() && text.isBlank()) {
            if (field.required()) {
                source.missing(field.name());
            }
            return field.defaultValue();
        }
        try {
            return field.parse(context, ConfigValues.storable(text));
        } catch (IllegalArgumentException e) {
            source.problem(field.name(), e.getMessage());
            return field.defaultValue();
        }
    }

    /** Writes every field of {@code value} to the sink, in order. */
    public void write(R value, FieldContext context, Sink sink) {
        for (Field<R, ?> field : fields) {
            sink.put(field, field.text(context, value), field.get(value));
        }
    }
}
