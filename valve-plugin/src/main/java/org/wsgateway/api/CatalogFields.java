package org.wsgateway.api;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.wsgateway.api.Field.Access;
import org.wsgateway.api.Field.Type;
import org.wsgateway.api.FieldSet.Values;

/**
 * Every field of the catalog's types, stated once: name, JSON type, default, validation, who may set it. The catalog
 * file's reader and writer and the REST API's reader and writer translate these; they list no field of their own.
 * Elements that hold others ({@code <endpoint>} in {@code <api>}, {@code <tls>} in {@code <endpoint>}, an API's
 * policies, an application's subscriptions and keys) are joined by each format in its own way.
 */
public final class CatalogFields {

    public static final FieldSet<GatewayDef> GATEWAY = new FieldSet<>(
            name("name", GatewayDef::name),
            text("description", GatewayDef::description));

    public static final FieldSet<Plan> PLAN = new FieldSet<>(
            name("name", Plan::name),
            text("description", Plan::description),
            count("messagesPerMinute", ConfigValues::count, Plan::messagesPerMinute),
            count("burst", ConfigValues::count, Plan::burst),
            count("bytesPerSecond", ConfigValues::bytesPerSecond, Plan::bytesPerSecond),
            count("eventsPerDay", ConfigValues::count, Plan::eventsPerDay),
            string("action", CatalogFields::planAction, "shape", Plan::action),
            string("counts", CatalogFields::planCounts, "both", Plan::counts),
            count("maxConnections", ConfigValues::count, Plan::maxConnections));

    private static final TlsSettings T = TlsSettings.DEFAULT;

    public static final FieldSet<TlsSettings> TLS = new FieldSet<>(
            file("trustStore", TlsSettings::trustStore),
            CatalogFields.<TlsSettings>text("trustStoreType", TlsSettings::trustStoreType)
                    .withDefault(T.trustStoreType()),
            new Field<>("trustStorePassword", Type.STRING, false, T.trustStorePassword(), Access.SECRET,
                    (c, v) -> c.expand(v), TlsSettings::trustStorePassword, (c, v) -> v),
            file("trustCertificates", TlsSettings::trustCertificates),
            bool("verifyHostname", T.verifyHostname(), TlsSettings::verifyHostname));

    public static final Field<EndpointSettings, URI> URL = new Field<>("url", Type.STRING, true, null,
            Access.WRITABLE, (c, v) -> ConfigValues.backendUrl(c.expand(v)), EndpointSettings::url,
            (c, v) -> v.toString());

    public static final FieldSet<EndpointSettings> ENDPOINT = new FieldSet<>(
            URL,
            duration("connectTimeout", ConfigValues::positiveDuration, EndpointSettings.DEFAULT_CONNECT_TIMEOUT,
                    EndpointSettings::connectTimeout),
            duration("handshakeTimeout", ConfigValues::positiveDuration, EndpointSettings.DEFAULT_HANDSHAKE_TIMEOUT,
                    EndpointSettings::handshakeTimeout),
            duration("idleTimeout", ConfigValues::duration, EndpointSettings.DEFAULT_IDLE_TIMEOUT,
                    EndpointSettings::idleTimeout),
            duration("pingInterval", ConfigValues::duration, EndpointSettings.DEFAULT_PING_INTERVAL,
                    EndpointSettings::pingInterval),
            count("maxMessageSize", ConfigValues::size, EndpointSettings::maxMessageSize)
                    .withDefault(EndpointSettings.DEFAULT_MAX_MESSAGE_SIZE),
            bool("clientCompression", EndpointSettings.DEFAULT_CLIENT_COMPRESSION,
                    EndpointSettings::clientCompression),
            bool("backendCompression", EndpointSettings.DEFAULT_BACKEND_COMPRESSION,
                    EndpointSettings::backendCompression));

    public static final Field<Api, Lifecycle> LIFECYCLE = lifecycle("lifecycle", Api::lifecycle)
            .withDefault(Lifecycle.PUBLISHED);

    public static final FieldSet<Api> API = new FieldSet<>(
            CatalogFields.<Api>string("id", Function.identity(), null, Api::id).as(Access.CATALOG_OWNED),
            name("name", Api::name),
            CatalogFields.<Api>string("context", ConfigValues::context, null, Api::context).asRequired(),
            CatalogFields.<Api>string("version", ConfigValues::version, null, Api::version).asRequired(),
            text("description", Api::description),
            LIFECYCLE,
            lifecycle("blockedFrom", Api::blockedFrom),
            list("plans", Api::plans),
            list("gateways", Api::gateways),
            bool("defaultVersion", false, Api::defaultVersion));

    public static final FieldSet<Application> APPLICATION = new FieldSet<>(
            id(Application::id),
            name("name", Application::name),
            CatalogFields.<Application>required("owner", Application::owner).as(Access.CATALOG_OWNED),
            text("description", Application::description),
            string("clientId", Function.identity(), null, Application::clientId),
            CatalogFields.<Application>list("blockedApis", Application::blockedApis).as(Access.CATALOG_OWNED));

