package org.wsgateway.api;

/**
 * One bad setting of one policy.
 *
 * @param policy  the policy's name, e.g. {@code ip-filter}
 * @param key     the setting, e.g. {@code allow} ({@code ""} for the policy as a whole)
 * @param message what is wrong, for a person
 */
public record PolicyProblem(String policy, String key, String message) {

    /** E.g. {@code ip-filter.allow: '10.0.0.0/33' is not ...}. */
    @Override
    public String toString() {
        return policy + (key.isEmpty() ? "" : "." + key) + ": " + message;
    }
}
