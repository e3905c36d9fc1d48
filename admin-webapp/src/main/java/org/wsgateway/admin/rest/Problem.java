package org.wsgateway.admin.rest;

import java.util.List;

import org.wsgateway.catalog.CatalogException.FieldError;
import org.wsgateway.catalog.CatalogException;

/**
 * A refused request, answered as an RFC 9457 problem ({@code application/problem+json}): a status, a type URI
 * naming the kind of problem, a sentence a person can act on, and the bad fields when there are some.
 */
public final class Problem extends Exception {

    private static final long serialVersionUID = 1L;
    static final String TYPE_PREFIX = "urn:ws-gateway:problem:";

    private final int status;
    private final String type;
    private final String title;
    private final transient List<FieldError> errors;

    public Problem(int status, String type, String title, String detail) {
        this(status, type, title, detail, List.of());
    }

    public Problem(int status, String type, String title, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.type = TYPE_PREFIX + type;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    /** The problem a catalog refusal makes. */
    static Problem of(CatalogException e) {
        return switch (e.kind()) {
            case INVALID -> new Problem(400, "validation", "The request has invalid fields", e.getMessage(),
                    e.errors());
            case NOT_FOUND -> notFound(e.getMessage());
            case CONFLICT -> new Problem(409, "conflict", "The request conflicts with the catalog", e.getMessage(),
                    e.errors());
            case PRECONDITION_FAILED -> new Problem(412, "precondition-failed", "The resource changed",
                    e.getMessage());
            case PRECONDITION_REQUIRED -> new Problem(428, "precondition-required", "If-Match is required",
                    e.getMessage());
            case STORAGE -> new Problem(500, "storage", "The catalog could not be stored", e.getMessage());
        };
    }

    static Problem notFound(String detail) {
        return new Problem(404, "not-found", "Not found", detail);
    }

    static Problem invalid(List<FieldError> errors) {
        return new Problem(400, "validation", "The request has invalid fields",
                errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
                        : errors.size() + " fields are invalid", errors);
    }

    static Problem forbidden(String detail) {
        return new Problem(403, "forbidden", "Not allowed", detail);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
