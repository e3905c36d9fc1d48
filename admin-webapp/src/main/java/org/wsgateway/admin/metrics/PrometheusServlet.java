package org.wsgateway.admin.metrics;

import java.io.IOException;
import java.io.OutputStream;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.wsgateway.admin.security.Access.Role;
import org.wsgateway.admin.security.Access;
import org.wsgateway.catalog.Gateways;

/**
 * {@code GET /ws-admin/metrics}: the gateway's metrics in the Prometheus text format, for a scraper. Takes a user
 * with the {@code ws-metrics} role (or {@code ws-admin}) through the container's login, so a scrape job needs
 * {@code basic_auth}; the context parameter {@code ws-gateway.metrics.public=true} opens it to anyone (for a
 * scraper on a trusted network).
 */
public final class PrometheusServlet extends HttpServlet {

    /** The context parameter that opens the endpoint without login. */
    public static final String PUBLIC = "ws-gateway.metrics.public";

    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private boolean open;

    @Override
    public void init() {
        open = Boolean.parseBoolean(getServletContext().getInitParameter(PUBLIC));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        if (!open) {
            if (request.getUserPrincipal() == null && !request.authenticate(response)) {
                return; // the container asked for credentials (401)
            }
            if (!Access.of(request).has(Role.METRICS)) {
                response.sendError(HttpServletResponse.SC_FORBIDDEN,
                        "Reading metrics takes the ws-metrics or ws-admin role");
                return;
            }
        }
        response.setContentType(writer.getContentType());
        response.setHeader("Cache-Control", "no-store");
        try (OutputStream out = response.getOutputStream()) {
            writer.write(out, PrometheusExport.of(Gateways.figures().families(), Gateways.nodeName()));
        }
    }
}
