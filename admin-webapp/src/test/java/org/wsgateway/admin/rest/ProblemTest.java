package org.wsgateway.admin.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wsgateway.catalog.CatalogException.FieldError;
import org.wsgateway.catalog.CatalogException.Kind;
import org.wsgateway.catalog.CatalogException;

class ProblemTest {

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource({"INVALID, 400, validation", "NOT_FOUND, 404, not-found", "CONFLICT, 409, conflict",
        "PRECONDITION_FAILED, 412, precondition-failed", "PRECONDITION_REQUIRED, 428, precondition-required",
        "STORAGE, 500, storage"})
    void answersEachCatalogRefusalWithItsStatusAndType(Kind kind, int status, String type) {
        Problem p = Problem.of(new CatalogException(kind, "because"));
        assertEquals(status, p.status());
        assertEquals(kind.status(), p.status(), "the same status the catalog names");
        assertEquals("urn:ws-gateway:problem:" + type, p.type());
        assertEquals("because", p.getMessage());
        assertFalse(p.title().isBlank());
    }

    @Test
    void keepsTheBadFieldsOfAnInvalidCatalogChange() {
        Problem p = Problem.of(CatalogException.invalid("plans", "unknown plan 'Platinum'"));
        assertEquals(List.of(new FieldError("plans", "unknown plan 'Platinum'")), p.errors());
    }

    @Test
    void keepsTheFieldOfAConflict() {
        Problem p = Problem.of(new CatalogException(Kind.CONFLICT, "taken",
                List.of(new FieldError("context", "/chat/1.0 is taken"))));
        assertEquals(409, p.status());
        assertEquals("context", p.errors().get(0).field());
    }

    @Test
    void statesTheOneBadFieldInTheDetail() {
        Problem p = Problem.invalid(List.of(new FieldError("endpoint.url", "is required")));
        assertEquals(400, p.status());
        assertEquals("endpoint.url: is required", p.getMessage());
    }

    @Test
    void countsSeveralBadFieldsInTheDetail() {
        Problem p = Problem.invalid(List.of(new FieldError("name", "is required"),
                new FieldError("context", "is required"), new FieldError("version", "is required")));
        assertEquals("3 fields are invalid", p.getMessage());
        assertEquals(3, p.errors().size());
    }

    @Test
    void copiesItsErrorsSoTheyCannotChangeAfterwards() {
        List<FieldError> errors = new ArrayList<>(List.of(new FieldError("name", "is required")));
        Problem p = Problem.invalid(errors);
        errors.clear();
        assertEquals(1, p.errors().size());
        assertThrows(UnsupportedOperationException.class, () -> p.errors().clear());
    }

    @Test
    void makesForbiddenAndNotFoundProblems() {
        Problem forbidden = Problem.forbidden("needs ws-admin");
        assertEquals(403, forbidden.status());
        assertEquals("urn:ws-gateway:problem:forbidden", forbidden.type());
        assertEquals("needs ws-admin", forbidden.getMessage());
        Problem notFound = Problem.notFound("no API x");
        assertEquals(404, notFound.status());
        assertEquals("urn:ws-gateway:problem:not-found", notFound.type());
        assertTrue(notFound.errors().isEmpty());
    }

    /** A request to the REST servlet, and what it answered. */
    private static JsonNode serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
        TesterStreams.Captured out = new TesterStreams.Captured();
        when(response.getOutputStream()).thenReturn(out);
        new RestServlet().service(request, response);
        return Views.MAPPER.readTree(out.text());
    }

    private static HttpServletRequest request(String method, String pathInfo, String origin) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getMethod()).thenReturn(method);
        when(request.getPathInfo()).thenReturn(pathInfo);
        when(request.getRequestURI()).thenReturn("/ws-admin/api/v1" + pathInfo);
        when(request.getHeader("Origin")).thenReturn(origin);
        when(request.getScheme()).thenReturn("http");
        when(request.getServerName()).thenReturn("gateway.example");
        when(request.getServerPort()).thenReturn(8080);
        return request;
    }

    @Test
    void refusesCrossOriginPostWith403AsProblemJson() throws IOException {
        HttpServletResponse response = mock(HttpServletResponse.class);
        JsonNode body = serve(request("POST", "/apis", "https://evil.example"), response);
        verify(response).setStatus(403);
        verify(response).setContentType("application/problem+json;charset=UTF-8");
        verify(response).setHeader("Cache-Control", "no-store");
        assertEquals("urn:ws-gateway:problem:forbidden", body.get("type").asText());
        assertEquals("Not allowed", body.get("title").asText());
        assertEquals(403, body.get("status").asInt());
        assertTrue(body.get("detail").asText().contains("https://evil.example"));
        assertEquals("/ws-admin/api/v1/apis", body.get("instance").asText());
        assertFalse(body.has("errors"), "no bad fields, no errors member");
    }

    @Test
    void answers503WhenNoGatewayRuns() throws IOException {
        HttpServletResponse response = mock(HttpServletResponse.class);
        JsonNode body = serve(request("GET", "/apis", null), response);
        verify(response).setStatus(503);
        assertEquals("urn:ws-gateway:problem:no-gateway", body.get("type").asText());
        assertEquals(503, body.get("status").asInt());
    }

    @Test
    void answers405WithAllowForAWriteToTheDescription() throws IOException {
        HttpServletResponse response = mock(HttpServletResponse.class);
        JsonNode body = serve(request("PUT", "/openapi.json", null), response);
        verify(response).setStatus(405);
        verify(response).setHeader("Allow", "GET");
        assertEquals("urn:ws-gateway:problem:method-not-allowed", body.get("type").asText());
    }

    @Test
    void writesNothingOnceTheResponseIsCommitted() throws IOException {
        HttpServletResponse response = mock(HttpServletResponse.class);
        when(response.isCommitted()).thenReturn(true);
        TesterStreams.Captured out = new TesterStreams.Captured();
        when(response.getOutputStream()).thenReturn(out);
        new RestServlet().service(request("POST", "/apis", "https://evil.example"), response);
        assertEquals("", out.text());
    }
}
