package org.wsgateway.api;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What differs between the formats that hold the catalog, for the few fields it concerns: whether {@code ${env:NAME}}
 * and {@code ${sys:name}} are expanded (in backend URLs and trust store passwords; the catalog file expands them, the
 * REST API refuses them), which trust files may be named, and how a path is written.
 */
public interface FieldContext {

    /**
     * The value with its variables expanded where the format allows them; where it does not (the REST API), a value
     * with {@code ${} is refused with {@link IllegalArgumentException}.
     */
    String expand(String value);

    /** The file a value names; throws {@link IllegalArgumentException} when it may not be used. */
    Path file(String value);

    /** How a path is written: relative to {@code $CATALINA_BASE} when under it. */
    String path(Path path);

    /**
     * The catalog file ({@code conf/ws-gateway.xml}): variables are expanded; a trust file is any readable file,
     * relative to {@code $CATALINA_BASE} unless absolute.
     */
    static FieldContext catalogFile(Path catalinaBase) {
        return new Base(catalinaBase, true, false);
    }

    /**
     * The REST API: values are taken as written, and {@code ${...}} is refused; a trust file must be a readable file inside
     * {@code $CATALINA_BASE} (a REST client names no other files).
     */
    static FieldContext restApi(Path catalinaBase) {
        return new Base(catalinaBase, false, true);
    }

    /** The two contexts above. */
    record Base(Path catalinaBase, boolean expands, boolean confined) implements FieldContext {

        @Override
        public String expand(String value) {
            return expands ? ConfigValues.expand(value) : ConfigValues.literal(value);
        }

        @Override
        public Path file(String value) {
            Path path = confined ? catalinaBase.resolve(value).normalize() : catalinaBase.resolve(value);
            if (confined && (!path.startsWith(catalinaBase) || !Files.isRegularFile(path)
                    || !Files.isReadable(path))) {
                throw new IllegalArgumentException("'" + value + "' is not a readable file inside $CATALINA_BASE");
            }
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                throw new IllegalArgumentException("cannot read file " + path);
            }
            return path;
        }

        @Override
        public String path(Path path) {
            return path.startsWith(catalinaBase) ? catalinaBase.relativize(path).toString() : path.toString();
        }
    }
}
