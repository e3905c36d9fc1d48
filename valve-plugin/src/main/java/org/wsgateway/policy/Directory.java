package org.wsgateway.policy;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.wsgateway.api.ApiKey;
import org.wsgateway.api.Application;
import org.wsgateway.api.Catalog;
import org.wsgateway.api.Plan;
import org.wsgateway.api.Subscription;

/**
 * The catalog's applications, indexed for the handshake: a key is found by its hash in one lookup. Rebuilt on every
 * catalog change; immutable.
 */
public final class Directory {

    /** No applications. */
    public static final Directory EMPTY = new Directory(Catalog.EMPTY);

    /** A key and the application holding it. */
    public record Holder(Application application, ApiKey key) {
    }

    private final Catalog catalog;
    private final Map<String, Holder> byHash = new HashMap<>();
    private final Map<String, Application> byId = new HashMap<>();
    private final Map<String, Application> byClientId = new HashMap<>();

    private Directory(Catalog catalog) {
        this.catalog = catalog;
        for (Application app : catalog.applications()) {
            byId.put(app.id(), app);
            if (app.clientId() != null) {
                byClientId.put(app.clientId(), app);
            }
            app.keys().forEach(k -> byHash.put(k.hash(), new Holder(app, k)));
        }
    }

    public static Directory of(Catalog catalog) {
        return new Directory(catalog);
    }

    /** The holder of a key as a client sent it, if the key exists. */
    public Optional<Holder> holderOf(String secret) {
        return Optional.ofNullable(byHash.get(ApiKey.hash(secret)));
    }

    public Optional<Application> application(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The application with this OAuth client id (as a JWT names it). */
    public Optional<Application> applicationOfClient(String clientId) {
        return Optional.ofNullable(byClientId.get(clientId));
    }

    public Optional<Plan> plan(String name) {
        return catalog.plan(name);
    }

    /**
     * Why a live connection of this identity must end now, or {@code null} if it may go on: its application
     * deleted, its key revoked, its subscription removed or blocked.
     */
    public String revoked(Identity identity) {
        Application app = byId.get(identity.application());
        if (app == null) {
            return "application deleted";
        }
        if (identity.key() != null && app.key(identity.key()).isEmpty()) {
            return "API key revoked";
        }
        Optional<Subscription> subscription = app.subscription(identity.subscription());
        if (subscription.isEmpty()) {
            return "subscription removed";
        }
        return subscription.get().active() ? null : "subscription blocked";
    }
}