    public static final FieldSet<Subscription> SUBSCRIPTION = new FieldSet<>(
            id(Subscription::id),
            required("api", Subscription::apiId),
            required("plan", Subscription::plan),
            string("status", CatalogFields::subscriptionStatus, Subscription.ACTIVE, Subscription::status));

    public static final FieldSet<ApiKey> KEY = new FieldSet<>(
            id(ApiKey::id),
            text("name", ApiKey::name),
            CatalogFields.<ApiKey>string("hash", CatalogFields::keyHash, null, ApiKey::hash).asRequired()
                    .as(Access.SECRET),
            CatalogFields.<ApiKey>text("prefix", ApiKey::prefix).as(Access.CATALOG_OWNED),
            CatalogFields.<ApiKey>instant("created", ApiKey::created).asRequired().as(Access.CATALOG_OWNED),
            instant("expires", ApiKey::expires));

    private CatalogFields() {
    }

    public static GatewayDef gateway(Values v) {
        return new GatewayDef(v.get(field(GATEWAY, "name", String.class)), v.get(field(GATEWAY, "description",
                String.class)));
    }

    public static Plan plan(Values v) {
        return new Plan(v.get(field(PLAN, "name", String.class)), v.get(field(PLAN, "description", String.class)),
                v.get(field(PLAN, "messagesPerMinute", Long.class)), v.get(field(PLAN, "burst", Long.class)),
                v.get(field(PLAN, "bytesPerSecond", Long.class)), v.get(field(PLAN, "eventsPerDay", Long.class)),
                v.get(field(PLAN, "action", String.class)), v.get(field(PLAN, "counts", String.class)),
                v.get(field(PLAN, "maxConnections", Long.class)));
    }

    public static TlsSettings tls(Values v) {
        return new TlsSettings(v.get(field(TLS, "trustStore", Path.class)),
                v.get(field(TLS, "trustStoreType", String.class)), v.get(field(TLS, "trustStorePassword",
                        String.class)), v.get(field(TLS, "trustCertificates", Path.class)),
                v.get(field(TLS, "verifyHostname", Boolean.class)));
    }

    /** The endpoint read, with {@code url} standing in for a URL that is missing or bad. */
    public static EndpointSettings endpoint(Values v, URI url, TlsSettings tls) {
        return new EndpointSettings(url, v.get(field(ENDPOINT, "connectTimeout", Duration.class)),
                v.get(field(ENDPOINT, "handshakeTimeout", Duration.class)),
                v.get(field(ENDPOINT, "idleTimeout", Duration.class)),
                v.get(field(ENDPOINT, "pingInterval", Duration.class)),
                v.get(field(ENDPOINT, "maxMessageSize", Long.class)),
                v.get(field(ENDPOINT, "clientCompression", Boolean.class)),
                v.get(field(ENDPOINT, "backendCompression", Boolean.class)), tls);
    }

    /** An API read from its fields, its endpoint (or {@code null}) and its policies. */
    public static Api api(Values v, EndpointSettings endpoint, Policies policies) {
        Lifecycle lifecycle = v.get(LIFECYCLE);
        return new Api(v.get(field(API, "id", String.class)), v.get(field(API, "name", String.class)),
                v.get(field(API, "context", String.class)), v.get(field(API, "version", String.class)),
                v.get(field(API, "description", String.class)), endpoint, lifecycle,
                lifecycle == Lifecycle.BLOCKED ? v.get(field(API, "blockedFrom", Lifecycle.class)) : null,
                names(v, "plans"), names(v, "gateways"), v.get(field(API, "defaultVersion", Boolean.class)),
                policies);
    }

    /** The names listed in one of an API's list fields ({@code plans}, {@code gateways}). */
    @SuppressWarnings("unchecked")
    public static List<String> names(Values v, String field) {
        return v.get((Field<Api, List<String>>) API.field(field));
    }

    public static Application application(Values v, List<Subscription> subscriptions, List<ApiKey> keys) {
        return new Application(v.get(field(APPLICATION, "id", String.class)), v.get(field(APPLICATION, "name",
                String.class)), v.get(field(APPLICATION, "owner", String.class)), v.get(field(APPLICATION,
                "description", String.class)), subscriptions, keys, v.get(field(APPLICATION, "clientId",
                String.class)), blockedApis(v));
    }

    @SuppressWarnings("unchecked")
    private static List<String> blockedApis(Values v) {
        return v.get((Field<Application, List<String>>) APPLICATION.field("blockedApis"));
    }

    public static Subscription subscription(Values v) {
        return new Subscription(v.get(field(SUBSCRIPTION, "id", String.class)), v.get(field(SUBSCRIPTION, "api",
                String.class)), v.get(field(SUBSCRIPTION, "plan", String.class)), v.get(field(SUBSCRIPTION,
                "status", String.class)));
    }

    public static ApiKey key(Values v) {
        return new ApiKey(v.get(field(KEY, "id", String.class)), v.get(field(KEY, "name", String.class)),
                v.get(field(KEY, "hash", String.class)), v.get(field(KEY, "prefix", String.class)),
                v.get(field(KEY, "created", Instant.class)), v.get(field(KEY, "expires", Instant.class)));
    }

