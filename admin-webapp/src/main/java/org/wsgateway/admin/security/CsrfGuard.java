package org.wsgateway.admin.security;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Protects the REST API from cross-site request forgery: a browser signed in to the admin webapp (BASIC credentials
 * and session cookies are sent automatically) must not be made to change anything by another site. Following
 * OWASP: a state-changing request carrying an {@code Origin} (or, without it, a {@code Referer}) from another
 * origin is refused, and a request with a body must be JSON, which no cross-site form can send without a CORS
 * preflight this webapp never grants.
 */
public final class CsrfGuard {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    private CsrfGuard() {
    }

    /** Why the request must be refused, or {@code null} if it may proceed. */
    public static String refusal(HttpServletRequest request) {
        if (SAFE.contains(request.getMethod())) {
            return null;
        }
        String source = request.getHeader("Origin");
        if (source == null) {
            source = request.getHeader("Referer");
        }
        if (source != null && !source.equals("null") && !sameOrigin(source, request)) {
            return "a change requested from another origin (" + source + ") is refused";
        }
        if ("null".equals(source)) {
            return "a change requested from an opaque origin is refused";
        }
        return null;
    }

    /** Whether a body's content type is JSON ({@code application/json} or {@code application/*+json}). */
    public static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    private static boolean sameOrigin(String source, HttpServletRequest request) {
        try {
            URI uri = URI.create(source);
            return canonical(uri.getScheme(), uri.getHost(), uri.getPort())
                    .equals(canonical(request.getScheme(), request.getServerName(), request.getServerPort()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String canonical(String scheme, String host, int port) {
        String s = scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
        return s + "://" + (host == null ? "" : host.toLowerCase(Locale.ROOT)) + ":"
                + (port == -1 ? defaultPort(s) : port);
    }

    private static int defaultPort(String scheme) {
        return "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }
}
