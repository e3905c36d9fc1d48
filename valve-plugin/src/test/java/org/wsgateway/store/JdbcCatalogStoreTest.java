package org.wsgateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsgateway.api.Api;
import org.wsgateway.api.Catalog;
import org.wsgateway.api.EndpointSettings;
import org.wsgateway.api.Lifecycle;
import org.wsgateway.catalog.ApiDraft;
import org.wsgateway.catalog.AuditLog;
import org.wsgateway.catalog.CatalogException;
import org.wsgateway.catalog.CatalogService;
import org.wsgateway.catalog.Etags;
import org.wsgateway.config.ConfigException;
import org.wsgateway.policy.registry.PolicyRegistry;

/** The catalog in a real PostgreSQL, shared by two nodes (two stores and services on one database). */
class JdbcCatalogStoreTest {

    private static TesterPostgres pg;

    @TempDir
    Path base;
    private final List<JdbcCatalogStore> stores = new ArrayList<>();

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = TesterPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    @BeforeEach
    void emptyDatabase() throws Exception {
        pg.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
    }

    @AfterEach
    void closeStores() {
        stores.forEach(JdbcCatalogStore::close);
    }

    private JdbcCatalogStore store(String node, Path importFile) throws ConfigException {
        JdbcCatalogStore store = new JdbcCatalogStore(pg.dataSource(), "jdbc/wsgateway", node, base,
                PolicyRegistry::parse);
        store.prepare(importFile, "conf/ws-gateway.xml");
        stores.add(store);
        return store;
    }

    private CatalogService service(JdbcCatalogStore store) throws ConfigException {
        return new CatalogService(store, new AuditLog(null, Clock.systemUTC()), new Etags(new CatalogXml(base)),
                PolicyRegistry::parse);
    }

    private static ApiDraft draft(String context) {
        return new ApiDraft("Api " + context, context, "1", "", EndpointSettings.of(URI.create("ws://127.0.0.1:1/")),
                List.of("Gold"), List.of(), false);
    }

    private Path catalogFile() throws Exception {
        Path file = base.resolve("ws-gateway.xml");
        Files.writeString(file, """
                <ws-gateway>
                  <plan name="Gold" messagesPerMinute="600"/>
                  <api name="Echo" context="/echo" version="1.0" lifecycle="PUBLISHED" plans="Gold">
                    <endpoint url="ws://127.0.0.1:9/echo"/>
                    <policies><open/></policies>
                  </api>
                </ws-gateway>
                """);
        return file;
    }

    @Test
    void createsTheSchemaAndImportsTheFileOnceIntoAnEmptyDatabase() throws Exception {
        Path file = catalogFile();
        Catalog imported = store("a", file).load();
        assertEquals(List.of("/echo"), imported.apis().stream().map(Api::context).toList());
        assertEquals(1, count("SELECT count(*) FROM wsg_schema_version"));

        // A second node (and the file changed meanwhile) takes what is in the database, and imports nothing.
        Files.writeString(file, "<ws-gateway/>");
        Catalog second = store("b", file).load();
        assertEquals(imported, second);
        assertEquals(1, count("SELECT count(*) FROM wsg_audit WHERE action = 'import'"));
        assertEquals(1, count("SELECT count(*) FROM wsg_schema_version"));
    }

    @Test
    void aChangeOnOneNodeIsLoadedByTheOtherAndWritesOnlyTheRowsThatDiffer() throws Exception {
        CatalogService a = service(store("a", catalogFile()));
        JdbcCatalogStore storeB = store("b", null);
        CatalogService b = service(storeB);
        Api created = a.createApi(draft("/orders"), true, "pat");

        assertTrue(storeB.changedOutside());
        b.reloadIfChanged();
        assertEquals(a.catalog(), b.catalog());
        assertFalse(storeB.changedOutside());

        a.transition(created.id(), "block", a.etags().of(created), "pat");
        b.reloadIfChanged();
        assertEquals(Lifecycle.BLOCKED, b.catalog().api(created.id()).orElseThrow().lifecycle());
        // The blocked API's row changed twice (created, blocked); the imported one never.
        assertEquals(2, count("SELECT row_version FROM wsg_api WHERE context = '/orders'"));
        assertEquals(1, count("SELECT row_version FROM wsg_api WHERE context = '/echo'"));
        assertEquals(1, count("SELECT count(*) FROM wsg_audit WHERE node = 'a' AND user_name = 'pat' "
                + "AND action = 'block'"));
    }

