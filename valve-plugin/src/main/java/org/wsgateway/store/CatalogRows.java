package org.wsgateway.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.wsgateway.api.Api;
import org.wsgateway.api.ApiKey;
import org.wsgateway.api.Application;
import org.wsgateway.api.Catalog;
import org.wsgateway.api.Subscription;

/**
 * The catalog as rows of the database schema ({@code sql/V1__catalog.sql}): one row per gateway, plan, API,
 * application, subscription and key, with the columns it is found and checked by (an API's context and version are
 * unique; a key's hash is unique) and its fields in the catalog's own form, one element written by {@link CatalogXml}.
 * Reading puts the rows back together as one catalog document, which the file's loader checks as it checks the file.
 */
final class CatalogRows {

    /** A table: its name, its key column and the columns it is found by, in insert order (parents first). */
    enum Table {
        GATEWAY("wsg_gateway", "name"),
        PLAN("wsg_plan", "name"),
        API("wsg_api", "id", "context", "version", "name", "lifecycle"),
        APPLICATION("wsg_application", "id", "owner", "name"),
        SUBSCRIPTION("wsg_subscription", "id", "application_id", "api_id", "status"),
        KEY("wsg_api_key", "id", "application_id", "key_hash");

        final String name;
        final String key;
        final List<String> columns;

        Table(String name, String key, String... columns) {
            this.name = name;
            this.key = key;
            this.columns = List.of(columns);
        }

        String select() {
            return "SELECT " + key + ", " + String.join(", ", columns) + (columns.isEmpty() ? "" : ", ")
                    + "position, body FROM " + name + " ORDER BY position, " + key;
        }

        String upsert() {
            List<String> all = new ArrayList<>(columns);
            all.add("position");
            all.add("body");
            StringBuilder sql = new StringBuilder("INSERT INTO ").append(name).append(" (").append(key);
            all.forEach(c -> sql.append(", ").append(c));
            sql.append(") VALUES (?").append(", ?".repeat(all.size())).append(") ON CONFLICT (").append(key)
                    .append(") DO UPDATE SET ");
            all.forEach(c -> sql.append(c).append(" = EXCLUDED.").append(c).append(", "));
            return sql.append("row_version = ").append(name).append(".row_version + 1").toString();
        }

        String delete() {
            return "DELETE FROM " + name + " WHERE " + key + " = ?";
        }
    }

    /**
     * One row.
     *
     * @param columns  the values of {@link Table#columns}, in order
     * @param position its place among its table's rows (the catalog's order)
     * @param body     the entity as one element of the catalog document
     */
    record Row(Table table, String id, List<String> columns, int position, String body) {

        String ref() {
            return table.name + "/" + id;
        }
    }

    private final CatalogXml xml;

    CatalogRows(CatalogXml xml) {
        this.xml = xml;
    }

    /** The rows of a catalog, parents before children; throws {@link CatalogXml.UnstorableText} before any SQL. */
    Map<String, Row> of(Catalog catalog) {
        Map<String, Row> rows = new LinkedHashMap<>();
        int i = 0;
        for (var g : catalog.gateways()) {
            add(rows, new Row(Table.GATEWAY, g.name(), List.of(), i++, xml.gateway(g)));
        }
        i = 0;
        for (var p : catalog.plans()) {
            add(rows, new Row(Table.PLAN, p.name(), List.of(), i++, xml.plan(p)));
        }
        i = 0;
        for (Api a : catalog.apis()) {
            add(rows, new Row(Table.API, a.id(), List.of(a.context(), a.version(), a.name(), a.lifecycle().name()),
                    i++, xml.api(a, "").strip()));
        }
        i = 0;
        int child = 0;
        for (Application a : catalog.applications()) {
            Application bare = new Application(a.id(), a.name(), a.owner(), a.description(), List.of(), List.of(),
                    a.clientId(), a.blockedApis());
            add(rows, new Row(Table.APPLICATION, a.id(), List.of(a.owner(), a.name()), i++,
                    xml.application(bare, "").strip()));
            for (Subscription s : a.subscriptions()) {
                add(rows, new Row(Table.SUBSCRIPTION, s.id(), List.of(a.id(), s.apiId(), s.status()), child++,
                        xml.subscription(s)));
            }
            for (ApiKey k : a.keys()) {
                add(rows, new Row(Table.KEY, k.id(), List.of(a.id(), k.hash()), child++, xml.key(k)));
            }
        }
        return rows;
    }

    private static void add(Map<String, Row> rows, Row row) {
        rows.put(row.ref(), row);
    }

    /** Every row of every table, read in the caller's transaction. */
    static Map<String, Row> read(Connection connection) throws SQLException {
        Map<String, Row> rows = new LinkedHashMap<>();
        for (Table table : Table.values()) {
            try (PreparedStatement st = connection.prepareStatement(table.select());
                    ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    List<String> columns = new ArrayList<>();
                    for (int c = 0; c < table.columns.size(); c++) {
                        columns.add(rs.getString(2 + c));
                    }
                    int at = 2 + table.columns.size();
                    add(rows, new Row(table, rs.getString(1), columns, rs.getInt(at), rs.getString(at + 1)));
                }
            }
        }
        return rows;
    }

    /** Makes the stored rows {@code next}, given that they are {@code known} now: only what differs is written. */
    static int write(Connection connection, Map<String, Row> known, Map<String, Row> next) throws SQLException {
        int written = 0;
        Table[] tables = Table.values();
        for (int t = tables.length - 1; t >= 0; t--) {
            try (PreparedStatement st = connection.prepareStatement(tables[t].delete())) {
                for (Row row : known.values()) {
                    if (row.table() == tables[t] && !next.containsKey(row.ref())) {
                        st.setString(1, row.id());
                        st.addBatch();
                        written++;
                    }
                }
                st.executeBatch();
            }
        }
        for (Table table : tables) {
            try (PreparedStatement st = connection.prepareStatement(table.upsert())) {
                for (Row row : next.values()) {
                    if (row.table() == table && !row.equals(known.get(row.ref()))) {
                        int p = 1;
                        st.setString(p++, row.id());
                        for (String column : row.columns()) {
                            st.setString(p++, column);
                        }
                        st.setInt(p++, row.position());
                        st.setString(p, row.body());
                        st.addBatch();
                        written++;
                    }
                }
                st.executeBatch();
            }
        }
        return written;
    }

    /** The rows as one catalog document: gateways, plans, APIs, then applications with their children. */
    static String document(Collection<Row> rows) {
        Map<String, StringBuilder> children = new LinkedHashMap<>();
        for (Row row : rows) {
            if (row.table() == Table.SUBSCRIPTION || row.table() == Table.KEY) {
                children.computeIfAbsent(row.columns().get(0), k -> new StringBuilder()).append("    ")
                        .append(row.body()).append('\n');
            }
        }
        StringBuilder doc = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ws-gateway>\n");
        for (Table table : List.of(Table.GATEWAY, Table.PLAN, Table.API, Table.APPLICATION)) {
            for (Row row : rows) {
                if (row.table() != table) {
                    continue;
                }
                StringBuilder inner = table == Table.APPLICATION ? children.get(row.id()) : null;
                if (inner == null) {
                    doc.append("  ").append(row.body()).append('\n');
                } else {
                    // <application .../> opened up around its subscriptions and keys.
                    String head = row.body().substring(0, row.body().length() - 2);
                    doc.append("  ").append(head).append(">\n").append(inner).append("  </application>\n");
                }
            }
        }
        return doc.append("</ws-gateway>\n").toString();
    }
}
