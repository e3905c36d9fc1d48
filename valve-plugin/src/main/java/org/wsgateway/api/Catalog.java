package org.wsgateway.api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Everything the gateway stores: APIs, business plans, gateways, and the applications subscribed to APIs. Immutable;
 * a change builds a new catalog.
 * {@link #problems()} lists what makes a catalog inconsistent (dangling references, clashing paths); a catalog with
 * problems is never stored or served.
 */
public record Catalog(List<Api> apis, List<Plan> plans, List<GatewayDef> gateways, List<Application> applications) {

    /** A catalog without APIs, with the default plans and the default gateway. */
    public static final Catalog EMPTY = new Catalog(List.of(), Plan.DEFAULTS,
            List.of(new GatewayDef(GatewayDef.DEFAULT_NAME, "")));

    public Catalog {
        apis = List.copyOf(apis);
        plans = List.copyOf(plans);
        gateways = List.copyOf(gateways);
        applications = List.copyOf(applications);
    }

    /** A catalog without applications. */
    public Catalog(List<Api> apis, List<Plan> plans, List<GatewayDef> gateways) {
        this(apis, plans, gateways, List.of());
    }

    public Optional<Application> application(String id) {
        return applications.stream().filter(a -> a.id().equals(id)).findFirst();
    }

    /** With {@code application} added, or replacing the one with the same id. */
    public Catalog withApplication(Application application) {
        List<Application> next = new ArrayList<>(applications);
        int at = next.stream().map(Application::id).toList().indexOf(application.id());
        if (at < 0) {
            next.add(application);
        } else {
            next.set(at, application);
        }
        return new Catalog(apis, plans, gateways, next);
    }

    public Catalog withoutApplication(String id) {
        return new Catalog(apis, plans, gateways, applications.stream().filter(a -> !a.id().equals(id)).toList());
    }

    public Optional<Api> api(String id) {
        return apis.stream().filter(a -> a.id().equals(id)).findFirst();
    }

    public Optional<Plan> plan(String name) {
        return plans.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public Optional<GatewayDef> gateway(String name) {
        return gateways.stream().filter(g -> g.name().equals(name)).findFirst();
    }

    /** This catalog with {@code api} added, or replacing the API with the same id. */
    public Catalog withApi(Api api) {
        List<Api> next = new ArrayList<>(apis);
        next.removeIf(a -> a.id().equals(api.id()));
        next.add(api);
        return new Catalog(next, plans, gateways, applications);
    }

    /** This catalog with its APIs changed: those matching {@code which} replaced by {@code change}'s result. */
    public Catalog mapApis(Predicate<Api> which, java.util.function.UnaryOperator<Api> change) {
        return new Catalog(apis.stream().map(a -> which.test(a) ? change.apply(a) : a).toList(), plans, gateways,
                applications);
    }

    /** Without the API, and without subscriptions to it. */
    public Catalog withoutApi(String id) {
        return new Catalog(apis.stream().filter(a -> !a.id().equals(id)).toList(), plans, gateways,
                applications.stream().map(a -> a.withoutSubscriptionsTo(id)).toList());
    }

    public Catalog withPlan(Plan plan) {
        List<Plan> next = new ArrayList<>(plans);
        int at = indexOf(next.stream().map(Plan::name).toList(), plan.name());
        if (at < 0) {
            next.add(plan);
        } else {
            next.set(at, plan);
        }
        return new Catalog(apis, next, gateways, applications);
    }

    public Catalog withoutPlan(String name) {
        return new Catalog(apis, plans.stream().filter(p -> !p.name().equals(name)).toList(), gateways, applications);
    }

    public Catalog withGateway(GatewayDef gateway) {
        List<GatewayDef> next = new ArrayList<>(gateways);
        int at = indexOf(next.stream().map(GatewayDef::name).toList(), gateway.name());
        if (at < 0) {
            next.add(gateway);
        } else {
            next.set(at, gateway);
        }
        return new Catalog(apis, plans, next, applications);
    }

    public Catalog withoutGateway(String name) {
        return new Catalog(apis, plans, gateways.stream().filter(g -> !g.name().equals(name)).toList(),
                applications);
    }

    private static int indexOf(List<String> names, String name) {
        return names.indexOf(name);
    }

    /** Everything that makes this catalog inconsistent, each as one sentence; empty when it is sound. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        Set<String> planNames = new HashSet<>();
        plans.forEach(p -> {
            if (!planNames.add(p.name())) {
                problems.add("plan '" + p.name() + "' is defined twice");
            }
        });
        Set<String> gatewayNames = new HashSet<>();
        gateways.forEach(g -> {
            if (!gatewayNames.add(g.name())) {
                problems.add("gateway '" + g.name() + "' is defined twice");
            }
        });
        Map<String, Api> ids = new HashMap<>();
        Map<String, Api> defaults = new HashMap<>();
        for (Api api : apis) {
            Api sameId = ids.putIfAbsent(api.id(), api);
            if (sameId != null && !sameId.path().equals(api.path())) {
                // (The same path twice is reported below, as a clash of paths.)
                problems.add("APIs '" + sameId.label() + "' and '" + api.label() + "' have the same id " + api.id());
            }
            api.plans().stream().filter(p -> !planNames.contains(p))
                    .forEach(p -> problems.add("API '" + api.name() + "' refers to an unknown plan '" + p + "'"));
            api.gateways().stream().filter(g -> !gatewayNames.contains(g))
                    .forEach(g -> problems.add("API '" + api.name() + "' refers to an unknown gateway '" + g + "'"));
            if (api.defaultVersion()) {
                Api other = defaults.putIfAbsent(api.context(), api);
                if (other != null) {
                    problems.add("APIs '" + other.label() + "' and '" + api.label() + "' are both the default "
                            + "version of " + api.context());
                }
            }
        }
        problems.addAll(applicationProblems(ids));
        try {
            new ApiTable(apis);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        return problems;
    }

    private List<String> applicationProblems(Map<String, Api> apisById) {
        List<String> problems = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> ownedNames = new HashSet<>();
        Set<String> hashes = new HashSet<>();
        Set<String> clientIds = new HashSet<>();
        for (Application app : applications) {
            String label = "application '" + app.name() + "' of " + app.owner();
            if (app.clientId() != null && !clientIds.add(app.clientId())) {
                problems.add(label + " has the client id of another application: " + app.clientId());
            }
            if (!ids.add(app.id())) {
                problems.add(label + " has the id of another application: " + app.id());
            }
            if (!ownedNames.add(app.owner() + "\n" + app.name())) {
                problems.add(app.owner() + " has two applications named '" + app.name() + "'");
            }
            Set<String> subscribed = new HashSet<>();
            for (Subscription s : app.subscriptions()) {
                Api api = apisById.get(s.apiId());
                if (api == null) {
                    problems.add(label + " is subscribed to an unknown API " + s.apiId());
                } else if (!api.plans().contains(s.plan())) {
                    problems.add(label + " is subscribed to " + api.label() + " with plan '" + s.plan()
                            + "', which the API does not offer " + api.plans());
                }
                if (!subscribed.add(s.apiId())) {
                    problems.add(label + " is subscribed twice to API " + s.apiId());
                }
                if (!Subscription.STATUSES.contains(s.status())) {
                    problems.add(label + ": subscription status '" + s.status() + "' is not one of "
                            + Subscription.STATUSES);
                }
            }
            app.keys().stream().filter(k -> !hashes.add(k.hash()))
                    .forEach(k -> problems.add(label + " has a key that another key has too"));
        }
        return problems;
    }

    /** The routing table of one gateway: its APIs that clients know of (every state but CREATED). */
    public ApiTable tableFor(String gateway) {
        return new ApiTable(apis.stream().filter(a -> a.lifecycle().routed() && a.deployedTo(gateway)).toList());
    }
}
