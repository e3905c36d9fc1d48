package org.wsgateway.catalog;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;
import org.wsgateway.api.Api;
import org.wsgateway.api.Catalog;
import org.wsgateway.api.EndpointSettings;
import org.wsgateway.api.GatewayDef;
import org.wsgateway.api.Lifecycle;
import org.wsgateway.api.Plan;
import org.wsgateway.api.Policies;
import org.wsgateway.api.PolicyCheck;
import org.wsgateway.catalog.CatalogException.FieldError;
import org.wsgateway.catalog.CatalogException.Kind;
import org.wsgateway.config.ConfigException;
import org.wsgateway.store.CatalogStore;
import org.wsgateway.store.CatalogXml;

/**
 * The one place the catalog changes: every change is checked (paths and names unique, plans and gateways known,
 * lifecycle rules, {@code If-Match}), stored atomically, recorded in the audit log, and only then handed to the
 * listeners (the gateways, which apply it to live traffic at once). A change that fails any step changes nothing.
 * Edits made to the store by hand are taken in by {@link #reloadIfChanged()}.
 */
public final class CatalogService {

    /** Told of every catalog that took effect. Called on the changing thread; MUST NOT block. */
    public interface Listener {
        void changed(Catalog before, Catalog after);
    }

    private static final Log log = LogFactory.getLog(CatalogService.class);

    private final CatalogStore store;
    private final AuditLog audit;
    private final Etags etags;
    private final PolicyCheck policyCheck;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile Catalog current;
    private volatile String reloadProblem;
    private final ApplicationService applications;

    /** @param policyCheck the rules policies must follow (the policy registry's), given to readers of drafts */
    public CatalogService(CatalogStore store, AuditLog audit, Etags etags, PolicyCheck policyCheck)
            throws ConfigException {
        this.policyCheck = policyCheck;
        this.store = store;
        this.audit = audit;
        this.etags = etags;
        this.current = store.load();
        this.applications = new ApplicationService(this, java.time.Clock.systemUTC());
    }

    /** Applications, subscriptions and keys: changes to them go through this service's commit too. */
    public ApplicationService applications() {
        return applications;
    }

    public Catalog catalog() {
        return current;
    }

    public Etags etags() {
        return etags;
    }

    public AuditLog audit() {
        return audit;
    }

    public String describeStore() {
        return store.describe();
    }

    /** Why the store's last outside change was refused, or {@code null}. */
    public String reloadProblem() {
        return reloadProblem;
    }

    /** Takes in the store's changes as soon as it tells of them (another node's, through the database). */
    public void watchStore() {
        store.watch(this::reloadIfChanged);
    }

