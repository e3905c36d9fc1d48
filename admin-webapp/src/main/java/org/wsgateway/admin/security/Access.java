package org.wsgateway.admin.security;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Who may do what, decided with Spring Security on the user the container authenticated (Tomcat's realm: its roles
 * are the container roles {@code ws-creator}, {@code ws-publisher}, {@code ws-admin}, {@code ws-subscriber}). Roles
 * nest: an admin is a publisher and a subscriber, a publisher is a creator.
 *
 * <ul>
 * <li>creator: read everything; create APIs; edit and delete APIs that are not live yet (CREATED)</li>
 * <li>publisher: also CREATE &amp; PUBLISH, lifecycle actions, editing live APIs, deleting retired ones</li>
 * <li>admin: also business plans, gateways, backups and the audit log, and everyone's applications</li>
 * <li>subscriber (the developer side): sees published APIs; owns applications, subscribes them to APIs, issues
 * and revokes their keys</li>
 * </ul>
 */
public final class Access {

    /** The roles: the publisher side lowest first, then the developer side. */
    public enum Role {
        CREATOR("ws-creator"), PUBLISHER("ws-publisher"), ADMIN("ws-admin"), SUBSCRIBER("ws-subscriber"),
        /** Reads the Prometheus metrics (a scraper's account). */
        METRICS("ws-metrics");

        private final String containerRole;

        Role(String containerRole) {
            this.containerRole = containerRole;
        }

        public String containerRole() {
            return containerRole;
        }
    }

    private static final RoleHierarchy HIERARCHY = RoleHierarchyImpl.fromHierarchy(
            "ROLE_ws-admin > ROLE_ws-publisher\nROLE_ws-publisher > ROLE_ws-creator\n"
                    + "ROLE_ws-admin > ROLE_ws-subscriber\nROLE_ws-admin > ROLE_ws-metrics");

    private final Authentication user;

    private Access(Authentication user) {
        this.user = user;
    }

    /** The container's user of this request, with the roles the realm gives it. */
    public static Access of(HttpServletRequest request) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        for (Role role : Role.values()) {
            if (request.isUserInRole(role.containerRole())) {
                authorities.add(new SimpleGrantedAuthority("ROLE_" + role.containerRole()));
            }
        }
        String name = request.getUserPrincipal() == null ? "anonymous" : request.getUserPrincipal().getName();
        return new Access(UsernamePasswordAuthenticationToken.authenticated(name, null, authorities));
    }

    /** The user's name, for the audit log. */
    public String user() {
        return user.getName();
    }

    /** Whether the user has the role, or one above it. */
    public boolean has(Role role) {
        AuthorityAuthorizationManager<Object> manager = AuthorityAuthorizationManager.hasRole(role.containerRole());
        manager.setRoleHierarchy(HIERARCHY);
        return manager.authorize(() -> user, null).isGranted();
    }

    /** The roles the user has, directly or through the hierarchy. */
    public List<String> roles() {
        return List.of(Role.values()).stream().filter(this::has).map(Role::containerRole).toList();
    }
}
