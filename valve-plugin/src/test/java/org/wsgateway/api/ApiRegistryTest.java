package org.wsgateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.wsgateway.api.ApiTableTest.api;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ApiRegistryTest {

    private final ApiRegistry registry = new ApiRegistry();
    private final List<List<Api>> removals = new ArrayList<>();
    private final Api echo = api("Echo", "/echo", "1.0");
    private final Api chat = api("Chat", "/chat", "1.0");

    @Test
    void startsEmpty() {
        assertSame(ApiTable.EMPTY, registry.table());
        assertSame(ApiMatch.NONE, registry.match("/echo/1.0"));
    }

    @Test
    void servesTheTableItWasLastGiven() {
        ApiTable table = new ApiTable(List.of(echo));

        registry.replace(table);

        assertSame(table, registry.table());
        assertEquals(new ApiMatch.Found(echo, "/x"), registry.match("/echo/1.0/x"));
    }

    @Test
    void tellsEveryListenerExactlyWhichApisWereRemoved() {
        List<List<Api>> other = new ArrayList<>();
        registry.onRemoval(removals::add);
        registry.onRemoval(other::add);
        registry.replace(new ApiTable(List.of(echo, chat)));

        registry.replace(new ApiTable(List.of(chat, api("New", "/new", "1"))));

        assertEquals(List.of(List.of(echo)), removals);
        assertEquals(removals, other);
    }

    @Test
    void staysQuietWhenNothingWasRemoved() {
        registry.onRemoval(removals::add);

        registry.replace(new ApiTable(List.of(echo)));
        registry.replace(new ApiTable(List.of(echo, chat)));
        registry.replace(new ApiTable(List.of(api("Echo", "/echo", "1.0"), chat)));

        assertEquals(List.of(), removals);
    }

    @Test
    void reportsEveryApiWhenEmptied() {
        registry.onRemoval(removals::add);
        registry.replace(new ApiTable(List.of(echo, chat)));

        registry.replace(ApiTable.EMPTY);

        assertEquals(List.of(List.of(echo, chat)), removals);
        assertSame(ApiMatch.NONE, registry.match("/echo/1.0"));
    }
}
