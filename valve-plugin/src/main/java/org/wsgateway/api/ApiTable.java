package org.wsgateway.api;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable set of APIs indexed for matching request paths. Built once per configuration load; lookups cost one
 * hash lookup per path segment.
 */
public final class ApiTable {

    /** The table without APIs. */
    public static final ApiTable EMPTY = new ApiTable(List.of());

    private final List<Api> apis;
    private final Map<String, Map<String, Api>> byContext;
    private final Map<String, Api> defaults;

    /**
     * Builds the table.
     *
     * @throws IllegalArgumentException if two APIs share a context and version, or a name and version, or one API's
     *                                  {@code <context>/<version>} is the whole context of another or a prefix of it
     *                                  (a path could then mean either)
     */
    public ApiTable(List<Api> apis) {
        Map<String, Map<String, Api>> index = new HashMap<>();
        Map<String, Api> byNameAndVersion = new HashMap<>();
        for (Api api : apis) {
            Api sameName = byNameAndVersion.putIfAbsent(api.name() + "\u0000" + api.version(), api);
            if (sameName != null) {
                throw new IllegalArgumentException("two APIs are named '" + api.name() + "' with version "
                        + api.version() + " (at " + sameName.context() + " and " + api.context() + ")");
            }
            Api previous = index.computeIfAbsent(api.context(), c -> new LinkedHashMap<>()).putIfAbsent(api.version(), api);
            if (previous != null) {
                throw new IllegalArgumentException("APIs '" + previous.name() + "' and '" + api.name()
                        + "' both use context " + api.context() + " version " + api.version());
            }
        }
        for (Api api : apis) {
            for (String context : index.keySet()) {
                if (context.equals(api.path()) || context.startsWith(api.path() + "/")) {
                    Api other = index.get(context).values().iterator().next();
                    throw new IllegalArgumentException("API '" + api.name() + "' at " + api.path()
                            + " overlaps the context " + context + " of API '" + other.name() + "'");
                }
            }
        }
        index.replaceAll((context, versions) -> Collections.unmodifiableMap(versions));
        Map<String, Api> defaultVersions = new HashMap<>();
        apis.stream().filter(Api::defaultVersion).forEach(api -> defaultVersions.putIfAbsent(api.context(), api));
        this.apis = List.copyOf(apis);
        this.byContext = Map.copyOf(index);
        this.defaults = Map.copyOf(defaultVersions);
    }

    /** Every API, in configuration order. */
    public List<Api> apis() {
        return apis;
    }

    /** Whether the table holds no API. */
    public boolean isEmpty() {
        return apis.isEmpty();
    }

    /** The API with the given context and version, or {@code null}. */
    public Api get(String context, String version) {
        Map<String, Api> versions = byContext.get(context);
        return versions == null ? null : versions.get(version);
    }

    /**
     * Matches a decoded, normalized request path such as {@code /echowebsocket/1.0/room/1}. The longest matching
     * context wins; the context alone reaches its default version, if one is marked.
     */
    public ApiMatch match(String path) {
        if (byContext.isEmpty() || path == null || path.length() < 2 || path.charAt(0) != '/') {
            return ApiMatch.NONE;
        }
        int end = path.length();
        while (end > 0) {
            Map<String, Api> versions = byContext.get(path.substring(0, end));
            if (versions != null) {
                return matchVersion(versions, path.substring(0, end), path, end);
            }
            end = path.lastIndexOf('/', end - 1);
        }
        return ApiMatch.NONE;
    }

    private ApiMatch matchVersion(Map<String, Api> versions, String context, String path, int contextEnd) {
        if (contextEnd == path.length()) {
            // The context alone: its default version, if it has one.
            Api defaultVersion = defaults.get(context);
            return defaultVersion == null ? new ApiMatch.UnknownVersion(context) : new ApiMatch.Found(defaultVersion, "");
        }
        int versionEnd = path.indexOf('/', contextEnd + 1);
        if (versionEnd < 0) {
            versionEnd = path.length();
        }
        Api api = versions.get(path.substring(contextEnd + 1, versionEnd));
        if (api == null) {
            return new ApiMatch.UnknownVersion(context);
        }
        return new ApiMatch.Found(api, path.substring(versionEnd));
    }

}
