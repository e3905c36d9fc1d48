package org.wsgateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.wsgateway.api.ApiTableTest.api;

import java.util.List;

import org.junit.jupiter.api.Test;

class ApiRegistryTest {

    private final ApiRegistry registry = new ApiRegistry();
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



}
