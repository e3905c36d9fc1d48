package org.wsgateway.policy;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.wsgateway.api.Api;
import org.wsgateway.api.EndpointSettings;

/** Handshakes for policy tests: an API, a client address and request headers. */
public final class TesterUpgrades {

    public static final Api API = new Api("Chat", "/chat", "1", EndpointSettings.of(URI.create("ws://127.0.0.1:1/")));

    private TesterUpgrades() {
    }

    public static UpgradeRequest from(String address, String... headerPairs) {
        return to(API, address, headerPairs);
    }

    public static UpgradeRequest to(Api api, String address, String... headerPairs) {
        Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
        headers.put("Host", List.of("gateway.example:8080"));
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.put(headerPairs[i], List.of(headerPairs[i + 1]));
        }
        return new UpgradeRequest(api, "", address, false, headers, null);
    }
}
