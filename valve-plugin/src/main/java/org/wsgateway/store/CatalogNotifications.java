package org.wsgateway.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Hears the catalog's changes as PostgreSQL sends them ({@code LISTEN}), on one thread with one connection of its
 * own taken from the pool for as long as it runs, and tells its listener at once. A lost connection is logged once
 * and taken again every {@value #RETRY_MILLIS} ms; when it is back the listener is told too, so a node catches up
 * with what changed while it was not hearing. (The gateway's periodic check stays as a second way in.)
 *
 * <p>Only loaded when the catalog is in a database: it needs the PostgreSQL driver, which is then in Tomcat's
 * {@code lib/}.
 */
final class CatalogNotifications {

    static final int RETRY_MILLIS = 1000;
    /** How long one wait for notifications lasts before the thread looks whether it should stop. */
    private static final int WAIT_MILLIS = 500;
    private static final Log log = LogFactory.getLog(CatalogNotifications.class);

    private final DataSource dataSource;
    private final String name;
    private final Runnable changed;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Connection connection;

    CatalogNotifications(DataSource dataSource, String name, Runnable changed) {
        this.dataSource = dataSource;
        this.name = name;
        this.changed = changed;
        this.thread = new Thread(this::run, "ws-gateway-catalog-notifications");
        thread.setDaemon(true);
        thread.setContextClassLoader(CatalogNotifications.class.getClassLoader());
    }

    void start() {
        thread.start();
    }

    void stop() {
        running = false;
        thread.interrupt();
        closeQuietly();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        boolean lost = false;
        while (running) {
            try {
                Connection c = dataSource.getConnection();
                connection = c;
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + JdbcCatalogStore.CHANNEL);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                if (lost) {
                    lost = false;
                    log.info("ws-gateway hears the catalog changes of " + name + " again");
                    changed.run();
                }
                while (running) {
                    PGNotification[] notes = pg.getNotifications(WAIT_MILLIS);
                    if (notes != null && notes.length > 0) {
                        changed.run();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    break;
                }
                if (!lost) {
                    lost = true;
                    log.warn("ws-gateway lost the catalog notifications of " + name + " (" + e.getMessage()
                            + "); changes made on other nodes arrive by the periodic check until they are back");
                }
                closeQuietly();
                try {
                    Thread.sleep(RETRY_MILLIS);
                } catch (InterruptedException interrupted) {
                    break;
                }
            }
        }
        closeQuietly();
    }

    private void closeQuietly() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            try (Statement st = c.createStatement()) {
                // A pooled connection goes back hearing nothing.
                st.execute("UNLISTEN *");
            } catch (SQLException e) {
                // Broken: the pool drops it.
            }
            try {
                c.close();
            } catch (SQLException e) {
                // Already gone.
            }
        }
    }
}
