package org.wsgateway.store;

import java.io.IOException;

import org.wsgateway.api.Catalog;
import org.wsgateway.config.ConfigException;

/**
 * Where the catalog lives between restarts. The embedded default is {@link XmlFileStore} (one human-readable file
 * under {@code $CATALINA_BASE/conf}); a shared database for several Tomcat nodes can implement the same contract.
 *
 * <p>Implementations MUST make {@link #save} atomic: after a crash at any point, {@link #load} returns either the
 * catalog before the save or the one saved, never a mix. They MUST NOT keep a catalog with problems
 * ({@link Catalog#problems()}): callers only save sound catalogs, and {@link #load} rejects unsound ones.
 */
public interface CatalogStore {

    /** Reads the stored catalog. */
    Catalog load() throws ConfigException;

    /**
     * Replaces the stored catalog, atomically. A store shared by several nodes MUST refuse with {@link Stale} a save
     * made on a catalog older than what it holds (another node saved meanwhile), and MAY keep {@code change} with
     * the catalog (in the same transaction) as its audit trail.
     */
    void save(Catalog catalog, Change change) throws IOException;

    /**
     * Starts telling {@code changed} when the stored catalog changes outside this store (another node's save) as
     * soon as it can; a store without such notice relies on {@link #changedOutside()} being polled. By default it
     * tells nothing.
     */
    default void watch(Runnable changed) {
    }

    /** Stops what {@link #watch} started and gives back what the store holds (connections). By default, nothing. */
    default void close() {
    }

    /** Who made a change, what it was, and to what: kept with the catalog by stores that can. */
    record Change(String user, String action, String target) {
    }

    /**
     * A {@link #load} that could not read the store now (its database out of reach): no verdict on the catalog, which
     * stays as it was; a later check reads again.
     */
    final class Unreadable extends ConfigException {

        private static final long serialVersionUID = 1L;

        public Unreadable(String store, String problem, Throwable cause) {
            super(store, problem, cause);
        }
    }

    /** A save refused because the stored catalog changed since this store last loaded or saved it. */
    final class Stale extends IOException {

        private static final long serialVersionUID = 1L;

        public Stale(String message) {
            super(message);
        }
    }

    /**
     * Whether the stored catalog changed since this store last loaded or saved it (an edit by hand, another node).
     * A change that {@link #load} refused counts as unchanged until it changes again, so it is reported once.
     */
    boolean changedOutside();

    /** Whether the store holds exactly what it last loaded or saved (an edit was undone, say). */
    boolean holdsLastGood();

    /** Names the store for messages, e.g. {@code conf/ws-gateway.xml}. */
    String describe();
}
