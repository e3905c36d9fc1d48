package org.wsgateway.api;

import java.util.Objects;

/**
 * The routing table a gateway serves now. Readers take the current {@link ApiTable} without locking; a catalog
 * change swaps in a new table.
 */
public final class ApiRegistry {

    private volatile ApiTable table = ApiTable.EMPTY;

    /** The current table. */
    public ApiTable table() {
        return table;
    }

    /** Matches a request path against the current table. */
    public ApiMatch match(String path) {
        return table.match(path);
    }

    /** Replaces the table. */
    public void replace(ApiTable next) {
        table = Objects.requireNonNull(next, "next");
    }
}
