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
}