    /** Stops watching the store and gives back what it holds. */
    public void close() {
        store.close();
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    // ---- APIs ----

    /**
     * Creates an API, CREATED or (CREATE &amp; PUBLISH) PUBLISHED. Publishing needs an endpoint and at least one
     * business plan.
     */
    public synchronized Api createApi(ApiDraft draft, boolean publish, String user) throws CatalogException {
        Api api = new Api(UUID.randomUUID().toString(), draft.name(), draft.context(), draft.version(),
                draft.description(), draft.endpoint(), publish ? Lifecycle.PUBLISHED : Lifecycle.CREATED, null,
                draft.plans(), draft.gateways(), draft.defaultVersion(), draft.policies());
        if (publish) {
            requirePublishable(api);
        }
        requireNoWebapp(api);
        commit(withApi(current, api), user, publish ? "create-and-publish" : "create", api);
        return api;
    }

    /** Replaces what a publisher may say about an API; its id and lifecycle stay. */
    public synchronized Api updateApi(String id, ApiDraft draft, String ifMatch, String user) throws CatalogException {
        Api old = requireApi(id, ifMatch);
        Api api = new Api(id, draft.name(), draft.context(), draft.version(), draft.description(), draft.endpoint(),
                old.lifecycle(), old.blockedFrom(), draft.plans(), draft.gateways(), draft.defaultVersion(),
                draft.policies() == null ? old.policies() : draft.policies());
        if (old.lifecycle().reachable() || old.lifecycle() == Lifecycle.BLOCKED) {
            requirePublishable(api);
        }
        requireNoWebapp(api);
        commit(withApi(current, api), user, "update", api);
        return api;
    }

    /** Changes an API's endpoint settings; live connections keep the endpoint they were opened with. */
    public synchronized Api updateEndpoint(String id, EndpointSettings endpoint, String ifMatch, String user)
            throws CatalogException {
        Api old = requireApi(id, ifMatch);
        if (endpoint == null && old.lifecycle() != Lifecycle.CREATED) {
            throw CatalogException.invalid("url", "a " + old.lifecycle() + " API needs an endpoint");
        }
        Api api = old.withEndpoint(endpoint);
        commit(current.withApi(api), user, "update-endpoint", api);
        return api;
    }

    /** The rules policies must follow to reach the catalog (the policy registry's), for readers of drafts. */
    public PolicyCheck policyCheck() {
        return policyCheck;
    }

    /** Replaces an API's policies; they apply to new handshakes at once, and live connections keep theirs. */
    public synchronized Api updatePolicies(String id, Policies policies, String ifMatch, String user)
            throws CatalogException {
        Api api = requireApi(id, ifMatch).withPolicies(policies);
        commit(current.withApi(api), user, "update-policies", api);
        return api;
    }

    /** Applies a lifecycle action ({@code publish}, {@code deprecate}, {@code retire}, {@code block}, {@code unblock}). */
    public synchronized Api transition(String id, String action, String ifMatch, String user) throws CatalogException {
        Api old = requireApi(id, ifMatch);
        Lifecycle next = old.lifecycle().after(action, old.blockedFrom()).orElseThrow(() -> new CatalogException(
                Kind.CONFLICT, "'" + action + "' is not possible for a " + old.lifecycle() + " API; possible: "
                        + old.lifecycle().actions()));
        Api api = old.withLifecycle(next, next == Lifecycle.BLOCKED ? old.lifecycle() : null);
        if (next == Lifecycle.PUBLISHED) {
            requirePublishable(api);
        }
        commit(current.withApi(api), user, action, api);
        return api;
    }

    /** Deletes an API that no client can reach (CREATED or RETIRED); others must be retired first. */
    public synchronized void deleteApi(String id, String ifMatch, String user) throws CatalogException {
        Api old = requireApi(id, ifMatch);
        if (old.lifecycle() != Lifecycle.CREATED && old.lifecycle() != Lifecycle.RETIRED) {
            throw new CatalogException(Kind.CONFLICT, "a " + old.lifecycle() + " API cannot be deleted; retire it "
                    + "first");
        }
        commit(current.withoutApi(id), user, "delete", old);
    }

    private Api requireApi(String id, String ifMatch) throws CatalogException {
        Api api = current.api(id).orElseThrow(() -> new CatalogException(Kind.NOT_FOUND, "no API with id " + id));
        checkMatch(ifMatch, etags.of(api));
        return api;
    }

    private static void requirePublishable(Api api) throws CatalogException {
        List<FieldError> missing = new ArrayList<>();
        if (api.endpoint() == null) {
            missing.add(new FieldError("endpoint", "an endpoint (ws:// or wss://) is required to publish"));
        }
        if (api.plans().isEmpty()) {
            missing.add(new FieldError("plans", "at least one business plan is required to publish"));
        }
        if (!missing.isEmpty()) {
            throw new CatalogException(Kind.INVALID, "the API cannot be published yet: "
                    + String.join("; ", missing.stream().map(FieldError::message).toList()), missing);
        }
    }

    /** Adds or replaces an API, checking what a field can be blamed for, and moving the default-version mark. */
    private static Catalog withApi(Catalog catalog, Api api) throws CatalogException {
        List<FieldError> errors = new ArrayList<>();
        for (Api other : catalog.apis()) {
            if (other.id().equals(api.id())) {
                continue;
            }
            if (other.context().equals(api.context()) && other.version().equals(api.version())) {
                throw conflict("version", "API '" + other.name() + "' already uses " + api.path());
            }
            if (other.name().equals(api.name()) && other.version().equals(api.version())) {
                throw conflict("name", "an API named '" + api.name() + "' with version " + api.version()
                        + " exists already");
            }
        }
        api.plans().stream().filter(p -> catalog.plan(p).isEmpty())
                .forEach(p -> errors.add(new FieldError("plans", "unknown plan '" + p + "'")));
        api.gateways().stream().filter(g -> catalog.gateway(g).isEmpty())
                .forEach(g -> errors.add(new FieldError("gateways", "unknown gateway '" + g + "'")));
        if (!errors.isEmpty()) {
            throw new CatalogException(Kind.INVALID, errors.get(0).message(), errors);
        }
        Catalog next = api.defaultVersion()
                ? catalog.mapApis(a -> a.context().equals(api.context()) && a.defaultVersion(),
                        a -> a.withDefaultVersion(false))
                : catalog;
        return next.withApi(api);
    }

    /**
     * Refuses an API that would take a deployed webapp's context on a Host one of its gateways serves: its context
     * is the webapp's, or holds it (an API inside a webapp's path, such as {@code /app/api} in {@code /app}, is
     * allowed). The valve passes such requests on to the webapp anyway; this says so before the API is stored.
     */
    private static void requireNoWebapp(Api api) throws CatalogException {
        for (Map.Entry<String, Gateways.Status> gateway : Gateways.running().entrySet()) {
            if (!api.deployedTo(gateway.getKey())) {
                continue;
            }
            for (Map.Entry<String, String> webapp : gateway.getValue().webapps().entrySet()) {
                String path = webapp.getKey();
                if (path.equals(api.context()) || path.startsWith(api.context() + "/")) {
                    throw conflict("context", "the context " + api.context() + " belongs to the webapp '"
                            + webapp.getValue() + "' (deployed at " + path + " on " + gateway.getValue().serves()
                            + "): an API may not take a webapp's context");
                }
            }
        }
    }

    private static CatalogException conflict(String field, String message) {
        return new CatalogException(Kind.CONFLICT, message, List.of(new FieldError(field, message)));
    }

    // ---- plans and gateways ----

    /** Creates or replaces a plan; {@code ifMatch} is required when it exists. */
    public synchronized Plan putPlan(Plan plan, String ifMatch, String user) throws CatalogException {
        var old = current.plan(plan.name());
        if (old.isPresent()) {
            checkMatch(ifMatch, etags.of(old.get()));
        }
        commit(current.withPlan(plan), user, old.isPresent() ? "update-plan" : "create-plan", "plan " + plan.name());
        return plan;
    }

    /** Deletes a plan no API uses. */
    public synchronized void deletePlan(String name, String ifMatch, String user) throws CatalogException {
        Plan plan = current.plan(name).orElseThrow(() -> new CatalogException(Kind.NOT_FOUND, "no plan " + name));
        checkMatch(ifMatch, etags.of(plan));
        List<String> users = current.apis().stream().filter(a -> a.plans().contains(name)).map(Api::label).toList();
        if (!users.isEmpty()) {
            throw new CatalogException(Kind.CONFLICT, "plan " + name + " is used by " + users);
        }
        commit(current.withoutPlan(name), user, "delete-plan", "plan " + name);
    }

    /** Creates or replaces a gateway; {@code ifMatch} is required when it exists. */
    public synchronized GatewayDef putGateway(GatewayDef gateway, String ifMatch, String user) throws CatalogException {
        var old = current.gateway(gateway.name());
        if (old.isPresent()) {
            checkMatch(ifMatch, etags.of(old.get()));
        }
        commit(current.withGateway(gateway), user, old.isPresent() ? "update-gateway" : "create-gateway",
                "gateway " + gateway.name());
        return gateway;
    }

    /** Deletes a gateway no API is deployed to by name. */
    public synchronized void deleteGateway(String name, String ifMatch, String user) throws CatalogException {
        GatewayDef gateway = current.gateway(name).orElseThrow(() -> new CatalogException(Kind.NOT_FOUND,
                "no gateway " + name));
        checkMatch(ifMatch, etags.of(gateway));
        List<String> users = current.apis().stream().filter(a -> a.gateways().contains(name)).map(Api::label)
                .toList();
        if (!users.isEmpty()) {
            throw new CatalogException(Kind.CONFLICT, "gateway " + name + " has APIs deployed to it: " + users);
        }
        commit(current.withoutGateway(name), user, "delete-gateway", "gateway " + name);
    }

    // ---- everything ----

    /** Replaces the whole catalog (a backup being restored). */
    public synchronized void restore(Catalog catalog, String user) throws CatalogException {
        for (Api api : catalog.apis()) {
            requireNoWebapp(api);
        }
        commit(catalog, user, "restore", catalog.apis().size() + " APIs, " + catalog.plans().size() + " plans, "
                + catalog.gateways().size() + " gateways");
    }

    /** Takes in a change made to the store from outside (by hand); an unsound one is refused and kept as reason. */
    public synchronized void reloadIfChanged() {
        if (!store.changedOutside()) {
            if (reloadProblem != null && store.holdsLastGood()) {
                // The refused edit was undone: what is stored is what is served.
                reloadProblem = null;
            }
            return;
        }
        try {
            Catalog next = store.load();
            reloadProblem = null;
            publish(next, "(" + store.describe() + ")", "reload", store.describe());
            log.info("ws-gateway reloaded " + store.describe() + ": " + next.apis().size() + " API(s)");
        } catch (CatalogStore.Unreadable e) {
            // The store cannot be read now (it logs that once): nothing was refused, and the next check reads again.
            log.debug("ws-gateway could not read " + store.describe() + " to reload it", e);
        } catch (ConfigException e) {
            reloadProblem = e.getMessage();
            log.error("ws-gateway kept its previous catalog because the changed one is invalid: " + e.getMessage());
        }
    }

    static void checkMatch(String ifMatch, String etag) throws CatalogException {
        if (ifMatch == null) {
            throw new CatalogException(Kind.PRECONDITION_REQUIRED, "send If-Match with the ETag you read, so "
                    + "changes made meanwhile are not overwritten");
        }
        if (!ifMatch.equals("*") && !List.of(ifMatch.split("\\s*,\\s*")).contains(etag)) {
            throw new CatalogException(Kind.PRECONDITION_FAILED, "the resource changed since you read it (ETag is "
                    + "now " + etag + "); read it again");
        }
    }

    private void commit(Catalog next, String user, String action, Api api) throws CatalogException {
        commit(next, user, action, "API " + api.label() + " (" + api.id() + ")");
    }

    /**
     * Stores and applies a sound catalog; callers hold this service's lock. A store changed outside since it was
     * last loaded (a hand edit not reloaded yet) is not overwritten: it is reloaded, and the change refused
     * ({@link Kind#CONFLICT}), to be made again on what is now served.
     */
    void commit(Catalog next, String user, String action, String target) throws CatalogException {
        List<String> problems = next.problems();
        if (!problems.isEmpty()) {
            throw new CatalogException(Kind.CONFLICT, String.join("; ", problems));
        }
        if (store.changedOutside()) {
            reloadIfChanged();
            throw new CatalogException(Kind.CONFLICT, store.describe() + " was changed outside the admin since "
                    + "it was last read" + (reloadProblem == null ? "; it is reloaded now" : " (the change is "
                    + "invalid and was refused: " + reloadProblem + ")") + ". Read the resource again and repeat "
                    + "your change; nothing was changed");
        }
        try {
            store.save(next, new CatalogStore.Change(user, action, target));
        } catch (CatalogStore.Stale e) {
            reloadIfChanged();
            throw new CatalogException(Kind.CONFLICT, e.getMessage() + ". Read the resource again and repeat your "
                    + "change; nothing was changed");
        } catch (CatalogXml.UnstorableText e) {
            throw CatalogException.invalid(e.field(), e.getMessage());
        } catch (IOException e) {
            log.error("ws-gateway cannot write " + store.describe(), e);
            throw new CatalogException(Kind.STORAGE, "the catalog could not be stored (" + e.getMessage()
                    + "); nothing changed");
        }
        publish(next, user, action, target);
    }

    private void publish(Catalog next, String user, String action, String target) {
        Catalog before = current;
        current = next;
        audit.record(user, action, target, "");
        listeners.forEach(l -> l.changed(before, next));
    }
}
