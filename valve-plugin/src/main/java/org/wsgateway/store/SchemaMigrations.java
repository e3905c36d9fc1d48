package org.wsgateway.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;

/**
 * Creates and migrates the catalog's schema at start: plain versioned SQL scripts ({@code sql/V<n>__<what>.sql}
 * next to this class), each applied once, in order, in one transaction with its row in
 * {@code wsg_schema_version}. Nodes starting at once take turns on an advisory lock, so a script never runs twice.
 * A database newer than this JAR (a version it has no script for) is refused rather than guessed at.
 *
 * <p>Plain SQL rather than a migration library: a handful of scripts for one database, and no second class loader
 * world (Flyway's database support and its logging) to shade into the valve JAR.
 */
public final class SchemaMigrations {

    /** The scripts, oldest first: version {@code i + 1} is {@code SCRIPTS.get(i)}. Never change a released one. */
    static final List<String> SCRIPTS = List.of("V1__catalog.sql");

    /** The advisory lock the migrating node holds (any number; the same for every node). */
    private static final long LOCK = 0x7773_6777_6179L;

    private static final Log log = LogFactory.getLog(SchemaMigrations.class);

    private SchemaMigrations() {
    }

    /**
     * Brings the schema to the newest version.
     *
     * @return the versions applied now (empty when it was up to date)
     */
    public static List<Integer> migrate(Connection connection, String name) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            st.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
            st.execute("CREATE TABLE IF NOT EXISTS wsg_schema_version (version integer PRIMARY KEY, "
                    + "script text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
            int current;
            try (ResultSet rs = st.executeQuery("SELECT coalesce(max(version), 0) FROM wsg_schema_version")) {
                rs.next();
                current = rs.getInt(1);
            }
            if (current > SCRIPTS.size()) {
                throw new SQLException(name + " holds catalog schema version " + current + ", newer than this "
                        + "ws-gateway knows (" + SCRIPTS.size() + "); run the newer ws-gateway JAR on every node");
            }
            List<Integer> applied = new java.util.ArrayList<>();
            for (int version = current + 1; version <= SCRIPTS.size(); version++) {
                String script = SCRIPTS.get(version - 1);
                st.execute(read(script));
                try (var insert = connection.prepareStatement(
                        "INSERT INTO wsg_schema_version (version, script) VALUES (?, ?)")) {
                    insert.setInt(1, version);
                    insert.setString(2, script);
                    insert.executeUpdate();
                }
                applied.add(version);
            }
            connection.commit();
            if (!applied.isEmpty()) {
                log.info("ws-gateway migrated the catalog schema of " + name + " to version " + SCRIPTS.size()
                        + " (applied " + applied + ")");
            }
            return applied;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static String read(String script) throws SQLException {
        try (InputStream in = SchemaMigrations.class.getResourceAsStream("sql/" + script)) {
            if (in == null) {
                throw new SQLException("the migration script sql/" + script + " is missing from the valve JAR");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SQLException("cannot read the migration script " + script + ": " + e.getMessage(), e);
        }
    }
}
