package org.wsgateway.policy;

/**
 * What a policy is about, which fixes when it runs: policies run by concern in this order, and in the order they
 * are declared within one concern (after Kong's and Envoy's fixed phases).
 */
public enum Concern {
    /** Finds out who is calling (an application, a subscriber) without deciding anything. */
    IDENTIFY,
    /** Checks credentials: {@code 401} when missing or wrong, {@code 403} when valid but not allowed. */
    AUTHENTICATE,
    /** Refuses what the API does not accept: origins, addresses, message sizes, message shapes. */
    RESTRICT,
    /** Counts: connections, handshake rates, business plans. */
    LIMIT,
    /** Looks without changing anything: headers to the backend, logs, metrics. */
    OBSERVE
}
