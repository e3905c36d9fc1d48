package org.wsgateway.catalog;

import java.util.List;

/**
 * A catalog change that cannot be made, with what the REST API answers: {@link Kind#INVALID} (400, with the bad
 * fields), {@link Kind#NOT_FOUND} (404), {@link Kind#CONFLICT} (409), {@link Kind#PRECONDITION_FAILED} (412, the
 * resource changed since it was read), {@link Kind#PRECONDITION_REQUIRED} (428, no {@code If-Match}) or
 * {@link Kind#STORAGE} (500, the store could not be written; nothing changed).
 */
public final class CatalogException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The kind of refusal. */
    public enum Kind {
        INVALID(400), NOT_FOUND(404), CONFLICT(409), PRECONDITION_FAILED(412), PRECONDITION_REQUIRED(428),
        STORAGE(500);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        /** The HTTP status that says this. */
        public int status() {
            return status;
        }
    }

    /** One bad field of a request, e.g. {@code plans}: "unknown plan 'Platinum'". */
    public record FieldError(String field, String message) {
    }

    private final Kind kind;
    private final transient List<FieldError> errors;

    public CatalogException(Kind kind, String message) {
        this(kind, message, List.of());
    }

    public CatalogException(Kind kind, String message, List<FieldError> errors) {
        super(message);
        this.kind = kind;
        this.errors = List.copyOf(errors);
    }

    public static CatalogException invalid(String field, String message) {
        return new CatalogException(Kind.INVALID, message, List.of(new FieldError(field, message)));
    }

    public Kind kind() {
        return kind;
    }

    /** The bad fields, for {@link Kind#INVALID} (possibly also for a conflict on one field). */
    public List<FieldError> errors() {
        return errors;
    }
}
