package org.wsgateway.admin.rest;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.wsgateway.admin.security.Access;
import org.wsgateway.admin.security.CsrfGuard;
import org.wsgateway.catalog.CatalogService;

/** One REST call: the request, its path segments below {@code /api/v1}, the caller's rights, and the answers. */
final class Exchange {

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

    /** The request body as JSON; a body must be declared JSON (see {@link CsrfGuard}). */
    JsonNode body() throws Problem, IOException {
        if (!CsrfGuard.isJson(request.getContentType())) {
            throw new Problem(415, "unsupported-media-type", "JSON required",
                    "send the body as application/json (Content-Type was " + request.getContentType() + ")");
        }
        try {
            JsonNode body = Views.MAPPER.readTree(request.getInputStream());
            if (body == null || body.isMissingNode()) {
                throw new Problem(400, "validation", "A body is required", "the request has no JSON body");
            }
            return body;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Problem(400, "malformed-json", "The body is not valid JSON", e.getOriginalMessage());
        }
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
