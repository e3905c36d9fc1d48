package org.wsgateway.catalog;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.wsgateway.api.Api;
import org.wsgateway.api.ApiKey;
import org.wsgateway.api.Application;
import org.wsgateway.api.Catalog;
import org.wsgateway.api.ConfigValues;
import org.wsgateway.api.Lifecycle;
import org.wsgateway.api.Subscription;
import org.wsgateway.catalog.CatalogException.FieldError;
import org.wsgateway.catalog.CatalogException.Kind;

/**
 * The developer side of the catalog: applications, their subscriptions to published APIs, and their API keys.
 * Changes go through the same checked, audited, atomic commit as every catalog change (under the
 * {@link CatalogService}'s lock), so the gateways see them at once: a revoked key or a removed or blocked
 * subscription closes its live connections.
 */
public final class ApplicationService {

    private final CatalogService catalog;
    private final Clock clock;

    public ApplicationService(CatalogService catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    /** A new key and what is stored of it: the key itself is in {@code secret}, and nowhere else, ever. */
    public record IssuedKey(ApiKey key, String secret) {
    }

    public Application create(String name, String description, String owner) throws CatalogException {
        return create(name, description, null, owner);
    }

    /** @param clientId its OAuth client id (for JWTs), or {@code null} */
    public Application create(String name, String description, String clientId, String owner)
            throws CatalogException {
        synchronized (catalog) {
            Application app = new Application(UUID.randomUUID().toString(), storable("name", name), owner,
                    storable("description", description), java.util.List.of(), java.util.List.of(),
                    storable("clientId", clientId));
            requireUniqueName(catalog.catalog(), app);
            catalog.commit(catalog.catalog().withApplication(app), owner, "create-application", label(app));
            return app;
        }
    }

    public Application update(String id, String name, String description, String clientId, String ifMatch,
            String user) throws CatalogException {
        synchronized (catalog) {
            Application app = require(id, ifMatch).withDetails(storable("name", name),
                    storable("description", description), storable("clientId", clientId));
            requireUniqueName(catalog.catalog(), app);
            catalog.commit(catalog.catalog().withApplication(app), user, "update-application", label(app));
            return app;
        }
    }

    /** Deletes an application with its subscriptions and keys; its live connections are closed. */
    public void delete(String id, String ifMatch, String user) throws CatalogException {
        synchronized (catalog) {
            Application app = require(id, ifMatch);
            catalog.commit(catalog.catalog().withoutApplication(id), user, "delete-application", label(app));
        }
    }

    /**
     * Subscribes to a PUBLISHED API with one of its plans. An application a publisher blocked from the API gets a
     * {@code BLOCKED} subscription: unsubscribing and subscribing again does not lift a block.
     */
    public Subscription subscribe(String appId, String apiId, String plan, String user) throws CatalogException {
        synchronized (catalog) {
            Application app = require(appId, "*");
            Api api = catalog.catalog().api(apiId).orElseThrow(() -> CatalogException.invalid("api",
                    "no API with id " + apiId));
            if (api.lifecycle() != Lifecycle.PUBLISHED) {
                throw CatalogException.invalid("api", api.label() + " is " + api.lifecycle()
                        + ": only PUBLISHED APIs take new subscriptions");
            }
            requireOffered(api, plan);
            if (app.subscriptionTo(apiId).isPresent()) {
                throw new CatalogException(Kind.CONFLICT, label(app) + " is subscribed to " + api.label()
                        + " already; change that subscription's plan instead",
                        java.util.List.of(new FieldError("api", "subscribed already")));
            }
            Subscription subscription = new Subscription(UUID.randomUUID().toString(), apiId, plan,
                    app.blockedFrom(apiId) ? Subscription.BLOCKED : Subscription.ACTIVE);
            catalog.commit(catalog.catalog().withApplication(app.withSubscription(subscription)), user, "subscribe",
                    label(app) + " to API " + api.label() + " with plan " + plan);
            return subscription;
        }
    }

    /**
     * Changes a subscription's plan or status ({@code ACTIVE}, {@code BLOCKED}); {@code null} keeps a value. A block
     * is recorded on the application ({@link Application#blockedApis()}) until the subscription is made
     * {@code ACTIVE} again.
     */
    public Subscription updateSubscription(String appId, String subscriptionId, String plan, String status,
            String ifMatch, String user) throws CatalogException {
        synchronized (catalog) {
            Application app = require(appId, ifMatch);
            Subscription old = subscription(app, subscriptionId);
            Api api = catalog.catalog().api(old.apiId()).orElseThrow();
            String nextPlan = plan == null ? old.plan() : plan;
            requireOffered(api, nextPlan);
            String nextStatus = status == null ? old.status() : status.toUpperCase(java.util.Locale.ROOT);
            if (!Subscription.STATUSES.contains(nextStatus)) {
                throw CatalogException.invalid("status", "'" + status + "' is not one of " + Subscription.STATUSES);
            }
            Subscription next = new Subscription(old.id(), old.apiId(), nextPlan, nextStatus);
            Application changed = app.withSubscription(next).withBlock(old.apiId(), !next.active());
            catalog.commit(catalog.catalog().withApplication(changed), user,
                    "update-subscription", label(app) + " to API " + api.label() + ": plan " + nextPlan + ", "
                            + nextStatus);
            return next;
        }
    }

    /** Ends a subscription; its live connections are closed. A blocked one leaves its block on the application. */
    public void unsubscribe(String appId, String subscriptionId, String ifMatch, String user) throws CatalogException {
        synchronized (catalog) {
            Application app = require(appId, ifMatch);
            Subscription old = subscription(app, subscriptionId);
            Application changed = app.withoutSubscription(subscriptionId);
            catalog.commit(catalog.catalog().withApplication(old.active() ? changed
                    : changed.withBlock(old.apiId(), true)), user,
                    "unsubscribe", label(app) + " from API " + old.apiId());
        }
    }

    /** Issues a key; only its hash is stored. */
    public IssuedKey issueKey(String appId, String name, Instant expires, String user) throws CatalogException {
        synchronized (catalog) {
            Application app = require(appId, "*");
            Instant now = clock.instant();
            if (expires != null && !expires.isAfter(now)) {
                throw CatalogException.invalid("expires", "must be in the future");
            }
            String secret = ApiKey.generate();
            ApiKey key = new ApiKey(UUID.randomUUID().toString(), storable("name", name), ApiKey.hash(secret),
                    ApiKey.prefixOf(secret),
                    now, expires);
            catalog.commit(catalog.catalog().withApplication(app.withKey(key)), user, "issue-key",
                    label(app) + ": key " + key.prefix() + "... (" + key.id() + ")");
            return new IssuedKey(key, secret);
        }
    }

    /** Revokes a key; connections opened with it are closed. */
    public void revokeKey(String appId, String keyId, String user) throws CatalogException {
        synchronized (catalog) {
            Application app = require(appId, "*");
            ApiKey key = app.key(keyId).orElseThrow(() -> new CatalogException(Kind.NOT_FOUND, "no key " + keyId
                    + " in " + label(app)));
            catalog.commit(catalog.catalog().withApplication(app.withoutKey(keyId)), user, "revoke-key",
                    label(app) + ": key " + key.prefix() + "... (" + key.id() + ")");
        }
    }

    /** The text, if the catalog file can hold it ({@link ConfigValues#storable}); else 400 naming the field. */
    private static String storable(String field, String value) throws CatalogException {
        if (value == null) {
            return null;
        }
        try {
            return ConfigValues.storable(value);
        } catch (IllegalArgumentException e) {
            throw CatalogException.invalid(field, e.getMessage());
        }
    }

    private Application require(String id, String ifMatch) throws CatalogException {
        Application app = catalog.catalog().application(id).orElseThrow(() -> new CatalogException(Kind.NOT_FOUND,
                "no application with id " + id));
        CatalogService.checkMatch(ifMatch, catalog.etags().of(app));
        return app;
    }

    private static Subscription subscription(Application app, String id) throws CatalogException {
        return app.subscription(id).orElseThrow(() -> new CatalogException(Kind.NOT_FOUND, "no subscription " + id
                + " in " + label(app)));
    }

    private static void requireOffered(Api api, String plan) throws CatalogException {
        if (plan == null || !api.plans().contains(plan)) {
            throw CatalogException.invalid("plan", "'" + plan + "' is not one of the plans " + api.label()
                    + " offers: " + api.plans());
        }
    }

    private static void requireUniqueName(Catalog catalog, Application app) throws CatalogException {
        boolean clientTaken = app.clientId() != null && catalog.applications().stream()
                .anyMatch(a -> !a.id().equals(app.id()) && app.clientId().equals(a.clientId()));
        if (clientTaken) {
            throw new CatalogException(Kind.CONFLICT, "another application has the client id " + app.clientId(),
                    java.util.List.of(new FieldError("clientId", "taken")));
        }
        boolean taken = catalog.applications().stream().anyMatch(a -> !a.id().equals(app.id())
                && a.owner().equals(app.owner()) && a.name().equals(app.name()));
        if (taken) {
            throw new CatalogException(Kind.CONFLICT, app.owner() + " has an application named '" + app.name()
                    + "' already", java.util.List.of(new FieldError("name", "taken")));
        }
    }

    private static String label(Application app) {
        return "application " + app.name() + " (" + app.id() + ")";
    }
}
