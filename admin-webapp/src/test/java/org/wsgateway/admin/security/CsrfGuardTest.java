package org.wsgateway.admin.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    private static HttpServletRequest secure(String method, String origin) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getMethod()).thenReturn(method);
        when(request.getHeader("Origin")).thenReturn(origin);
        when(request.getScheme()).thenReturn("https");
        when(request.getServerName()).thenReturn("gateway.example");
        when(request.getServerPort()).thenReturn(443);
        return request;
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "HEAD", "OPTIONS"})
    void letsSafeMethodsThroughFromAnyOrigin(String method) {
        assertNull(CsrfGuard.refusal(request(method, "https://evil.example", "https://evil.example/page")));
        assertNull(CsrfGuard.refusal(request(method, "null", null)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE"})
    void refusesEveryChangingMethodFromAnotherOrigin(String method) {
        assertNotNull(CsrfGuard.refusal(request(method, "https://evil.example", null)));
    }

    @Test
    void acceptsAMissingOriginWhenTheRefererIsSameOrigin() {
        assertNull(CsrfGuard.refusal(request("POST", null, "http://gateway.example:8080/ws-admin/index.html?x=1")));
    }

    @Test
    void refusesAMissingOriginWhenTheRefererIsCrossOrigin() {
        String refusal = CsrfGuard.refusal(request("POST", null, "https://evil.example/attack.html"));
        assertNotNull(refusal);
        assertTrue(refusal.contains("https://evil.example/attack.html"), refusal);
    }

    @Test
    void judgesByTheOriginEvenWhenTheRefererLooksSameOrigin() {
        assertNotNull(CsrfGuard.refusal(request("POST", "https://evil.example", "http://gateway.example:8080/")));
        assertNull(CsrfGuard.refusal(request("POST", "http://gateway.example:8080", "https://evil.example/")));
    }

    @Test
    void refusesAnotherSchemeOnTheSameHostAndPort() {
        assertNotNull(CsrfGuard.refusal(request("POST", "https://gateway.example:8080", null)));
    }

    @Test
    void refusesAnotherHostEvenAsASubdomain() {
        assertNotNull(CsrfGuard.refusal(request("POST", "http://admin.gateway.example:8080", null)));
        assertNotNull(CsrfGuard.refusal(request("POST", "http://gateway.example.evil.example:8080", null)));
    }

    @Test
    void treatsAnOriginWithoutPortAsTheSchemesDefaultPort() {
        assertNull(CsrfGuard.refusal(secure("POST", "https://gateway.example")));
        assertNull(CsrfGuard.refusal(secure("POST", "https://gateway.example:443")));
        assertNotNull(CsrfGuard.refusal(secure("POST", "http://gateway.example")), "http means port 80");
    }

    @Test
    void comparesSchemeAndHostWithoutRegardToCase() {
        assertNull(CsrfGuard.refusal(secure("PUT", "HTTPS://Gateway.Example")));
    }

    @Test
    void refusesAnOpaqueOriginWithItsOwnReason() {
        assertEquals("a change requested from an opaque origin is refused",
                CsrfGuard.refusal(request("POST", "null", "http://gateway.example:8080/")));
    }

    @Test
    void refusesAnOriginThatIsNotAUrl() {
        assertNotNull(CsrfGuard.refusal(request("POST", "http://gate way.example:8080", null)));
        assertNotNull(CsrfGuard.refusal(request("POST", "gateway.example:8080", null)), "no scheme, no host");
    }

    @Test
    void refusesAUserInfoTrickThatNamesOurHostBeforeTheAt() {
        assertNotNull(CsrfGuard.refusal(request("POST", null, "http://gateway.example:8080@evil.example/")));
    }

    @Test
    void takesJsonWhateverTheCaseAndParameters() {
        assertTrue(CsrfGuard.isJson("Application/JSON"));
        assertTrue(CsrfGuard.isJson(" application/json ;charset=utf-8"));
        assertTrue(CsrfGuard.isJson("application/problem+json"));
    }

    @Test
    void refusesEveryBodyAFormOrAPlainRequestCanSend() {
        assertFalse(CsrfGuard.isJson("multipart/form-data; boundary=x"));
        assertFalse(CsrfGuard.isJson("text/json"), "not an application type");
        assertFalse(CsrfGuard.isJson("application/jsonp"));
        assertFalse(CsrfGuard.isJson("application/json-seq"));
        assertFalse(CsrfGuard.isJson(""));
    }
}
