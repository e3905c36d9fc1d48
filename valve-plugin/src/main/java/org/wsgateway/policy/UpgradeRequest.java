package org.wsgateway.policy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

import org.wsgateway.api.Api;

/**
 * One client's handshake as the policies see it: the request (address, headers, query) and what the policies
 * decide to remember about it, such as what to release when the connection ends (a connection counted against a
 * limit, for example).
 */
public final class UpgradeRequest {

    private final Api api;
    private final String suffix;
    private final String remoteAddress;
    private final boolean secure;
    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final String query;
    private Map<String, List<String>> parameters;

    private final List<Runnable> releases = new ArrayList<>();
    private final List<String> secretHeaders = new ArrayList<>();
    private final List<String> passedHeaders = new ArrayList<>();
    private final List<String> credentialParameters = new ArrayList<>();
    private final List<String> passedParameters = new ArrayList<>();
    private volatile Identity identity;
    private volatile String refusedBy;
    private volatile java.time.Instant expires;
    private long maxFrame;
    private final Map<String, String> backendHeaders = new LinkedHashMap<>();
    private final List<String> removedBackendHeaders = new ArrayList<>();
    private final AtomicBoolean released = new AtomicBoolean();

    /**
     * @param api           the API asked for
     * @param suffix        the path after the API's {@code <context>/<version>}, decoded ({@code ""} if none)
     * @param remoteAddress the client's address (as {@code RemoteIpValve} resolved it, if used)
     * @param secure        whether the client connected over TLS
     * @param headers       the request's headers
     * @param query         the raw query string, or {@code null}
     */
    public UpgradeRequest(Api api, String suffix, String remoteAddress, boolean secure,
            Map<String, List<String>> headers, String query) {
        this.api = api;
        this.suffix = suffix;
        this.remoteAddress = remoteAddress;
        this.secure = secure;
        this.headers.putAll(headers);
        this.query = query;
    }

    public Api api() {
        return api;
    }

    public String suffix() {
        return suffix;
    }

    public String remoteAddress() {
        return remoteAddress;
    }

    public boolean secure() {
        return secure;
    }

    /** The first value of a request header, or {@code null}. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The request's headers (names compared without case). */
    public Map<String, List<String>> headers() {
        return Collections.unmodifiableMap(headers);
    }

    /** The first value of a query parameter, or {@code null}. */
    public String parameter(String name) {
        if (parameters == null) {
            parameters = parse(query);
        }
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The raw query string, or {@code null}. */
    public String query() {
        return query;
    }

    private static Map<String, List<String>> parse(String query) {
        Map<String, List<String>> parsed = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return parsed;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            parsed.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return parsed;
    }

    private static String decode(String part) {
        try {
            return URLDecoder.decode(part, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return part;
        }
    }

    // ---- identity and credentials ----

    /** Who is calling, once an authenticate policy found out; {@code null} for anonymous callers. */
    public Identity identity() {
        return identity;
    }

    public void identify(Identity who) {
        identity = who;
    }

    /** The name of the policy that refused this handshake, or {@code null} while none did. */
    public String refusedBy() {
        return refusedBy;
    }

    public void refusedBy(String policy) {
        refusedBy = policy;
    }

    /** When the caller's credential stops being valid (a token's expiry): the connection ends then. */
    public java.time.Instant expires() {
        return expires;
    }

    public void expiresAt(java.time.Instant when) {
        expires = when;
    }

    /**
     * Marks a header and a query parameter as carrying a credential: the query parameter is redacted wherever the
     * request is logged, and neither is passed to the backend unless {@code toBackend}.
     *
     * @param header    the header's name, or {@code null}
     * @param parameter the query parameter's name, or {@code null}
     * @param toBackend whether the backend gets them anyway
     */
    public void credential(String header, String parameter, boolean toBackend) {
        if (header != null) {
            secretHeaders.add(header);
            if (toBackend) {
                passedHeaders.add(header);
            }
        }
        if (parameter != null) {
            credentialParameters.add(parameter);
            if (toBackend) {
                passedParameters.add(parameter);
            }
        }
    }

    /** Headers that carried a credential the backend does not get. */
    public List<String> credentialHeaders() {
        return secretHeaders.stream().filter(h -> !passedHeaders.contains(h)).toList();
    }

    /** Headers that carried a credential, passed to the backend or not: never logged. */
    public List<String> secretHeaders() {
        return Collections.unmodifiableList(secretHeaders);
    }

    /**
     * A query with every value replaced by {@code ***}: how to log a request refused before the policies said which
     * parameters are credentials ({@code null} stays {@code null}).
     */
    public static String redactAll(String query) {
        if (query == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(query.length());
        for (String pair : query.split("&", -1)) {
            if (out.length() > 0) {
                out.append('&');
            }
            int eq = pair.indexOf('=');
            out.append(eq < 0 ? pair : pair.substring(0, eq) + "=***");
        }
        return out.toString();
    }

    /**
     * The client's query as the backend gets it, after the endpoint URL's own query: without credential parameters
     * (unless passed on), and without parameters of the names the endpoint URL fixes (compared decoded and without
     * case), so a client can neither repeat nor override them ({@code null} if none is left).
     */
    public String backendQuery() {
        Set<String> fixed = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        if (api.endpoint() != null) {
            fixed.addAll(parse(api.endpoint().url().getRawQuery()).keySet());
        }
        return rewriteQuery(null, passedParameters, fixed);
    }

    /** The query with credential values replaced by {@code ***}, for logs ({@code null} if there was none). */
    public String redactedQuery() {
        return rewriteQuery("***", List.of(), Set.of());
    }

    private String rewriteQuery(String replacement, List<String> kept, Set<String> dropped) {
        if (query == null || credentialParameters.isEmpty() && dropped.isEmpty()) {
            return query;
        }
        StringBuilder out = new StringBuilder();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (dropped.contains(name)) {
                continue;
            }
            boolean credential = credentialParameters.contains(name) && !kept.contains(name);
            if (credential && replacement == null) {
                continue;
            }
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(credential ? (eq < 0 ? pair : pair.substring(0, eq)) + "=" + replacement : pair);
        }
        return out.length() == 0 ? null : out.toString();
    }

    /** The largest data frame the client may send (0: no limit). */
    public long maxFrame() {
        return maxFrame;
    }

    public void limitFrames(long bytes) {
        maxFrame = bytes;
    }

    // ---- what the backend's handshake carries ----

    /** Sets a header on the backend's handshake, replacing the client's header of that name. */
    public void setBackendHeader(String name, String value) {
        backendHeaders.put(name, value);
    }

    /** Keeps a client's header from reaching the backend. */
    public void removeBackendHeader(String name) {
        removedBackendHeaders.add(name);
    }

    /** Headers the policies set for the backend. */
    public Map<String, String> backendHeaders() {
        return Collections.unmodifiableMap(backendHeaders);
    }

    /** Client headers the policies keep from the backend (credentials included). */
    public List<String> removedBackendHeaders() {
        List<String> all = new ArrayList<>(removedBackendHeaders);
        all.addAll(credentialHeaders());
        return all;
    }

    // ---- releasing ----

    /** Runs {@code release} when the connection ends, or when the handshake fails after this point. */
    public synchronized void onRelease(Runnable release) {
        releases.add(release);
    }

    /** Releases what the policies took for this connection; the first call only. */
    public void release() {
        if (released.compareAndSet(false, true)) {
            List<Runnable> all;
            synchronized (this) {
                all = List.copyOf(releases);
            }
            all.forEach(Runnable::run);
        }
    }
}
