package org.wsgateway.api;

/**
 * The outcome of matching a request path against the APIs: an API (with the rest of the path), a known context
 * whose version does not exist, or nothing of the gateway's.
 */
public sealed interface ApiMatch {

    /** Nothing of the gateway's: the request passes on untouched. */
    ApiMatch NONE = new None();

    /**
     * The path addresses an API.
     *
     * @param api    the API
     * @param suffix what follows {@code <context>/<version>}: empty, or starting with {@code /}
     */
    record Found(Api api, String suffix) implements ApiMatch {
    }

    /** The path starts with a known context but names no version of it. */
    record UnknownVersion(String context) implements ApiMatch {
    }

    /** No API context matches. */
    record None() implements ApiMatch {
    }
}
