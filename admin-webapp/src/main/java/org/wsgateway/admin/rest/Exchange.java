package org.wsgateway.admin.rest;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.wsgateway.admin.security.Access;
import org.wsgateway.admin.security.CsrfGuard;
import org.wsgateway.catalog.CatalogException.FieldError;
import org.wsgateway.catalog.CatalogService;

/** One REST call: the request, its path segments below {@code /api/v1}, the caller's rights, and the answers. */
final class Exchange {

    /** The largest request body taken: 1 MiB; a larger one is answered {@code 413}. */
    static final int MAX_BODY_BYTES = 1 << 20;
    /** How deeply a request body may nest objects and arrays (an AsyncAPI document too). */
    static final int MAX_DEPTH = 64;

    final HttpServletRequest request;
    final HttpServletResponse response;
    final List<String> path;
    final Access access;
    final CatalogService catalog;

    Exchange(HttpServletRequest request, HttpServletResponse response, List<String> path, Access access,
            CatalogService catalog) {
        this.request = request;
        this.response = response;
        this.path = path;
        this.access = access;
        this.catalog = catalog;
    }

    String method() {
        return request.getMethod();
    }

    String segment(int i) {
        return path.size() > i ? path.get(i) : null;
    }

    /**
     * The request body as JSON; a body must be declared JSON (see {@link CsrfGuard}), at most
     * {@value #MAX_BODY_BYTES} bytes ({@code 413} otherwise, read no further) and nested at most
     * {@value #MAX_DEPTH} levels deep.
     */
    JsonNode body() throws Problem, IOException {
        if (!CsrfGuard.isJson(request.getContentType())) {
            throw new Problem(415, "unsupported-media-type", "JSON required",
                    "send the body as application/json (Content-Type was " + request.getContentType() + ")");
        }
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        byte[] bytes = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        try {
            JsonNode body = Views.MAPPER.readTree(bytes);
            if (body == null || body.isMissingNode()) {
                throw new Problem(400, "validation", "A body is required", "the request has no JSON body");
            }
            return body;
        } catch (StreamConstraintsException e) {
            String detail = "the body nests objects and arrays more than " + MAX_DEPTH + " levels deep";
            throw new Problem(400, "too-deep", "The body is nested too deeply", detail,
                    List.of(new FieldError("(body)", detail)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Problem(400, "malformed-json", "The body is not valid JSON", e.getOriginalMessage());
        }
    }

    private static Problem tooLarge() {
        String detail = "request bodies are limited to 1 MiB (" + MAX_BODY_BYTES + " bytes)";
        return new Problem(413, "too-large", "The body is too large", detail,
                List.of(new FieldError("(body)", detail)));
    }

    /** The {@code If-Match} header (an ETag read before), or {@code null}. */
    String ifMatch() {
        return request.getHeader("If-Match");
    }

    /** Requires a role, or answers 403 naming it. */
    void require(Access.Role role, String what) throws Problem {
        if (!access.has(role)) {
            throw Problem.forbidden(what + " needs the " + role.containerRole() + " role; you have "
                    + access.roles());
        }
    }

    /** The base of the URLs clients connect to, as this request reached Tomcat, e.g. {@code ws://host:8080}. */
    String clientBase() {
        String host = request.getHeader("Host");
        return (request.isSecure() ? "wss://" : "ws://") + (host == null ? request.getServerName() : host);
    }

    /** The URL of a resource below {@code /api/v1}. */
    String location(String relative) {
        return request.getContextPath() + "/api/v1/" + relative;
    }

    void send(int status, JsonNode body, String etag) throws IOException {
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        if (etag != null) {
            response.setHeader("ETag", etag);
        }
        response.setContentType("application/json;charset=UTF-8");
        Views.MAPPER.writerWithDefaultPrettyPrinter().writeValue(response.getOutputStream(), body);
    }

    void noContent() {
        response.setStatus(204);
    }
}
