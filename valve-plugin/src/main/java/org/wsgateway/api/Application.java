package org.wsgateway.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A developer's application: owned by one user (with the {@code ws-subscriber} role), subscribed to APIs, and
 * holding the API keys its clients connect with. Immutable; a change builds a new instance.
 *
 * @param id            stable identifier
 * @param name          unique per owner
 * @param owner         the user who owns it (the Tomcat realm's user name)
 * @param description   for people
 * @param subscriptions at most one per API
 * @param keys          its API keys (hashed)
 * @param clientId      its OAuth client id at the identity provider, which JWTs name in {@code azp} or
 *                      {@code client_id}; {@code null} if it has none
 * @param blockedApis   the ids of the APIs a publisher blocked it from: a subscription to one of them is
 *                      {@code BLOCKED}, also after the application unsubscribes and subscribes again, until a
 *                      publisher unblocks it
 */
public record Application(String id, String name, String owner, String description,
        List<Subscription> subscriptions, List<ApiKey> keys, String clientId, List<String> blockedApis) {

    public Application {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(owner, "owner");
        description = description == null ? "" : description;
        subscriptions = List.copyOf(subscriptions);
        keys = List.copyOf(keys);
        clientId = clientId == null || clientId.isBlank() ? null : clientId;
        blockedApis = blockedApis == null ? List.of() : List.copyOf(new java.util.LinkedHashSet<>(blockedApis));
    }

    /** An application blocked from no API. */
    public Application(String id, String name, String owner, String description, List<Subscription> subscriptions,
            List<ApiKey> keys, String clientId) {
        this(id, name, owner, description, subscriptions, keys, clientId, List.of());
    }

    /** An application without an OAuth client id. */
    public Application(String id, String name, String owner, String description, List<Subscription> subscriptions,
            List<ApiKey> keys) {
        this(id, name, owner, description, subscriptions, keys, null);
    }

    public Optional<Subscription> subscription(String id) {
        return subscriptions.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** Its subscription to the API, if any. */
    public Optional<Subscription> subscriptionTo(String apiId) {
        return subscriptions.stream().filter(s -> s.apiId().equals(apiId)).findFirst();
    }

    /** Whether a publisher blocked it from the API. */
    public boolean blockedFrom(String apiId) {
        return blockedApis.contains(apiId);
    }

    /** With the API added to or removed from its blocks. */
    public Application withBlock(String apiId, boolean blocked) {
        List<String> next = new ArrayList<>(blockedApis);
        next.remove(apiId);
        if (blocked) {
            next.add(apiId);
        }
        return new Application(id, name, owner, description, subscriptions, keys, clientId, next);
    }

    public Optional<ApiKey> key(String id) {
        return keys.stream().filter(k -> k.id().equals(id)).findFirst();
    }

    public Application withDetails(String nextName, String nextDescription, String nextClientId) {
        return new Application(id, nextName, owner, nextDescription, subscriptions, keys, nextClientId, blockedApis);
    }

    /** With {@code subscription} added, or replacing the one with the same id. */
    public Application withSubscription(Subscription subscription) {
        List<Subscription> next = new ArrayList<>(subscriptions);
        next.removeIf(s -> s.id().equals(subscription.id()));
        next.add(subscription);
        return new Application(id, name, owner, description, next, keys, clientId, blockedApis);
    }

    /** Without the subscription; a block stays (see {@link #blockedApis()}). */
    public Application withoutSubscription(String subscriptionId) {
        return new Application(id, name, owner, description,
                subscriptions.stream().filter(s -> !s.id().equals(subscriptionId)).toList(), keys, clientId,
                blockedApis);
    }

    /** Without subscriptions to the API, nor a block from it (it was deleted). */
    public Application withoutSubscriptionsTo(String apiId) {
        return new Application(id, name, owner, description,
                subscriptions.stream().filter(s -> !s.apiId().equals(apiId)).toList(), keys, clientId,
                blockedApis.stream().filter(a -> !a.equals(apiId)).toList());
    }

    public Application withKey(ApiKey key) {
        List<ApiKey> next = new ArrayList<>(keys);
        next.add(key);
        return new Application(id, name, owner, description, subscriptions, next, clientId, blockedApis);
    }

    public Application withoutKey(String keyId) {
        return new Application(id, name, owner, description, subscriptions,
                keys.stream().filter(k -> !k.id().equals(keyId)).toList(), clientId, blockedApis);
    }
}
