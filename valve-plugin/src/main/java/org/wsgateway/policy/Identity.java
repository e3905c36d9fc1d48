package org.wsgateway.policy;

import org.wsgateway.api.Plan;

/**
 * Who is calling, as the authenticate policies found out: the application, its owner, the subscription and its
 * business plan, and the key used (if any). Passed on to the backend as configured, and checked again whenever the
 * catalog changes, so a revoked key or a removed subscription ends its connections.
 *
 * @param application     the application's id
 * @param applicationName the application's name
 * @param subscriber      the application's owner
 * @param subscription    the subscription's id
 * @param key             the API key's id, or {@code null} when the caller did not use a key
 * @param plan            the subscription's business plan
 */
public record Identity(String application, String applicationName, String subscriber, String subscription,
        String key, Plan plan) {
}
