package org.wsgateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsgateway.api.Catalog;
import org.wsgateway.api.GatewayDef;
import org.wsgateway.api.Plan;
import org.wsgateway.policy.registry.PolicyRegistry;

class XmlFileStoreTest {

    @TempDir
    Path base;

    private static Catalog version(int n) {
        return new Catalog(List.of(), Plan.DEFAULTS, List.of(new GatewayDef("default", "version " + n)));
    }

    /** A store over a file that holds {@code content}, loaded. */
    private XmlFileStore store(String content) throws Exception {
        Files.writeString(file(), content);
        XmlFileStore store = new XmlFileStore(file(), "ws-gateway.xml", base, PolicyRegistry::parse);
        store.load();
        return store;
    }

    private Path file() {
        return base.resolve("ws-gateway.xml");
    }

    @Test
    void keepsTheLastFiveVersionsNewestFirst() throws Exception {
        XmlFileStore store = store("<ws-gateway/>");
        for (int n = 1; n <= 7; n++) {
            store.save(version(n));
        }
        assertTrue(Files.readString(file()).contains("version 7"));
        for (int back = 1; back <= XmlFileStore.GENERATIONS; back++) {
            assertTrue(Files.readString(store.backup(back)).contains("version " + (7 - back)),
                    ".bak." + back + " holds version " + (7 - back));
        }
        assertEquals(5, XmlFileStore.GENERATIONS);
        assertFalse(Files.exists(store.backup(6)), "only five versions are kept");
        assertFalse(Files.exists(base.resolve("ws-gateway.xml.bak.tmp")));
    }

    @Test
    void keepsTheFirstFileAsTheFirstBackup() throws Exception {
        XmlFileStore store = store("<ws-gateway><!-- by hand --></ws-gateway>");
        store.save(version(1));
        assertTrue(Files.readString(store.backup(1)).contains("by hand"));
        assertFalse(Files.exists(store.backup(2)));
    }

    @Test
    void refusesToWriteACharacterXmlCannotHold() throws Exception {
        XmlFileStore store = store("<ws-gateway/>");
        Catalog poisoned = new Catalog(List.of(), Plan.DEFAULTS, List.of(new GatewayDef("default", "a\u0001b")));

        CatalogXml.UnstorableText e = assertThrows(CatalogXml.UnstorableText.class, () -> store.save(poisoned));

        assertEquals("description", e.field());
        assertTrue(e.getMessage().contains("U+0001"), e.getMessage());
        assertEquals("<ws-gateway/>", Files.readString(file()), "nothing was written");
        assertFalse(store.changedOutside());
    }

    @Test
    void refusesLoneSurrogatesAndNonCharactersButWritesPairsAndTabs() {
        CatalogXml xml = new CatalogXml(base);
        for (String bad : List.of("\uD800", "x\uDC00", "\uFFFE", "\uFFFF", "\u001F", "\u0000")) {
            assertThrows(CatalogXml.UnstorableText.class, () -> xml.gateway(new GatewayDef("g", bad)), bad);
        }
        String fine = xml.gateway(new GatewayDef("g", "tab\there \uD83D\uDE00 line\nend"));
        assertTrue(fine.contains("\uD83D\uDE00") && fine.contains("&#9;") && fine.contains("&#10;"), fine);
    }
}
