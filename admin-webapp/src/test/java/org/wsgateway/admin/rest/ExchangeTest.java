package org.wsgateway.admin.rest;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.security.Principal;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.wsgateway.admin.security.Access.Role;
import org.wsgateway.admin.security.Access;

class ExchangeTest {

    private final HttpServletRequest request = mock(HttpServletRequest.class);
    private final HttpServletResponse response = mock(HttpServletResponse.class);

    private Exchange exchange(String... roles) {
        Principal principal = () -> "pat";
        when(request.getUserPrincipal()).thenReturn(principal);
        for (String role : roles) {
            when(request.isUserInRole(role)).thenReturn(true);
        }
        return new Exchange(request, response, List.of("apis", "42"), Access.of(request), null);
    }

    private Exchange withBody(String contentType, String body) throws IOException {
        when(request.getContentType()).thenReturn(contentType);
        when(request.getInputStream()).thenReturn(TesterStreams.body(body));
        return exchange();
    }

    @Test
    void readsAJsonBody() throws Exception {
        JsonNode body = withBody("application/json; charset=UTF-8", "{\"name\": \"Chat\"}").body();
        assertEquals("Chat", body.get("name").asText());
    }

    @Test
    void readsAVendorJsonBody() throws Exception {
        assertTrue(withBody("application/merge-patch+json", "[1, 2]").body().isArray());
    }

    @Test
    void refusesAFormBodyWith415() throws IOException {
        Problem p = assertThrows(Problem.class,
                () -> withBody("application/x-www-form-urlencoded", "name=Chat").body());
        assertEquals(415, p.status());
        assertEquals("urn:ws-gateway:problem:unsupported-media-type", p.type());
        assertTrue(p.getMessage().contains("application/x-www-form-urlencoded"), p.getMessage());
    }

    @Test
    void refusesABodyWithoutContentTypeWith415() throws IOException {
        Problem p = assertThrows(Problem.class, () -> withBody(null, "{}").body());
        assertEquals(415, p.status());
    }

    @Test
    void refusesMalformedJsonWith400() throws IOException {
        Problem p = assertThrows(Problem.class, () -> withBody("application/json", "{\"name\": ").body());
        assertEquals(400, p.status());
        assertEquals("urn:ws-gateway:problem:malformed-json", p.type());
    }

    @Test
    void refusesAnEmptyBodyWith400() throws IOException {
        Problem p = assertThrows(Problem.class, () -> withBody("application/json", "").body());
        assertEquals(400, p.status());
        assertEquals("urn:ws-gateway:problem:validation", p.type());
        assertEquals("A body is required", p.title());
    }

    @Test
    void letsAUserWithTheRoleOrAboveThrough() {
        Exchange publisher = exchange("ws-publisher");
        assertDoesNotThrow(() -> publisher.require(Role.CREATOR, "Creating an API"));
        assertDoesNotThrow(() -> publisher.require(Role.PUBLISHER, "CREATE & PUBLISH"));
    }

    @Test
    void refusesAUserWithoutTheRoleWith403NamingRoleAndRoles() {
        Problem p = assertThrows(Problem.class, () -> exchange("ws-creator").require(Role.PUBLISHER,
                "CREATE & PUBLISH"));
        assertEquals(403, p.status());
        assertEquals("CREATE & PUBLISH needs the ws-publisher role; you have [ws-creator]", p.getMessage());
    }

    @Test
    void refusesAdminWorkToAPublisher() {
        Problem p = assertThrows(Problem.class, () -> exchange("ws-publisher").require(Role.ADMIN, "Editing plans"));
        assertEquals("Editing plans needs the ws-admin role; you have [ws-creator, ws-publisher]", p.getMessage());
    }

    @Test
    void refusesPublisherSideWorkToADeveloper() {
        assertThrows(Problem.class, () -> exchange("ws-subscriber").require(Role.CREATOR, "Creating an API"));
        assertDoesNotThrow(() -> exchange("ws-subscriber").require(Role.SUBSCRIBER, "Subscribing"));
    }

