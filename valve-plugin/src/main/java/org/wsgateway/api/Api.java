package org.wsgateway.api;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.UUID;


/**
 * One WebSocket API: clients connect to {@code <context>/<version>} and every frame is relayed to the API's backend
 * endpoint. Immutable; every change builds a new instance.
 *
 * @param id             stable identifier (REST resource id); derived from context and version when not given
 * @param name           display name, e.g. {@code EchoWebSocket}; unique together with the version
 * @param context        the path prefix, e.g. {@code /echowebsocket}: starts with {@code /}, no trailing {@code /}
 * @param version        the version segment that follows the context, e.g. {@code 1.0}
 * @param description    for people
 * @param endpoint       where and how to reach the backend, or {@code null} while the API has none yet
 * @param lifecycle      where the API is in its life
 * @param blockedFrom    while {@link Lifecycle#BLOCKED}: the state to return to on unblock; otherwise null
 * @param plans          names of the business plans it can be subscribed with
 * @param gateways       names of the gateways it is deployed to; empty means every gateway
 * @param defaultVersion whether {@code <context>} alone (no version) reaches this version
 * @param policies       the policies applied to its handshakes and messages
 */
public record Api(String id, String name, String context, String version, String description,
        EndpointSettings endpoint, Lifecycle lifecycle, Lifecycle blockedFrom, List<String> plans,
        List<String> gateways, boolean defaultVersion, Policies policies) {

    public Api {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(lifecycle, "lifecycle");
        id = id == null || id.isBlank() ? idFor(context, version) : id;
        description = description == null ? "" : description;
        plans = List.copyOf(plans);
        gateways = List.copyOf(gateways);
        policies = policies == null ? Policies.NONE : policies;
    }

    /** An API with no policies declared. */
    public Api(String id, String name, String context, String version, String description,
            EndpointSettings endpoint, Lifecycle lifecycle, Lifecycle blockedFrom, List<String> plans,
            List<String> gateways, boolean defaultVersion) {
        this(id, name, context, version, description, endpoint, lifecycle, blockedFrom, plans, gateways,
                defaultVersion, Policies.NONE);
    }

    /** A published API with the given backend, no plans, on every gateway: the file form of the foundation. */
    public Api(String name, String context, String version, EndpointSettings endpoint) {
        this(null, name, context, version, "", endpoint, Lifecycle.PUBLISHED, null, List.of(), List.of(), false);
    }

    /** The id an API without one gets: a name-based UUID of its context and version. */
    public static String idFor(String context, String version) {
        return UUID.nameUUIDFromBytes((context + "/" + version).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The path clients connect to, e.g. {@code /echowebsocket/1.0}. */
    public String path() {
        return context + "/" + version;
    }

    /** A short label for logs and close reasons, e.g. {@code EchoWebSocket 1.0}. */
    public String label() {
        return name + " " + version;
    }

    /** Whether this API is deployed to the named gateway. */
    public boolean deployedTo(String gateway) {
        return gateways.isEmpty() || gateways.contains(gateway);
    }

    public Api withLifecycle(Lifecycle next, Lifecycle from) {
        return new Api(id, name, context, version, description, endpoint, next, from, plans, gateways, defaultVersion,
                policies);
    }

    public Api withEndpoint(EndpointSettings next) {
        return new Api(id, name, context, version, description, next, lifecycle, blockedFrom, plans, gateways,
                defaultVersion, policies);
    }

    public Api withDefaultVersion(boolean next) {
        return new Api(id, name, context, version, description, endpoint, lifecycle, blockedFrom, plans, gateways,
                next, policies);
    }

    public Api withPolicies(Policies next) {
        return new Api(id, name, context, version, description, endpoint, lifecycle, blockedFrom, plans, gateways,
                defaultVersion, next);
    }
}
