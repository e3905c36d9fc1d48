package org.wsgateway.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;
import org.wsgateway.api.Catalog;
import org.wsgateway.api.PolicyCheck;
import org.wsgateway.config.ConfigException;
import org.wsgateway.config.GatewayConfigLoader;

/**
 * The catalog in a PostgreSQL database, shared by every node that names the same DataSource: one row per entity
 * ({@link CatalogRows}), and one revision for the whole catalog. A save is one transaction: it locks the revision
 * row, refuses with {@link CatalogStore.Stale} when another node saved since this one last read (so two admins on
 * two nodes cannot overwrite each other), writes only the rows that differ (each row's {@code row_version} goes up),
 * raises the revision, records the change in {@code wsg_audit} and sends a notification that reaches every node
 * once committed ({@link CatalogNotifications}). The schema is created and migrated at start
 * ({@link SchemaMigrations}); a database without a catalog takes in the catalog file once, at its first start.
 *
 * <p>While the database cannot be reached, the last catalog read stays in service, changes are refused (and lose
 * nothing), and that is logged once until it is back.
 */
public final class JdbcCatalogStore implements CatalogStore {

    /** The channel a save notifies on; its payload is the new revision. */
    static final String CHANNEL = "wsgateway_catalog";

    private static final Log log = LogFactory.getLog(JdbcCatalogStore.class);

    private final DataSource dataSource;
    private final String name;
    private final String node;
    private final GatewayConfigLoader loader;
    private final CatalogRows rows;
    private long knownRevision = -1;
    /** The revision {@link #load} last refused: not read again until the revision moves on. */
    private long refusedRevision = -1;
    private Map<String, CatalogRows.Row> knownRows = Map.of();
    private boolean unreachable;
    private CatalogNotifications notifications;

    /**
     * @param dataSource   the pool (Tomcat's, from JNDI)
     * @param name         how messages name it, e.g. {@code jdbc/wsgateway}
     * @param node         this node's name, recorded with each change
     * @param catalinaBase where relative paths (trust files) are resolved from
     * @param policyCheck  checks each API's policies (the policy registry)
     */
    public JdbcCatalogStore(DataSource dataSource, String name, String node, Path catalinaBase,
            PolicyCheck policyCheck) {
        this.dataSource = dataSource;
        this.name = name;
        this.node = node;
        this.loader = new GatewayConfigLoader(catalinaBase, policyCheck);
        this.rows = new CatalogRows(new CatalogXml(catalinaBase));
    }

    /**
     * Creates or migrates the schema, and takes in {@code importFile} when the database holds no catalog yet (its
     * first start): once, by whichever node gets there first.
     *
     * @throws ConfigException when the database cannot be reached or migrated, or the file to import is invalid
     */
    public void prepare(Path importFile, String importName) throws ConfigException {
        try (Connection c = dataSource.getConnection()) {
            SchemaMigrations.migrate(c, name);
        } catch (SQLException e) {
            throw new ConfigException(name, "the catalog database cannot be prepared: " + e.getMessage(), e);
        }
        try {
            if (revision() == 0 && importFile != null && Files.isRegularFile(importFile)) {
                Catalog catalog = loader.load(importFile, importName);
                knownRevision = 0;
                save(catalog, new Change("(import)", "import", importName));
                log.info("ws-gateway imported " + importName + " into " + name + ": " + catalog.apis().size()
                        + " API(s), " + catalog.applications().size() + " application(s)");
            }
        } catch (Stale e) {
            log.info("ws-gateway found " + name + " filled by another node meanwhile; " + importName
                    + " was not imported");
        } catch (SQLException | IOException e) {
            throw new ConfigException(name, "the catalog file " + importName + " could not be imported: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Catalog load() throws ConfigException {
        long revision = -1;
        try (Connection c = dataSource.getConnection()) {
            int isolation = c.getTransactionIsolation();
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                revision = revision(c, false);
                Map<String, CatalogRows.Row> read = CatalogRows.read(c);
                c.commit();
                Catalog catalog = loader.parse(CatalogRows.document(read.values()), name);
                knownRevision = revision;
                knownRows = read;
                reachable();
                return catalog;
            } finally {
                // Nothing to undo after the commit; after a failure, the read ends here.
                c.rollback();
                c.setTransactionIsolation(isolation);
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            unreachable(e);
            throw new Unreadable(name, "the catalog cannot be read: " + e.getMessage(), e);
        } catch (ConfigException e) {
            refusedRevision = revision;
            throw e;
        }
    }

    @Override
    public synchronized void save(Catalog catalog, Change change) throws IOException {
        Map<String, CatalogRows.Row> next = rows.of(catalog);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                long revision = revision(c, true);
                if (revision != knownRevision) {
                    throw new Stale(name + " was changed on another node since this one last read it (revision "
                            + knownRevision + ", now " + revision + ")");
                }
                CatalogRows.write(c, knownRows, next);
                long saved = revision + 1;
                try (PreparedStatement st = c.prepareStatement("UPDATE wsg_catalog SET revision = ?, "
                        + "changed_at = now(), changed_by = ? WHERE id = 1")) {
                    st.setLong(1, saved);
                    st.setString(2, change.user());
                    st.executeUpdate();
                }
                try (PreparedStatement st = c.prepareStatement("INSERT INTO wsg_audit (node, user_name, action, "
                        + "target, revision) VALUES (?, ?, ?, ?, ?)")) {
                    st.setString(1, node);
                    st.setString(2, change.user());
                    st.setString(3, change.action());
                    st.setString(4, change.target());
                    st.setLong(5, saved);
                    st.executeUpdate();
                }
                try (PreparedStatement st = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                    st.setString(1, CHANNEL);
                    st.setString(2, Long.toString(saved));
                    st.execute();
                }
                c.commit();
                knownRevision = saved;
                knownRows = next;
                reachable();
            } catch (SQLException | RuntimeException | Stale e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            unreachable(e);
            throw new IOException(name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized boolean changedOutside() {
        try {
            long revision = revision();
            reachable();
            return revision != knownRevision && revision != refusedRevision;
        } catch (SQLException e) {
            unreachable(e);
            return false;
        }
    }

    @Override
    public synchronized boolean holdsLastGood() {
        try {
            return revision() == knownRevision;
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public synchronized void watch(Runnable changed) {
        if (notifications == null) {
            notifications = new CatalogNotifications(dataSource, name, changed);
            notifications.start();
        }
    }

    @Override
    public synchronized void close() {
        if (notifications != null) {
            notifications.stop();
            notifications = null;
        }
    }

    /** The revision stored now (0: no catalog saved yet). */
    long revision() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return revision(c, false);
        }
    }

    private static long revision(Connection c, boolean lock) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT revision FROM wsg_catalog WHERE id = 1"
                        + (lock ? " FOR UPDATE" : ""))) {
            if (!rs.next()) {
                throw new SQLException("the table wsg_catalog has no row; the schema is damaged");
            }
            return rs.getLong(1);
        }
    }

    private void unreachable(SQLException e) {
        if (!unreachable) {
            unreachable = true;
            log.error("ws-gateway cannot reach its catalog database " + name + " (" + e.getMessage() + "); the "
                    + "catalog read last stays in service and changes are refused until it is back");
        }
    }

    private void reachable() {
        if (unreachable) {
            unreachable = false;
            log.info("ws-gateway reaches its catalog database " + name + " again");
        }
    }
}
