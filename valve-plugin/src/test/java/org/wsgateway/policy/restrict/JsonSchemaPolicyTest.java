package org.wsgateway.policy.restrict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsgateway.api.PolicyException;
import org.wsgateway.policy.Direction;
import org.wsgateway.policy.MessageAction;
import org.wsgateway.policy.MessageGuard;
import org.wsgateway.policy.PolicyState;
import org.wsgateway.policy.TesterUpgrades;
import org.wsgateway.policy.registry.PolicyRegistry;

class JsonSchemaPolicyTest {

    @TempDir
    Path base;
    private String before;

    @BeforeEach
    void schemas() throws Exception {
        before = System.getProperty("catalina.base");
        System.setProperty("catalina.base", base.toString());
        Files.writeString(base.resolve("order.json"), "{\"type\": \"object\", \"required\": [\"id\"]}");
        Files.writeString(base.resolve("broken.json"), "{\"type\": ");
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty("catalina.base");
        } else {
            System.setProperty("catalina.base", before);
        }
    }

    private MessageGuard guard(Map<String, String> settings) throws PolicyException {
        return PolicyRegistry.create("json-schema", settings, new PolicyState()).open(TesterUpgrades.from("::1"));
    }

    private static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void holdsOnlyTheDirectionsWithASchemaAndValidatesWholeMessages() throws PolicyException {
        MessageGuard guard = guard(Map.of("inbound", "order.json"));
        assertTrue(guard.holdsText(Direction.INBOUND));
        assertFalse(guard.holdsText(Direction.OUTBOUND));
        assertEquals(MessageAction.PASS, guard.onText(Direction.INBOUND, text("{\"id\": 1}")));
        MessageAction.Close close = assertInstanceOf(MessageAction.Close.class,
                guard.onText(Direction.INBOUND, text("{\"name\": \"x\"}")));
        assertEquals(1007, close.senderCode());
        assertEquals(1001, close.otherCode());
        assertTrue(close.reason().startsWith("schema: ") && close.reason().contains("id"), close.reason());
        assertEquals(1007, ((MessageAction.Close) guard.onText(Direction.INBOUND, text("{oops"))).senderCode());
    }

    @Test
    void capsTheHeldSizeWith1009AndIgnoresBinaryMessages() throws PolicyException {
        MessageGuard guard = guard(Map.of("inbound", "order.json", "maxSize", "10"));
        assertEquals(MessageAction.PASS, guard.onPiece(Direction.INBOUND, true, true, false, 6));
        assertEquals(1009, ((MessageAction.Close) guard.onPiece(Direction.INBOUND, true, false, true, 5))
                .senderCode());
        assertEquals(MessageAction.PASS, guard.onPiece(Direction.INBOUND, false, true, true, 1000));
    }

    @Test
    void refusesAMissingOrBrokenSchemaWhenLoadedNotAtTheFirstMessage() {
        PolicyException missing = assertThrows(PolicyException.class,
                () -> PolicyRegistry.parse("json-schema", Map.of("inbound", "nowhere.json")));
        assertTrue(missing.getMessage().contains("cannot read the schema file"), missing.getMessage());
        PolicyException broken = assertThrows(PolicyException.class,
                () -> PolicyRegistry.parse("json-schema", Map.of("outbound", "broken.json")));
        assertEquals("outbound", broken.problems().get(0).key());
        assertThrows(PolicyException.class, () -> PolicyRegistry.parse("json-schema", Map.of("maxSize", "1KiB")));
    }
}