    @Test
    void applicationsWithSubscriptionsAndKeyHashesGoToTheirOwnRowsAndBack() throws Exception {
        CatalogService a = service(store("a", catalogFile()));
        JdbcCatalogStore storeB = store("b", null);
        CatalogService b = service(storeB);
        Api echo = a.catalog().apis().get(0);
        var app = a.applications().create("Mobile", "", "dev");
        a.applications().subscribe(app.id(), echo.id(), "Gold", "dev");
        var issued = a.applications().issueKey(app.id(), "prod", null, "dev");
        b.reloadIfChanged();
        assertEquals(a.catalog(), b.catalog());
        assertEquals(1, count("SELECT count(*) FROM wsg_subscription"));
        assertEquals(1, count("SELECT count(*) FROM wsg_api_key WHERE key_hash = '" + issued.key().hash() + "'"));
        assertEquals(0, count("SELECT count(*) FROM wsg_api_key WHERE body LIKE '%" + issued.secret() + "%'"),
                "the key itself is never stored");

        var current = a.catalog().application(app.id()).orElseThrow();
        a.applications().delete(app.id(), a.etags().of(current), "dev");
        b.reloadIfChanged();
        assertTrue(b.catalog().applications().isEmpty());
        assertEquals(0, count("SELECT count(*) FROM wsg_subscription"), "deleted with their application");
        assertEquals(0, count("SELECT count(*) FROM wsg_api_key"));
    }

    @Test
    void twoAdminsOnTwoNodesCannotOverwriteEachOther() throws Exception {
        CatalogService a = service(store("a", catalogFile()));
        CatalogService b = service(store("b", null));
        Api echo = a.catalog().apis().get(0);
        String etag = a.etags().of(echo);
        a.updateEndpoint(echo.id(), EndpointSettings.of(URI.create("ws://127.0.0.1:7/a")), etag, "ann");

        // b has not heard of a's change yet and still holds the old ETag's version: refused, then b has a's.
        CatalogException e = assertThrows(CatalogException.class, () -> b.updateEndpoint(echo.id(),
                EndpointSettings.of(URI.create("ws://127.0.0.1:7/b")), etag, "bob"));
        assertEquals(CatalogException.Kind.CONFLICT, e.kind(), e.getMessage());
        assertEquals("ws://127.0.0.1:7/a", b.catalog().api(echo.id()).orElseThrow().endpoint().url().toString());
        assertEquals("ws://127.0.0.1:7/a", service(store("c", null)).catalog().api(echo.id()).orElseThrow()
                .endpoint().url().toString());
    }

    @Test
    void aSaveByANodeBehindTheStoredRevisionIsRefusedAsStaleAndWritesNothing() throws Exception {
        JdbcCatalogStore storeA = store("a", catalogFile());
        JdbcCatalogStore storeB = store("b", null);
        Catalog read = storeB.load();
        Catalog onA = storeA.load();
        storeA.save(onA.withApi(onA.apis().get(0).withEndpoint(EndpointSettings.of(URI.create("ws://127.0.0.1:7/a")))),
                new CatalogStore.Change("ann", "update", "Echo"));
        // b saves what it read before a's change, past any check of the service above it.
        assertThrows(CatalogStore.Stale.class, () -> storeB.save(read.withApi(read.apis().get(0)
                .withEndpoint(EndpointSettings.of(URI.create("ws://127.0.0.1:7/b")))),
                new CatalogStore.Change("bob", "update", "Echo")));
        assertEquals("ws://127.0.0.1:7/a", store("c", null).load().apis().get(0).endpoint().url().toString());
    }

