package org.wsgateway.admin.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.security.Principal;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wsgateway.admin.security.Access.Role;

class AccessTest {

    /** A request of {@code user} whom the container gives {@code roles}. */
    private static Access of(String user, String... roles) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        Principal principal = () -> user;
        when(request.getUserPrincipal()).thenReturn(principal);
        for (String role : roles) {
            when(request.isUserInRole(role)).thenReturn(true);
        }
        return Access.of(request);
    }

    @Test
    void nestsPublisherRolesAdminOverPublisherOverCreator() {
        Access publisher = of("pat", "ws-publisher");
        assertTrue(publisher.has(Role.CREATOR));
        assertTrue(publisher.has(Role.PUBLISHER));
        assertFalse(publisher.has(Role.ADMIN));
        assertFalse(publisher.has(Role.SUBSCRIBER), "publishing is not the developer side");
        assertEquals(List.of("ws-creator", "ws-publisher"), publisher.roles());
    }

    @Test
    void makesAnAdminASubscriberTooButASubscriberNothingElse() {
        assertTrue(of("root", "ws-admin").has(Role.SUBSCRIBER));
        Access developer = of("dev", "ws-subscriber");
        assertTrue(developer.has(Role.SUBSCRIBER));
        assertFalse(developer.has(Role.CREATOR));
        assertEquals(List.of("ws-subscriber"), developer.roles());
    }

    @Test
    void grantsNothingForRolesOutsideTheGateway() {
        Access other = of("tom", "manager-gui");
        for (Role role : Role.values()) {
            assertFalse(other.has(role), role.name());
        }
        assertEquals("tom", other.user());
    }

    @ParameterizedTest(name = "{0} has {1}: {2}")
    @CsvSource({
        "ws-creator,    CREATOR,    true", "ws-creator,    PUBLISHER,  false",
        "ws-creator,    ADMIN,      false", "ws-creator,    SUBSCRIBER, false",
        "ws-publisher,  CREATOR,    true", "ws-publisher,  PUBLISHER,  true",
        "ws-publisher,  ADMIN,      false", "ws-publisher,  SUBSCRIBER, false",
        "ws-admin,      CREATOR,    true", "ws-admin,      PUBLISHER,  true",
        "ws-admin,      ADMIN,      true", "ws-admin,      SUBSCRIBER, true",
        "ws-subscriber, CREATOR,    false", "ws-subscriber, PUBLISHER,  false",
        "ws-subscriber, ADMIN,      false", "ws-subscriber, SUBSCRIBER, true"})
    void decidesEachRoleForEachContainerRole(String containerRole, Role role, boolean granted) {
        assertEquals(granted, of("someone", containerRole).has(role));
    }

    @Test
    void letsACreatorCreateButNotPublishAdministerOrSubscribe() {
        Access creator = of("cat", "ws-creator");
        assertTrue(creator.has(Role.CREATOR), "create APIs, edit CREATED ones");
        assertFalse(creator.has(Role.PUBLISHER), "CREATE & PUBLISH and lifecycle actions");
        assertFalse(creator.has(Role.ADMIN), "plans, gateways, backups, audit");
        assertFalse(creator.has(Role.SUBSCRIBER), "applications and keys");
        assertEquals(List.of("ws-creator"), creator.roles());
    }

    @Test
    void givesAnAdminEveryRoleInDeclarationOrder() {
        assertEquals(List.of("ws-creator", "ws-publisher", "ws-admin", "ws-subscriber", "ws-metrics"),
                of("root", "ws-admin").roles());
    }

    @Test
    void letsAScraperReadMetricsAndNothingElse() {
        Access scraper = of("prometheus", "ws-metrics");
        assertTrue(scraper.has(Role.METRICS));
        assertFalse(scraper.has(Role.CREATOR), "a scraper's password must not open the catalog");
        assertFalse(scraper.has(Role.SUBSCRIBER));
        assertFalse(of("pub", "ws-publisher").has(Role.METRICS), "only admins inherit the metrics role");
    }

    @Test
    void combinesTheRolesOfAPublisherWhoIsAlsoADeveloper() {
        Access both = of("pat", "ws-publisher", "ws-subscriber");
        assertTrue(both.has(Role.PUBLISHER));
        assertTrue(both.has(Role.SUBSCRIBER));
        assertFalse(both.has(Role.ADMIN), "two lower roles do not make an admin");
        assertEquals(List.of("ws-creator", "ws-publisher", "ws-subscriber"), both.roles());
    }

    @Test
    void namesAUserWithoutPrincipalAnonymousAndGrantsNothing() {
        HttpServletRequest request = mock(HttpServletRequest.class);
        Access anonymous = Access.of(request);
        assertEquals("anonymous", anonymous.user());
        assertEquals(List.of(), anonymous.roles());
    }

    @Test
    void mapsEachRoleToItsContainerRole() {
        assertEquals("ws-creator", Role.CREATOR.containerRole());
        assertEquals("ws-publisher", Role.PUBLISHER.containerRole());
        assertEquals("ws-admin", Role.ADMIN.containerRole());
        assertEquals("ws-subscriber", Role.SUBSCRIBER.containerRole());
    }

    @Test
    void doesNotMistakeASpringStyleRoleNameForAGatewayRole() {
        Access other = of("eve", "ROLE_ws-admin", "admin", "WS-ADMIN");
        assertEquals(List.of(), other.roles(), "only the exact container role names count");
    }
}
