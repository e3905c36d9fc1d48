package org.wsgateway.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsgateway.api.EndpointSettings;
import org.wsgateway.catalog.CatalogException.Kind;
import org.wsgateway.policy.registry.PolicyRegistry;
import org.wsgateway.store.CatalogXml;
import org.wsgateway.store.XmlFileStore;

class CatalogServiceTest {

    @TempDir
    Path base;

    private CatalogService catalog;

    @BeforeEach
    void start() throws Exception {
        Path file = base.resolve("ws-gateway.xml");
        Files.writeString(file, "<ws-gateway/>");
        Gateways.Status shopHost = new Gateways.Status() {
            @Override
            public String serves() {
                return "Host 'localhost'";
            }

            @Override
            public Map<String, Integer> connectionsByApi() {
                return Map.of();
            }

            @Override
            public Map<String, String> webapps() {
                return Map.of("/shop", "shop", "/ws-admin", "ws-admin");
            }
        };
        catalog = Gateways.attach("default", file, Duration.ZERO, shopHost, () -> new CatalogService(
                new XmlFileStore(file, "ws-gateway.xml", base, PolicyRegistry::parse),
                new AuditLog(base.resolve("audit.log"), Clock.systemUTC()), new Etags(new CatalogXml(base)),
                PolicyRegistry::parse));
    }

    @AfterEach
    void stop() {
        Gateways.detach("default");
    }

    private static ApiDraft draft(String context, List<String> gateways) {
        return new ApiDraft("Shop " + context.replace('/', ' ') + gateways, context, "1", "", EndpointSettings.of(URI.create("ws://127.0.0.1:1/")),
                List.of("Gold"), gateways, false);
    }

    @Test
    void aDatabaseThatCannotBeReadDuringAReloadIsNoRefusedChange() throws Exception {
        // Mockito at the store boundary: the read failing on a connection PostgreSQL ends mid-restart.
        org.wsgateway.store.CatalogStore store = org.mockito.Mockito.mock(org.wsgateway.store.CatalogStore.class);
        org.mockito.Mockito.when(store.describe()).thenReturn("jdbc/wsgateway");
        org.mockito.Mockito.when(store.load()).thenReturn(org.wsgateway.api.Catalog.EMPTY)
                .thenThrow(new org.wsgateway.store.CatalogStore.Unreadable("jdbc/wsgateway", "the catalog cannot be "
                        + "read: FATAL: terminating connection", new java.sql.SQLException("FATAL: terminating")))
                .thenThrow(new org.wsgateway.config.ConfigException("jdbc/wsgateway",
                        List.of("api 'X': context must start with /")));
        org.mockito.Mockito.when(store.changedOutside()).thenReturn(true);
        CatalogService service = new CatalogService(store, new AuditLog(base.resolve("audit2.log"),
                Clock.systemUTC()), new Etags(new CatalogXml(base)), PolicyRegistry::parse);
        service.reloadIfChanged();
        assertEquals(null, service.reloadProblem(), "not reading is not refusing");
        service.reloadIfChanged();
        assertTrue(service.reloadProblem().contains("context must start with /"), service.reloadProblem());
    }

    @Test
    void refusesTheContextOfADeployedWebappNamingIt() {
        for (String context : List.of("/shop", "/ws-admin")) {
            CatalogException e = assertThrows(CatalogException.class,
                    () -> catalog.createApi(draft(context, List.of()), true, "pat"));
            assertEquals(Kind.CONFLICT, e.kind());
            assertEquals("context", e.errors().get(0).field());
            assertTrue(e.getMessage().contains("webapp '" + context.substring(1) + "'"), e.getMessage());
        }
    }

    @Test
    void allowsAnApiInsideAWebappsPathOrOnAGatewayOfAnotherHost() throws Exception {
        catalog.createApi(draft("/shop/api", List.of()), true, "pat");
        catalog.putGateway(new org.wsgateway.api.GatewayDef("edge", ""), null, "pat");
        catalog.createApi(draft("/shop", List.of("edge")), true, "pat");
        assertEquals(2, catalog.catalog().apis().size());
    }
}
