package org.wsgateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiTableTest {

    static Api api(String name, String context, String version) {
        return new Api(name, context, version, EndpointSettings.of(URI.create("ws://127.0.0.1:9001/" + name)));
    }

    private final Api echo = api("Echo", "/echo", "1.0");
    private final Api echo2 = api("Echo2", "/echo", "2.0");
    private final Api chat = api("Chat", "/chat/rooms", "v1");
    private final Api chatLobby = api("Lobby", "/chat/rooms/lobby", "v1");
    private final ApiTable table = new ApiTable(List.of(echo, echo2, chat, chatLobby));

    @Test
    void matchesContextAndVersion() {
        assertEquals(new ApiMatch.Found(echo, ""), table.match("/echo/1.0"));
        assertEquals(new ApiMatch.Found(echo2, ""), table.match("/echo/2.0"));
    }

    @Test
    void handsOnWhatFollowsTheVersion() {
        assertEquals(new ApiMatch.Found(echo, "/room/1"), table.match("/echo/1.0/room/1"));
        assertEquals(new ApiMatch.Found(echo, "/"), table.match("/echo/1.0/"));
    }

    @Test
    void matchesMultiSegmentContexts() {
        assertEquals(new ApiMatch.Found(chat, "/general"), table.match("/chat/rooms/v1/general"));
        assertEquals(new ApiMatch.UnknownVersion("/chat/rooms"), table.match("/chat/rooms/v2"));
    }

    @Test
    void letsTheLongestContextWin() {
        assertEquals(new ApiMatch.Found(chatLobby, ""), table.match("/chat/rooms/lobby/v1"));
        assertEquals(new ApiMatch.UnknownVersion("/chat/rooms/lobby"), table.match("/chat/rooms/lobby/v2"));
    }

    @Test
    void reportsAKnownContextWithAnUnknownOrMissingVersion() {
        assertEquals(new ApiMatch.UnknownVersion("/echo"), table.match("/echo/3.0"));
        assertEquals(new ApiMatch.UnknownVersion("/echo"), table.match("/echo/3.0/room"));
        assertEquals(new ApiMatch.UnknownVersion("/echo"), table.match("/echo"));
        assertEquals(new ApiMatch.UnknownVersion("/echo"), table.match("/echo/"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "", "/other", "/other/1.0", "/echoes/1.0", "/ech", "/chat", "/chat/v1", "echo/1.0",
            "/Echo/1.0"})
    void leavesUnrelatedPathsAlone(String path) {
        assertSame(ApiMatch.NONE, table.match(path));
    }

    @Test
    void matchesNothingWhenEmptyOrGivenNoPath() {
        assertSame(ApiMatch.NONE, ApiTable.EMPTY.match("/echo/1.0"));
        assertSame(ApiMatch.NONE, new ApiTable(List.of()).match("/echo/1.0"));
        assertSame(ApiMatch.NONE, table.match(null));
        assertTrue(ApiTable.EMPTY.isEmpty());
    }

    @Test
    void findsAnApiByContextAndVersion() {
        assertSame(chat, table.get("/chat/rooms", "v1"));
        assertNull(table.get("/chat/rooms", "v2"));
        assertNull(table.get("/nope", "v1"));
        assertEquals(List.of(echo, echo2, chat, chatLobby), table.apis(), "in configuration order");
    }

    @Test
    void rejectsDuplicateContextAndVersionNamingBothApis() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ApiTable(List.of(echo, api("EchoAgain", "/echo", "1.0"))));

        assertTrue(e.getMessage().contains("'Echo'"), e.getMessage());
        assertTrue(e.getMessage().contains("'EchoAgain'"), e.getMessage());
        assertTrue(e.getMessage().contains("/echo") && e.getMessage().contains("1.0"), e.getMessage());
    }

    @Test
    void rejectsAnApiPathThatIsAnotherApisContext() {
        Api a = api("A", "/a", "b");
        Api b = api("B", "/a/b", "1");

        for (List<Api> order : List.of(List.of(a, b), List.of(b, a))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ApiTable(order));
            assertTrue(e.getMessage().contains("'A'") && e.getMessage().contains("'B'"), e.getMessage());
        }
    }

    @Test
    void rejectsAnApiPathThatIsAPrefixOfAnotherApisContext() {
        assertThrows(IllegalArgumentException.class,
                () -> new ApiTable(List.of(api("A", "/a", "b"), api("C", "/a/b/c", "1"))));
    }

    @Test
    void allowsContextsThatOnlyShareAPrefix() {
        ApiTable t = new ApiTable(List.of(api("A", "/a", "1"), api("B", "/a/b", "1"), api("C", "/ab", "1")));

        assertEquals("B", ((ApiMatch.Found) t.match("/a/b/1")).api().name());
        assertEquals("A", ((ApiMatch.Found) t.match("/a/1/b")).api().name());
        assertEquals("C", ((ApiMatch.Found) t.match("/ab/1")).api().name());
    }

    @Test
    void routesTheBareContextToItsDefaultVersion() {
        Api current = new Api(null, "Chat", "/chat", "2", "", EndpointSettings.of(URI.create("ws://h:1/")),
                Lifecycle.PUBLISHED, null, List.of(), List.of(), true);
        ApiTable t = new ApiTable(List.of(api("Chat", "/chat", "1"), current));

        assertEquals(new ApiMatch.Found(current, ""), t.match("/chat"));
        assertEquals(new ApiMatch.UnknownVersion("/chat"), t.match("/chat/3"), "only the bare context");
        assertEquals(new ApiMatch.UnknownVersion("/chat"), new ApiTable(List.of(api("Chat", "/chat", "1")))
                .match("/chat"), "no default marked");
    }
}
