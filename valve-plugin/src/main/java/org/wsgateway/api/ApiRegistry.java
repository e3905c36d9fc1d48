package org.wsgateway.api;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The live set of APIs a gateway serves. Readers take the current {@link ApiTable} without locking; a configuration
 * load swaps in a new table and tells listeners which APIs went away, so their live connections can be closed.
 */
public final class ApiRegistry {

    private volatile ApiTable table = ApiTable.EMPTY;
    private final List<Consumer<List<Api>>> removalListeners = new CopyOnWriteArrayList<>();

    /** The current table. */
    public ApiTable table() {
        return table;
    }

    /** Matches a request path against the current table. */
    public ApiMatch match(String path) {
        return table.match(path);
    }

    /**
     * Replaces the table. Listeners then receive the APIs that the new table no longer serves (possibly none).
     */
    public void replace(ApiTable next) {
        Objects.requireNonNull(next, "next");
        ApiTable previous;
        synchronized (this) {
            previous = table;
            table = next;
        }
        List<Api> removed = previous.removedIn(next);
        if (!removed.isEmpty()) {
            removalListeners.forEach(listener -> listener.accept(removed));
        }
    }

    /** Registers a listener for APIs removed by {@link #replace}. */
    public void onRemoval(Consumer<List<Api>> listener) {
        removalListeners.add(listener);
    }
}
