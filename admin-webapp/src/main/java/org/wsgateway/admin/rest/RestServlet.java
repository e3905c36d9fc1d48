package org.wsgateway.admin.rest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;
import org.wsgateway.admin.security.Access;
import org.wsgateway.admin.security.CsrfGuard;
import org.wsgateway.catalog.CatalogException;
import org.wsgateway.catalog.CatalogService;
import org.wsgateway.catalog.Gateways;

/**
 * The REST API under {@code /api/v1}: routes each call to its resource, and turns every refusal into an RFC 9457
 * problem. The catalog is the running gateways' own (see {@link Gateways}): what this API changes applies to live
 * traffic at once. Described by {@code /api/v1/openapi.json}.
 */
public class RestServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Log log = LogFactory.getLog(RestServlet.class);

    private transient Views views;
    private transient ApiResources apis;
    private transient CatalogResources resources;
    private transient ApplicationResources applications;

    @Override
    public void init() {
        Path base = catalinaBase();
        views = new Views(base);
        apis = new ApiResources(views, base);
        resources = new CatalogResources(views, base);
        applications = new ApplicationResources(views);
    }

    static Path catalinaBase() {
        String base = System.getProperty("catalina.base");
        return (base == null ? Path.of("") : Path.of(base)).toAbsolutePath().normalize();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> path = segments(request.getPathInfo());
        try {
            if (path.equals(List.of("openapi.json"))) {
                if (!request.getMethod().equals("GET")) {
                    response.setHeader("Allow", "GET");
                    throw new Problem(405, "method-not-allowed", "Method not allowed", "the API description is "
                            + "read with GET");
                }
                openApi(response);
                return;
            }
            if (path.equals(List.of("backend-keys.json"))) {
                // Public: backends check the gateway's backend JWTs with these keys.
                response.setContentType("application/jwk-set+json;charset=UTF-8");
                response.setHeader("Cache-Control", "max-age=300");
                response.getWriter().write(Gateways.backendKeys());
                return;
            }
            String refusal = CsrfGuard.refusal(request);
            if (refusal != null) {
                throw Problem.forbidden(refusal);
            }
            CatalogService catalog = Gateways.catalog().orElseThrow(() -> new Problem(503, "no-gateway",
                    "No gateway is running", "no ws-gateway valve runs in this Tomcat: install it (README) and "
                            + "restart"));
            route(new Exchange(request, response, path, Access.of(request), catalog));
        } catch (Problem p) {
            problem(request, response, p);
        } catch (CatalogException e) {
            problem(request, response, Problem.of(e));
        } catch (RuntimeException e) {
            log.error("ws-gateway admin: " + request.getMethod() + " " + request.getRequestURI() + " failed", e);
            problem(request, response, new Problem(500, "internal", "Internal error",
                    "the request failed; the server log has the details"));
        }
    }

    private void route(Exchange x) throws Problem, CatalogException, IOException {
        String first = x.segment(0);
        if (first == null) {
            methods(x, "GET");
            index(x);
            return;
        }
        switch (first) {
            case "apis" -> apis.handle(x);
            case "applications" -> applications.handle(x);
            case "plans" -> resources.plans(x);
            case "gateways" -> resources.gateways(x);
            case "nodes" -> NodeResources.nodes(x);
            case "backup" -> resources.backup(x);
            case "audit" -> resources.audit(x);
            case "me" -> resources.me(x);
            default -> throw Problem.notFound("no such resource: " + x.request.getRequestURI());
        }
    }

    /** Refuses any method but these with 405 and an {@code Allow} header. */
    static void methods(Exchange x, String... allowed) throws Problem {
        if (!Arrays.asList(allowed).contains(x.method())) {
            x.response.setHeader("Allow", String.join(", ", allowed));
            throw new Problem(405, "method-not-allowed", "Method not allowed", x.method() + " is not possible here; "
                    + "use " + String.join(" or ", allowed));
        }
    }

    private static void index(Exchange x) throws IOException {
        ObjectNode index = Views.MAPPER.createObjectNode();
        ArrayNode links = index.putArray("resources");
        for (String r : List.of("apis", "applications", "plans", "gateways", "nodes", "backup", "audit",
                "me", "openapi.json")) {
            links.add(x.location(r));
        }
        x.send(200, index, null);
    }

    private static void openApi(HttpServletResponse response) throws IOException {
        try (InputStream in = RestServlet.class.getResourceAsStream("/openapi.json")) {
            response.setContentType("application/json;charset=UTF-8");
            in.transferTo(response.getOutputStream());
        }
    }

    private static void problem(HttpServletRequest request, HttpServletResponse response, Problem p)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        ObjectNode body = Views.MAPPER.createObjectNode();
        body.put("type", p.type());
        body.put("title", p.title());
        body.put("status", p.status());
        body.put("detail", p.getMessage());
        body.put("instance", request.getRequestURI());
        if (!p.errors().isEmpty()) {
            ArrayNode errors = body.putArray("errors");
            p.errors().forEach(e -> errors.add(Views.MAPPER.createObjectNode().put("field", e.field())
                    .put("message", e.message())));
        }
        response.setStatus(p.status());
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/problem+json;charset=UTF-8");
        Views.MAPPER.writerWithDefaultPrettyPrinter().writeValue(response.getOutputStream(), body);
    }

    private static List<String> segments(String pathInfo) {
        if (pathInfo == null || pathInfo.equals("/")) {
            return List.of();
        }
        return Arrays.stream(pathInfo.substring(1).split("/")).filter(s -> !s.isEmpty()).toList();
    }
}
