package org.wsgateway.api;

import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One field of a catalog type, stated once for every format: its name (the attribute in the catalog file, the member
 * in the REST API's JSON), its JSON type, whether it must be given, its default, how its text is checked and parsed,
 * how it is read off a value and how it is written back as text. {@link CatalogFields} holds every field there is.
 *
 * @param name         e.g. {@code connectTimeout}
 * @param type         how JSON (and the OpenAPI document) shows it
 * @param required     whether a reader must be given it
 * @param defaultValue its value when not given (and after a bad value, so that reading goes on)
 * @param access       who may see and set it over REST
 * @param parser       parses its text; throws {@link IllegalArgumentException} with a message a person can act on
 * @param getter       reads it off a value
 * @param writer       writes a (non-null) value as the text the parser reads back
 * @param <R>          the type it belongs to, e.g. {@link EndpointSettings}
 * @param <V>          its value's type
 */
public record Field<R, V>(String name, Type type, boolean required, V defaultValue, Access access,
        BiFunction<FieldContext, String, V> parser, Function<R, V> getter, BiFunction<FieldContext, V, String> writer) {

    /** How a field's value is shown in JSON. */
    public enum Type {
        /** A string (also durations such as {@code 5s}, URLs and paths). */
        STRING,
        /** A number. */
        INTEGER,
        /** {@code true} or {@code false}. */
        BOOLEAN,
        /** An array of names in JSON; a comma-separated list in the catalog file. */
        LIST
    }

    /** Who may see and set a field over REST; the catalog file holds every field. */
    public enum Access {
        /** Shown and set through the REST API. */
        WRITABLE,
        /** Shown, but set only by the catalog itself (ids, lifecycle): a REST body may carry it back, unread. */
        CATALOG_OWNED,
        /** Set, never shown, except in a backup (a password, a key's hash). */
        SECRET
    }

    /** The same field with another default. */
    public Field<R, V> withDefault(V value) {
        return new Field<>(name, type, required, value, access, parser, getter, writer);
    }

    /** The same field, required. */
    public Field<R, V> asRequired() {
        return new Field<>(name, type, true, defaultValue, access, parser, getter, writer);
    }

    /** The same field with another access. */
    public Field<R, V> as(Access next) {
        return new Field<>(name, type, required, defaultValue, next, parser, getter, writer);
    }

    /** Parses its text in this context. */
    public V parse(FieldContext context, String text) {
        return parser.apply(context, text);
    }

    /** Its value in {@code r}, or {@code null}. */
    public V get(R r) {
        return getter.apply(r);
    }

    /** Its value in {@code r} as text, or {@code null} when it has none. */
    public String text(FieldContext context, R r) {
        V value = getter.apply(r);
        return value == null ? null : writer.apply(context, value);
    }
}
