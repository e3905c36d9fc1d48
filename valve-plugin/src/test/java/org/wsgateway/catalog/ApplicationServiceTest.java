package org.wsgateway.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsgateway.api.Api;
import org.wsgateway.api.ApiKey;
import org.wsgateway.api.Application;
import org.wsgateway.api.Catalog;
import org.wsgateway.api.EndpointSettings;
import org.wsgateway.api.Subscription;
import org.wsgateway.catalog.CatalogException.Kind;
import org.wsgateway.config.GatewayConfigLoader;
import org.wsgateway.policy.registry.PolicyRegistry;
import org.wsgateway.store.CatalogXml;
import org.wsgateway.store.XmlFileStore;

class ApplicationServiceTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    @TempDir
    Path base;

    private CatalogService catalog;
    private ApplicationService apps;
    private final List<Catalog> published = new ArrayList<>();
    private String apiId;

    @BeforeEach
    void start() throws Exception {
        Path file = base.resolve("ws-gateway.xml");
        Files.writeString(file, "<ws-gateway/>");
        catalog = new CatalogService(new XmlFileStore(file, "ws-gateway.xml", base, PolicyRegistry::parse),
                new AuditLog(base.resolve("audit.log"), Clock.fixed(NOW, ZoneOffset.UTC)), new Etags(new CatalogXml(base)),
                PolicyRegistry::parse);
        catalog.addListener((before, after) -> published.add(after));
        apps = new ApplicationService(catalog, Clock.fixed(NOW, ZoneOffset.UTC));
        Api api = catalog.createApi(new ApiDraft("Chat", "/chat", "1", "", EndpointSettings.of(
                URI.create("ws://127.0.0.1:1/")), List.of("Gold", "Silver"), List.of(), false), true, "pat");
        apiId = api.id();
    }

    @Test
    void issuesAKeyShownOnceAndStoresOnlyItsHash() throws Exception {
        Application app = apps.create("Mobile", "", "sam");
        ApplicationService.IssuedKey issued = apps.issueKey(app.id(), "prod", NOW.plusSeconds(60), "sam");
        assertEquals(ApiKey.hash(issued.secret()), issued.key().hash());
        assertEquals(issued.secret().substring(0, 9), issued.key().prefix());
        String stored = Files.readString(base.resolve("ws-gateway.xml"));
        assertFalse(stored.contains(issued.secret()));
        assertTrue(stored.contains(issued.key().hash()));
        Catalog reloaded = new GatewayConfigLoader(base, PolicyRegistry::parse).load(base.resolve("ws-gateway.xml"), "ws-gateway.xml");
        assertEquals(catalog.catalog(), reloaded, "applications, subscriptions and keys survive the file");
        String audit = Files.readString(base.resolve("audit.log"));
        assertTrue(audit.contains("issue-key") && !audit.contains(issued.secret()), audit);
    }

    @Test
    void keepsSeveralSubscriptionsAndKeysOfAnApplicationInTheFile() throws Exception {
        Application app = apps.create("Mobile", "", "mobile-client", "sam");
        Api other = catalog.createApi(new ApiDraft("Quotes", "/quotes", "1", "", EndpointSettings.of(
                URI.create("ws://127.0.0.1:1/")), List.of("Gold"), List.of(), false), true, "pat");
        apps.subscribe(app.id(), apiId, "Silver", "sam");
        apps.subscribe(app.id(), other.id(), "Gold", "sam");
        apps.issueKey(app.id(), "one", null, "sam");
        apps.issueKey(app.id(), "two", NOW.plusSeconds(3600), "sam");
        Catalog reloaded = new GatewayConfigLoader(base, PolicyRegistry::parse).load(base.resolve("ws-gateway.xml"), "ws-gateway.xml");
        Application stored = reloaded.application(app.id()).orElseThrow();
        assertEquals(2, stored.subscriptions().size());
        assertEquals(2, stored.keys().size());
        assertEquals("mobile-client", stored.clientId());
        assertEquals(catalog.catalog(), reloaded);
    }

    @Test
    void refusesAKeyThatExpiresInThePast() throws Exception {
        Application app = apps.create("Mobile", "", "sam");
        CatalogException e = assertThrows(CatalogException.class, () -> apps.issueKey(app.id(), "", NOW, "sam"));
        assertEquals("expires", e.errors().get(0).field());
    }

    @Test
    void subscribesOnlyToPublishedApisWithAnOfferedPlanAndOnlyOnce() throws Exception {
        Application app = apps.create("Mobile", "", "sam");
        assertEquals(Kind.INVALID, assertThrows(CatalogException.class,
                () -> apps.subscribe(app.id(), apiId, "Bronze", "sam")).kind());
        Subscription s = apps.subscribe(app.id(), apiId, "Gold", "sam");
        assertEquals(Subscription.ACTIVE, s.status());
        assertEquals(Kind.CONFLICT, assertThrows(CatalogException.class,
                () -> apps.subscribe(app.id(), apiId, "Silver", "sam")).kind());
        Api draft = catalog.createApi(new ApiDraft("Draft", "/draft", "1", "", null, List.of(), List.of(), false),
                false, "pat");
        CatalogException e = assertThrows(CatalogException.class,
                () -> apps.subscribe(app.id(), draft.id(), "Gold", "sam"));
        assertTrue(e.getMessage().contains("CREATED"), e.getMessage());
    }

    @Test
    void changesAPlanOrStatusWithIfMatchAndRefusesAStaleEtag() throws Exception {
        Application app = apps.create("Mobile", "", "sam");
        Subscription s = apps.subscribe(app.id(), apiId, "Gold", "sam");
        String etag = catalog.etags().of(catalog.catalog().application(app.id()).orElseThrow());
        Subscription blocked = apps.updateSubscription(app.id(), s.id(), null, "blocked", etag, "pat");
        assertEquals(Subscription.BLOCKED, blocked.status());
        assertEquals("Gold", blocked.plan());
        assertEquals(Kind.PRECONDITION_FAILED, assertThrows(CatalogException.class,
                () -> apps.updateSubscription(app.id(), s.id(), "Silver", null, etag, "pat")).kind());
        assertEquals(Kind.INVALID, assertThrows(CatalogException.class,
                () -> apps.updateSubscription(app.id(), s.id(), null, "PAUSED", "*", "pat")).kind());
    }

    @Test
    void refusesTwoApplicationsOfOneOwnerWithTheSameName() throws Exception {
        apps.create("Mobile", "", "sam");
        apps.create("Mobile", "", "alex");
        assertEquals(Kind.CONFLICT, assertThrows(CatalogException.class, () -> apps.create("Mobile", "", "sam"))
                .kind());
    }

    @Test
    void dropsSubscriptionsToADeletedApiAndRefusesToDropAPlanInUse() throws Exception {
        Application app = apps.create("Mobile", "", "sam");
        apps.subscribe(app.id(), apiId, "Silver", "sam");
        Api api = catalog.catalog().api(apiId).orElseThrow();
        CatalogException inUse = assertThrows(CatalogException.class, () -> catalog.updateApi(apiId, new ApiDraft(
                api.name(), api.context(), api.version(), "", api.endpoint(), List.of("Gold"), List.of(), false),
                catalog.etags().of(api), "pat"));
        assertEquals(Kind.CONFLICT, inUse.kind());
        assertTrue(inUse.getMessage().contains("Silver"), inUse.getMessage());
        catalog.transition(apiId, "deprecate", "*", "pat");
        Api retired = catalog.transition(apiId, "retire", "*", "pat");
        catalog.deleteApi(retired.id(), "*", "pat");
        assertTrue(catalog.catalog().application(app.id()).orElseThrow().subscriptions().isEmpty());
    }

    @Test
    void revokesAKeyAndTellsTheGatewaysAtOnce() throws Exception {
        Application app = apps.create("Mobile", "", "sam");
        ApplicationService.IssuedKey issued = apps.issueKey(app.id(), "", null, "sam");
        int before = published.size();
        apps.revokeKey(app.id(), issued.key().id(), "sam");
        assertEquals(before + 1, published.size());
        assertTrue(published.get(published.size() - 1).application(app.id()).orElseThrow().keys().isEmpty());
        assertEquals(Kind.NOT_FOUND, assertThrows(CatalogException.class,
                () -> apps.revokeKey(app.id(), issued.key().id(), "sam")).kind());
    }

    @Test
    void keepsABlockAcrossUnsubscribingAndSubscribingAgainUntilAPublisherUnblocks() throws Exception {
        Application app = apps.create("Mobile", "", "sam");
        Subscription first = apps.subscribe(app.id(), apiId, "Gold", "sam");
        apps.updateSubscription(app.id(), first.id(), null, Subscription.BLOCKED, "*", "pat");
        apps.unsubscribe(app.id(), first.id(), "*", "sam");

        Subscription again = apps.subscribe(app.id(), apiId, "Gold", "sam");

        assertEquals(Subscription.BLOCKED, again.status(), "a new subscription does not lift the block");
        Catalog reloaded = new GatewayConfigLoader(base, PolicyRegistry::parse).load(base.resolve("ws-gateway.xml"),
                "ws-gateway.xml");
        assertEquals(List.of(apiId), reloaded.application(app.id()).orElseThrow().blockedApis(), "persisted");
        apps.updateSubscription(app.id(), again.id(), null, Subscription.ACTIVE, "*", "pat");
        assertEquals(List.of(), catalog.catalog().application(app.id()).orElseThrow().blockedApis());
        apps.unsubscribe(app.id(), again.id(), "*", "sam");
        assertEquals(Subscription.ACTIVE, apps.subscribe(app.id(), apiId, "Gold", "sam").status());
    }

    @Test
    void refusesTextTheFileCannotHoldNamingTheField() throws Exception {
        CatalogException e = assertThrows(CatalogException.class, () -> apps.create("Mobile", "bad\u0001", "sam"));
        assertEquals(Kind.INVALID, e.kind());
        assertEquals("description", e.errors().get(0).field());
        Application app = apps.create("Mobile", "", "sam");
        assertEquals("clientId", assertThrows(CatalogException.class, () -> apps.update(app.id(), "Mobile", "",
                "client\uFFFF", "*", "sam")).errors().get(0).field());
        assertEquals("name", assertThrows(CatalogException.class, () -> apps.issueKey(app.id(), "k\uD800", null,
                "sam")).errors().get(0).field());
        new GatewayConfigLoader(base, PolicyRegistry::parse).load(base.resolve("ws-gateway.xml"), "ws-gateway.xml");
    }

    @Test
    void refusesToOverwriteAHandEditNotReloadedYetAndReloadsIt() throws Exception {
        Path file = base.resolve("ws-gateway.xml");
        String edited = Files.readString(file).replace("name=\"Chat\"", "name=\"Edited\"");
        Files.writeString(file, edited);

        CatalogException e = assertThrows(CatalogException.class, () -> apps.create("Mobile", "", "sam"));

        assertEquals(Kind.CONFLICT, e.kind());
        assertTrue(e.getMessage().contains("changed outside"), e.getMessage());
        assertEquals("Edited", catalog.catalog().api(apiId).orElseThrow().name(), "the hand edit is served now");
        assertEquals(edited, Files.readString(file), "the hand edit is kept");
        apps.create("Mobile", "", "sam");
        assertTrue(Files.readString(file).contains("Edited") && Files.readString(file).contains("Mobile"));
    }
}

