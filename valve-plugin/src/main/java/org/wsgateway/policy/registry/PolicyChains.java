package org.wsgateway.policy.registry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.wsgateway.api.Api;
import org.wsgateway.policy.PolicyChain;
import org.wsgateway.policy.PolicyState;

/**
 * The chains of a gateway's APIs, built once per API definition and shared by its handshakes; the state they keep
 * (counters, buckets) lives in one {@link PolicyState} that outlives catalog changes.
 */
public final class PolicyChains {

    private final PolicyState state;
    private final Map<Api, PolicyChain> chains = new ConcurrentHashMap<>();

    public PolicyChains(PolicyState state) {
        this.state = state;
    }

    /** The chain for this definition of an API. */
    public PolicyChain chain(Api api) {
        return chains.computeIfAbsent(api, a -> PolicyRegistry.chain(a, state));
    }

    /** Forgets chains of definitions that are no longer served (after a catalog change). */
    public void retainOnly(java.util.Collection<Api> served) {
        chains.keySet().retainAll(new java.util.HashSet<>(served));
    }

    public PolicyState state() {
        return state;
    }
}
