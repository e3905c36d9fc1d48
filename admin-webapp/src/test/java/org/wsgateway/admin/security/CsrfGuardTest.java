package org.wsgateway.admin.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import jakarta.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.Test;

class CsrfGuardTest {

    private static HttpServletRequest request(String method, String origin, String referer) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getMethod()).thenReturn(method);
        when(request.getHeader("Origin")).thenReturn(origin);
        when(request.getHeader("Referer")).thenReturn(referer);
        when(request.getScheme()).thenReturn("http");
        when(request.getServerName()).thenReturn("gateway.example");
        when(request.getServerPort()).thenReturn(8080);
        return request;
    }

    @Test
    void letsReadsAndChangesFromTheSameOriginThrough() {
        assertNull(CsrfGuard.refusal(request("GET", "https://evil.example", null)), "reads change nothing");
        assertNull(CsrfGuard.refusal(request("POST", "http://gateway.example:8080", null)));
        assertNull(CsrfGuard.refusal(request("PUT", null, "http://GATEWAY.example:8080/ws-admin/")));
        assertNull(CsrfGuard.refusal(request("DELETE", null, null)), "curl and scripts send neither");
    }

    @Test
    void refusesChangesFromAnotherOriginOrAnOpaqueOne() {
        String refusal = CsrfGuard.refusal(request("POST", "https://evil.example", null));
        assertNotNull(refusal);
        assertTrue(refusal.contains("evil.example"), refusal);
        assertNotNull(CsrfGuard.refusal(request("DELETE", null, "http://gateway.example:9090/")), "another port");
        assertNotNull(CsrfGuard.refusal(request("PUT", "null", null)));
    }

    @Test
    void takesOnlyJsonBodies() {
        assertTrue(CsrfGuard.isJson("application/json; charset=UTF-8"));
        assertTrue(CsrfGuard.isJson("application/merge-patch+json"));
        assertFalse(CsrfGuard.isJson("text/plain"), "what a cross-site form can send");
        assertFalse(CsrfGuard.isJson("application/x-www-form-urlencoded"));
        assertFalse(CsrfGuard.isJson(null));
    }
}