    @Test
    void buildsClientUrlsFromTheHostHeader() {
        when(request.getHeader("Host")).thenReturn("gw.example:8080");
        assertEquals("ws://gw.example:8080", exchange().clientBase());
        when(request.isSecure()).thenReturn(true);
        assertEquals("wss://gw.example:8080", exchange().clientBase());
    }

    @Test
    void fallsBackToTheServerNameWithoutHostHeader() {
        when(request.getServerName()).thenReturn("gw.internal");
        assertEquals("ws://gw.internal", exchange().clientBase());
    }

    @Test
    void locatesResourcesBelowTheWebappsApi() {
        when(request.getContextPath()).thenReturn("/ws-admin");
        assertEquals("/ws-admin/api/v1/apis/42", exchange().location("apis/42"));
    }

    @Test
    void givesPathSegmentsAndNullBeyondThem() {
        Exchange x = exchange();
        assertEquals("apis", x.segment(0));
        assertEquals("42", x.segment(1));
        assertNull(x.segment(2));
    }

    @Test
    void sendsJsonThatNoCacheKeepsWithItsEtag() throws IOException {
        TesterStreams.Captured out = new TesterStreams.Captured();
        when(response.getOutputStream()).thenReturn(out);
        exchange().send(201, Views.MAPPER.createObjectNode().put("id", "42"), "\"v7\"");
        verify(response).setStatus(201);
        verify(response).setHeader("Cache-Control", "no-store");
        verify(response).setHeader("ETag", "\"v7\"");
        verify(response).setContentType("application/json;charset=UTF-8");
        assertEquals("42", Views.MAPPER.readTree(out.text()).get("id").asText());
    }

    @Test
    void sendsNoEtagWhenThereIsNone() throws IOException {
        when(response.getOutputStream()).thenReturn(new TesterStreams.Captured());
        exchange().send(200, Views.MAPPER.createObjectNode(), null);
        verify(response, never()).setHeader(eq("ETag"), org.mockito.ArgumentMatchers.any());
    }

    @Test
    void answersNoContentWith204() {
        exchange().noContent();
        verify(response).setStatus(204);
    }

    @Test
    void readsIfMatchAndMethodFromTheRequest() {
        when(request.getHeader("If-Match")).thenReturn("\"v3\"");
        when(request.getMethod()).thenReturn("PUT");
        Exchange x = exchange();
        assertEquals("\"v3\"", x.ifMatch());
        assertEquals("PUT", x.method());
    }

    @Test
    void refusesABodyAbove1MiBWith413() throws IOException {
        String big = "{\"description\": \"" + "x".repeat(Exchange.MAX_BODY_BYTES) + "\"}";
        Problem p = assertThrows(Problem.class, () -> withBody("application/json", big).body());
        assertEquals(413, p.status());
        assertEquals("(body)", p.errors().get(0).field());
        assertTrue(p.getMessage().contains("1 MiB"), p.getMessage());
    }

    @Test
    void refusesADeclaredLengthAbove1MiBWithoutReading() throws IOException {
        when(request.getContentLengthLong()).thenReturn(2L << 20);
        Exchange x = withBody("application/json", "{}");
        assertEquals(413, assertThrows(Problem.class, x::body).status());
        verify(request, never()).getInputStream();
    }

    @Test
    void takesABodyOfExactly1MiB() throws Exception {
        String body = "[\"" + "x".repeat(Exchange.MAX_BODY_BYTES - 4) + "\"]";
        assertEquals(Exchange.MAX_BODY_BYTES, body.length());
        assertTrue(withBody("application/json", body).body().isArray());
    }

    @Test
    void refusesABodyNestedDeeperThan64Levels() throws Exception {
        assertTrue(withBody("application/json", "[".repeat(64) + "]".repeat(64)).body().isArray());
        Problem p = assertThrows(Problem.class,
                () -> withBody("application/json", "[".repeat(65) + "]".repeat(65)).body());
        assertEquals(400, p.status());
        assertTrue(p.getMessage().contains("64"), p.getMessage());
    }
}