    /** Checks a plan's action: {@code shape} or {@code close}. */
    public static String planAction(String value) {
        return oneOf(value, Plan.ACTIONS, "a plan action (shape or close)");
    }

    /** Checks what a plan counts: {@code both}, {@code inbound} or {@code outbound}. */
    public static String planCounts(String value) {
        return oneOf(value, Plan.COUNTS, "what a plan counts (both, inbound or outbound)");
    }

    private static String oneOf(String value, List<String> allowed, String what) {
        String normal = value.trim().toLowerCase(Locale.ROOT);
        if (!allowed.contains(normal)) {
            throw new IllegalArgumentException("'" + value + "' is not " + what);
        }
        return normal;
    }

    private static String subscriptionStatus(String value) {
        String status = value.trim().toUpperCase(Locale.ROOT);
        if (!Subscription.STATUSES.contains(status)) {
            throw new IllegalArgumentException("'" + value + "' is not a subscription status " + Subscription.STATUSES);
        }
        return status;
    }

    private static String keyHash(String value) {
        if (!value.matches("sha256:[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a key hash (sha256: and 64 hex digits); keys are never stored "
                    + "in clear: create them with the REST API");
        }
        return value;
    }

    private static Lifecycle parseLifecycle(String value) {
        try {
            return Lifecycle.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + value + "' is not a lifecycle state (one of "
                    + List.of(Lifecycle.values()) + ")");
        }
    }

    private static Instant parseInstant(String value) {
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + value + "' is not a UTC time such as 2026-01-31T12:00:00Z");
        }
    }

    @SuppressWarnings("unchecked")
    private static <R, V> Field<R, V> field(FieldSet<R> set, String name, Class<V> type) {
        Field<R, ?> field = set.field(name);
        if (field == null) {
            throw new IllegalArgumentException("no field " + name);
        }
        return (Field<R, V>) field;
    }

    private static <R> Field<R, String> string(String name, Function<String, String> parser, String defaultValue,
            Function<R, String> getter) {
        return new Field<>(name, Type.STRING, false, defaultValue, Access.WRITABLE, (c, v) -> parser.apply(v),
                getter, (c, v) -> v);
    }

    /** Text that must be given, taken as written. */
    private static <R> Field<R, String> required(String name, Function<R, String> getter) {
        return string(name, Function.identity(), null, getter).asRequired();
    }

    /** The id the catalog gave a value. */
    private static <R> Field<R, String> id(Function<R, String> getter) {
        return CatalogFields.<R>required("id", getter).as(Access.CATALOG_OWNED);
    }

    private static <R> Field<R, String> name(String name, Function<R, String> getter) {
        return string(name, ConfigValues::name, null, getter).asRequired();
    }

    /** Free text, empty by default. */
    private static <R> Field<R, String> text(String name, Function<R, String> getter) {
        return string(name, Function.identity(), "", getter);
    }

    private static <R> Field<R, Long> count(String name, Function<String, Long> parser, Function<R, Long> getter) {
        return new Field<>(name, Type.INTEGER, false, 0L, Access.WRITABLE, (c, v) -> parser.apply(v), getter,
                (c, v) -> Long.toString(v));
    }

    private static <R> Field<R, Boolean> bool(String name, boolean defaultValue, Function<R, Boolean> getter) {
        return new Field<>(name, Type.BOOLEAN, false, defaultValue, Access.WRITABLE, (c, v) -> ConfigValues.bool(v),
                getter, (c, v) -> Boolean.toString(v));
    }

    private static <R> Field<R, Duration> duration(String name, Function<String, Duration> parser,
            Duration defaultValue, Function<R, Duration> getter) {
        return new Field<>(name, Type.STRING, false, defaultValue, Access.WRITABLE, (c, v) -> parser.apply(v),
                getter, (c, v) -> ConfigValues.format(v));
    }

    private static <R> Field<R, Path> file(String name, Function<R, Path> getter) {
        return new Field<>(name, Type.STRING, false, null, Access.WRITABLE, FieldContext::file, getter,
                FieldContext::path);
    }

    private static <R> Field<R, List<String>> list(String name, Function<R, List<String>> getter) {
        return new Field<>(name, Type.LIST, false, List.of(), Access.WRITABLE, (c, v) -> ConfigValues.list(v),
                getter, (c, v) -> String.join(",", v));
    }

    private static <R> Field<R, Lifecycle> lifecycle(String name, Function<R, Lifecycle> getter) {
        return new Field<>(name, Type.STRING, false, null, Access.CATALOG_OWNED,
                (c, v) -> parseLifecycle(v), getter, (c, v) -> v.name());
    }

    private static <R> Field<R, Instant> instant(String name, Function<R, Instant> getter) {
        return new Field<>(name, Type.STRING, false, null, Access.WRITABLE,
                (c, v) -> v.isBlank() ? null : parseInstant(v), getter, (c, v) -> v.toString());
    }
}