    @Test
    void theOtherNodeHearsOfAChangeAtOnceAndAgainAfterPostgresRestarts() throws Exception {
        CatalogService a = service(store("a", catalogFile()));
        JdbcCatalogStore storeB = store("b", null);
        Semaphore heard = new Semaphore(0);
        storeB.watch(heard::release);
        // The listener is in place once a first change is heard; changes go on until one is.
        awaitHeard(heard, () -> a.createApi(draft("/first-" + System.nanoTime()), false, "pat"));

        Api acknowledged = a.createApi(draft("/before-restart"), true, "pat");
        pg.restart();
        // a's pooled-less connections are new each time: the write after the restart goes through. The first one
        // heard may be b's catch-up on reconnecting; the second can only be a notification on the new LISTEN.
        awaitHeard(heard, () -> a.createApi(draft("/after-" + System.nanoTime()), false, "pat"));
        awaitHeard(heard, () -> a.createApi(draft("/again-" + System.nanoTime()), false, "pat"));
        CatalogService c = service(store("c", null));
        assertTrue(c.catalog().api(acknowledged.id()).isPresent(), "a write acknowledged before the restart is kept");
    }

    @Test
    void anInvalidRowIsRefusedOnceAndTheLastGoodCatalogKept() throws Exception {
        JdbcCatalogStore storeA = store("a", catalogFile());
        CatalogService a = service(storeA);
        pg.execute("UPDATE wsg_api SET body = replace(body, 'ws://127.0.0.1:9/echo', 'http://nope') ",
                "UPDATE wsg_catalog SET revision = revision + 1");
        assertTrue(storeA.changedOutside());
        a.reloadIfChanged();
        assertTrue(a.reloadProblem().contains("url"), a.reloadProblem());
        assertEquals("ws://127.0.0.1:9/echo", a.catalog().apis().get(0).endpoint().url().toString());
        assertFalse(storeA.changedOutside(), "the refused revision is not reported again");
    }

    @Test
    void refusesADatabaseWithANewerSchema() throws Exception {
        store("a", null);
        pg.execute("INSERT INTO wsg_schema_version (version, script) VALUES (99, 'V99__future.sql')");
        ConfigException e = assertThrows(ConfigException.class, () -> store("b", null));
        assertTrue(e.getMessage().contains("newer than this ws-gateway knows"), e.getMessage());
    }

    @Test
    void nodesAreUpWhileTheirHeartbeatIsFresh() throws Exception {
        store("a", null);
        NodeHeartbeats heartbeats = new NodeHeartbeats(pg.dataSource());
        heartbeats.beat("a", Instant.now(), 3);
        heartbeats.beat("b", Instant.now(), 5);
        pg.execute("UPDATE wsg_node SET heartbeat = now() - interval '1 minute' WHERE name = 'b'");
        List<NodeHeartbeats.Node> nodes = heartbeats.nodes(Duration.ofSeconds(15));
        assertEquals(List.of("a", "b"), nodes.stream().map(NodeHeartbeats.Node::name).toList());
        assertTrue(nodes.get(0).up());
        assertEquals(3, nodes.get(0).connections());
        assertFalse(nodes.get(1).up());
    }

    private interface Change {
        void run() throws Exception;
    }

    /** Makes changes until one is heard (bounded: 20 s). */
    private static void awaitHeard(Semaphore heard, Change change) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        heard.drainPermits();
        while (System.nanoTime() < end) {
            try {
                change.run();
            } catch (CatalogException e) {
                // The database is not back yet.
            }
            if (heard.tryAcquire(1, TimeUnit.SECONDS)) {
                return;
            }
        }
        throw new AssertionError("no change was heard in 20 s");
    }

    private static long count(String sql) throws Exception {
        try (Connection c = pg.dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
